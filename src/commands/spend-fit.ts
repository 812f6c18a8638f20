/**
 * The spend model's fit beside the purchase model's. Gamma-Gamma needs only the repeat customers'
 * x and mean spend, BG/NBD and Pareto/NBD only the (x, t_x, T) triples, so on a big log the spend
 * model is fitted on a second thread (`spend-worker.ts`) while this one fits the purchase model:
 * the same function on the same numbers in the same order, so the same fit to the last bit.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { FitError } from "../model/value/fit.js";
import { fitGammaGamma, type GammaGamma } from "../model/value/gamma-gamma.js";

/** The spend fit's data: each repeat customer's x and positive mean spend, in the summary's order. */
export interface SpendColumns {
  x: Float64Array;
  mean: Float64Array;
}

/** What the worker answers: the fit, the fit's own refusal (a FitError's message), or a failure. */
export type SpendAnswer = { kind: "fit"; fit: GammaGamma } | { kind: "refused"; message: string } | { kind: "failure"; failure: string };

/**
 * Repeat customers from which a second thread pays: at 1.4 million the fit took 0.66 s of the
 * main thread (10M-row log, thirteenth session), about 0.5 µs a customer, and a thread starts in
 * about 40 ms, so below some 100,000 the thread would gain nothing.
 */
export const ASIDE_FROM = 100_000;

export const spendRows = (data: SpendColumns): { x: number; mean: number }[] => Array.from(data.x, (x, k) => ({ x, mean: data.mean[k]! }));

/** The spend model's answer as the fit itself gives it: the fit, or its FitError thrown again. */
export function spendAnswer(data: SpendColumns): SpendAnswer {
  try {
    return { kind: "fit", fit: fitGammaGamma(spendRows(data)) };
  } catch (error) {
    if (error instanceof FitError) return { kind: "refused", message: error.message };
    return { kind: "failure", failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

function fitOf(answer: SpendAnswer): GammaGamma {
  if (answer.kind === "fit") return answer.fit;
  if (answer.kind === "refused") throw new FitError(answer.message);
  throw new Error(`the spend model's thread failed: ${answer.failure}`);
}

/** The worker's file: beside the bundled binary, or tsc's when the tests run the sources. */
function workerFile(): string {
  const beside = fileURLToPath(new URL("./spend-worker.js", import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL("../../dist/commands/spend-worker.js", import.meta.url));
}

export interface SpendFit {
  /** The fit (or its FitError), once done. */
  result(): Promise<GammaGamma>;
  /** Stops the thread, if any (the purchase model's fit failed, or the run is over). */
  stop(): void;
  /** Settles once the thread, if any, has ended. */
  readonly ended: Promise<void>;
  /** Whether the fit runs on a second thread. */
  readonly aside: boolean;
}

/**
 * Starts the Gamma-Gamma fit of `data` (its buffers are handed over): on a second thread when
 * `threads` > 1 and there are at least `from` customers, else here when the result is asked for.
 */
export function fitSpendAside(data: SpendColumns, threads: number, from = ASIDE_FROM): SpendFit {
  if (threads < 2 || data.x.length < from) return { result: async () => fitOf(spendAnswer(data)), stop: () => {}, ended: Promise.resolve(), aside: false };
  const worker = new Worker(workerFile());
  const ended = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  const answer = new Promise<SpendAnswer>((resolve) => {
    worker.once("message", resolve);
    worker.once("error", (error) => resolve({ kind: "failure", failure: error.message }));
    void ended.then(() => resolve({ kind: "failure", failure: "the thread ended before it answered" }));
  });
  worker.postMessage(data, [data.x.buffer as ArrayBuffer, data.mean.buffer as ArrayBuffer]);
  let stopped = false;
  const stop = () => {
    stopped = true;
    void worker.terminate();
  };
  return {
    aside: true,
    stop,
    ended,
    result: async () => {
      if (stopped) throw new Error("the spend model's thread was stopped before its fit was asked for");
      const got = await answer;
      stop();
      return fitOf(got);
    },
  };
}
