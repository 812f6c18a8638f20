/** The classification of hand-made customer histories, each worked out in the comments. */
import { describe, expect, it } from "vitest";
import { classify, type History, type PeriodSums, type PeriodTotals } from "../../../src/model/classify.js";
import { decimal, toFixed, ZERO } from "../../../src/money.js";
import { lastMonthOf, periodLabel, periodOf, yearOfPeriod } from "../../../src/schema/period.js";

const cents = (n: number) => decimal(BigInt(n), 2);
const sums = (revenueCents: number, active = revenueCents >= 0, costCents = 0): PeriodSums => ({ revenue: cents(revenueCents), cost: cents(costCents), active });
const history = (entries: Record<number, PeriodSums>): History => new Map(Object.entries(entries).map(([p, s]) => [Number(p), s]));

/** A period's figures as plain text, to compare at a glance. */
function brief(t: PeriodTotals) {
  const phase = (p: { customers: number; revenue: typeof ZERO; cost: typeof ZERO }) => `${p.customers} ${toFixed(p.revenue, 2)} ${toFixed(p.cost, 2)}`;
  return { new: phase(t.phases.acquisition), retained: phase(t.phases.retention), churned: phase(t.phases.churn), reactivated: t.reactivated, inactive: phase(t.inactive) };
}

describe("classify", () => {
  it("a gap year: new, churned the year after, reactivated when back (acquisition by default, or retention)", () => {
    // bought 2021 (100.00), nothing in 2022, bought 2023 (40.00)
    const h = history({ 2021: sums(10000), 2023: sums(4000) });
    const periods = classify([h], 2021, 2023);
    expect(brief(periods.get(2021)!)).toMatchObject({ new: "1 100.00 0.00", churned: "0 0.00 0.00" });
    expect(brief(periods.get(2022)!)).toMatchObject({ new: "0 0.00 0.00", retained: "0 0.00 0.00", churned: "1 100.00 0.00" });
    expect(brief(periods.get(2023)!)).toMatchObject({ new: "1 40.00 0.00", retained: "0 0.00 0.00", reactivated: 1 });
    const asRetention = classify([h], 2021, 2023, "retention");
    expect(brief(asRetention.get(2023)!)).toMatchObject({ new: "0 0.00 0.00", retained: "1 40.00 0.00", reactivated: 1 });
  });

  it("a refund-only year is inactive: not retained, churned with the year before's revenue, the refund in inactive", () => {
    // 2021: 50.00; 2022: a refund of −20.00 only; 2023: 30.00
    const h = history({ 2021: sums(5000), 2022: sums(-2000), 2023: sums(3000) });
    const periods = classify([h], 2021, 2023);
    expect(brief(periods.get(2022)!)).toMatchObject({ retained: "0 0.00 0.00", churned: "1 50.00 0.00", inactive: "1 -20.00 0.00" });
    expect(brief(periods.get(2023)!)).toMatchObject({ new: "1 30.00 0.00", reactivated: 1 });
  });

  it("a free purchase (amount 0) makes a customer active", () => {
    const h = history({ 2021: sums(1000), 2022: sums(0) });
    const periods = classify([h], 2021, 2022);
    expect(brief(periods.get(2022)!)).toMatchObject({ retained: "1 0.00 0.00", churned: "0 0.00 0.00", inactive: "0 0.00 0.00" });
  });

  it("a refund of last year's order in a year with a purchase: active, the refund nets against the revenue", () => {
    // 2022: bought 80.00 and was refunded 100.00 for 2021's order: active (a row ≥ 0), revenue −20.00
    const h = history({ 2021: sums(10000), 2022: sums(-2000, true) });
    const periods = classify([h], 2021, 2022);
    expect(brief(periods.get(2022)!)).toMatchObject({ retained: "1 -20.00 0.00", churned: "0 0.00 0.00", inactive: "0 0.00 0.00" });
  });

  it("once in the first period and once in the last: new, churned, reactivated; costs follow the class", () => {
    const h = history({ 1: sums(1000, true, 100), 4: sums(2000, true, 300) });
    const periods = classify([h], 1, 4);
    expect(brief(periods.get(1)!)).toMatchObject({ new: "1 10.00 1.00" });
    expect(brief(periods.get(2)!)).toMatchObject({ churned: "1 10.00 0.00" });
    expect(brief(periods.get(3)!)).toMatchObject({ churned: "0 0.00 0.00", new: "0 0.00 0.00" });
    expect(brief(periods.get(4)!)).toMatchObject({ new: "1 20.00 3.00", reactivated: 1 });
  });

  it("every period from the first to the last is there, gaps included; nobody churns after the last", () => {
    const periods = classify([history({ 5: sums(100) })], 3, 5);
    expect([...periods.keys()]).toEqual([3, 4, 5]);
    expect(brief(periods.get(5)!).churned).toBe("0 0.00 0.00");
  });
});

describe("periods", () => {
  const date = (year: number, month: number, day?: number) => ({ year, month, day });
  it("fiscal quarters are named by their fiscal year: with a start in April, April-June 2024 is 2025-Q1", () => {
    const q = { kind: "quarter" as const, fiscalYearStart: 4 };
    expect(periodLabel(periodOf(date(2024, 4, 1), q), q)).toBe("2025-Q1");
    expect(periodLabel(periodOf(date(2024, 6, 30), q), q)).toBe("2025-Q1");
    expect(periodLabel(periodOf(date(2024, 7, 1), q), q)).toBe("2025-Q2");
    expect(periodLabel(periodOf(date(2025, 3, 31), q), q)).toBe("2025-Q4");
    // consecutive: the quarter before 2025-Q1 is 2024-Q4
    expect(periodLabel(periodOf(date(2024, 4, 1), q) - 1, q)).toBe("2024-Q4");
    expect(yearOfPeriod(periodOf(date(2024, 4, 1), q), q)).toBe(2025);
  });

  it("months are calendar months, in the fiscal year they fall in", () => {
    const m = { kind: "month" as const, fiscalYearStart: 4 };
    const april = periodOf(date(2024, 4, 9), m);
    expect(periodLabel(april, m)).toBe("2024-04");
    expect(periodLabel(april - 4, m)).toBe("2023-12");
    expect(yearOfPeriod(april, m)).toBe(2025);
    expect(yearOfPeriod(april - 1, m)).toBe(2024);
  });

  it("the last month of a period: a fiscal year from April ends in March", () => {
    const y = { kind: "year" as const, fiscalYearStart: 4 };
    expect(lastMonthOf(2025, y)).toBe(2025 * 12 + 2);
    const y1 = { kind: "year" as const, fiscalYearStart: 1 };
    expect(lastMonthOf(2024, y1)).toBe(2024 * 12 + 11);
  });
});
