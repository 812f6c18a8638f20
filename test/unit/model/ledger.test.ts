/**
 * The Ledger's fast path (integer units summed in doubles, settled into exact decimals), its merge
 * of a worker's totals, the exactness check of its counts, the periods it fills in, and a summary
 * by quarter. Each expected figure is worked out in the comments (issue 33: the `equity` module's
 * mutants these leave alive are named in docs/mutation.md).
 */
import { describe, expect, it } from "vitest";
import { Ledger, summarize, type YearTotals } from "../../../src/model/equity.js";
import { decimal, toExactString, toFixed, ZERO } from "../../../src/money.js";

/** A phase as `customers revenue cost`, values at 4 decimals. */
const phase = (t: YearTotals, p: keyof YearTotals) => `${t[p].customers} ${toFixed(t[p].revenue, 4)} ${toFixed(t[p].cost, 4)}`;

describe("the Ledger's fast path: integer units of 10^-4", () => {
  it("sums each phase of each year apart, back and forth between years; a churned row's cost is never counted", () => {
    const ledger = new Ledger();
    ledger.addUnits(0, 2024, 1, 12_300, 500); // acquisition 2024: 1.23, cost 0.05
    ledger.addUnits(2, 2024, 1, 40_000, 9_999); // churn 2024: 4.00, its cost dropped
    ledger.addUnits(1, 2023, 2, 250_000, 10_000); // retention 2023: 25.00, cost 1.00
    ledger.addUnits(0, 2024, 2, 7_700, 1_500); // acquisition 2024 again: 3 customers, 2.00, 0.20
    ledger.addUnits(1, 2024, 4, -30_000, 0); // retention 2024: -3.00
    ledger.settle();
    expect([...ledger.years.keys()].sort()).toEqual([2023, 2024]);
    const y2024 = ledger.years.get(2024)!;
    expect(phase(y2024, "acquisition")).toBe("3 2.0000 0.2000");
    expect(phase(y2024, "retention")).toBe("4 -3.0000 0.0000");
    expect(phase(y2024, "churn")).toBe("1 4.0000 0.0000");
    const y2023 = ledger.years.get(2023)!;
    expect(phase(y2023, "retention")).toBe("2 25.0000 1.0000");
    expect(phase(y2023, "acquisition")).toBe("0 0.0000 0.0000");
    // settling twice adds nothing twice
    ledger.settle();
    expect(phase(ledger.years.get(2024)!, "acquisition")).toBe("3 2.0000 0.2000");
  });

  it("a churned phase alone, with no cost anywhere in the year, is settled too", () => {
    const ledger = new Ledger();
    ledger.addUnits(2, 2024, 3, 40_000, 0); // churn 2024: 4.00
    ledger.settle();
    expect(phase(ledger.years.get(2024)!, "churn")).toBe("3 4.0000 0.0000");
  });

  it("adds to what add() put in the same year", () => {
    const ledger = new Ledger();
    ledger.add("retention", 2024, 1, decimal(150n, 2), decimal(25n, 2)); // 1.50, 0.25
    ledger.addUnits(1, 2024, 1, 5_000, 2_500); // 0.50, 0.25
    ledger.settle();
    expect(phase(ledger.years.get(2024)!, "retention")).toBe("2 2.0000 0.5000");
  });

  // 15 × (9·10^14 + 1) = 13 500 000 000 000 015 units. A double is exact only up to 2^53
  // (about 9.007·10^15): from the 11th addition on, an odd sum past it is rounded, and summed in
  // doubles throughout the 15 come to 3 units less. Settled each time a sum passes 2^52 (at the
  // 6th and the 12th addition), every addition is exact.
  const step = 900_000_000_000_001;
  const exact = "1350000000000.0015";
  it.each([
    ["revenue above 2^52", 1, 0],
    ["revenue below -2^52", -1, 0],
    ["cost above 2^52", 0, 1],
    ["cost below -2^52", 0, -1],
  ])("stays exact past 2^53 units: %s is settled into decimals", (_, revenueSign, costSign) => {
    const ledger = new Ledger();
    for (let i = 0; i < 15; i++) ledger.addUnits(0, 2024, 1, revenueSign * step, costSign * step);
    ledger.settle();
    const t = ledger.years.get(2024)!.acquisition;
    expect(t.customers).toBe(15);
    expect(toExactString(revenueSign === 0 ? t.cost : t.revenue)).toBe(`${revenueSign + costSign < 0 ? "-" : ""}${exact}`);
    expect(toFixed(revenueSign === 0 ? t.revenue : t.cost, 4)).toBe("0.0000");
  });
});

describe("add", () => {
  it("keeps no cost for the churned: their cost is never counted", () => {
    const ledger = new Ledger();
    ledger.add("churn", 2024, 2, decimal(15n), decimal(4n));
    ledger.add("retention", 2024, 1, decimal(15n), decimal(4n));
    expect(phase(ledger.years.get(2024)!, "churn")).toBe("2 15.0000 0.0000");
    expect(phase(ledger.years.get(2024)!, "retention")).toBe("1 15.0000 4.0000");
  });
});

describe("a worker's ledger merged into another", () => {
  it("adds customers, revenue and cost per year and phase, settling the worker's pending units first", () => {
    const worker = new Ledger();
    worker.addUnits(0, 2024, 2, 10_000, 3_000); // 1.00, 0.30
    worker.add("churn", 2025, 1, decimal(7n), ZERO);
    const main = new Ledger();
    main.add("acquisition", 2024, 1, decimal(4n), decimal(1n)); // 4, 1
    main.merge(worker.settled());
    expect(phase(main.years.get(2024)!, "acquisition")).toBe("3 5.0000 1.3000");
    expect(phase(main.years.get(2025)!, "churn")).toBe("1 7.0000 0.0000");
  });
});

