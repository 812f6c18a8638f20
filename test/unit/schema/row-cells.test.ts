/**
 * The cell readers of src/schema/row.ts one by one (year, count, phase words, amounts in major and
 * minor units, currency, id, date layouts) and the row schema built from them, with values worked
 * out by hand (issue 33: the `schema-row` module's mutants; the ones left alive are named in
 * docs/mutation.md).
 */
import { describe, expect, it } from "vitest";
import { toExactString, type Decimal } from "../../../src/money.js";
import {
  amountReader,
  cellSchemas,
  DATE_FORMATS,
  daysInMonth,
  describeFilter,
  FIRST_YEAR,
  fxKey,
  isYearInRange,
  LAST_CELL_YEAR,
  LAST_PERIOD,
  LAST_YEAR,
  MAX_COUNT,
  parseCount,
  parseDate,
  parseDateYear,
  parsePhase,
  parseYear,
  phaseReader,
  rowSchema,
  type CellOptions,
} from "../../../src/schema/row.js";
import { fiscalYear, periodOf } from "../../../src/schema/period.js";

const exact = (v: Decimal | string) => (typeof v === "string" ? v : `${toExactString(v)} @${v.scale}`);

describe("years", () => {
  it.each([
    ["2024", 2024],
    [" FY2024 ", 2024],
    ["fy 2024", 2024],
    ["1900", 1900],
    ["2200", 2200],
    ["1899", null],
    ["2201", null],
    ["FY  2024", null],
    ["20245", null],
    ["x2024", null],
    ["2024x", null],
    ["", null],
  ])("%j is %s", (text, year) => {
    expect(parseYear(text)).toBe(year);
  });

  it("the range a row's year may have: 1900 to 2200 in a cell, 2201 as a fiscal year, months numbered to December 2200", () => {
    expect([FIRST_YEAR, LAST_CELL_YEAR, LAST_YEAR]).toEqual([1900, 2200, 2201]);
    expect([isYearInRange(1899), isYearInRange(1900), isYearInRange(2200), isYearInRange(2201)]).toEqual([false, true, true, false]);
    // December 2200 in a fiscal year from April is fiscal 2201, the last year a row can have
    expect(fiscalYear(2200, 12, 4)).toBe(LAST_YEAR);
    expect(LAST_PERIOD).toBe(periodOf({ year: 2200, month: 12, day: 31 }, { kind: "month", fiscalYearStart: 1 }));
  });
});

describe("customer counts", () => {
  it.each([
    ["3", 3],
    [" 12 ", 12],
    ["1000000000000", 1e12],
    ["0", null],
    ["1000000000001", null],
    ["1.5", null],
    ["-1", null],
    ["1e3", null],
    ["3x", null],
    ["x3", null],
    ["", null],
  ])("%j is %s", (text, count) => {
    expect(parseCount(text)).toBe(count);
  });

  it("at most 10^12 customers a row", () => {
    expect(MAX_COUNT).toBe(1e12);
  });
});

describe("phase words", () => {
  it.each([
    ["new", "acquisition"],
    ["Acquired", "acquisition"],
    [" ACQUISITION ", "acquisition"],
    ["retained", "retention"],
    ["existing", "retention"],
    ["old", "retention"],
    ["Retention", "retention"],
    ["churned", "churn"],
    ["lost", "churn"],
    ["churn", "churn"],
    ["constructor", null],
    ["__proto__", null],
    ["won", null],
    ["", null],
  ])("%j is %s", (text, phase) => {
    expect(parsePhase(text)).toBe(phase);
  });

  it("--phase-map adds vendor words on top of the built-in ones, and may redefine one", () => {
    expect(phaseReader({})).toBe(parsePhase);
    expect(phaseReader({ phaseMap: [] })).toBe(parsePhase);
    const read = phaseReader({ phaseMap: [["closed won", "acquisition"], ["old", "churn"]] });
    expect(read(" Closed Won ")).toBe("acquisition");
    expect(read("lost")).toBe("churn");
    expect(read("old")).toBe("churn");
    expect(read("constructor")).toBeNull();
  });
});

describe("amount cells as a run reads them", () => {
  const cells = { decimalComma: false, emptyAsZero: false };
  it("an empty cell is no amount, or 0 with --empty-as-zero", () => {
    expect(amountReader(cells)("  ")).toBe("bad-amount");
    expect(exact(amountReader({ ...cells, emptyAsZero: true })("  "))).toBe("0 @0");
    expect(exact(amountReader(cells)("12.5"))).toBe("12.5 @1");
    expect(amountReader(cells)("12x")).toBe("bad-amount");
    expect(amountReader(cells)("1".repeat(31))).toBe("long-amount");
  });

  it("--minor-units: a whole number of the currency's minor unit; a fraction is refused", () => {
    const cents = amountReader({ ...cells, minorUnits: 2 });
    expect(exact(cents("4900"))).toBe("49.00 @2");
    expect(exact(cents("-5"))).toBe("-0.05 @2");
    expect(cents("49.5")).toBe("minor-units-fraction");
    expect(cents("49.00")).toBe("minor-units-fraction");
    expect(cents("4x")).toBe("bad-amount");
    expect(exact(amountReader({ ...cells, minorUnits: 0 })("12"))).toBe("12 @0");
    expect(exact(amountReader({ ...cells, minorUnits: 3, emptyAsZero: true })(""))).toBe("0.000 @3");
  });
});

