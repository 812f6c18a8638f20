/**
 * Periods as numbers (src/schema/period.ts): fiscal years, quarters and months, their names, their
 * last month, and whether a date ends its period. Numbers worked out by hand: a quarter is
 * 4 × its fiscal year + its index, a month 12 × its calendar year + its index (issue 33: the
 * `schema-row` module's mutants).
 */
import { describe, expect, it } from "vitest";
import { dateOrder, dayNumber, endsBeforePeriod, fiscalYear, isoDate, lastMonthOf, periodLabel, periodOf, quarterOfLabel, yearOfPeriod, type Periods } from "../../../src/schema/period.js";
import { daysInMonth } from "../../../src/schema/row.js";

const date = (year: number, month: number, day?: number) => ({ year, month, day });
const calendar = (kind: Periods["kind"]): Periods => ({ kind, fiscalYearStart: 1 });
const fromApril = (kind: Periods["kind"]): Periods => ({ kind, fiscalYearStart: 4 });

describe("fiscal years", () => {
  it("are named after the calendar year they end in", () => {
    expect(fiscalYear(2024, 4, 4)).toBe(2025);
    expect(fiscalYear(2024, 3, 4)).toBe(2024);
    expect(fiscalYear(2024, 12, 12)).toBe(2025);
    expect(fiscalYear(2024, 11, 12)).toBe(2024);
    expect(fiscalYear(2024, 12, 1)).toBe(2024);
    expect(fiscalYear(2024, 1, 1)).toBe(2024);
  });
});

describe("a date's period", () => {
  it("by year: its fiscal year", () => {
    expect(periodOf(date(2024, 5, 10), fromApril("year"))).toBe(2025);
    expect(periodOf(date(2024, 5, 10), calendar("year"))).toBe(2024);
  });

  it("by month: the calendar month, whatever the fiscal year", () => {
    expect(periodOf(date(2024, 5, 10), fromApril("month"))).toBe(2024 * 12 + 4);
    expect(periodOf(date(2024, 1), calendar("month"))).toBe(2024 * 12);
  });

  it("by quarter: calendar quarters, and fiscal ones from April", () => {
    expect([1, 3, 4, 6, 7, 9, 10, 12].map((m) => periodOf(date(2024, m, 1), calendar("quarter")) - 2024 * 4)).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    // from April: April-June 2024 is 2025-Q1, January-March 2025 is 2025-Q4
    expect(periodOf(date(2024, 4, 1), fromApril("quarter"))).toBe(2025 * 4);
    expect(periodOf(date(2024, 7, 1), fromApril("quarter"))).toBe(2025 * 4 + 1);
    expect(periodOf(date(2025, 3, 31), fromApril("quarter"))).toBe(2025 * 4 + 3);
    expect(periodOf(date(2025, 1, 1), fromApril("quarter"))).toBe(2025 * 4 + 3);
  });
});

describe("a period's year and name", () => {
  it("the fiscal year of a period", () => {
    expect(yearOfPeriod(2025, fromApril("year"))).toBe(2025);
    expect(yearOfPeriod(2025 * 4 + 3, fromApril("quarter"))).toBe(2025);
    // March 2025 is fiscal 2025, April 2025 fiscal 2026; December 2024 calendar 2024
    expect(yearOfPeriod(2025 * 12 + 2, fromApril("month"))).toBe(2025);
    expect(yearOfPeriod(2025 * 12 + 3, fromApril("month"))).toBe(2026);
    expect(yearOfPeriod(2024 * 12 + 11, calendar("month"))).toBe(2024);
  });

  it("how it is written", () => {
    expect(periodLabel(2025, calendar("year"))).toBe("2025");
    expect(periodLabel(2025 * 4 + 3, calendar("quarter"))).toBe("2025-Q4");
    expect(periodLabel(2024 * 12 + 11, calendar("month"))).toBe("2024-12");
    expect(periodLabel(2024 * 12, calendar("month"))).toBe("2024-01");
  });

  it.each([
    ["2025-Q1", 2025 * 4],
    [" 2025-q4 ", 2025 * 4 + 3],
    ["2025-Q0", null],
    ["2025-Q5", null],
    ["25-Q1", null],
    ["2025-Q1x", null],
    ["x2025-Q1", null],
    ["2025Q1", null],
  ])("the quarter %j is %s", (text, quarter) => {
    expect(quarterOfLabel(text)).toBe(quarter);
  });
});

