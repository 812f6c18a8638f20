/**
 * The spend model, the customer summary and the valuing of src/model/value, in-process, on inputs
 * small enough to be worked out by hand (issue 33: mutation testing of `model-clv-value`), and the
 * published CDNOW figures: Gamma-Gamma p = 6.25, q = 3.74, γ = 15.44 (Fader, Hardie & Lee 2005,
 * "RFM and CLV: using iso-value curves for customer base analysis", JMR 42(4)) on the sample's
 * 2,357 customers, 946 of whom bought again in the 39 calibration weeks.
 *
 * The valuing is checked with a purchase model made up here whose expectations are polynomials
 * (so that each unit's purchases, their discounted sum and P(alive) are plain fractions), not with
 * BG/NBD: the fractions are written out in the comments beside each expectation.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ClvModel, type ClvSettings } from "../../../src/model/value/clv.js";
import { FitError } from "../../../src/model/value/fit.js";
import { fitGammaGamma } from "../../../src/model/value/gamma-gamma.js";
import type { PurchaseModel } from "../../../src/model/value/purchases.js";
import { holdoutTables } from "../../../src/model/value/holdout.js";
import { customerColumns, summarize, triples, type CustomerSummary } from "../../../src/model/value/summary.js";
import { decimal } from "../../../src/money.js";
import { withMeans } from "../../support/clv-columns.js";

const SAMPLE = new URL("../../../../shared/data/CDNOW_sample.txt", import.meta.url);

describe("Gamma-Gamma on the CDNOW sample (../shared/data/CDNOW_sample.txt; skipped when absent)", () => {
  it.skipIf(!existsSync(SAMPLE))("2,357 customers, 946 with repeat purchases by 1997-09-30; p = 6.25, q = 3.74, γ = 15.44 (Fader, Hardie & Lee 2005)", () => {
    // The sample's columns: master id, sample id, yyyymmdd, CDs bought, dollars. A day's lines are
    // one purchase (the paper counts per day), its total their sum, in cents.
    const byId = new Map<string, Map<number, bigint>>();
    for (const line of readFileSync(SAMPLE, "utf8").split("\n")) {
      const [, id, date, , dollars] = line.trim().split(/\s+/);
      if (!id || !date || !dollars) continue;
      const day = Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8)) / 86_400_000;
      const days = byId.get(id) ?? byId.set(id, new Map()).get(id)!;
      days.set(day, (days.get(day) ?? 0n) + BigInt(Math.round(Number(dollars) * 100)));
    }
    const customers = [...byId].map(([id, days]) => {
      const sorted = [...days].sort((a, b) => a[0] - b[0]);
      return { id, days: sorted.map(([d]) => d), totals: sorted.map(([, cents]) => decimal(cents, 2)) };
    });
    const summary = summarize(customers, Date.UTC(1997, 8, 30) / 86_400_000);
    expect([summary.customers.length, summary.repeatCustomers]).toEqual([2357, 946]);
    const data = summary.customers.filter((c) => c.x > 0).map((c) => ({ x: c.x, mean: Number(c.repeatTotal.coef) / 10 ** c.repeatTotal.scale / c.x }));
    const fit = fitGammaGamma(data.filter((d) => d.mean > 0));
    expect([fit.p.toFixed(2), fit.q.toFixed(2), fit.gamma.toFixed(2)]).toEqual(["6.25", "3.74", "15.44"]);
  });
});

/**
 * A purchase model with polynomial expectations, in units: P(alive) = (1 + t_x)/(1 + T); a customer
 * alive at T buys (x + 1)t²/(T + 1) in (T, T + t]; a new one t²/10 in (0, t].
 */
const handModel: PurchaseModel = {
  name: "bgnbd",
  params: {},
  logLikelihood: 0,
  pAlive: (_x, tx, T) => (1 + tx) / (1 + T),
  expected: (t, x, tx, T) => (((1 + tx) / (1 + T)) * (x + 1) * t * t) / (T + 1),
  expectedIfAlive: (t, x, T) => ((x + 1) * t * t) / (T + 1),
  unconditional: (t) => (t * t) / 10,
};

