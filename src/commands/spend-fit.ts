/**
 * The second thread of `ceq value --model bgnbd | pareto-nbd`, once the log is summarized. Two
 * parts of the modelling need only their own data: Gamma-Gamma (the repeat customers' x and mean
 * spend) does not wait for BG/NBD or Pareto/NBD (the (x, t_x, T) triples), so on a big log the
 * spend model is fitted there while this thread fits the purchase model; then the valuing's
 * expected purchases per distinct (x, T) are shared (`spend-worker.ts` is the thread). The distinct
 * (x, T) themselves are found there too, first, while this thread fits the purchase model.
 * The expected purchases are shared by chunks of pairs, which each thread takes from a count on
 * shared memory as it comes free (takeChunks): this thread starts on them as soon as its fit is
 * done, and the other joins once it has fitted the spend model, whichever of the two fits is the
 * longer on the machine and log at hand. Halves fixed in advance left one thread idle for 0.1 to
 * 0.6 s of a 10M-row log's valuing, one time the one, one time the other.
 * The same functions on the same numbers: the same results, to the last bit, whoever works out a pair.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { pairWorth, valuingPairs, type ValuingPairs } from "../model/value/clv.js";
import { FitError } from "../model/value/fit.js";
import { fitGammaGamma, type GammaGamma, type SpendColumns } from "../model/value/gamma-gamma.js";
import type { ParetoTeam } from "../model/value/pareto-smooth.js";
import type { ParetoState } from "../model/value/pareto-state.js";
import type { PurchaseModel } from "../model/value/purchases.js";
import { TeamLead, teamWords, type TeamWords } from "../model/value/team.js";
import { sharedCopy } from "../model/typed-arrays.js";
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

/**
 * Pairs a thread takes at a time: on the 10M-row bench log a BG/NBD pair's 52 units take about
 * 10 µs, so a chunk is a few milliseconds, and the threads end within one of each other.
 */
export const CHUNK_PAIRS = 256;

/** The valuing's pairs and their worth on memory both threads see, and the count they take chunks of. */
export interface SharedWorth {
  pairs: Omit<ValuingPairs, "pairOf">;
  /** pairWorth()'s numbers of every pair, written by whichever thread worked the pair out. */
  out: Float64Array;
  /** [0]: the first pair no thread has taken yet. */
  next: Int32Array;
  chunk: number;
}

/** The pairs copied to shared memory, with room for their worth, `stride` numbers a pair, and a count at 0. */
export function sharedWorth(pairs: Omit<ValuingPairs, "pairOf">, stride: number, chunk = CHUNK_PAIRS): SharedWorth {
  const out = new Float64Array(new SharedArrayBuffer(pairs.x.length * stride * Float64Array.BYTES_PER_ELEMENT));
  return { pairs: { x: sharedCopy(pairs.x), tDays: sharedCopy(pairs.tDays) }, out, next: new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)), chunk };
}

/** A chunk whose work threw: its first pair, and the error. */
export interface ChunkFailure {
  at: number;
  error: unknown;
}

/**
 * Takes chunks of `share`'s pairs until none is left, writing `work(from, to)` (pairWorth's numbers
 * of the pairs from `from` to `to`, excluded) at their place in `share.out`; at the first chunk whose
 * work throws, stops and says which. Chunks are taken in ascending order, so every pair before a
 * failed chunk was taken by one thread or the other: of the failures, the lowest is the one the
 * loop on one thread would have met first.
 */
export function takeChunks(share: SharedWorth, stride: number, work: (from: number, to: number) => Float64Array): ChunkFailure | undefined {
  const n = share.pairs.x.length;
  for (;;) {
    const from = Atomics.add(share.next, 0, share.chunk);
    if (from >= n) return undefined;
    try {
      share.out.set(work(from, Math.min(n, from + share.chunk)), from * stride);
    } catch (error) {
      return { at: from, error };
    }
  }
}

/** The failure the loop on one thread would have met first, if any. */
export const firstFailure = (...failures: (ChunkFailure | undefined)[]): ChunkFailure | undefined =>
  failures.reduce<ChunkFailure | undefined>((first, f) => (f !== undefined && (first === undefined || f.at < first.at) ? f : first), undefined);

/** The fitted purchase model by name and parameters, the shared pairs, and the valuing's rates. */
export interface PurchasesTask {
  model: Pick<PurchaseModel, "name" | "params" | "logLikelihood">;
  share: SharedWorth;
  unit: TimeUnit;
  horizon: number;
  rates: number[];
}

