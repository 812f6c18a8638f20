/**
 * `--minor-units` with a currency column: each row's amounts are whole numbers of its own
 * currency's minor unit (a Stripe export: 4900 USD is 49.00, 4900 JPY is 4,900, 4900 KWD is
 * 4.900), read exactly by the row and transaction schemas; a currency whose minor unit ceq does
 * not know refuses the row's currency cell. Values worked by hand.
 */
import { describe, expect, it } from "vitest";
import { minorUnitOf } from "../../../src/currency.js";
import { toExactString, type Decimal } from "../../../src/money.js";
import { rowMinorUnits, rowSchema, type CellOptions } from "../../../src/schema/row.js";
import { transactionSchema } from "../../../src/schema/transaction.js";

const exact = (v: Decimal) => `${toExactString(v)} @${v.scale}`;
/** The run of `--minor-units` in USD (2 decimals). */
const cents: CellOptions = { decimalComma: false, emptyAsZero: false, fiscalYearStart: 1, currency: "USD", minorUnits: 2 };

describe("minorUnitOf: the minor units ceq knows", () => {
  it("the spec's table, the common symbols and Intl's ISO 4217 codes", () => {
    expect(["USD", "EUR", "JPY", "KWD", "BHD", "OMR", "JOD", "TND", "CHF"].map(minorUnitOf)).toEqual([2, 2, 0, 3, 3, 3, 3, 3, 2]);
    // ISO 4217 codes outside the table, as Intl gives them
    expect(["KRW", "SEK", "LYD"].map(minorUnitOf)).toEqual([0, 2, 3]);
  });

  it("none for a code no table lists: Intl would format it with 2, a guess", () => {
    expect(["XTS", "XQQ", "ABC"].map(minorUnitOf)).toEqual([undefined, undefined, undefined]);
  });
});

describe("rowMinorUnits: the decimals of a row's amounts", () => {
  it("the run's without a currency cell or in the run's currency; the row's own otherwise", () => {
    expect(rowMinorUnits(cents, undefined)).toBe(2);
    expect(rowMinorUnits(cents, "USD")).toBe(2);
    expect(rowMinorUnits(cents, "JPY")).toBe(0);
    expect(rowMinorUnits(cents, "KWD")).toBe(3);
    expect(rowMinorUnits({ ...cents, currency: "JPY", minorUnits: 0 }, "USD")).toBe(2);
    expect(rowMinorUnits(cents, "XTS")).toBeUndefined();
  });

  it("none without --minor-units, whatever the currency", () => {
    expect(rowMinorUnits({ ...cents, minorUnits: undefined }, "JPY")).toBeUndefined();
    expect(rowMinorUnits({ ...cents, minorUnits: undefined }, undefined)).toBeUndefined();
  });
});

describe("rowSchema with a currency column under --minor-units", () => {
  const schema = rowSchema({ id: 0, year: 1, revenue: 2, cost: 3, currency: 4 }, cents, true);
  const read = (revenue: string, cost: string, currency: string) => {
    const row = schema.parse({ id: "A", year: "2024", revenue, cost, currency });
    return [exact(row.revenue), exact(row.cost), row.currency];
  };

  it("reads each row in its currency's minor unit", () => {
    expect(read("4900", "150", "USD")).toEqual(["49.00 @2", "1.50 @2", "USD"]);
    expect(read("4900", "150", "jpy")).toEqual(["4900 @0", "150 @0", "JPY"]);
    expect(read("4900", "150", "KWD")).toEqual(["4.900 @3", "0.150 @3", "KWD"]);
    expect(read("-4900", "0", "KWD")).toEqual(["-4.900 @3", "0.000 @3", "KWD"]);
  });

  it("an average times the count, in the row's unit: 3 × ¥1,650 = ¥4,950", () => {
    const avg = rowSchema({ year: 0, avgRevenue: 1, count: 2, currency: 3 }, cents, false);
    expect(exact(avg.parse({ year: "2024", avgRevenue: "1650", count: "3", currency: "JPY" }).revenue)).toBe("4950 @0");
    expect(exact(avg.parse({ year: "2024", avgRevenue: "1650", count: "3", currency: "KWD" }).revenue)).toBe("4.950 @3");
  });

  it("a fraction is still refused, in every currency", () => {
    const bad = schema.safeParse({ id: "A", year: "2024", revenue: "49.00", cost: "0", currency: "JPY" });
    expect(bad.error!.issues.map((i) => [i.path[0], i.message])).toEqual([["revenue", "minor-units-fraction"]]);
  });

  it("a currency whose minor unit ceq does not know refuses the currency cell", () => {
    const bad = schema.safeParse({ id: "A", year: "2024", revenue: "4900", cost: "0", currency: "XTS" });
    expect(bad.error!.issues.map((i) => [i.path[0], i.message])).toEqual([["currency", "minor-units-currency"]]);
  });

  it("without --minor-units amounts are as written, whatever the currency", () => {
    const major = rowSchema({ id: 0, year: 1, revenue: 2, currency: 3 }, { ...cents, minorUnits: undefined }, true);
    expect(exact(major.parse({ id: "A", year: "2024", revenue: "4900", currency: "JPY" }).revenue)).toBe("4900 @0");
    expect(exact(major.parse({ id: "A", year: "2024", revenue: "49.5", currency: "XTS" }).revenue)).toBe("49.5 @1");
  });
});

describe("transactionSchema with a currency column under --minor-units", () => {
  it("the amount and the cost in the row's minor unit", () => {
    const schema = transactionSchema({ id: 0, date: 1, amount: 2, cost: 3, currency: 4 }, cents);
    const row = (currency: string) => schema.parse({ id: "A", date: "2024-02-05", amount: "4900", cost: "25", currency });
    expect([exact(row("USD").amount), exact(row("USD").cost)]).toEqual(["49.00 @2", "0.25 @2"]);
    expect([exact(row("JPY").amount), exact(row("JPY").cost)]).toEqual(["4900 @0", "25 @0"]);
    expect([exact(row("KWD").amount), exact(row("KWD").cost)]).toEqual(["4.900 @3", "0.025 @3"]);
    const bad = schema.safeParse({ id: "A", date: "2024-02-05", amount: "4900", cost: "0", currency: "XTS" });
    expect(bad.error!.issues.map((i) => [i.path[0], i.message])).toEqual([["currency", "minor-units-currency"]]);
  });

  it("quantity × unit price, the price in the row's minor unit: 1.5 × 1999 KWD fils = 2.9985", () => {
    const schema = transactionSchema({ id: 0, date: 1, quantity: 2, price: 3, currency: 4 }, cents);
    const amount = (currency: string) => exact(schema.parse({ id: "A", date: "2024-02-05", quantity: "1.5", price: "1999", currency }).amount);
    expect(amount("KWD")).toBe("2.9985 @4");
    expect(amount("USD")).toBe("29.985 @3");
    expect(amount("JPY")).toBe("2998.5 @1");
  });
});
