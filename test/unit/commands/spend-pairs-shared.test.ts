/**
 * The valuing's distinct (x, T) asked of the second modelling thread from columns on shared memory
 * (src/commands/spend-fit.ts, pairs()): read there as they are, not copied, and the same pairs as
 * valuingPairs() here; columns of which one is not shared are copied, as before. The spend fit
 * from every customer's x and mean spend: its repeat customers taken there when shared, here
 * otherwise, the same fit. And the merged summary (src/read/day-summary.ts, mergeDays) makes x, T
 * and the mean spend on shared memory, which is what lets `ceq value` skip the copies. The worker is dist/commands/spend-worker.js, which `npm test` builds.
 */
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fitSpendAside, spendColumns, type SpendColumns } from "../../../src/commands/spend-fit.js";
import { fitGammaGamma } from "../../../src/model/value/gamma-gamma.js";
import { valuingPairs } from "../../../src/model/value/clv.js";
import { daySummaryOf, mergeDays } from "../../../src/read/day-summary.js";

const spend = (n: number): SpendColumns => ({ x: Float64Array.from({ length: n }, (_, k) => 1 + (k % 4)), mean: Float64Array.from({ length: n }, (_, k) => 10 + ((k * 7919) % 3001) / 100) });

const onShared = (values: readonly number[]): Float64Array => {
  const column = new Float64Array(new SharedArrayBuffer(values.length * 8));
  column.set(values);
  return column;
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe("pairs() from shared columns", () => {
  it("are read on the thread without a copy, and give valuingPairs()'s pairs; the columns are left as they were", async () => {
    const n = 50_000;
    const x = Array.from({ length: n }, (_, k) => (k * 31) % 17);
    const tDays = Array.from({ length: n }, (_, k) => (k * 7919) % 1500);
    const columns = { x: onShared(x), tDays: onShared(tDays) };
    const fit = fitSpendAside(spend(2_000), 2, 0);
    const slice = vi.spyOn(Float64Array.prototype, "slice");
    const pairs = await fit.pairs(columns);
    expect(slice).not.toHaveBeenCalled();
    fit.stop();
    const here = valuingPairs({ x: Float64Array.from(x), tDays: Float64Array.from(tDays) });
    expect(pairs.x).toEqual(here.x);
    expect(pairs.tDays).toEqual(here.tDays);
    expect(pairs.pairOf).toEqual(here.pairOf);
    expect([...columns.x]).toEqual(x);
    expect([...columns.tDays]).toEqual(tDays);
  });

  it("one column not shared: both copied (two slices), and the same pairs by hand", async () => {
    const columns = { x: onShared([0, 1, 0, 1, 2]), tDays: Float64Array.from([10, 20, 10, 30, 20]) };
    const fit = fitSpendAside(spend(400), 2, 0);
    const slice = vi.spyOn(Float64Array.prototype, "slice");
    const pairs = await fit.pairs(columns);
    expect(slice).toHaveBeenCalledTimes(2);
    fit.stop();
    expect([...pairs.x]).toEqual([0, 1, 1, 2]);
    expect([...pairs.tDays]).toEqual([10, 20, 30, 20]);
    expect([...pairs.pairOf]).toEqual([0, 1, 0, 2, 3]);
  });
});

describe("the spend fit from every customer's columns (a SpendSource)", () => {
  // 30,000 customers: every third without a repeat purchase (x 0, mean NaN), every seventh with a mean of 0.
  const n = 30_000;
  const x = Array.from({ length: n }, (_, k) => (k % 3 === 0 ? 0 : 1 + (k % 5)));
  const mean = Array.from({ length: n }, (_, k) => (x[k] === 0 ? NaN : k % 7 === 0 ? 0 : 5 + ((k * 7919) % 4001) / 100));
  const positive = x.filter((v, k) => v > 0 && mean[k]! > 0).length;

  it("spendColumns keeps the repeat customers with a positive mean, in order, by hand", () => {
    const got = spendColumns({ x: Float64Array.from([0, 2, 1, 3, 4]), meanSpend: Float64Array.from([NaN, 10, 0, 12.5, -1]), positive: 2 });
    expect([...got.x]).toEqual([2, 3]);
    expect([...got.mean]).toEqual([10, 12.5]);
  });

  it("on shared memory: taken on the thread, not copied here, and the fit of the same customers to the bit", async () => {
    const want = fitGammaGamma(spendColumns({ x: Float64Array.from(x), meanSpend: Float64Array.from(mean), positive }));
    const post = vi.spyOn(Worker.prototype, "postMessage");
    const source = { x: onShared(x), meanSpend: onShared(mean), positive };
    const fit = fitSpendAside(source, 2, 0);
    expect(fit.aside).toBe(true);
    // Posted as they are: every customer's columns, nothing handed over.
    expect(post).toHaveBeenCalledTimes(1);
    const [message, transfer] = post.mock.calls[0]!;
    expect(message).toEqual({ kind: "spend", data: source });
    expect((message as { data: { x: Float64Array } }).data.x).toBe(source.x);
    expect(transfer).toEqual([]);
    const got = await fit.result();
    fit.stop();
    expect(got).toEqual(want);
  });

  it("not shared, or one thread, or too few: the same fit, its columns made here", async () => {
    const want = fitGammaGamma(spendColumns({ x: Float64Array.from(x), meanSpend: Float64Array.from(mean), positive }));
    for (const [threads, from] of [[2, 0], [1, 0], [2, positive + 1]] as const) {
      const fit = fitSpendAside({ x: Float64Array.from(x), meanSpend: onShared(mean), positive }, threads, from);
      expect(fit.aside).toBe(threads === 2 && from === 0);
      expect(await fit.result()).toEqual(want);
      fit.stop();
    }
  });
});

describe("mergeDays' columns", () => {
  it("x and T on shared memory, the others not; two parts merged by first line; holdout purchases where there are some", () => {
    const store = (lines: number[]) => ({ idOf: (c: number) => `c${c}`, firstLine: (c: number) => lines[c]!, idBytes: () => ({ arena: new Uint8Array(0), spans: new Int32Array(0) }) });
    const part = (lines: number[], rows: [number, number, number][], holdouts = rows.map(() => 0)) => {
      const s = daySummaryOf(rows.length, store(lines), 100, false, false);
      rows.forEach(([repeats, last, day0], c) => s.add(c, repeats, last, day0, holdouts[c]!, repeats * 10_000, undefined, undefined));
      return { summary: s.done(), ids: store(lines) };
    };
    // Lines 1 and 4 here, 2 and 3 there: merged as 1, 2, 3, 4.
    const merged = mergeDays([part([1, 4], [[2, 50, 10], [0, 20, 20]]), part([2, 3], [[1, 40, 30], [3, 90, 60]])]);
    const { x, tDays, txDays, first, meanSpend } = merged.columns;
    expect(x.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(tDays.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(meanSpend.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(txDays.buffer).toBeInstanceOf(ArrayBuffer);
    expect([...x]).toEqual([2, 1, 3, 0]);
    expect([...tDays]).toEqual([90, 70, 40, 80]);
    expect([...txDays]).toEqual([40, 10, 30, 0]);
    expect([...first]).toEqual([10, 30, 60, 20]);
    // 1.0000 a repeat day (10,000 units): a mean of 1 for each repeat customer.
    expect([...meanSpend]).toEqual([1, 1, 1, NaN]);
    expect(merged.repeatCustomers).toBe(3);
    // No holdout purchase: a column of zeros; with some, in either part, gathered as the rest.
    expect([...merged.columns.holdout]).toEqual([0, 0, 0, 0]);
    const held = mergeDays([part([1, 4], [[2, 50, 10], [0, 20, 20]], [0, 2]), part([2, 3], [[1, 40, 30], [3, 90, 60]])]);
    expect(held.columns.holdout).toEqual(Float64Array.from([0, 0, 0, 2]));
    expect(mergeDays([part([1, 4], [[2, 50, 10], [0, 20, 20]]), part([2, 3], [[1, 40, 30], [3, 90, 60]], [5, 0])]).columns.holdout).toEqual(Float64Array.from([0, 5, 0, 0]));
  });
});
