/**
 * The second modelling thread of `ceq value --model bgnbd | pareto-nbd` (see spend-fit.ts): it fits
 * the spend model (Gamma-Gamma) while the main thread fits the purchase model, then finds the
 * distinct (x, T), follows the Pareto/NBD fit's passes on all triples (team.ts) and works out the
 * expected purchases of the pairs it takes (see takeChunks).
 */
import { parentPort } from "node:worker_threads";
import { bgnbdModel, type BgNbdParams } from "../model/value/bgnbd.js";
import { pairWorth, valuingPairs } from "../model/value/clv.js";
import { paretoModel, type ParetoNbdParams } from "../model/value/pareto-nbd.js";
import { paretoWork } from "../model/value/pareto-smooth.js";
import { follow } from "../model/value/team.js";
import { answering, spendAnswer, takeChunks, type FromSecond, type PurchasesTask, type ToSecond } from "./spend-fit.js";

/** Chunks of the valuing's pairs, taken from the count the main thread shares, until none is left. */
function purchases({ model, share, unit, horizon, rates }: PurchasesTask): FromSecond {
  const fitted = model.name === "bgnbd" ? bgnbdModel(model.params as unknown as BgNbdParams, model.logLikelihood) : paretoModel(model.params as unknown as ParetoNbdParams, model.logLikelihood);
  const failed = takeChunks(share, 1 + rates.length, (from, to) => pairWorth(fitted, share.pairs, unit, horizon, rates, from, to));
  if (failed === undefined) return { kind: "purchases" };
  return { kind: "purchases", failed: { at: failed.at, answer: answering(() => { throw failed.error; }) } };
}

const port = parentPort;
if (!port) throw new Error("spend-worker.js runs as a worker thread");
port.on("message", (message: ToSecond) => {
  const answer =
    message.kind === "spend"
      ? spendAnswer(message.data)
      : message.kind === "pairs"
        ? answering(() => ({ kind: "pairs", pairs: valuingPairs(message.columns) }))
        : message.kind === "follow"
          ? answering(() => (follow(message.words, paretoWork(message.state)), { kind: "followed" }))
          : answering(() => purchases(message));
  const transfer = answer.kind === "pairs" ? [answer.pairs.x, answer.pairs.tDays, answer.pairs.pairOf] : [];
  port.postMessage(answer, transfer.map((a) => a.buffer as ArrayBuffer));
});