// p = 1, q = 3, γ = 20: E[M | x, m] = (γ + x·m)/(x + 2), the population's γ/(q − 1) = 10.
const SPEND = { p: 1, q: 3, gamma: 20, logLikelihood: 0 };
// 10% a week: the year's rate is 1.1^(365.25/7) − 1, which unitRate() converts back.
const PER_YEAR = 1.1 ** (365.25 / 7) - 1;
const SETTINGS: ClvSettings = { unit: "week", horizon: 3, discountRate: PER_YEAR, marginRate: 0.5, acquisitionCost: 2, newCustomers: 4 };

const cents = (n: number) => decimal(BigInt(n), 2);
const person = (id: string, x: number, txDays: number, tDays: number, total: number): CustomerSummary => ({ id, x, txDays, tDays, first: 0, repeatTotal: cents(total), holdout: 0 });
// Weeks: A t_x 2, T 3; B x 0, T 3; C the same (x, T) as A, t_x 1; D and E x 1 with a total ≤ 0; F T 2.
const BASE = [person("A", 2, 14, 21, 8000), person("B", 0, 0, 21, 0), person("C", 2, 7, 21, 4000), person("D", 1, 21, 21, -300), person("E", 1, 7, 21, 0), person("F", 2, 7, 14, 6000)];
const meanOf = (c: CustomerSummary) => (c.x === 0 ? null : Number(c.repeatTotal.coef) / 100 / c.x);

// (x + 1)t²/(T + 1) at t = 1, 2, 3 grows by (x + 1)/(T + 1) × (1, 3, 5); discounted at 10% a unit,
// each at its unit's end: (x + 1)/(T + 1) × S with S = 1/1.1 + 3/1.1² + 5/1.1³.
const S = 1 / 1.1 + 3 / 1.1 ** 2 + 5 / 1.1 ** 3;
const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));

