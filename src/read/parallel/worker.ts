/** A worker thread's entry: reads the ranges it is sent and posts back what it found. */
import { parentPort } from "node:worker_threads";
import { readRange, type RangeTask } from "./range.js";
import { transferables } from "./follow-log.js";

const port = parentPort;
if (!port) throw new Error("parallel/worker.js runs as a worker thread");
port.postMessage({ ready: true });
port.on("message", ({ id, task }: { id: number; task: RangeTask }) => {
  try {
    const result = readRange(task);
    port.postMessage({ id, result }, [result.hashes.buffer as ArrayBuffer, ...(result.followed ? transferables(result.followed) : [])]);
  } catch (error) {
    port.postMessage({ id, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