describe("whether the customer counts are exact", () => {
  it("up to 2^53 − 1 in all, pending units included", () => {
    const ledger = new Ledger();
    ledger.add("acquisition", 2024, 2 ** 53 - 3, ZERO, ZERO);
    ledger.add("churn", 2024, 1, ZERO, ZERO);
    ledger.addUnits(1, 2025, 1, 0, 0); // 2^53 − 1 in all, one of them still pending
    expect(ledger.countsAreExact()).toBe(true);
    ledger.addUnits(2, 2025, 1, 0, 0); // 2^53: a double can no longer tell n from n + 1
    expect(ledger.countsAreExact()).toBe(false);
  });
});

describe("the periods a ledger holds", () => {
  it("fillGaps makes every period between the first and the last, with zeros", () => {
    const ledger = new Ledger();
    ledger.add("acquisition", 2023, 1, decimal(5n), ZERO);
    ledger.add("acquisition", 2020, 1, decimal(5n), ZERO);
    ledger.fillGaps();
    expect([...ledger.years.keys()].sort()).toEqual([2020, 2021, 2022, 2023]);
    expect(phase(ledger.years.get(2021)!, "acquisition")).toBe("0 0.0000 0.0000");
    const empty = new Ledger();
    empty.fillGaps();
    expect(empty.years.size).toBe(0);
  });

  it("ensure makes the periods named, and keeps what is there", () => {
    const ledger = new Ledger();
    ledger.add("retention", 2024, 2, decimal(9n), ZERO);
    ledger.ensure([2019, 2024]);
    expect([...ledger.years.keys()].sort()).toEqual([2019, 2024]);
    expect(phase(ledger.years.get(2024)!, "retention")).toBe("2 9.0000 0.0000");
  });

  it("addCost adds a cost to a phase, no customer, no revenue", () => {
    const ledger = new Ledger();
    ledger.addCost("retention", 2024, decimal(1250n, 2));
    ledger.addCost("retention", 2024, decimal(50n, 2));
    ledger.addCost("acquisition", 2024, decimal(3n));
    const t = ledger.years.get(2024)!;
    expect(phase(t, "retention")).toBe("0 0.0000 13.0000");
    expect(phase(t, "acquisition")).toBe("0 0.0000 3.0000");
  });
});

describe("a summary by fiscal quarter", () => {
  // Fiscal year from April: 2025-Q1 is April-June 2024, numbered 2025 × 4 + 0 = 8100.
  const quarters = { kind: "quarter" as const, fiscalYearStart: 4 };
  it("names each period, selects by the fiscal year it belongs to, and compares with the quarter before", () => {
    const ledger = new Ledger();
    ledger.add("acquisition", 8099, 1, decimal(10n), ZERO); // 2024-Q4: equity 10
    ledger.add("acquisition", 8100, 2, decimal(30n), decimal(5n)); // 2025-Q1: equity 25
    ledger.add("retention", 8103, 1, decimal(40n), ZERO); // 2025-Q4: 40
    ledger.add("acquisition", 8104, 1, decimal(1n), ZERO); // 2026-Q1: out of range
    const summary = summarize(ledger, { from: 2025, to: 2025 }, quarters);
    expect(summary.period).toBe("quarter");
    expect(summary.years.map((y) => [y.year, y.period])).toEqual([
      [2025, "2025-Q1"],
      [2025, "2025-Q4"],
    ]);
    // 2025-Q1 against 2024-Q4 (outside the range): 25 − 10 = 15, 15 / 10 = 1.5
    expect(toExactString(summary.years[0]!.change!)).toBe("15");
    expect(toFixed(summary.years[0]!.changePercent!, 2)).toBe("1.50");
    expect(summary.years[0]!.previous!.acquisition.customers).toBe(1);
    // 2025-Q4's quarter before (2025-Q3) has no entry: no change
    expect(summary.years[1]!.change).toBeNull();
    // the total pools the two quarters in range only: 25 + 40
    expect(toExactString(summary.total.customerEquity)).toBe("65");
    expect(summary.total.acquisition.customers).toBe(2);
    expect(toExactString(summary.total.acquisition.cost)).toBe("5");
    expect(toExactString(summary.total.retention.revenue)).toBe("40");
    expect(summary.total.netCustomerChange).toBe(2);
  });

  it("periods come in order, whatever order they were added in", () => {
    const ledger = new Ledger();
    for (const year of [2024, 2021, 2023, 2022]) ledger.add("acquisition", year, 1, decimal(BigInt(year - 2020)), ZERO);
    const { years } = summarize(ledger);
    expect(years.map((y) => y.year)).toEqual([2021, 2022, 2023, 2024]);
    // each against the year before: 2 − 1, 3 − 2, 4 − 3
    expect(years.slice(1).map((y) => toExactString(y.change!))).toEqual(["1", "1", "1"]);
  });

  it("a summary by year names no period", () => {
    const ledger = new Ledger();
    ledger.add("acquisition", 2024, 1, decimal(1n), ZERO);
    const summary = summarize(ledger);
    expect(summary.period).toBe("year");
    expect(summary.years[0]!.period).toBeNull();
    expect(summary.transactions).toBe(false);
    expect(summary.by).toEqual([]);
  });
});