describe("the cell schemas", () => {
  const options: CellOptions = { decimalComma: false, emptyAsZero: false, fiscalYearStart: 1, currency: "USD" };
  const read = (field: keyof ReturnType<typeof cellSchemas>, text: string, o: CellOptions = options) => {
    const result = cellSchemas(o)[field].safeParse(text);
    return result.success ? result.data : `refused: ${result.error.issues.map((i) => i.message).join(", ")}`;
  };

  it("name the refusal's issue code", () => {
    expect(read("year", "20x4")).toBe("refused: bad-year");
    expect(read("count", "0")).toBe("refused: bad-count");
    expect(read("id", "  ")).toBe("refused: missing-id");
    expect(read("phase", "maybe")).toBe("refused: bad-phase");
    expect(read("currency", "US")).toBe("refused: bad-currency");
    expect(read("date", "2024-13-01")).toBe("refused: bad-date");
    expect(read("revenue", "12x")).toBe("refused: bad-amount");
    expect(read("cost", "1".repeat(31))).toBe("refused: long-amount");
    expect(read("avgRevenue", "4.5", { ...options, minorUnits: 2 })).toBe("refused: minor-units-fraction");
  });

  it("read ids trimmed, currency codes in capitals, phases by their words", () => {
    expect(read("id", " C-1 ")).toBe("C-1");
    expect(read("currency", " eur ")).toBe("EUR");
    expect(read("currency", "EURO")).toBe("refused: bad-currency");
    expect(read("currency", "E1R")).toBe("refused: bad-currency");
    expect(read("phase", "Lost")).toBe("churn");
    expect(read("phase", "won", { ...options, phaseMap: [["won", "acquisition"]] })).toBe("acquisition");
    expect(read("count", "7")).toBe(7);
    expect(read("year", "FY2023")).toBe(2023);
  });

  it("read a date in the run's layout, or a fiscal quarter's name unless periods are months", () => {
    expect(read("date", "31.03.2024", { ...options, dateFormat: "DD.MM.YYYY" })).toEqual({ year: 2024, month: 3, day: 31 });
    expect(read("date", "2025-Q1")).toEqual({ quarter: 8100 });
    expect(read("date", "2025-Q1", { ...options, period: "quarter" })).toEqual({ quarter: 8100 });
    expect(read("date", "2025-Q1", { ...options, period: "month" })).toBe("refused: bad-date");
    expect(read("date", "1899-Q4")).toBe("refused: bad-date");
    expect(read("date", "2200-Q4")).toEqual({ quarter: 8803 });
  });
});

describe("date layouts", () => {
  it.each([
    ["YYYY-MM-DD", "2024-03-31", { year: 2024, month: 3, day: 31 }],
    ["YYYY-MM-DD", "2024/03/31", { year: 2024, month: 3, day: 31 }],
    ["YYYY-MM-DD", " 2024-03 ", { year: 2024, month: 3, day: undefined }],
    ["MM/DD/YYYY", "3/31/2024", { year: 2024, month: 3, day: 31 }],
    ["DD/MM/YYYY", "31/3/2024", { year: 2024, month: 3, day: 31 }],
    ["DD.MM.YYYY", "01.12.2024", { year: 2024, month: 12, day: 1 }],
    ["YYYYMMDD", "20240229", { year: 2024, month: 2, day: 29 }],
  ] as const)("%s: %j", (format, text, date) => {
    expect(parseDate(text, format)).toEqual(date);
  });

  it.each([
    ["YYYY-MM-DD", "2024-3-31"],
    ["YYYY-MM-DD", "2024/03"],
    ["YYYY-MM-DD", "2024-00-10"],
    ["YYYY-MM-DD", "2024-13-10"],
    ["YYYY-MM-DD", "2024-01-00"],
    ["YYYY-MM-DD", "2024-04-31"],
    ["YYYY-MM-DD", "2023-02-29"],
    ["YYYY-MM-DD", "1899-12-31"],
    ["YYYY-MM-DD", "31/03/2024"],
    ["MM/DD/YYYY", "31/03/2024"],
    ["DD/MM/YYYY", "03/31/2024"],
    ["DD.MM.YYYY", "31/03/2024"],
    ["YYYYMMDD", "2024-03-31"],
  ] as const)("%s: %j is no date", (format, text) => {
    expect(parseDate(text, format)).toBeNull();
  });

  it("the default layout is ISO; every layout is listed", () => {
    expect(parseDate("2024-12-31")).toEqual({ year: 2024, month: 12, day: 31 });
    expect(DATE_FORMATS).toEqual(["YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY", "DD.MM.YYYY", "YYYYMMDD"]);
  });

  it("a date's fiscal year: named after the year it ends in", () => {
    expect(parseDateYear("2024-04-01", 4)).toBe(2025);
    expect(parseDateYear("2024-03-31", 4)).toBe(2024);
    expect(parseDateYear("04/01/2024", 4, "MM/DD/YYYY")).toBe(2025);
    expect(parseDateYear("2024-04-31", 4)).toBeNull();
  });

  it("days in a month, by the Gregorian rule", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => daysInMonth(2023, m))).toEqual([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
    expect([2024, 1900, 2000, 2100, 2023].map((y) => daysInMonth(y, 2))).toEqual([29, 28, 29, 28, 28]);
  });
});

