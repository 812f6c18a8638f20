/**
 * Where `ceq value` takes r, m, c, n and the current customers from (src/model/value-inputs.ts;
 * issue 33, module model-value): a summary's last periods pooled, or a cohort table's survivors,
 * each with its source. Every figure is summed by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { acquisitionCostOf, cohortWindow, currentOf, InputGap, marginOf, newCustomersOf, retentionOf, windowOf } from "../../../src/model/value-inputs.js";
import type { CohortTable } from "../../../src/model/cohorts.js";
import type { Summary, YearSummary } from "../../../src/model/equity.js";
import { decimal } from "../../../src/money.js";

/** Cents as a Decimal. */
const cents = (n: number) => decimal(BigInt(n), 2);
const phase = (customers: number, revenue: number, cost: number) => ({ customers, revenue: cents(revenue), cost: cents(cost) });
/** The fields value-inputs reads; the rest of a YearSummary it never touches. */
const entry = (year: number, acq: [number, number], ret: [number, number, number], churned: number, over: Partial<YearSummary> = {}) =>
  ({ year, period: null, group: null, acquisition: phase(acq[0], 0, acq[1]), retention: phase(ret[0], ret[1], ret[2]), churn: phase(churned, 0, 0), ...over }) as unknown as YearSummary;

// 2021: 1,000 won for 50,000.00, nothing else; 2022: 500 won for 30,000.50, 800 retained bringing
// 120,000.25 at a cost of 20,000.00, 200 churned; 2023: 700 won for 21,000.00, 1,100 retained bringing
// 150,000.00 at 30,000.10, 200 churned. A segment's 2023 entry sits among them and is no company entry.
const Y2021 = entry(2021, [1000, 5_000_000], [0, 0, 0], 0);
const Y2022 = entry(2022, [500, 3_000_050], [800, 12_000_025, 2_000_000], 200);
const Y2023 = entry(2023, [700, 2_100_000], [1100, 15_000_000, 3_000_010], 200);
const EU = entry(2023, [9, 9], [9, 9, 9], 9, { group: { region: "EU" } });
const SUMMARY = { years: [Y2021, Y2022, EU, Y2023] } as unknown as Summary;

describe("a summary's window", () => {
  it("the company's last periods, named by year or by period", () => {
    expect(windowOf(SUMMARY, 2)).toEqual({ entries: [Y2022, Y2023], name: "2022–2023" });
    expect(windowOf(SUMMARY, 1)).toEqual({ entries: [Y2023], name: "2023" });
    expect(windowOf(SUMMARY, 5).name).toBe("2021–2023");
    const quarters = { years: [entry(2024, [1, 0], [0, 0, 0], 0, { period: "2024-Q4" }), entry(2025, [1, 0], [0, 0, 0], 0, { period: "2025-Q1" })] } as unknown as Summary;
    expect(windowOf(quarters, 2).name).toBe("2024-Q4–2025-Q1");
  });

  it("r = (800 + 1,100) ÷ (1,900 + 400) = 19/23", () => {
    expect(retentionOf([Y2022, Y2023], "W")).toEqual({ value: 1900 / 2300, source: "W: 1,900 retained ÷ 2,300 retained or churned" });
  });

  it("m = (270,000.25 − 50,000.10) ÷ 1,900 retained = 115.789…", () => {
    expect(marginOf([Y2022, Y2023], "W")).toEqual({ value: 220_000.15 / 1900, source: "W: (retention revenue − servicing cost) 220000.15 ÷ 1,900 retained" });
  });

  it("c = 51,000.50 ÷ 1,200 won; n = 1,200 ÷ 2 periods; 0 when none was won", () => {
    expect(acquisitionCostOf([Y2022, Y2023], "W")).toEqual({ value: 51_000.5 / 1200, source: "W: acquisition cost 51000.50 ÷ 1,200 new" });
    expect(newCustomersOf([Y2022, Y2023], "W")).toEqual({ value: 600, source: "W: 1,200 new ÷ 2 periods" });
    expect(newCustomersOf([Y2023], "2023")).toEqual({ value: 700, source: "2023: 700 new ÷ 1 period" });
    const none = entry(2024, [0, 0], [5, 0, 0], 0);
    expect(acquisitionCostOf([none], "2024")).toEqual({ value: 0, source: "2024: no new customer" });
  });

  it("current customers: the last period's 700 new and 1,100 retained", () => {
    expect(currentOf(SUMMARY)).toEqual({ value: 1800, source: "active in 2023: 700 new + 1,100 retained" });
  });

  it("no one retained or churned: no r, no m, each naming the flag that gives it", () => {
    const gap = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof InputGap ? [e.message, e.flag] : e;
      }
      return "no error";
    };
    expect(gap(() => retentionOf([Y2021], "2021"))).toEqual(["no customer was retained or churned in 2021: there is no retention rate to take", "--retention"]);
    expect(gap(() => marginOf([Y2021], "2021"))).toEqual(["no customer was retained in 2021: there is no margin per retained customer to take", "--margin"]);
    // churned only: a rate (0), but still no margin
    const churnedOnly = entry(2024, [0, 0], [0, 0, 0], 3);
    expect(retentionOf([churnedOnly], "2024").value).toBe(0);
    expect(gap(() => marginOf([churnedOnly], "2024"))).toEqual(["no customer was retained in 2024: there is no margin per retained customer to take", "--margin"]);
  });
});