describe("ClvModel on a base of six, with a purchase model whose expectations are fractions", () => {
  const model = new ClvModel(handModel, SPEND, BASE, withMeans(BASE, meanOf), SETTINGS);
  // customer: [P(alive), purchases in 3 units = P(alive) × 9(x + 1)/(T + 1), expected spend, CLV = P(alive) × (x+1)/(T+1) × S × spend × 0.5]
  const want: Record<string, [number, number, number, number]> = {
    A: [3 / 4, (3 / 4) * (27 / 4), (20 + 80) / 4, (3 / 4) * (3 / 4) * S * 25 * 0.5], // mean 40: (20 + 2·40)/4 = 25
    B: [1 / 4, (1 / 4) * (9 / 4), 10, (1 / 4) * (1 / 4) * S * 10 * 0.5], // no repeat: the population's 10
    C: [2 / 4, (2 / 4) * (27 / 4), (20 + 40) / 4, (2 / 4) * (3 / 4) * S * 15 * 0.5], // mean 20: 15
    D: [4 / 4, (18 / 4), 10, 1 * (2 / 4) * S * 10 * 0.5], // mean −3: the population's 10
    E: [2 / 4, (2 / 4) * (18 / 4), 10, (2 / 4) * (2 / 4) * S * 10 * 0.5], // mean 0: the population's 10
    F: [2 / 3, (2 / 3) * (27 / 3), (20 + 60) / 4, (2 / 3) * 1 * S * 20 * 0.5], // mean 30: 20
  };

  it("each customer's P(alive), expected purchases over the horizon, expected spend and CLV", () => {
    expect(model.size).toBe(6);
    BASE.forEach((c, k) => {
      const v = model.value(k);
      const [pAlive, purchases, spend, clv] = want[c.id]!;
      expect(v.customer).toBe(c);
      close(v.pAlive, pAlive);
      close(v.expectedPurchases, purchases);
      close(v.expectedSpend, spend);
      close(v.clv, clv);
      close(model.clvs[k]!, clv);
    });
    expect(BASE.map((_, k) => model.value(k).meanSpend)).toEqual([40, null, 20, -3, 0, 30]);
  });

  it("a new customer's purchases per unit, and the base's value: current customers, n new ones a unit less their cost, annuity", () => {
    // t²/10 grows by 0.1, 0.3, 0.5.
    expect([...model.newCustomerPurchases].map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0.1, 0.3, 0.5]);
    const current = Object.values(want).reduce((s, w) => s + w[3], 0);
    // A new customer: S/10 purchases discounted × the population's 10 × margin 0.5 = S/2.
    const clv = S / 2;
    // 4 a unit for 3 units, each worth S/2 − 2, discounted at 10%: (1 − 1.1^−3)/0.1.
    const future = 4 * (clv - 2) * ((1 - 1.1 ** -3) / 0.1);
    const v = model.valuation();
    close(v.clv, clv);
    expect(v.currentCustomers).toBe(6);
    close(v.currentValue, current);
    close(v.futureValue, future);
    close(v.customerEquity, current + future);
  });

  it("the sensitivity: retention empty, margin +1%, acquisition cost −1%, the year's rate +1 point", () => {
    const current = Object.values(want).reduce((s, w) => s + w[3], 0);
    const annuity = (r: number) => (1 - (1 + r) ** -3) / r;
    const base = current + 4 * (S / 2 - 2) * annuity(0.1);
    const margin = 1.01 * current + 4 * (1.01 * (S / 2) - 2) * annuity(0.1);
    const cost = current + 4 * (S / 2 - 1.98) * annuity(0.1);
    // The rate a week at 1 point more a year, and S at that rate.
    const r = (1 + PER_YEAR + 0.01) ** (7 / 365.25) - 1;
    const at = (1 / (1 + r) + 3 / (1 + r) ** 2 + 5 / (1 + r) ** 3) / S;
    const rate = current * at + 4 * ((S * at) / 2 - 2) * annuity(r);
    const rows = model.sensitivity();
    expect(rows.map((row) => [row.driver, row.change])).toEqual([["retention", "+1%"], ["margin", "+1%"], ["acquisitionCost", "-1%"], ["discountRate", "+1 point"]]);
    expect(rows[0]).toEqual({ driver: "retention", change: "+1%", customerEquity: null, delta: null, deltaPercent: null });
    [margin, cost, rate].forEach((moved, j) => {
      const row = rows[j + 1]!;
      close(row.customerEquity!, moved);
      close(row.delta!, moved - base);
      close(row.deltaPercent!, (moved - base) / Math.abs(base));
    });
    // The settings asked for are the model's own again: the same CLVs as before.
    close(model.valuation({ ...SETTINGS }).currentValue, current);
    close(model.valuation().currentValue, current);
  });

  it("a base worth nothing has no percentage change: deltaPercent null", () => {
    const none = new ClvModel(handModel, SPEND, BASE, withMeans(BASE, meanOf), { ...SETTINGS, marginRate: 0, newCustomers: 0 });
    expect(none.valuation().customerEquity).toBe(0);
    expect(none.sensitivity().map((row) => row.deltaPercent)).toEqual([null, null, null, null]);
  });

  it("a base worth less than nothing: the percentage is of its size, so a rise is positive", () => {
    // Acquisition cost 100: the future is 4 × (S/2 − 100) × annuity, far below the current CLVs' sum.
    const costly = new ClvModel(handModel, SPEND, BASE, withMeans(BASE, meanOf), { ...SETTINGS, acquisitionCost: 100 });
    const base = costly.valuation().customerEquity;
    expect(base).toBeLessThan(0);
    const row = costly.sensitivity()[2]!;
    // −1% of the cost: 4 × 1 × annuity more.
    close(row.delta!, 4 * ((1 - 1.1 ** -3) / 0.1));
    close(row.deltaPercent!, row.delta! / -base);
    expect(row.deltaPercent!).toBeGreaterThan(0);
  });
});

describe("ClvModel keeps customers of different (x, T) apart", () => {
  it("whose keys x + T (or x × (T − 1) + T, or x × (last T + 1) + T) would meet", () => {
    // In days: P1 x 1, t_x 1, T 1; P2 x 1, t_x 7, T 14; Q x 0, T 15; Z x 0, T 0 (a first purchase on
    // the end day). The key x × 16 + T keeps them apart; with 1, 14 or 1 in place of 16, P2 or P1
    // meets Q. Horizon 2 days, no discounting: purchases P(alive) × (x + 1) × 2²/(T + 1).
    const base = [person("P1", 1, 1, 1, 100), person("P2", 1, 7, 14, 100), person("Q", 0, 0, 15, 0), person("Z", 0, 0, 0, 0)];
    const m = new ClvModel(handModel, SPEND, base, withMeans(base, meanOf), { ...SETTINGS, unit: "day", horizon: 2, discountRate: 0 });
    const want = [1 * ((2 * 4) / 2), (8 / 15) * ((2 * 4) / 15), (1 / 16) * (4 / 16), 1 * (4 / 1)];
    want.forEach((purchases, k) => close(m.value(k).expectedPurchases, purchases));
  });
});

