/**
 * The second thread of `ceq value --model bgnbd | pareto-nbd`, once the log is summarized. Two
 * parts of the modelling need only their own data: Gamma-Gamma (the repeat customers' x and mean
 * spend) does not wait for BG/NBD or Pareto/NBD (the (x, t_x, T) triples), so on a big log the
 * spend model is fitted there while this thread fits the purchase model; then the valuing's
 * expected purchases per distinct (x, T) are shared, half each (`spend-worker.ts` is the thread).
 * The distinct (x, T) themselves are found there too, after the spend fit, while this thread still
 * fits the purchase model.
 * The same functions on the same numbers in the same order: the same results, to the last bit.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { pairWorth, valuingPairs, type ValuingPairs } from "../model/value/clv.js";
import { FitError } from "../model/value/fit.js";
import { fitGammaGamma, type GammaGamma, type SpendColumns } from "../model/value/gamma-gamma.js";
import type { PurchaseModel } from "../model/value/purchases.js";
import { SeriesError } from "../model/value/special.js";
import type { SummaryColumns, TimeUnit } from "../model/value/summary.js";

/** The customers' x and T in days, of which the valuing's distinct (x, T) are made. */
export type PairColumns = Pick<SummaryColumns, "x" | "tDays">;

/** The spend fit's data: each repeat customer's x and positive mean spend, in the summary's order. */
export type { SpendColumns };

/** Every customer's x and mean spend (NaN: no repeat purchase), and how many have x > 0 and a mean above 0. */
export interface SpendSource {
  x: Float64Array;
  meanSpend: Float64Array;
  positive: number;
}

/** The repeat customers with a positive mean spend, their x and mean, in order: the spend fit's data. */
export function spendColumns({ x: xs, meanSpend: means, positive }: SpendSource): SpendColumns {
  const out = { x: new Float64Array(positive), mean: new Float64Array(positive) };
  for (let k = 0, j = 0; k < xs.length; k++) {
    if (!(xs[k]! > 0 && means[k]! > 0)) continue;
    out.x[j] = xs[k]!;
    out.mean[j++] = means[k]!;
  }
  return out;
}

/** The second half of the pairs, the fitted purchase model by name and parameters, and the valuing's rates. */
export interface PurchasesTask {
  model: Pick<PurchaseModel, "name" | "params" | "logLikelihood">;
  pairs: Omit<ValuingPairs, "pairOf">;
  unit: TimeUnit;
  horizon: number;
  rates: number[];
}

/** The spend fit's data as columns, or every customer's on shared memory, of which the thread takes them. */
export type ToSecond = { kind: "spend"; data: SpendColumns | SpendSource } | { kind: "pairs"; columns: PairColumns } | ({ kind: "purchases" } & PurchasesTask);

/** What the thread answers: a result, a refusal of the models (FitError, SeriesError: their message), or a failure. */
export type FromSecond =
  | { kind: "spend"; fit: GammaGamma }
  | { kind: "purchases"; worth: Float64Array }
  | { kind: "pairs"; pairs: ValuingPairs }
  | { kind: "refused"; error: "fit" | "series"; message: string }
  | { kind: "failure"; failure: string };

/**
 * Repeat customers from which a second thread pays: at 1.4 million the fit took 0.66 s of the
 * main thread (10M-row log, thirteenth session), about 0.5 µs a customer, and a thread starts in
 * about 40 ms, so below some 100,000 the thread would gain nothing.
 */
export const ASIDE_FROM = 100_000;


