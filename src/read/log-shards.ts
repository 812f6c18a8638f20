/**
 * The main thread's side of a sharded log (see parallel/log-worker.ts): starts the worker on
 * the file's data, and later hands it the slow path's rows of its shard and asks for its totals.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { add } from "../money.js";
import { emptyPeriod, type PeriodTotals, type Reactivated } from "../model/classify.js";
import type { ShardRow, ShardTask, ToShard } from "./parallel/log-worker.js";
import { PHASES } from "../schema/row.js";
import type { CohortCellRow } from "./cohort-cells.js";
import { summaryAt, type DaySummary } from "./day-summary.js";

/** The worker's file: beside the bundled binary, or tsc's when the tests run the sources. */
function workerFile(): string {
  const beside = fileURLToPath(new URL("./log-worker.js", import.meta.url));
  if (existsSync(beside)) return beside;
  return fileURLToPath(new URL("../../dist/read/parallel/log-worker.js", import.meta.url));
}

type FromShard =
  | { kind: "read"; quoted: boolean; summarized: boolean }
  | { kind: "cohorts"; cells: CohortCellRow[] }
  | { kind: "customers"; customers: number }
  | { kind: "days"; summary: DaySummary | undefined }
  | Summarized
  | { kind: "totals"; totals: [string, [number, PeriodTotals][]][] }
  | { kind: "failure"; failure: string };

/** The worker's summary made as soon as it had read its shard (see summarizeEarly in
 * parallel/log-worker.ts), the day it was made at, and how many customers it holds. */
type Summarized = { kind: "summarized"; summary: DaySummary; end: number; customers: number };

export class LogShard {
  private readonly worker: Worker;
  private readonly waiting: ((message: FromShard) => void)[] = [];
  /** Settles when the worker thread has stopped: by close(), or by itself once it posted its summary. */
  readonly exited: Promise<void>;
  /** Settles with the worker's summary when it made one once read (its "read" message says so first). */
  private readonly summarizedEarly: Promise<Summarized | { kind: "failure"; failure: string }>;
  /** Settles when the worker has read its shard of the file. */
  readonly read: Promise<FromShard>;
  /** The slow path's rows of the worker's shard, sent with the request to classify. */
  readonly rows: ShardRow[] = [];

  constructor(task: ShardTask) {
    this.worker = new Worker(workerFile());
    let early: (message: Summarized | { kind: "failure"; failure: string }) => void = () => {};
    this.summarizedEarly = new Promise((resolve) => (early = resolve));
    this.worker.on("message", (message: FromShard) => {
      // Not an answer: the worker posts it unasked, and stops (see log-worker.ts).
      if (message.kind === "summarized") early(message);
      else this.waiting.shift()?.(message);
    });
    this.exited = new Promise((resolve) => this.worker.once("exit", () => resolve()));
    this.worker.on("error", (error) => {
      early({ kind: "failure", failure: error.message });
      this.waiting.splice(0).forEach((w) => w({ kind: "failure", failure: error.message }));
    });
    this.read = this.next();
    this.send({ kind: "read", task });
  }

  private next(): Promise<FromShard> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private send(message: ToShard): void {
    this.worker.postMessage(message);
  }

  /** Whether the worker met a quote: then its shard is not certain, and the file is read again on one thread. */
  async quoted(): Promise<boolean> {
    const read = await this.read;
    if (read.kind === "failure") throw new Error(`a reading thread failed: ${read.failure}`);
    return read.kind === "read" && read.quoted;
  }

  /**
   * Whether the worker summarized its shard as soon as it had read it (see summarizeEarly in
   * parallel/log-worker.ts): it met no line whose row this thread could hand it, and takes none.
   */
  async summarized(): Promise<boolean> {
    const read = await this.read;
    return read.kind === "read" && read.summarized;
  }

  /**
   * Hands the worker the slow path's rows of its shard so far, and answers how many distinct
   * customers it then holds (shards never share a customer: the main thread adds its own).
   */
  async customers(): Promise<number> {
    const read = await this.read;
    if (read.kind === "failure") throw new Error(`a reading thread failed: ${read.failure}`);
    // Summarized once read: it takes no row (transactions.ts read again if one was held for it).
    if (read.kind === "read" && read.summarized) return (await this.early()).customers;
    const answer = this.next();
    this.send({ kind: "rows", rows: this.rows.splice(0) });
    const message = await answer;
    if (message.kind !== "customers") throw new Error(`a reading thread failed: ${message.kind === "failure" ? message.failure : message.kind}`);
    return message.customers;
  }

