/**
 * The second modelling thread of `ceq value --model bgnbd | pareto-nbd` (see spend-fit.ts): it fits
 * the spend model (Gamma-Gamma) while the main thread fits the purchase model, then works out the
 * expected purchases of the second half of the distinct (x, T).
 */
import { parentPort } from "node:worker_threads";
import { bgnbdModel, type BgNbdParams } from "../model/value/bgnbd.js";
import { pairWorth } from "../model/value/clv.js";
import { paretoModel, type ParetoNbdParams } from "../model/value/pareto-nbd.js";
import { answering, spendAnswer, type FromSecond, type PurchasesTask, type ToSecond } from "./spend-fit.js";

function purchases({ model, pairs, unit, horizon, rates }: PurchasesTask): FromSecond {
  const fitted = model.name === "bgnbd" ? bgnbdModel(model.params as unknown as BgNbdParams, model.logLikelihood) : paretoModel(model.params as unknown as ParetoNbdParams, model.logLikelihood);
  return { kind: "purchases", worth: pairWorth(fitted, pairs, unit, horizon, rates) };
}

const port = parentPort;
if (!port) throw new Error("spend-worker.js runs as a worker thread");
port.on("message", (message: ToSecond) => {
  const answer = message.kind === "spend" ? spendAnswer(message.data) : answering(() => purchases(message));
  port.postMessage(answer, answer.kind === "purchases" ? [answer.worth.buffer as ArrayBuffer] : []);
});