/** Runs `work`, its refusals (FitError, SeriesError) and failures made answers. */
export function answering(work: () => FromSecond): FromSecond {
  try {
    return work();
  } catch (error) {
    if (error instanceof FitError) return { kind: "refused", error: "fit", message: error.message };
    if (error instanceof SeriesError) return { kind: "refused", error: "series", message: error.message };
    return { kind: "failure", failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

const isSource = (data: SpendColumns | SpendSource): data is SpendSource => "meanSpend" in data;

export const spendAnswer = (data: SpendColumns | SpendSource): FromSecond => answering(() => ({ kind: "spend", fit: fitGammaGamma(isSource(data) ? spendColumns(data) : data) }));

/** An answer as the work itself gives it: its result, or its error thrown again. */
export function resultOf<K extends "spend" | "pairs" | "purchases">(answer: FromSecond, kind: K): Extract<FromSecond, { kind: K }> {
  if (answer.kind === kind) return answer as Extract<FromSecond, { kind: K }>;
  if (answer.kind === "refused") throw answer.error === "fit" ? new FitError(answer.message) : new SeriesError(answer.message);
  throw new Error(`the second modelling thread failed: ${answer.kind === "failure" ? answer.failure : `it answered ${answer.kind}`}`);
}

/** Whether a column's memory is shared between threads: posted, it is the same memory there, not a copy. */
const shared = (column: Float64Array): boolean => column.buffer instanceof SharedArrayBuffer;

/** The worker's file: beside the bundled binary, or tsc's when the tests run the sources. */
function workerFile(): string {
  const beside = fileURLToPath(new URL("./spend-worker.js", import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL("../../dist/commands/spend-worker.js", import.meta.url));
}

export interface SpendFit {
  /** The Gamma-Gamma fit (or its FitError), once done. */
  result(): Promise<GammaGamma>;
  /** valuingPairs() of the customers' x and T: on the thread, if any, from the two columns if they
   * are on shared memory (which nothing writes to until the answer), else from a copy. */
  pairs(columns: PairColumns): Promise<ValuingPairs>;
  /** pairWorth() of every pair: the first half here, the second on the thread, if any. */
  pairWorth(purchases: PurchaseModel, pairs: ValuingPairs, unit: TimeUnit, horizon: number, rates: number[]): Promise<Float64Array>;
  /** Stops the thread, if any: once the valuing has its numbers, or when a fit failed. */
  stop(): void;
  /** Settles once the thread, if any, has ended. */
  readonly ended: Promise<void>;
  /** Whether a second thread works. */
  readonly aside: boolean;
}

/**
 * Starts the Gamma-Gamma fit of `data` (its buffers are handed over): on a second thread when
 * `threads` > 1 and there are at least `from` customers, else here when the result is asked for.
 * Given every customer's columns (a SpendSource), the fit's own are taken of them on the thread
 * when both are on shared memory (read/day-summary.ts makes them so), else here first.
 */
export function fitSpendAside(source: SpendColumns | SpendSource, threads: number, from = ASIDE_FROM): SpendFit {
  const fitted = isSource(source) ? source.positive : source.x.length;
  if (threads < 2 || fitted < from) {
    const data = isSource(source) ? spendColumns(source) : source;
    return {
      aside: false,
      result: async () => resultOf(spendAnswer(data), "spend").fit,
      pairs: async (columns) => valuingPairs(columns),
      pairWorth: async (purchases, pairs, unit, horizon, rates) => pairWorth(purchases, pairs, unit, horizon, rates),
      stop: () => {},
      ended: Promise.resolve(),
    };
  }
  const worker = new Worker(workerFile());
  const ended = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  // Answers come in the order asked; a thread that fails or ends answers every question left.
  const waiting: ((answer: FromSecond) => void)[] = [];
  const ask = (message: ToSecond, transfer: ArrayBuffer[]): Promise<FromSecond> => {
    const answer = new Promise<FromSecond>((resolve) => waiting.push(resolve));
    worker.postMessage(message, transfer);
    return answer;
  };
  worker.on("message", (answer: FromSecond) => waiting.shift()?.(answer));
  worker.once("error", (error) => waiting.splice(0).forEach((w) => w({ kind: "failure", failure: error.message })));
  void ended.then(() => waiting.splice(0).forEach((w) => w({ kind: "failure", failure: "the thread ended before it answered" })));
  const onShared = isSource(source) && shared(source.x) && shared(source.meanSpend);
  const data = isSource(source) && !onShared ? spendColumns(source) : source;
  const spend = isSource(data) ? ask({ kind: "spend", data: { x: data.x, meanSpend: data.meanSpend, positive: data.positive } }, []) : ask({ kind: "spend", data }, [data.x.buffer as ArrayBuffer, data.mean.buffer as ArrayBuffer]);
  let stopped = false;
  const stop = () => {
    stopped = true;
    void worker.terminate();
  };
  const alive = () => {
    if (stopped) throw new Error("the second modelling thread was stopped before it was asked");
  };
  return {
    aside: true,
    stop,
    ended,
    result: async () => {
      alive();
      return resultOf(await spend, "spend").fit;
    },
    pairs: async (columns) => {
      alive();
      // Columns on shared memory (read/day-summary.ts makes them so) are read there as they are;
      // others are copied, since the valuing reads them here afterwards.
      const { x, tDays } = columns;
      if (shared(x) && shared(tDays)) return resultOf(await ask({ kind: "pairs", columns: { x, tDays } }, []), "pairs").pairs;
      const copy = { x: x.slice(), tDays: tDays.slice() };
      return resultOf(await ask({ kind: "pairs", columns: copy }, [copy.x.buffer, copy.tDays.buffer]), "pairs").pairs;
    },
    pairWorth: async (purchases, pairs, unit, horizon, rates) => {
      alive();
      const half = pairs.x.length >> 1;
      const theirs = { x: pairs.x.slice(half), tDays: pairs.tDays.slice(half) };
      const model = { name: purchases.name, params: purchases.params, logLikelihood: purchases.logLikelihood };
      const answer = ask({ kind: "purchases", model, pairs: theirs, unit, horizon, rates }, [theirs.x.buffer, theirs.tDays.buffer]);
      // This thread's half first: its error, if any, is the one the whole loop would have met first.
      const stride = 1 + rates.length;
      const out = new Float64Array(pairs.x.length * stride);
      out.set(pairWorth(purchases, pairs, unit, horizon, rates, 0, half));
      out.set(resultOf(await answer, "purchases").worth, half * stride);
      return out;
    },
  };
}