describe("how filters and rates are named", () => {
  it("--where as the user would write it, quoted", () => {
    expect(describeFilter({ column: "Stage", value: "Closed Won", equal: true })).toBe('--where "Stage=Closed Won"');
    expect(describeFilter({ column: "Stage", value: "Lost", equal: false })).toBe('--where "Stage!=Lost"');
    expect(describeFilter({ column: "a", value: 'say "hi"', equal: true })).toBe('--where "a=say \\"hi\\""');
  });

  it("a rate's key", () => {
    expect(fxKey("EUR", 2024)).toBe("EUR 2024");
  });
});

describe("the row schema", () => {
  const options: CellOptions = { decimalComma: false, emptyAsZero: false, fiscalYearStart: 1, currency: "USD" };
  const parse = (columns: Parameters<typeof rowSchema>[0], raw: Record<string, string>, o: CellOptions = options, readCost = true) => {
    const result = rowSchema(columns, o, readCost).safeParse(raw);
    if (!result.success) return `refused: ${result.error.issues.map((i) => i.message).join(", ")}`;
    const { revenue, cost, ...rest } = result.data;
    return { ...rest, revenue: exact(revenue), cost: exact(cost) };
  };

  it("a phase export's row: the year, the count, revenue and cost", () => {
    expect(parse({ year: 0, phase: 1, count: 2, revenue: 3, cost: 4 }, { year: "2024", phase: "New", count: "3", revenue: "300", cost: "90" })).toEqual({
      year: 2024,
      period: 2024,
      customers: 3,
      revenue: "300 @0",
      cost: "90 @0",
      phase: "acquisition",
    });
  });

  it("an average revenue is multiplied by the count exactly; no count is one customer", () => {
    expect(parse({ year: 0, count: 1, avgRevenue: 2 }, { year: "2024", count: "3", avgRevenue: "33.34" })).toMatchObject({ customers: 3, revenue: "100.02 @2", cost: "0 @0" });
    expect(parse({ year: 0, avgRevenue: 1 }, { year: "2024", avgRevenue: "33.34" })).toMatchObject({ customers: 1, revenue: "33.34 @2" });
  });

  it("a cost column is not read when readCost is false (churned rows)", () => {
    expect(parse({ year: 0, revenue: 1, cost: 2 }, { year: "2024", revenue: "5", cost: "oops" }, options, false)).toMatchObject({ revenue: "5 @0", cost: "0 @0" });
    expect(parse({ year: 0, revenue: 1, cost: 2 }, { year: "2024", revenue: "5", cost: "oops" })).toBe("refused: bad-amount");
  });

  it("a date gives the fiscal year, and with --period the quarter or month", () => {
    const april = { ...options, fiscalYearStart: 4 };
    const cols = { date: 0, revenue: 1, id: 2, currency: 3 };
    const raw = { date: "2024-05-10", revenue: "1", id: " c1 ", currency: "eur" };
    expect(parse(cols, raw, april)).toMatchObject({ year: 2025, period: 2025, id: "c1", currency: "EUR" });
    expect(parse(cols, raw, { ...april, period: "year" })).toMatchObject({ year: 2025, period: 2025 });
    // fiscal 2025 from April 2024: May is in its first quarter, 2025 × 4 + 0
    expect(parse(cols, raw, { ...april, period: "quarter" })).toMatchObject({ year: 2025, period: 8100 });
    // months are calendar months: 2024 × 12 + 4
    expect(parse(cols, raw, { ...april, period: "month" })).toMatchObject({ year: 2025, period: 24292 });
  });

  it("a fiscal quarter's name as the date: its year, and the quarter itself by quarter", () => {
    const cols = { date: 0, revenue: 1 };
    expect(parse(cols, { date: "2025-Q3", revenue: "1" })).toMatchObject({ year: 2025, period: 2025 });
    expect(parse(cols, { date: "2025-Q3", revenue: "1" }, { ...options, period: "quarter" })).toMatchObject({ year: 2025, period: 8102 });
  });

  it("no id, phase or currency on a row without those columns", () => {
    const row = parse({ year: 0, revenue: 1 }, { year: "2024", revenue: "1" });
    expect(row).toEqual({ year: 2024, period: 2024, customers: 1, revenue: "1 @0", cost: "0 @0" });
  });
});
