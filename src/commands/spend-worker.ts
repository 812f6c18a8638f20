/**
 * The thread that fits the spend model (Gamma-Gamma) while the main thread fits the purchase
 * model (see spend-fit.ts): one message in (the repeat customers' x and mean spend), one answer out.
 */
import { parentPort } from "node:worker_threads";
import { spendAnswer, type SpendColumns } from "./spend-fit.js";

const port = parentPort;
if (!port) throw new Error("spend-worker.js runs as a worker thread");
port.once("message", (data: SpendColumns) => port.postMessage(spendAnswer(data)));
