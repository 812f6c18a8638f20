/**
 * summarizeClassified: a classified log's periods into the yearly summary, with each period's
 * reactivated and inactive figures, the moves between segments, and their totals (issue 33: the
 * `model-flows` module's survivors). Values worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { classify, type History, type PeriodSums } from "../../../src/model/classify.js";
import { Ledger } from "../../../src/model/equity.js";
import { summarizeClassified } from "../../../src/model/transactions.js";
import { decimal, toFixed, type Decimal } from "../../../src/money.js";

const cents = (n: number): Decimal => decimal(BigInt(n), 2);
const sums = (revenueCents: number, costCents = 0, active = revenueCents >= 0): PeriodSums => ({ revenue: cents(revenueCents), cost: cents(costCents), active });
const history = (entries: Record<number, PeriodSums>): History => new Map(Object.entries(entries).map(([p, s]) => [Number(p), s]));
const YEARS = { kind: "year", fiscalYearStart: 1 } as const;

// A: 2021 100.00, 2022 nothing, 2023 40.00 (reactivated in 2023, churned in 2022 with 100.00)
// B: 2021 50.00, 2022 a refund of 5.00 with a cost of 1.00 (inactive in 2022, churned there with 50.00)
// C: 2022 20.00, 2023 30.00 (new, then retained: up 10.00)
// D: 2023 a refund of 2.00 (inactive in 2023)
const histories = [
  history({ 2021: sums(10000), 2023: sums(4000) }),
  history({ 2021: sums(5000), 2022: sums(-500, 100) }),
  history({ 2022: sums(2000), 2023: sums(3000) }),
  history({ 2023: sums(-200) }),
];

describe("summarizeClassified", () => {
  it("each period's reactivated and inactive figures, and their totals over the range", () => {
    const s = summarizeClassified(classify(histories, 2021, 2023), new Ledger(), YEARS);
    expect(s.transactions).toBe(true);
    expect(s.years.map((y) => y.year)).toEqual([2021, 2022, 2023]);
    expect(s.years.map((y) => y.reactivated)).toEqual([0, 0, 1]);
    expect(s.years.map((y) => `${y.inactive!.customers} ${toFixed(y.inactive!.revenue, 2)} ${toFixed(y.inactive!.cost, 2)}`)).toEqual(["0 0.00 0.00", "1 -5.00 1.00", "1 -2.00 0.00"]);
    expect(s.total.reactivated).toBe(1);
    expect(`${s.total.inactive!.customers} ${toFixed(s.total.inactive!.revenue, 2)} ${toFixed(s.total.inactive!.cost, 2)}`).toBe("2 -7.00 1.00");
    // 2023's base is 2022's active revenue, C's 20.00; kept 30.00, expansion 10.00
    const m = s.years[2]!.movements!;
    expect([m.base, m.kept, m.expansion, m.churnedRevenue].map((v) => toFixed(v, 2))).toEqual(["20.00", "30.00", "10.00", "0.00"]);
    // pooled: 2022's base 150.00 (A and B in 2021) + 2023's 20.00; kept 0 + 30.00
    const t = s.total.movements!;
    expect([t.base, t.kept, t.churnedRevenue].map((v) => toFixed(v, 2))).toEqual(["170.00", "30.00", "150.00"]);
    expect(s.total.movedIn).toBeUndefined();
  });

  it("a range keeps its periods' own figures: 2022 to 2023 alone", () => {
    const s = summarizeClassified(classify(histories, 2021, 2023), new Ledger(), YEARS, { from: 2022, to: 2022 });
    expect(s.years.map((y) => [y.year, y.reactivated, y.inactive!.customers])).toEqual([[2022, 0, 1]]);
    const from = summarizeClassified(classify(histories, 2021, 2023), new Ledger(), YEARS, { from: 2023 });
    expect(from.years.map((y) => [y.year, y.reactivated, y.inactive!.customers])).toEqual([[2023, 1, 1]]);
    expect(toFixed(from.years[0]!.movements!.base, 2)).toBe("20.00");
    const to = summarizeClassified(classify(histories, 2021, 2023), new Ledger(), YEARS, { to: 2021 });
    expect(to.years.map((y) => [y.year, y.reactivated, y.inactive!.customers])).toEqual([[2021, 0, 0]]);
  });

  it("a ledger that already holds a later period (a costs file's) is read in period order", () => {
    const ledger = new Ledger();
    ledger.addCost("acquisition", 2023, cents(700)); // 2023 first in the ledger's keys
    const s = summarizeClassified(classify(histories, 2021, 2023), ledger, YEARS);
    expect(s.years.map((y) => [y.year, y.reactivated, y.inactive!.customers])).toEqual([[2021, 0, 0], [2022, 0, 1], [2023, 1, 1]]);
    expect(toFixed(s.years[2]!.acquisition.cost, 2)).toBe("7.00");
  });

  it("with moves, each period's moves in and out and their totals", () => {
    const classified = classify(histories, 2021, 2023);
    classified.get(2022)!.movedIn = 2;
    classified.get(2023)!.movedIn = 3;
    classified.get(2023)!.movedOut = 4;
    const s = summarizeClassified(classified, new Ledger(), YEARS, {}, true);
    expect(s.years.map((y) => [y.movedIn, y.movedOut])).toEqual([[0, 0], [2, 0], [3, 4]]);
    expect([s.total.movedIn, s.total.movedOut]).toEqual([5, 4]);
    const without = summarizeClassified(classify(histories, 2021, 2023), new Ledger(), YEARS);
    expect(without.years[2]!.movedIn).toBeUndefined();
  });
});
