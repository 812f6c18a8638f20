/**
 * What classify() and its PeriodAccumulator give beyond the phases: the revenue flows (new,
 * reactivated, kept, expansion, contraction), moves between segments, costs by class, and the
 * empty period shards are merged into. Values worked out by hand in the comments (issue 33: the
 * `classify` module's mutants; the ones left alive are named in docs/mutation.md).
 */
import { describe, expect, it } from "vitest";
import { classify, emptyPeriod, PeriodAccumulator, type History, type PeriodFlows, type PeriodSums, type PeriodTotals } from "../../../src/model/classify.js";
import { decimal, toFixed, type Decimal } from "../../../src/money.js";

const cents = (n: number): Decimal => decimal(BigInt(n), 2);
const sums = (revenueCents: number, costCents = 0, active = revenueCents >= 0): PeriodSums => ({ revenue: cents(revenueCents), cost: cents(costCents), active });
const history = (entries: Record<number, PeriodSums>): History => new Map(Object.entries(entries).map(([p, s]) => [Number(p), s]));
/** The flows at 4 decimals, in a fixed order. */
const flows = (f: PeriodFlows) => [f.newRevenue, f.reactivatedRevenue, f.reactivatedCost, f.kept, f.expansion, f.contraction].map((v) => toFixed(v, 4)).join(" ");
const phase = (t: PeriodTotals["inactive"]) => `${t.customers} ${toFixed(t.revenue, 2)} ${toFixed(t.cost, 2)}`;

describe("classify's flows: new, reactivated, kept, expansion, contraction", () => {
  // A: 100.00, 130.00, 90.00 (up 30.00, then down 40.00)
  // B: 50.00, 50.00, then nothing (churned in 2023 with 50.00)
  // C: new in 2022 with 20.00 (cost 3.00)
  // D: 10.00 in 2021, back in 2023 with 5.00 (cost 1.00)
  const histories = [
    history({ 2021: sums(10000), 2022: sums(13000), 2023: sums(9000) }),
    history({ 2021: sums(5000), 2022: sums(5000) }),
    history({ 2022: sums(2000, 300) }),
    history({ 2021: sums(1000), 2023: sums(500, 100) }),
  ];
  const periods = classify(histories, 2021, 2023);

  it("2021: everyone is new, nobody is followed", () => {
    // new: A 100 + B 50 + D 10 = 160
    expect(flows(periods.get(2021)!.flows)).toBe("160.0000 0.0000 0.0000 0.0000 0.0000 0.0000");
  });

  it("2022: C is new; A and B are followed: kept 130 + 50, A grew by 30, B stayed", () => {
    expect(flows(periods.get(2022)!.flows)).toBe("20.0000 0.0000 0.0000 180.0000 30.0000 0.0000");
    expect(phase(periods.get(2022)!.phases.acquisition)).toBe("1 20.00 3.00");
    expect(phase(periods.get(2022)!.phases.churn)).toBe("1 10.00 0.00"); // D
  });

  it("2023: D is reactivated (5.00, cost 1.00), A is kept at 90 and shrank by 40; B and C churned", () => {
    const p = periods.get(2023)!;
    expect(flows(p.flows)).toBe("0.0000 5.0000 1.0000 90.0000 0.0000 40.0000");
    expect(p.reactivated).toBe(1);
    expect(phase(p.phases.acquisition)).toBe("1 5.00 1.00"); // reactivated counts as acquisition
    expect(phase(p.phases.retention)).toBe("1 90.00 0.00");
    expect(phase(p.phases.churn)).toBe("2 70.00 0.00"); // B 50 + C 20, C's cost not carried
  });

  it("reactivated as retention: the phase moves, the flows stay", () => {
    const p = classify(histories, 2021, 2023, "retention").get(2023)!;
    expect(phase(p.phases.retention)).toBe("2 95.00 1.00");
    expect(phase(p.phases.acquisition)).toBe("0 0.00 0.00");
    expect(flows(p.flows)).toBe("0.0000 5.0000 1.0000 90.0000 0.0000 40.0000");
  });

  it("an inactive (refund-only) period keeps its cost in inactive; a churned customer carries none", () => {
    // 2021: 40.00 with cost 4.00; 2022: a refund of 15.00 with a cost of 2.00 (inactive, and churned with 2021's 40.00)
    const p = classify([history({ 2021: sums(4000, 400), 2022: sums(-1500, 200) })], 2021, 2022).get(2022)!;
    expect(phase(p.inactive)).toBe("1 -15.00 2.00");
    expect(phase(p.phases.churn)).toBe("1 40.00 0.00");
  });
});

describe("the PeriodAccumulator, as the readers use it", () => {
  it("follows retained customers in whole units when it can, else in exact decimals, counted in the period given", () => {
    const acc = new PeriodAccumulator(1, 2);
    acc.follow(2, 500, 200); // kept 500 units, up 300
    acc.follow(2, 100, 400); // kept 100, down 300
    acc.follow(2, 50, 50); // kept 50, no change
    acc.follow(2, cents(1), 300); // 0.01 now, 0.03 before: kept 100 units, down 200
    acc.follow(2, 700, cents(2)); // 0.07 now, 0.02 before: kept 700, up 500
    acc.follow(2, cents(4), cents(4)); // kept 400, no change
    acc.follow(1, 9, 0); // period 1: kept 9, up 9
    const totals = acc.totals("acquisition");
    // kept 500 + 100 + 50 + 100 + 700 + 400 = 1850 units; up 300 + 500; down 300 + 200
    expect(flows(totals.get(2)!.flows)).toBe("0.0000 0.0000 0.0000 0.1850 0.0800 0.0500");
    expect(flows(totals.get(1)!.flows)).toBe("0.0000 0.0000 0.0000 0.0009 0.0009 0.0000");
  });

  it("counts moves in and out of a segment per period", () => {
    const acc = new PeriodAccumulator(2024, 2025);
    acc.countMove(2024, "in");
    acc.countMove(2025, "out");
    acc.countMove(2025, "out");
    acc.countMove(2025, "in");
    const totals = acc.totals("acquisition");
    expect([totals.get(2024)!.movedIn, totals.get(2024)!.movedOut]).toEqual([1, 0]);
    expect([totals.get(2025)!.movedIn, totals.get(2025)!.movedOut]).toEqual([1, 2]);
  });

  it("countIn gives each period and class its own slot, and add sums into it", () => {
    const acc = new PeriodAccumulator(10, 12);
    const slots = new Set<number>();
    for (const p of [10, 11, 12]) for (const kind of ["new", "retained", "reactivated", "churned", "inactive"] as const) slots.add(acc.countIn(p, kind));
    expect(slots.size).toBe(15);
    acc.add(12, "inactive", cents(-250), cents(75));
    acc.add(12, "reactivated", cents(300), cents(20));
    const last = acc.totals("retention").get(12)!;
    expect(phase(last.inactive)).toBe("2 -2.50 0.75"); // counted once by countIn above, once by add
    expect(phase(last.phases.retention)).toBe("3 3.00 0.20"); // retained and reactivated (2 of them)
    expect(last.reactivated).toBe(2);
  });
});

describe("the empty period shards are merged into", () => {
  it("is zero everywhere", () => {
    const p = emptyPeriod();
    for (const t of [p.phases.acquisition, p.phases.retention, p.phases.churn, p.inactive]) expect(phase(t)).toBe("0 0.00 0.00");
    expect([p.reactivated, p.movedIn, p.movedOut]).toEqual([0, 0, 0]);
    expect(flows(p.flows)).toBe("0.0000 0.0000 0.0000 0.0000 0.0000 0.0000");
  });
});
