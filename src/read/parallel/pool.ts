/**
 * Worker threads that read byte ranges of big files. One pool per process, made on first use;
 * a worker keeps the process alive only while it has work, so a finished CLI run exits without
 * an explicit shutdown.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { UsageError } from "../../errors.js";
import type { RangeResult, RangeTask } from "./range.js";

interface Pending {
  resolve: (result: RangeResult) => void;
  reject: (error: Error) => void;
}

export interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  /** Set once the worker has loaded its code and can start a range at once. */
  ready: boolean;
  /** Ranges it has finished: a worker is trusted with a longer queue as it warms up. */
  finished: number;
}

/** The worker's file: beside this module (dist/worker.js beside the bundled dist/ceq.js, or
 * dist/read/parallel/worker.js beside tsc's pool.js), or tsc's when the tests run the sources. */
function workerFile(): string {
  const beside = fileURLToPath(new URL("./worker.js", import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL("../../../dist/read/parallel/worker.js", import.meta.url));
}

/**
 * Threads to read with, this one included: CEQ_THREADS when set (a whole number from 1 up, capped
 * at the core count: more threads than cores only cost memory and time), else one per core.
 * Anything else in CEQ_THREADS is a usage error, not a silent 1.
 */
export function threadCount(env: NodeJS.ProcessEnv = process.env, cores = availableParallelism()): number {
  const given = env.CEQ_THREADS;
  if (given === undefined || given.trim() === "") return cores;
  if (!/^\s*\d+\s*$/.test(given) || Number(given) < 1) {
    throw new UsageError(`CEQ_THREADS=${JSON.stringify(given)} is not a number of threads: expected a whole number from 1 (this machine has ${cores} cores)`);
  }
  return Math.min(Number(given), cores);
}

/**
 * Workers are fed by their callers one range at a time (see `free`), not handed a queue up
 * front: a worker that is still starting, or slow, then holds up nothing that the calling
 * thread could have read itself.
 */
export class Pool {
  private readonly slots: Slot[] = [];
  private readonly listeners = new Set<() => void>();
  private ids = 0;

  constructor(readonly size: number) {}

  /** Starts every worker now, so they load while the caller reads the first header. */
  warm(): void {
    while (this.slots.length < this.size) this.spawn();
  }

  /** Calls `listener` whenever a worker becomes ready or finishes a range; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A ready worker with fewer than `most` ranges to do, the least busy; undefined if none. A
   * worker that has finished n ranges gets at most n + 1: its first ranges run before its code
   * is compiled, and a deep queue on a slow worker would hold up the results behind it.
   */
  free(most: number): Slot | undefined {
    this.warm();
    let best: Slot | undefined;
    for (const s of this.slots) {
      if (s.ready && s.pending.size < Math.min(most, s.finished + 1) && (!best || s.pending.size < best.pending.size)) best = s;
    }
    return best;
  }

  run(slot: Slot, task: RangeTask): Promise<RangeResult> {
    const id = this.ids++;
    slot.worker.ref();
    return new Promise((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, task });
    });
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  private spawn(): Slot {
    // A small young generation: a worker allocates little per row, and each one's heap is
    // peak memory the user pays for.
    const worker = new Worker(workerFile(), { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
    const slot: Slot = { worker, pending: new Map(), ready: false, finished: 0 };
    worker.on("message", (message: { ready?: true; id: number; result?: RangeResult; failure?: string }) => {
      if (message.ready) {
        slot.ready = true;
        this.changed();
        return;
      }
      const pending = slot.pending.get(message.id);
      if (!pending) return;
      slot.pending.delete(message.id);
      slot.finished++;
      if (slot.pending.size === 0) worker.unref();
      if (message.result) pending.resolve(message.result);
      else pending.reject(new Error(`a reader thread failed: ${message.failure}`));
      this.changed();
    });
    const fail = (error: Error): void => {
      for (const pending of slot.pending.values()) pending.reject(error);
      slot.pending.clear();
      slot.ready = false;
      const at = this.slots.indexOf(slot);
      if (at !== -1) this.slots.splice(at, 1);
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`a reader thread exited (${code})`)));
    worker.unref(); // after the listeners, which would hold the process open again
    this.slots.push(slot);
    return slot;
  }
}

let shared: Pool | undefined;

/** The process's pool of `size` workers. */
export function pool(size: number): Pool {
  if (!shared || shared.size !== size) shared = new Pool(size);
  return shared;
}
