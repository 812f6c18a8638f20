/**
 * The valuing's distinct (x, T) found on the second modelling thread (src/commands/spend-fit.ts,
 * pairs()), after its spend fit, while the main thread fits the purchase model: the pairs worked
 * out by hand, the same as valuingPairs() here to the last bit, from a copy of the caller's columns
 * (which the valuing reads afterwards), and a refusal when the thread is stopped first. The worker
 * is dist/commands/spend-worker.js, which `npm test` builds first.
 */
import { describe, expect, it } from "vitest";
import { fitSpendAside, type SpendColumns } from "../../../src/commands/spend-fit.js";
import { valuingPairs } from "../../../src/model/value/clv.js";

/** Enough repeat customers for a spend fit that converges: x 1-4, mean spend 10-40. */
const spend = (n: number): SpendColumns => ({ x: Float64Array.from({ length: n }, (_, k) => 1 + (k % 4)), mean: Float64Array.from({ length: n }, (_, k) => 10 + ((k * 7919) % 3001) / 100) });

describe("the distinct (x, T) on the second thread", () => {
  it("by hand: (0, 10), (1, 20), (0, 10), (1, 30), (2, 20) are four pairs, numbered as each first appears", async () => {
    const columns = { x: Float64Array.from([0, 1, 0, 1, 2]), tDays: Float64Array.from([10, 20, 10, 30, 20]) };
    for (const threads of [2, 1]) {
      const fit = fitSpendAside(spend(400), threads, 0);
      expect(fit.aside).toBe(threads === 2);
      const pairs = await fit.pairs(columns);
      fit.stop();
      expect([...pairs.x]).toEqual([0, 1, 1, 2]);
      expect([...pairs.tDays]).toEqual([10, 20, 30, 20]);
      expect([...pairs.pairOf]).toEqual([0, 1, 0, 2, 3]);
      // Copied to the thread, not handed over: the valuing reads the columns afterwards.
      expect([...columns.x]).toEqual([0, 1, 0, 1, 2]);
      expect([...columns.tDays]).toEqual([10, 20, 10, 30, 20]);
    }
  });

  it("200,000 customers: the pairs of valuingPairs() here, after the spend fit's answer", async () => {
    const n = 200_000;
    const columns = { x: Float64Array.from({ length: n }, (_, k) => (k * 31) % 17), tDays: Float64Array.from({ length: n }, (_, k) => (k * 7919) % 1500) };
    const fit = fitSpendAside(spend(2_000), 2, 0);
    const pairs = fit.pairs(columns);
    expect((await fit.result()).q).toBeGreaterThan(0);
    const there = await pairs;
    fit.stop();
    const here = valuingPairs(columns);
    expect(there.x).toEqual(here.x);
    expect(there.tDays).toEqual(here.tDays);
    expect(there.pairOf).toEqual(here.pairOf);
    expect(here.x.length).toBeGreaterThan(1_000);
  });

  it("asked, then stopped before the answer (the purchase model's fit failed): a refusal, not an answer", async () => {
    const fit = fitSpendAside(spend(2_000), 2, 0);
    const pairs = fit.pairs({ x: Float64Array.from([1, 2]), tDays: Float64Array.from([5, 6]) });
    fit.stop();
    await expect(pairs).rejects.toThrow(/^the second modelling thread failed/);
    await fit.ended;
    await expect(fit.pairs({ x: new Float64Array(0), tDays: new Float64Array(0) })).rejects.toThrow("the second modelling thread was stopped before it was asked");
  });
});