describe("the last month of a period, as months since year 0", () => {
  it("a month is its own; a year ends in the month before its start; a quarter in its third month", () => {
    expect(lastMonthOf(2024 * 12 + 5, fromApril("month"))).toBe(2024 * 12 + 5);
    expect(lastMonthOf(2025, fromApril("year"))).toBe(2025 * 12 + 2); // March 2025
    expect(lastMonthOf(2024, calendar("year"))).toBe(2024 * 12 + 11); // December 2024
    expect(lastMonthOf(2025 * 4, fromApril("quarter"))).toBe(2024 * 12 + 5); // 2025-Q1 ends in June 2024
    expect(lastMonthOf(2025 * 4 + 3, fromApril("quarter"))).toBe(2025 * 12 + 2); // 2025-Q4 in March 2025
    expect(lastMonthOf(2024 * 4 + 1, calendar("quarter"))).toBe(2024 * 12 + 5); // 2024-Q2 in June
  });
});

describe("whether a date falls before the end of its period", () => {
  it.each([
    ["year", 1, date(2024, 12, 31), false],
    ["year", 1, date(2024, 12, 30), true],
    ["year", 1, date(2024, 11, 30), true],
    ["year", 1, date(2024, 12), false],
    ["year", 1, date(2024, 11), true],
    ["year", 4, date(2025, 3, 31), false],
    ["year", 4, date(2024, 12, 31), true],
    ["quarter", 4, date(2024, 6, 30), false],
    ["quarter", 4, date(2024, 6, 29), true],
    ["month", 1, date(2024, 2, 29), false],
    ["month", 1, date(2024, 2, 28), true],
    ["month", 1, date(2023, 2, 28), false],
  ] as const)("by %s from month %i: %o is %s", (kind, start, d, before) => {
    expect(endsBeforePeriod(d, { kind, fiscalYearStart: start }, daysInMonth)).toBe(before);
  });
});

describe("dates as text and in order", () => {
  it("ISO text, a month alone without a day", () => {
    expect(isoDate(date(2024, 3, 31))).toBe("2024-03-31");
    expect(isoDate(date(2024, 11, 5))).toBe("2024-11-05");
    expect(isoDate(date(2024, 3))).toBe("2024-03");
  });

  it("order: year, month, day, a month alone before its days", () => {
    expect(dateOrder(date(2024, 3, 31))).toBe((2024 * 12 + 3) * 32 + 31);
    expect(dateOrder(date(2024, 3))).toBe((2024 * 12 + 3) * 32);
    const sorted = [date(2024, 4), date(2024, 3, 31), date(2023, 12, 31), date(2024, 3), date(2024, 3, 1)].sort((a, b) => dateOrder(a) - dateOrder(b));
    expect(sorted.map(isoDate)).toEqual(["2023-12-31", "2024-03", "2024-03-01", "2024-03-31", "2024-04"]);
  });
});

describe("a date's day number (days since 1970-01-01), as the lifetime-value models count days", () => {
  it("is whole, the day before is the number before, and a date without a day is its month's first", () => {
    // By hand (and with Python's datetime): 2024-03-01 is 19,783 days after 1970-01-01; 1997-01-18, 9,879.
    expect(dayNumber({ year: 1970, month: 1, day: 1 })).toBe(0);
    expect(dayNumber({ year: 1969, month: 12, day: 31 })).toBe(-1);
    expect(dayNumber({ year: 2024, month: 3, day: 1 })).toBe(19_783);
    expect(dayNumber({ year: 2024, month: 2, day: 29 })).toBe(19_782);
    expect(dayNumber({ year: 1997, month: 1, day: 18 })).toBe(9_879);
    expect(dayNumber({ year: 2024, month: 3, day: undefined })).toBe(19_783);
  });

  it("counts every day a cell can hold, 1900-01-01 to 2200-12-31, as Date.UTC does: one more a day, none skipped", () => {
    // Date.UTC is the independent count. The leap days of 1900 and 2100 (not leap years) and of
    // 2000 (one) are where a count of its own would go wrong; 1900-01-01 is 25,567 days before 1970.
    expect(dayNumber({ year: 1900, month: 1, day: 1 })).toBe(-25_567);
    let expected = -25_567;
    const wrong: string[] = [];
    for (let year = 1900; year <= 2200; year++) {
      for (let month = 1; month <= 12; month++) {
        for (let day = 1; day <= daysInMonth(year, month); day++) {
          const n = dayNumber({ year, month, day });
          if (n !== expected || n !== Date.UTC(year, month - 1, day) / 86_400_000) wrong.push(`${year}-${month}-${day}: ${n}`);
          expected++;
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(expected).toBe(Date.UTC(2201, 0, 1) / 86_400_000);
  });
});