/** The spend fit's data as columns, or every customer's on shared memory, of which the thread takes them. */
export type ToSecond =
  | { kind: "spend"; data: SpendColumns | SpendSource }
  | { kind: "pairs"; columns: PairColumns }
  | ({ kind: "purchases" } & PurchasesTask)
  /** Follow the Pareto/NBD fit's passes on `state` (team.ts) until the main thread ends the team. */
  | { kind: "follow"; words: TeamWords; state: ParetoState };

/** What the thread answers: a result, a refusal of the models (FitError, SeriesError: their message), or a failure. */
export type FromSecond =
  | { kind: "spend"; fit: GammaGamma }
  /** Its chunks are done: `failed`, the chunk where its work stopped (its error as an answer). */
  | { kind: "purchases"; failed?: { at: number; answer: FromSecond } }
  | { kind: "pairs"; pairs: ValuingPairs }
  | { kind: "followed" }
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

/** Where the thread's chunks stopped, as a ChunkFailure whose error is its answer; or a failure of the whole question (as at; 0). */
function chunkFailure(answer: FromSecond): ChunkFailure | undefined {
  if (answer.kind === "purchases") return answer.failed && { at: answer.failed.at, error: { answer: answer.failed.answer } };
  return { at: 0, error: { answer } };
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
  /** pairWorth() of every pair: by chunks here and on the thread, if any, whichever is free (takeChunks). */
  pairWorth(purchases: PurchaseModel, pairs: ValuingPairs, unit: TimeUnit, horizon: number, rates: number[]): Promise<Float64Array>;
  /** A team to share the Pareto/NBD fit's passes with the thread, once its spend fit is done; none without a thread. */
  paretoTeam(): ParetoTeam | undefined;
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
 * Given `first`, the thread finds the distinct (x, T) of those columns before it fits the spend
 * model, and `pairs(first)` answers from that: they are what the valuing waits for once the purchase
 * model is fitted, and the spend fit is not needed until the valuing's end.
 */
export function fitSpendAside(source: SpendColumns | SpendSource, threads: number, from = ASIDE_FROM, first?: PairColumns): SpendFit {
  const fitted = isSource(source) ? source.positive : source.x.length;
  if (threads < 2 || fitted < from) {
    const data = isSource(source) ? spendColumns(source) : source;
    return {
      aside: false,
      result: async () => resultOf(spendAnswer(data), "spend").fit,
      pairs: async (columns) => valuingPairs(columns),
      pairWorth: async (purchases, pairs, unit, horizon, rates) => pairWorth(purchases, pairs, unit, horizon, rates),
      paretoTeam: () => undefined,
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
  // Columns on shared memory (read/day-summary.ts makes them so) are read there as they are;
  // others are copied, since the valuing reads them here afterwards.
  const askPairs = async ({ x, tDays }: PairColumns): Promise<ValuingPairs> => {
    if (shared(x) && shared(tDays)) return resultOf(await ask({ kind: "pairs", columns: { x, tDays } }, []), "pairs").pairs;
    const copy = { x: x.slice(), tDays: tDays.slice() };
    return resultOf(await ask({ kind: "pairs", columns: copy }, [copy.x.buffer, copy.tDays.buffer]), "pairs").pairs;
  };
  const early = first && askPairs(first);
  // Awaited when asked for by pairs(first); a failure then is what is said.
  early?.catch(() => {});
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
    paretoTeam: () => {
      if (stopped) return undefined;
      const words = teamWords();
      // The thread follows once its spend fit is done; its answer comes when the team ends. Until it
      // joins, this thread takes every item; an item that fails there fails the pass (team.ts).
      return { lead: new TeamLead(words), join: (state) => void ask({ kind: "follow", words, state }, []) };
    },
    result: async () => {
      alive();
      return resultOf(await spend, "spend").fit;
    },
    pairs: async (columns) => {
      alive();
      return columns === first && early ? early : askPairs(columns);
    },
    pairWorth: async (purchases, pairs, unit, horizon, rates) => {
      alive();
      const stride = 1 + rates.length;
      const share = sharedWorth(pairs, stride);
      const model = { name: purchases.name, params: purchases.params, logLikelihood: purchases.logLikelihood };
      // Asked first, so that the thread joins as soon as its spend fit is done.
      const answer = ask({ kind: "purchases", model, share, unit, horizon, rates }, []);
      const mine = takeChunks(share, stride, (from, to) => pairWorth(purchases, share.pairs, unit, horizon, rates, from, to));
      const failed = firstFailure(mine, chunkFailure(await answer));
      if (failed === mine && mine !== undefined) throw mine.error;
      if (failed !== undefined) resultOf((failed.error as { answer: FromSecond }).answer, "purchases");
      // Out of shared memory: the thread is stopped next, and nothing else writes to it.
      return share.out.slice();
    },
  };
}