describe("the customer summary's edges, by hand", () => {
  it("a first purchase on the calibration end counts (x 0, T 0); one after it, or none, does not; a day on the end is a repeat", () => {
    const s = summarize([{ id: "on", days: [50], totals: [cents(100)] }, { id: "after", days: [51], totals: [cents(100)] }, { id: "none", days: [] }, { id: "edge", days: [10, 50, 51], totals: [cents(1), cents(2), cents(4)] }], 50);
    expect(s.customers.map((c) => [c.id, c.x, c.txDays, c.tDays, c.first, c.repeatTotal.coef, c.holdout])).toEqual([
      ["on", 0, 0, 0, 50, 0n, 0],
      ["edge", 1, 40, 40, 10, 2n, 0],
    ]);
    expect(s.repeatCustomers).toBe(1);
    // Without a holdout end no repeat days are kept.
    expect(s.repeatDays).toEqual([]);
  });

  it("a total already summed is taken as it is, and the days' totals are not read", () => {
    const s = summarize([{ id: "a", days: [10, 20, 30, 40], repeatTotal: cents(1234) }], 35);
    expect(s.customers.map((c) => [c.x, c.txDays, c.tDays, c.repeatTotal.coef, c.repeatTotal.scale])).toEqual([[2, 20, 25, 1234n, 2]]);
  });

  it("with a holdout end: each customer's repeat days up to it, calibration's and holdout's, and the holdout's count", () => {
    const s = summarize([{ id: "a", days: [10, 20, 30, 40, 41], totals: [1, 2, 3, 4, 5].map(cents) }, { id: "b", days: [25], totals: [cents(9)] }], 30, 40);
    expect(s.customers.map((c) => [c.id, c.x, c.holdout])).toEqual([["a", 2, 1], ["b", 0, 0]]);
    expect(s.repeatDays).toEqual([{ first: 10, days: [20, 30, 40] }, { first: 25, days: [] }]);
  });

  it("triples whose whole-number key would pass 2^53 are tallied by text: two T a day apart stay apart", () => {
    // x = 2^52, t_x 0, T 0 or 1: the key (x × 1 + t_x) × (longest T + 1) + T = 2^53 + T, where doubles are 2 apart, so
    // T = 0 and T = 1 would share a key. Counted by text: three customers, two triples.
    const x = 2 ** 52;
    const big = [person("a", x, 0, 0, 0), person("b", x, 0, 1, 0), person("c", x, 0, 0, 0)];
    expect(triples(big, "day")).toEqual([
      { x, tx: 0, T: 0, count: 2 },
      { x, tx: 0, T: 1, count: 1 },
    ]);
  });
});

