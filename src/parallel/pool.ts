/**
 * Worker threads that read byte ranges of big files. One pool per process, made on first use;
 * a worker keeps the process alive only while it has work, so a finished CLI run exits without
 * an explicit shutdown.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { RangeResult, RangeTask } from "./range.js";

interface Pending {
  resolve: (result: RangeResult) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
}

/** The worker's compiled file: beside this module, or in dist/ when the tests run the sources. */
function workerFile(): string {
  const beside = fileURLToPath(new URL("./worker.js", import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL("../../dist/parallel/worker.js", import.meta.url));
}

/** Worker threads to use: CEQ_THREADS when set, else one per core; 1 or less means none. */
export function threadCount(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.CEQ_THREADS;
  if (given !== undefined && given.trim() !== "") {
    const n = Number(given);
    return Number.isInteger(n) && n >= 0 ? Math.min(n, 64) : 1;
  }
  return availableParallelism();
}

export class Pool {
  private readonly slots: Slot[] = [];
  private next = 0;
  private ids = 0;

  constructor(readonly size: number) {}

  /** Starts every worker now, so they load while the caller reads the first header. */
  warm(): void {
    while (this.slots.length < this.size) this.spawn();
  }

  private slot(): Slot {
    if (this.slots.length < this.size) return this.spawn();
    // The one with least to do, so a slow range does not hold up the ones behind it.
    let best = this.slots[this.next++ % this.slots.length]!;
    for (const s of this.slots) if (s.pending.size < best.pending.size) best = s;
    return best;
  }

  private spawn(): Slot {
    {
      // A small young generation: a worker allocates little per row, and each one's heap is
      // peak memory the user pays for.
      const worker = new Worker(workerFile(), { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
      const slot: Slot = { worker, pending: new Map() };
      worker.on("message", (message: { id: number; result?: RangeResult; failure?: string }) => {
        const pending = slot.pending.get(message.id);
        if (!pending) return;
        slot.pending.delete(message.id);
        if (slot.pending.size === 0) worker.unref();
        if (message.result) pending.resolve(message.result);
        else pending.reject(new Error(`a reader thread failed: ${message.failure}`));
      });
      const fail = (error: Error): void => {
        for (const pending of slot.pending.values()) pending.reject(error);
        slot.pending.clear();
        this.slots.splice(this.slots.indexOf(slot), 1);
      };
      worker.on("error", fail);
      worker.on("exit", (code) => fail(new Error(`a reader thread exited (${code})`)));
      worker.unref(); // after the listeners, which would hold the process open again
      this.slots.push(slot);
      return slot;
    }
  }

  run(task: RangeTask): Promise<RangeResult> {
    const slot = this.slot();
    const id = this.ids++;
    slot.worker.ref();
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, task });
    });
  }
}

let shared: Pool | undefined;

/** The process's pool of `size` workers. */
export function pool(size: number): Pool {
  if (!shared || shared.size !== size) shared = new Pool(size);
  return shared;
}