  /** The worker's customers classified, from the first to the last period of the whole log, per
   * group by its key (without --by, one group: ""). */
  classify(first: number, last: number, reactivated: Reactivated): Promise<Map<string, Map<number, PeriodTotals>>> {
    // Sent at once: the worker takes it once it has read its shard.
    const answer = this.next();
    this.send({ kind: "classify", first, last, reactivated, rows: this.rows });
    return this.totals(answer);
  }

  private async totals(answer: Promise<FromShard>): Promise<Map<string, Map<number, PeriodTotals>>> {
    const read = await this.read;
    if (read.kind === "failure") throw new Error(`a reading thread failed: ${read.failure}`);
    const message = await answer;
    if (message.kind !== "totals") throw new Error(`a reading thread failed: ${message.kind === "failure" ? message.failure : message.kind}`);
    return new Map(message.totals.map(([key, totals]) => [key, new Map(totals)]));
  }

  /** The worker's customers tallied into cohort cells (after classify(), whose rows it has then). */
  async cohorts(): Promise<CohortCellRow[]> {
    const answer = this.next();
    this.send({ kind: "cohorts" });
    const read = await this.read;
    if (read.kind === "failure") throw new Error(`a reading thread failed: ${read.failure}`);
    const message = await answer;
    if (message.kind !== "cohorts") throw new Error(`a reading thread failed: ${message.kind === "failure" ? message.failure : message.kind}`);
    return message.cells;
  }

  /** The worker's customers summarized per day up to `end` (see read/day-summary.ts), once it has
   * every row (after customers()); undefined when its tally met a row out of order (read/day-tally.ts). */
  async days(end: number, holdoutEnd: number | undefined): Promise<DaySummary | undefined> {
    if (await this.summarized()) {
      const { summary, end: at } = await this.early();
      return summaryAt(summary, at, end);
    }
    const answer = this.next();
    this.send({ kind: "days", end, holdoutEnd });
    const read = await this.read;
    if (read.kind === "failure") throw new Error(`a reading thread failed: ${read.failure}`);
    const message = await answer;
    if (message.kind !== "days") throw new Error(`a reading thread failed: ${message.kind === "failure" ? message.failure : message.kind}`);
    return message.summary;
  }

  /** The summary the worker made once read, when its "read" message said it would. */
  private async early(): Promise<Summarized> {
    const message = await this.summarizedEarly;
    if (message.kind === "failure") throw new Error(`a reading thread failed: ${message.failure}`);
    return message;
  }

  /** Stops the worker; its memory is given back once the promise settles (await it before a long
   * computation on this thread: a worker stopped but not awaited holds its heap till then). */
  close(): Promise<void> {
    return this.worker.terminate().then(() => undefined);
  }
}

/** Adds one shard's (or segment's) totals into another's, period by period; `from` is not changed. */
export function mergeTotals(into: Map<number, PeriodTotals>, from: ReadonlyMap<number, PeriodTotals>): Map<number, PeriodTotals> {
  for (const [period, theirs] of from) {
    let mine = into.get(period);
    if (!mine) into.set(period, (mine = emptyPeriod()));
    const sum = (a: PeriodTotals["inactive"], b: PeriodTotals["inactive"]) => {
      a.customers += b.customers;
      a.revenue = add(a.revenue, b.revenue);
      a.cost = add(a.cost, b.cost);
    };
    for (const phase of PHASES) sum(mine.phases[phase], theirs.phases[phase]);
    sum(mine.inactive, theirs.inactive);
    mine.reactivated += theirs.reactivated;
    mine.movedIn += theirs.movedIn;
    mine.movedOut += theirs.movedOut;
    const flows = mine.flows;
    for (const key of Object.keys(flows) as (keyof typeof flows)[]) flows[key] = add(flows[key], theirs.flows[key]);
  }
  return into;
}