describe("the holdout tables in months, by hand", () => {
  // A month is 365.25/12 = 30.4375 days. First day 0, calibration to day 60, holdout to day 91:
  // 31/30.4375 months of holdout; ⌈92/30.4375⌉ = 4 units starting on days 0, 30.4375, 60.875, 91.3125.
  const u = 30.4375;
  const summary = summarize(
    [
      { id: "G", days: [0, 30, 31, 60, 61, 91, 92], totals: [1, 1, 1, 1, 1, 1, 1].map(cents) }, // x 3 (30, 31, 60), holdout 2 (61, 91)
      { id: "H", days: [1, 2, 3, 4, 5, 6, 7, 8, 9], totals: Array.from({ length: 9 }, () => cents(1)) }, // x 8: the "7 or more" row
    ],
    60,
    91,
  );
  const tables = holdoutTables(handModel, summary, { end: 60, holdoutEnd: 91, first: 0, unit: "month" });

  it("tracking: each unit's first whole day, whether it ends in the holdout, the repeat days in it, the model's expectation", () => {
    close(tables.length, 31 / u);
    expect(tables.tracking.map((t) => [t.unit, t.start, t.holdout, t.actual])).toEqual([
      [0, 0, false, 9], // days 0-30: G's 30, H's 2-9
      [1, 31, false, 2], // days 31-60: G's 31, 60
      [2, 61, true, 2], // days 61-91: G's 61, 91
      [3, 92, true, 0], // [91.3125, 92): no whole day
    ]);
    // The unconditional t²/10 of G (first day 0) and H (first day 1), at the end of each unit's last day.
    const at = (day: number) => (day > 0 ? (day / u) ** 2 / 10 : 0) + (day > 1 ? ((day - 1) / u) ** 2 / 10 : 0);
    const ends = [u - 1, 2 * u - 1, 3 * u - 1, 91];
    tables.tracking.forEach((t, k) => close(t.predicted, at(ends[k]!) - (k === 0 ? 0 : at(ends[k - 1]!))));
  });

  it("conditional: x = 3 and x = 8 (in the last row), each with E[Y(holdout) | x, t_x, T]; the mean absolute error", () => {
    const L = 31 / u;
    // G: t_x = T = 60 days, P(alive) 1, (3 + 1)L²/(T + 1). H: t_x 8 days, T 59 days.
    const g = (4 * L * L) / (60 / u + 1);
    const h = (((1 + 8 / u) / (1 + 59 / u)) * 9 * L * L) / (59 / u + 1);
    expect(tables.conditional.map((r) => [r.x, r.customers, r.actual])).toEqual([[0, 0, 0], [1, 0, 0], [2, 0, 0], [3, 1, 2], [4, 0, 0], [5, 0, 0], [6, 0, 0], [7, 1, 0]]);
    close(tables.conditional[3]!.predicted, g);
    close(tables.conditional[7]!.predicted, h);
    expect(tables.conditional.filter((r) => r.customers === 0).every((r) => r.predicted === 0)).toBe(true);
    close(tables.meanAbsoluteError, (Math.abs(g - 2) + h) / 2);
  });

  it("no customer: a mean absolute error of 0, not NaN", () => {
    const none = holdoutTables(handModel, { customers: [], columns: customerColumns([]), repeatCustomers: 0, repeatDays: [] }, { end: 60, holdoutEnd: 91, first: 0, unit: "month" });
    expect(none.meanAbsoluteError).toBe(0);
    expect(none.tracking.map((t) => t.predicted)).toEqual([0, 0, 0, 0]);
  });
});

describe("the holdout tables when a week ends on the calibration end", () => {
  it("that week is calibration, the next holdout", () => {
    // Weeks from day 0: days 0-6, 7-13, 14-20; the calibration ends on day 13, the holdout on day 20.
    const summary = summarize([{ id: "a", days: [0, 13, 14], totals: [1, 1, 1].map(cents) }], 13, 20);
    const tables = holdoutTables(handModel, summary, { end: 13, holdoutEnd: 20, first: 0, unit: "week" });
    expect(tables.tracking.map((t) => [t.start, t.holdout, t.actual])).toEqual([[0, false, 0], [7, false, 1], [14, true, 1]]);
  });
});

describe("the holdout tables of a base that starts after day 0, two customers in a row", () => {
  it("as many weeks as from the first day on; each row the mean of its customers'", () => {
    // Weeks from day 7: 7-13, 14-20, 21-27 (the holdout end): 3, not ⌈(27 + 7 + 1)/7⌉ = 5; repeat days
    // only: the first days 7 and 10 are none.
    // a: days 7, 14, 21: x 1, t_x 1 week, T 13/7, holdout 1. b: days 10, 20: x 1, t_x = T = 10/7, holdout 0.
    const summary = summarize([{ id: "a", days: [7, 14, 21], totals: [1, 1, 1].map(cents) }, { id: "b", days: [10, 20], totals: [1, 1].map(cents) }], 20, 27);
    const tables = holdoutTables(handModel, summary, { end: 20, holdoutEnd: 27, first: 7, unit: "week" });
    expect(tables.tracking.map((t) => [t.start, t.holdout, t.actual])).toEqual([[7, false, 0], [14, false, 2], [21, true, 1]]);
    // One week of holdout. a: P(alive) (1 + 1)/(1 + 13/7) = 0.7, 0.7 × 2 × 1²/(13/7 + 1) = 0.49.
    // b: P(alive) 1, 2/(10/7 + 1) = 14/17.
    const row = tables.conditional[1]!;
    expect([row.customers, row.actual]).toEqual([2, 0.5]);
    close(row.predicted, (0.49 + 14 / 17) / 2);
    close(tables.meanAbsoluteError, (Math.abs(0.49 - 1) + 14 / 17) / 2);
  });
});