describe("a cohort table's window", () => {
  const cells = (from: number, counts: readonly number[]) => counts.map((customers, k) => ({ period: from + k, customers, revenue: null }));
  // won in 0: 1,000 800 600 500; in 1: 2,000 1,500 1,200; in 2: 3,000 2,100; in 3: 4,000 (periods 0–3)
  const TABLE: CohortTable = {
    cohorts: [
      { period: 0, cells: cells(0, [1000, 800, 600, 500]) },
      { period: 1, cells: cells(1, [2000, 1500, 1200]) },
      { period: 2, cells: cells(2, [3000, 2100]) },
      { period: 3, cells: cells(3, [4000]) },
    ],
    last: 3,
  };
  const label = (p: number) => `P${p}`;

  it("the last 2 periods: 5,900 still active of 7,900 the period before; 7,000 won in 2 periods; 7,800 now", () => {
    // stayed in 2–3 after their own period: 600 + 500 + 1,500 + 1,200 + 2,100 = 5,900;
    // active in 1–2: 800 + 600 + 2,000 + 1,500 + 3,000 = 7,900; won in 2–3: 3,000 + 4,000; active in 3: 500 + 1,200 + 2,100 + 4,000
    expect(cohortWindow(TABLE, 2, label)).toEqual({
      retention: { value: 5900 / 7900, source: "P2–P3: 5,900 still active ÷ 7,900 active the period before" },
      newCustomers: { value: 3500, source: "P2–P3: 7,000 won ÷ 2 periods" },
      current: { value: 7800, source: "active in P3" },
    });
  });

  it("the last period alone: 3,800 of 5,100; 4,000 won in 1 period", () => {
    // stayed in 3: 500 + 1,200 + 2,100; active in 2: 600 + 1,500 + 3,000
    const w = cohortWindow(TABLE, 1, label);
    expect(w.retention).toEqual({ value: 3800 / 5100, source: "P3: 3,800 still active ÷ 5,100 active the period before" });
    expect(w.newCustomers).toEqual({ value: 4000, source: "P3: 4,000 won ÷ 1 period" });
  });

  it("a window longer than the data starts at the first cohort: 6,700 of 8,900; 10,000 won in 4 periods", () => {
    // stayed: 800 + 600 + 500 + 1,500 + 1,200 + 2,100 = 6,700; active in 0–2: 1,000 + 800 + 600 + 2,000 + 1,500 + 3,000 = 8,900
    const w = cohortWindow(TABLE, 10, label);
    expect(w.retention).toEqual({ value: 6700 / 8900, source: "P0–P3: 6,700 still active ÷ 8,900 active the period before" });
    expect(w.newCustomers).toEqual({ value: 2500, source: "P0–P3: 10,000 won ÷ 4 periods" });
    // cohorts from period 2 on only: the window starts there, not at 3 − 10 + 1
    const late: CohortTable = { cohorts: TABLE.cohorts.slice(2), last: 3 };
    expect(cohortWindow(late, 10, label).newCustomers).toEqual({ value: 3500, source: "P2–P3: 7,000 won ÷ 2 periods" });
  });

  it("one cohort won in the last period: no rate (nobody was active before), an empty cohort counts nobody", () => {
    const w = cohortWindow({ cohorts: [{ period: 3, cells: cells(3, [4000]) }, { period: 3, cells: [] }], last: 3 }, 1, label);
    expect(w.retention).toBeUndefined();
    expect(w.newCustomers).toEqual({ value: 4000, source: "P3: 4,000 won ÷ 1 period" });
    expect(w.current).toEqual({ value: 4000, source: "active in P3" });
  });
});
