/**
 * The spend model fitted on a second thread (src/commands/spend-fit.ts, spend-worker.ts) gives what
 * the fit gives on this one, bit for bit, refuses as it refuses, and lets itself be stopped. The
 * worker is dist/commands/spend-worker.js, which `npm test` builds first.
 */
import { describe, expect, it } from "vitest";
import { FitError } from "../../../src/model/value/fit.js";
import { fitGammaGamma } from "../../../src/model/value/gamma-gamma.js";
import { answering, ASIDE_FROM, fitSpendAside, resultOf, type SpendColumns } from "../../../src/commands/spend-fit.js";
import { bgnbdModel } from "../../../src/model/value/bgnbd.js";
import { pairWorth } from "../../../src/model/value/clv.js";
import { paretoModel } from "../../../src/model/value/pareto-nbd.js";
import { SeriesError } from "../../../src/model/value/special.js";
import { random, simulateCustomer } from "../../../scripts/simulate-clv.mjs";

/** The customers as objects, as the fit also takes them: the reference the thread's fit on columns is checked against. */
const rowsOf = (data: SpendColumns) => Array.from(data.x, (x, k) => ({ x, mean: data.mean[k]! }));

/** n simulated customers (BG/NBD r 0.8, α 8, a 1.5, b 6 over 52 weeks; Gamma-Gamma p 6, q 4, γ 15): the repeat ones' x and mean spend. */
function simulated(n: number, seed: number, spend = { p: 6, q: 4, gamma: 15 }, buying = { r: 0.8, alpha: 8, a: 1.5, b: 6 }): SpendColumns {
  const u = random(seed);
  const rows = Array.from({ length: n }, () => simulateCustomer(u, buying, 52, spend).amounts!)
    .filter((a) => a.length > 1)
    .map((a) => ({ x: a.length - 1, mean: a.slice(1).reduce((s, v) => s + v, 0) / (a.length - 1) }));
  return { x: Float64Array.from(rows, (r) => r.x), mean: Float64Array.from(rows, (r) => r.mean) };
}
const copy = (d: SpendColumns): SpendColumns => ({ x: d.x.slice(), mean: d.mean.slice() });
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(FitError);
    return (error as Error).message;
  }
  return "no error";
};

describe("the Gamma-Gamma fit on a second thread", () => {
  it("gives the same p, q, γ and log-likelihood as the fit on this thread, to the last bit", async () => {
    const data = simulated(3_000, 7);
    const here = fitGammaGamma(rowsOf(data));
    const aside = fitSpendAside(copy(data), 2, 0);
    expect(aside.aside).toBe(true);
    const there = await aside.result();
    expect(there).toEqual(here);
    // The simulation's own spend parameters, roughly: the fit is a real one, not a default.
    expect(here.q).toBeGreaterThan(1);
    expect(Math.abs((here.p * here.gamma) / (here.q - 1) - (6 * 15) / 3) / 30).toBeLessThan(0.2);
  });

  it("hands its buffers to the thread: the caller's arrays are emptied, not copied", async () => {
    const data = simulated(500, 8);
    const fit = fitSpendAside(data, 2, 0);
    expect([data.x.length, data.mean.length]).toEqual([0, 0]);
    await fit.result();
  });

  it("a refusal comes back as the same FitError: no customer, and customers who all spend alike", async () => {
    const none = { x: new Float64Array(0), mean: new Float64Array(0) };
    await expect(fitSpendAside(copy(none), 2, 0).result()).rejects.toThrow(new FitError(refusal(() => fitGammaGamma([]))));
    // As test/unit/model/gamma-gamma-runoff.test.ts: every customer's spend rate is 0.4 (q 4e9, γ 1e10), so q and γ run off together.
    const alike = simulated(5_000, 4, { p: 6, q: 4e9, gamma: 1e10 }, { r: 1, alpha: 2, a: 1, b: 20 });
    const message = refusal(() => fitGammaGamma(rowsOf(alike)));
    expect(message).toMatch(/^the Gamma-Gamma fit did not converge/);
    const aside = fitSpendAside(copy(alike), 2, 0).result();
    await expect(aside).rejects.toBeInstanceOf(FitError);
    await expect(aside).rejects.toThrow(message);
  });

  it("stopped (the purchase model's fit failed): the thread ends, and nothing more is given", async () => {
    const fit = fitSpendAside(simulated(3_000, 9), 2, 0);
    fit.stop();
    await fit.ended;
    await expect(fit.result()).rejects.toThrow("the second modelling thread was stopped before it was asked");
  });

  it("the thread ends when stopped after its work", async () => {
    const fit = fitSpendAside(simulated(500, 11), 2, 0);
    expect((await fit.result()).q).toBeGreaterThan(1);
    fit.stop();
    await fit.ended;
  });

  it("shares the expected purchases of the distinct (x, T): the same numbers as one thread, BG/NBD and Pareto/NBD", async () => {
    // The published CDNOW fits (Fader, Hardie & Lee 2005; Fader & Hardie's Pareto/NBD note), 7 pairs: an odd count.
    const models = [bgnbdModel({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, -9582.4), paretoModel({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, -9595)];
    const pairs = { x: Float64Array.from([0, 1, 2, 3, 5, 8, 13]), tDays: Float64Array.from([7, 30, 91, 200, 266, 270, 272]), pairOf: Int32Array.from([0, 1, 2, 3, 4, 5, 6]) };
    for (const model of models) {
      const aside = fitSpendAside(simulated(500, 12), 2, 0);
      await aside.result();
      const rates = [0.001, 0.002];
      const shared = await aside.pairWorth(model, pairs, "week", 52, rates);
      aside.stop();
      expect(shared).toEqual(pairWorth(model, pairs, "week", 52, rates));
      expect(shared.length).toBe(7 * 3);
    }
  });

  it("an answer that is a refusal is thrown again as the models throw it", () => {
    expect(() => resultOf(answering(() => { throw new SeriesError("₂F₁ did not converge"); }), "purchases")).toThrow(new SeriesError("₂F₁ did not converge"));
    expect(() => resultOf(answering(() => { throw new SeriesError("x"); }), "purchases")).toThrow(SeriesError);
    expect(() => resultOf(answering(() => { throw new FitError("no fit"); }), "spend")).toThrow(FitError);
    expect(() => resultOf(answering(() => { throw new RangeError("bad"); }), "spend")).toThrow(/^the second modelling thread failed: RangeError: bad/);
  });

  it("on one thread, or below ASIDE_FROM customers, the fit runs here when asked", async () => {
    const data = simulated(800, 10);
    const want = fitGammaGamma(rowsOf(data));
    for (const fit of [fitSpendAside(copy(data), 1, 0), fitSpendAside(copy(data), 2)]) {
      expect(fit.aside).toBe(false);
      expect(await fit.result()).toEqual(want);
    }
    expect(data.x.length).toBeLessThan(ASIDE_FROM);
  });
});
