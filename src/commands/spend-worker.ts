/**
 * The second modelling thread of `ceq value --model bgnbd | pareto-nbd` (see spend-fit.ts): it fits
 * the spend model (Gamma-Gamma) while the main thread fits the purchase model, then finds the
 * distinct (x, T) and works out the expected purchases of their second half.
 */
import { parentPort } from "node:worker_threads";
import { bgnbdModel, type BgNbdParams } from "../model/value/bgnbd.js";
import { pairWorth, valuingPairs } from "../model/value/clv.js";
import { paretoModel, type ParetoNbdParams } from "../model/value/pareto-nbd.js";
import { answering, spendAnswer, type FromSecond, type PurchasesTask, type ToSecond } from "./spend-fit.js";

function purchases({ model, pairs, unit, horizon, rates }: PurchasesTask): FromSecond {
  const fitted = model.name === "bgnbd" ? bgnbdModel(model.params as unknown as BgNbdParams, model.logLikelihood) : paretoModel(model.params as unknown as ParetoNbdParams, model.logLikelihood);
  return { kind: "purchases", worth: pairWorth(fitted, pairs, unit, horizon, rates) };
}

const port = parentPort;
if (!port) throw new Error("spend-worker.js runs as a worker thread");
port.on("message", (message: ToSecond) => {
  const answer = message.kind === "spend" ? spendAnswer(message.data) : message.kind === "pairs" ? answering(() => ({ kind: "pairs", pairs: valuingPairs(message.columns) })) : answering(() => purchases(message));
  const transfer = answer.kind === "purchases" ? [answer.worth] : answer.kind === "pairs" ? [answer.pairs.x, answer.pairs.tDays, answer.pairs.pairOf] : [];
  port.postMessage(answer, transfer.map((a) => a.buffer as ArrayBuffer));
});