describe("Gamma-Gamma fits that are refused, each with its reason", () => {
  it("no repeat customer with a positive total: nothing to fit", () => {
    expect(() => fitGammaGamma([])).toThrow(FitError);
    expect(() => fitGammaGamma([])).toThrow(/has nothing to be fitted on/);
  });

  it("mean spends spread over twelve orders of magnitude: q ≤ 1, no finite expected spend", () => {
    // ν's Gamma(q, γ) must give E[1/ν] = γ/(q − 1) finite; means from 10^−6 to 10^6 (log-evenly
    // spaced, x 1 to 3) are fitted at q ≈ 0.08 (checked in node: 0.0797).
    const heavy = Array.from({ length: 400 }, (_, k) => ({ x: 1 + (k % 3), mean: 10 ** (-6 + (12 * k) / 399) }));
    expect(() => fitGammaGamma(heavy)).toThrow(/the Gamma-Gamma fit gives q = 0\.0\d+, at most 1: the spend of a customer has no finite expected value/);
  });

  it("every customer the same mean at every x: p (the spend's shape within a customer) runs off to infinity", () => {
    const same = Array.from({ length: 50 }, (_, k) => ({ x: 1 + (k % 4), mean: 10 }));
    expect(() => fitGammaGamma(same)).toThrow(/p runs off to infinity \(the data have no maximum of the likelihood\)/);
  });
});

describe("triples() keeps apart what a smaller span or a wrong tally would merge", () => {
  const tally = (cs: CustomerSummary[]) => triples(cs, "day").map((t) => [t.x, t.tx, t.T, t.count]);
  it("(x, t_x) pairs whose x + t_x meet: (2, 5) and (1, 6) at the same T", () => {
    // A t_x span of 1 (or of the last t_x + 1 = 1) gives both the key (x + t_x) × 11 + 10.
    expect(tally([person("a", 2, 5, 10, 0), person("b", 1, 6, 10, 0), person("c", 0, 0, 10, 0)])).toEqual([[0, 0, 10, 1], [1, 6, 10, 1], [2, 5, 10, 1]]);
  });

  it("T a span apart: (1, 1, 3) and (1, 2, 2), (1, 1, 1) and (0, 0, 2); and two customers of one triple after another", () => {
    // Spans 3 (t_x) and 4 (T): keys 19, 22, 17, 2, 0. A T span of 1 gives (3 + 1) + 3 = (3 + 2) + 2;
    // (x·3 + t_x)/4 + T gives 4/4 + 1 = 0 + 2.
    expect(tally([person("a", 1, 1, 3, 0), person("b", 1, 2, 2, 0), person("c", 1, 1, 1, 0), person("d", 0, 0, 2, 0), person("e", 0, 0, 0, 0)])).toEqual([[0, 0, 0, 1], [0, 0, 2, 1], [1, 1, 1, 1], [1, 1, 3, 1], [1, 2, 2, 1]]);
    // Keys sorted [a, b, b]: the distinct keys are a and b, b counted twice.
    expect(tally([person("a", 0, 0, 1, 0), person("b", 1, 1, 2, 0), person("c", 1, 1, 2, 0)])).toEqual([[0, 0, 1, 1], [1, 1, 2, 2]]);
  });

  it("past 2^53 in weeks, with a last customer of x 0: tallied by text, t_x and T in weeks", () => {
    // x = 2^52, t_x 7 days, T 7 or 14: (2^52 + 1) × 8 × 15 ≥ 2^53, so by text. Keyed, (2^52·8 + 7)·15 + T
    // is near 2^59, where doubles are 64 apart: T = 7 and 14 would meet.
    const x = 2 ** 52;
    const big = [person("a", x, 7, 7, 0), person("b", x, 7, 14, 0), person("c", x, 7, 7, 0), person("d", 0, 0, 0, 0)];
    expect(triples(big, "week")).toEqual([
      { x: 0, tx: 0, T: 0, count: 1 },
      { x, tx: 1, T: 1, count: 2 },
      { x, tx: 1, T: 2, count: 1 },
    ]);
  });
});
