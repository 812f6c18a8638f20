/**
 * The valuing's expected purchases shared by chunks between the main thread and the second
 * modelling thread (src/commands/spend-fit.ts, takeChunks): whoever works out a pair, the numbers
 * are one thread's to the last bit, and of two failures the one reported is the one a loop on one
 * thread would have met first. The worker is dist/commands/spend-worker.js, which `npm test` builds first.
 */
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { firstFailure, fitSpendAside, sharedWorth, takeChunks, type FromSecond, type SpendColumns } from "../../../src/commands/spend-fit.js";
import { bgnbdModel } from "../../../src/model/value/bgnbd.js";
import { pairWorth } from "../../../src/model/value/clv.js";
import { paretoModel } from "../../../src/model/value/pareto-nbd.js";

// The published CDNOW fits (Fader, Hardie & Lee 2005; Fader & Hardie's Pareto/NBD note).
const bgnbd = bgnbdModel({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, -9582.4);
const pareto = paretoModel({ r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, -9595);
const rates = [0.001, 0.002];
const stride = 1 + rates.length;

/** n distinct (x, T): x 0-29, T 7-400 days. */
const pairsOf = (n: number) => ({ x: Float64Array.from({ length: n }, (_, j) => j % 30), tDays: Float64Array.from({ length: n }, (_, j) => 7 + Math.floor(j / 30)) });

/** Enough repeat customers for a spend fit that converges: x 1-4, mean spend 10-40. */
const spend = (n: number): SpendColumns => ({ x: Float64Array.from({ length: n }, (_, k) => 1 + (k % 4)), mean: Float64Array.from({ length: n }, (_, k) => 10 + ((k * 7919) % 3001) / 100) });

describe("takeChunks", () => {
  it("10 pairs in chunks of 3: 0-2, 3-5, 6-8, 9; each chunk's numbers at its place", () => {
    const share = sharedWorth(pairsOf(10), 1, 3);
    const taken: [number, number][] = [];
    expect(takeChunks(share, 1, (from, to) => (taken.push([from, to]), Float64Array.from({ length: to - from }, (_, i) => 100 + from + i)))).toBeUndefined();
    expect(taken).toEqual([[0, 3], [3, 6], [6, 9], [9, 10]]);
    expect([...share.out]).toEqual([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
    // The count is past the end: a thread that comes later takes nothing.
    expect(takeChunks(share, 1, () => { throw new Error("no chunk is left"); })).toBeUndefined();
  });

  it("a failing chunk stops its thread; the other takes the rest; the lowest failure is the one said", () => {
    const share = sharedWorth(pairsOf(20), 1, 4);
    const ones = (from: number, to: number) => new Float64Array(to - from).fill(1);
    // The first thread fails on its second chunk, 4-7, and stops.
    let calls = 0;
    const first = takeChunks(share, 1, (from, to) => {
      if (++calls === 2) throw new Error(`failed at ${from}`);
      return ones(from, to);
    });
    expect(first).toEqual({ at: 4, error: new Error("failed at 4") });
    const late = { at: 16, error: new Error("failed at 16") };
    const second = takeChunks(share, 1, (from, to) => {
      if (from === 16) throw late.error;
      return ones(from, to);
    });
    expect(second).toEqual(late);
    expect([...share.out]).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]);
    expect(firstFailure(second, first)).toBe(first);
    expect(firstFailure(undefined, second)).toBe(second);
    expect(firstFailure(undefined, undefined)).toBeUndefined();
  });
});

describe("the expected purchases by chunks on two threads", () => {
  it("the worker alone, every chunk: one thread's numbers, BG/NBD and Pareto/NBD", async () => {
    const worker = new Worker(fileURLToPath(new URL("../../../dist/commands/spend-worker.js", import.meta.url)));
    try {
      for (const model of [bgnbd, pareto]) {
        const pairs = pairsOf(1_000);
        const share = sharedWorth(pairs, stride, 64);
        const answer = new Promise<FromSecond>((resolve) => worker.once("message", resolve));
        worker.postMessage({ kind: "purchases", model: { name: model.name, params: model.params, logLikelihood: model.logLikelihood }, share, unit: "week", horizon: 52, rates });
        expect(await answer).toEqual({ kind: "purchases" });
        expect(share.next[0]).toBeGreaterThanOrEqual(1_000);
        expect(Float64Array.from(share.out)).toEqual(pairWorth(model, pairs, "week", 52, rates));
      }
    } finally {
      await worker.terminate();
    }
  });

  it("shared through fitSpendAside: 5,000 pairs, the numbers of one thread, BG/NBD and Pareto/NBD", async () => {
    for (const model of [bgnbd, pareto]) {
      const pairs = { ...pairsOf(5_000), pairOf: new Int32Array(0) };
      const aside = fitSpendAside(spend(500), 2, 0);
      expect(aside.aside).toBe(true);
      const worth = await aside.pairWorth(model, pairs, "week", 52, rates);
      expect((await aside.result()).q).toBeGreaterThan(0);
      aside.stop();
      expect(worth).toEqual(pairWorth(model, pairs, "week", 52, rates));
      expect(worth.length).toBe(5_000 * stride);
    }
  });

  it("the pairs of `first` are found before the spend fit, and answered from that question", async () => {
    const columns = { x: Float64Array.from([0, 1, 0, 1, 2]), tDays: Float64Array.from([10, 20, 10, 30, 20]) };
    const aside = fitSpendAside(spend(400), 2, 0, columns);
    const pairs = await aside.pairs(columns);
    expect([...pairs.x]).toEqual([0, 1, 1, 2]);
    expect([...pairs.tDays]).toEqual([10, 20, 30, 20]);
    expect([...pairs.pairOf]).toEqual([0, 1, 0, 2, 3]);
    // Other columns are asked afresh.
    expect([...(await aside.pairs({ x: Float64Array.from([3]), tDays: Float64Array.from([9]) })).x]).toEqual([3]);
    aside.stop();
    await aside.ended;
  });
});
