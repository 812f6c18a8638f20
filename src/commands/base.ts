/**
 * The customer base that `ceq cohorts` and `ceq value` start from: the yearly (or quarterly,
 * monthly) summary, and each customer followed by id into their acquisition cohort. From a
 * transaction log, or from phase exports with a customer id column.
 */
import type { Context } from "./context.js";
import { reportIssues } from "./input-issues.js";
import type { Summary, YearRange } from "../model/equity.js";
import { InputError, UsageError } from "../errors.js";
import type { IssueLog } from "../issues.js";
import { cohortsOfCells, type CohortTable } from "../model/cohorts.js";
import { phaseCohortCells } from "../model/phase-cohorts.js";
import { MovementRows } from "../read/phase-movements.js";
import { memoryBound } from "../read/memory-bound.js";
import { summarizeSegments } from "../model/segments.js";
import { readInputs } from "../read/inputs.js";
import { type ReadOptions } from "../read/options.js";
import { readTransactions } from "../read/transactions.js";
import type { TransactionLog } from "../read/log-options.js";
import { tallyCohorts } from "../read/cohort-cells.js";
import type { Periods } from "../schema/period.js";
import type { InputFlags } from "./inputs.js";
import { classifyRead, transactionOptions, type Classified } from "./transactions.js";

export interface Base {
  summary: Summary;
  periods: Periods;
  log: IssueLog;
  /** With `cohorts: true`: every customer in the cohort of the period they were won in. */
  cohorts: CohortTable | undefined;
}

/** Reads the inputs the flags name; prints their issues; throws on any error, or when nothing was read. */
export async function loadBase(flags: InputFlags, options: ReadOptions, ctx: Context, want: { cohorts: boolean; command: string; warehouse?: string | undefined }): Promise<Base> {
  if (flags.by !== undefined) throw new UsageError(`${want.command} has no segments: --by is for ceq calc`);
  if (want.warehouse !== undefined && flags.transactions === undefined) {
    // Phase tables with customer ids, their rows read as a file's (see warehousePhaseRows).
    const rows = await (await import("./warehouse.js")).warehousePhaseRows(want.warehouse, flags, options, ctx.env);
    if (!rows) throw new UsageError(`${want.command} follows customers by id, and no phase table given has a customer id column`, "give the phase tables with their id column, or a --transactions table");
    try {
      return await loadBase(flags, rows.options, ctx, { ...want, warehouse: undefined });
    } finally {
      await rows.close();
    }
  }
  const periods: Periods = { kind: flags.period, fiscalYearStart: flags.fiscalYearStart };
  let summary: Summary | undefined;
  let cohorts: CohortTable | undefined;
  let log: IssueLog;
  if (flags.transactions !== undefined) {
    if (want.warehouse !== undefined) {
      // The engine's rows are read on this thread: the cohorts are tallied from its one table.
      const classified = await (await import("./warehouse.js")).classifyWarehouse(want.warehouse, flags, options, {}, ctx.env);
      ({ summary, log } = classified);
      if (want.cohorts && summary && log.errorCount === 0) cohorts = logCohorts(classified.read);
    } else {
      // Each thread tallies its own customers' cohorts, and the cells add up.
      ({ summary, log, cohortTable: cohorts } = await classifyWithCohorts(flags, options, {}, want.cohorts));
    }
  } else {
    const phaseCohorts = want.cohorts ? new PhaseCohorts(new MovementRows(periods, flags.maxMemory ?? memoryBound())) : undefined;
    const read = await readInputs({ ...options, ...(phaseCohorts ? { visit: phaseCohorts.rows } : {}) });
    log = read.log;
    phaseCohorts?.issues(log, want.command);
    if (log.errorCount === 0 && read.ledger.years.size > 0) {
      summary = summarizeSegments(read.segments, [], {}, periods);
      if (phaseCohorts) cohorts = phaseCohorts.table(Math.max(...read.ledger.years.keys()), log);
    }
  }
  reportIssues(log, ctx);
  if (!summary) throw new InputError("the input has no data rows: nothing to compute");
  return { summary, periods, log, cohorts };
}

/** A log's customers read on one thread: their cohort is the first period they were active in;
 * refunds alone make no one active. */
export function logCohorts(read: TransactionLog): CohortTable {
  if (read.shard) throw new Error("logCohorts needs every customer on one thread: see shardedCohorts");
  return cohortsOfCells(tallyCohorts(read.customers).cellRows(), read.last);
}

/**
 * A log read on both threads and classified, with its cohorts when asked (the dashboard's), each
 * thread tallying its own customers as `ceq cohorts` does; the worker is let go after.
 */
export async function classifyWithCohorts(flags: InputFlags, options: ReadOptions, range: YearRange, cohorts: boolean): Promise<Classified & { cohortTable: CohortTable | undefined }> {
  const txOptions = transactionOptions(flags, options);
  const read = await readTransactions(txOptions);
  try {
    const classified = await classifyRead(read, flags, options, txOptions, range);
    const cohortTable = cohorts && classified.summary && classified.log.errorCount === 0 ? await shardedCohorts(read) : undefined;
    return { ...classified, cohortTable };
  } finally {
    void read.shard?.close();
  }
}

/** A log's cohorts, each thread's customers tallied where they are held, the worker's beside this one's. */
export async function shardedCohorts(read: TransactionLog): Promise<CohortTable> {
  const theirs = read.shard?.cohorts();
  const tally = tallyCohorts(read.customers);
  if (theirs) tally.merge(await theirs);
  return cohortsOfCells(tally.cellRows(), read.last);
}

/**
 * Phase exports' customers in their cohorts, by id (model/phase-cohorts.ts), from the rows the
 * reader hands over, held in columns as the revenue movements hold them.
 */
class PhaseCohorts {
  constructor(readonly rows: MovementRows) {}

  /** Errors for files that cannot be followed by id. */
  issues(log: IssueLog, command: string): void {
    for (const [file, line] of this.rows.withoutId) log.add({ severity: "error", code: "missing-column", file, line, detail: `customer id: ${command} follows each customer by id, and this file has no id column` });
    for (const [file, line] of this.rows.aggregated) log.add({ severity: "error", code: "cohort-cell", file, line, detail: `a row counts several customers: ${command} follows each customer by id, one row each` });
  }

  table(last: number, log: IssueLog): CohortTable {
    const { cells, unwon } = phaseCohortCells(this.rows.complete());
    if (unwon > 0) log.add({ severity: "warning", lenient: true, code: "no-cohort", file: "", detail: `${unwon.toLocaleString("en")} customer${unwon === 1 ? " is" : "s are"} retained or churned with no new row (won before the exports begin): in no cohort` });
    return cohortsOfCells(cells, last);
  }
}
