/** From `--transactions` flags to a classified summary: read, warn about the log's edges, classify. */
import type { Summary, YearRange } from "../model/equity.js";
import type { IssueLog } from "../issues.js";
import type { PeriodTotals, Reactivated } from "../model/classify.js";
import { source, withWorkbook } from "../io/source.js";
import { summarizeClassified } from "../model/transactions.js";
import { readCostsFile } from "../read/costs.js";
import type { FileSummary, ReadOptions } from "../read/options.js";
import { DEFAULT_CELLS } from "../read/options.js";
import { classifySegments } from "../read/customer-periods.js";
import { combineSummaries, Segments } from "../model/segments.js";
import { mergeTotals } from "../read/log-shards.js";
import { readTransactions } from "../read/transactions.js";
import type { TransactionLog, TransactionOptions } from "../read/log-options.js";
import { endsBeforePeriod, isoDate, periodLabel, periodOf, yearOfPeriod, type Periods } from "../schema/period.js";
import { daysInMonth } from "../schema/row.js";
import type { InputFlags } from "./inputs.js";

/** The reader's options for a log, from the flags and the shared read options. */
export function transactionOptions(flags: InputFlags, options: ReadOptions): TransactionOptions {
  return {
    sources: (flags.transactions ?? []).map((path) => withWorkbook(source(path), { sheet: flags.sheet, dateFormat: flags.dateFormat })),
    periods: { kind: flags.period, fiscalYearStart: flags.fiscalYearStart },
    columns: {
      id: flags.idColumn,
      date: flags.dateColumn,
      year: flags.yearColumn,
      amount: flags.revenueColumn,
      quantity: flags.quantityColumn,
      price: flags.priceColumn,
      cost: flags.costColumn,
      currency: flags.currencyColumn,
    },
    cells: { ...DEFAULT_CELLS, ...options.cells },
    delimiter: options.delimiter,
    encoding: options.encoding,
    skipRows: options.skipRows,
    skipMissingId: flags.skipMissingId ?? false,
    fxRates: options.fxRates,
    maxErrors: options.maxErrors ?? 50,
    meaning: options.meaning ?? { refund: [], ignore: [] },
    strict: options.strict ?? false,
    ...(options.maxGroups !== undefined ? { maxGroups: options.maxGroups } : {}),
    ...(flags.maxMemory !== undefined ? { maxMemory: flags.maxMemory } : {}),
    ...(options.env ? { env: options.env } : {}),
    // A test hook (no flag): a small log split between the threads, as a big one is.
    ...(options.parallel?.minBytes !== undefined ? { minBytes: options.parallel.minBytes } : {}),
    ...(options.stdin ? { stdin: options.stdin } : {}),
  };
}

/** The warnings a log's edges call for: its first period has no history, its last may be cut short. */
function edgeWarnings(log: TransactionLog, periods: Periods): void {
  if (log.first > log.last) return;
  const first = periodLabel(log.first, periods);
  log.log.add({ severity: "warning", lenient: true, code: "first-period", file: "", detail: log.firstDate ? `${first} (its first date is ${isoDate(log.firstDate)})` : first });
  if (log.lastDate && endsBeforePeriod(log.lastDate, periods, daysInMonth)) {
    const last = periodLabel(periodOf(log.lastDate, periods), periods);
    const detail = `${isoDate(log.lastDate)}, before ${last} ends: customers who had not bought again by then count as churned in ${last}, so its churn may be overstated`;
    log.log.add({ severity: "warning", lenient: true, code: "partial-period", file: "", detail });
  }
}

/**
 * Every period's totals of a log read, per group (one without --by, in the order of
 * `read.groups`): this thread's customers and, when there is one, the worker's.
 */
export async function totalsOf(read: TransactionLog, reactivated: Reactivated): Promise<Map<number, PeriodTotals>[]> {
  // The worker classifies its shard while this thread classifies its own.
  const theirs = read.shard?.classify(read.first, read.last, reactivated);
  const mine = classifySegments(read.customers, read.first, read.last, reactivated, read.groups.length);
  if (!theirs) return mine;
  // The worker's groups by key: the main thread saw every line, so it knows each key.
  const indexes = new Map(read.groups.map((key, index) => [key, index]));
  for (const [key, totals] of await theirs) {
    const index = indexes.get(key) ?? -1;
    if (index === -1) throw new Error(`the reading thread's group ${JSON.stringify(key)} is not the main thread's`);
    mergeTotals(mine[index]!, totals);
  }
  return mine;
}

export interface Classified {
  summary: Summary | undefined;
  log: IssueLog;
  files: FileSummary[];
  /** The log as read: each customer's sums per period. */
  read: TransactionLog;
  periods: Periods;
  /** The (fiscal) years the log's periods fall in. */
  years: number[];
}

/** Reads the logs (and a costs file) and classifies them; no summary when nothing was read. */
export async function classifyLogs(flags: InputFlags, options: ReadOptions, range: YearRange = {}, threads?: number): Promise<Classified> {
  const txOptions = { ...transactionOptions(flags, options), ...(threads !== undefined ? { threads } : {}) };
  const read = await readTransactions(txOptions);
  try {
    return await classifyRead(read, flags, options, txOptions, range);
  } finally {
    void read.shard?.close();
  }
}

export async function classifyRead(read: TransactionLog, flags: InputFlags, options: ReadOptions, txOptions: TransactionOptions, range: YearRange): Promise<Classified> {
  const { log, files } = read;
  edgeWarnings(read, txOptions.periods);
  const costs = new Segments();
  if (options.inputs.costs) {
    const rows = await readCostsFile(options.inputs.costs, costs, log, { delimiter: options.delimiter, cells: txOptions.cells });
    files.push({ file: options.inputs.costs.name, role: "costs", rows });
  }
  const { periods } = txOptions;
  if (read.first > read.last || log.errorCount > 0) return { summary: undefined, log, files, read, periods, years: [] };
  const classified = await totalsOf(read, flags.reactivated);
  const company = classified.reduce((sum, group) => mergeTotals(sum, group), new Map<number, PeriodTotals>());
  const years = [...company.keys()].map((p) => yearOfPeriod(p, periods));
  const by = txOptions.cells.by ?? [];
  const companyLedger = costs.company();
  const summary = summarizeClassified(company, companyLedger, periods, range, by.length > 0);
  // Each segment has its own costs (a costs file names its segment; one may have costs and no
  // customers) and every period of the company's, so that the segments add up to it.
  const index = new Map(read.groups.map((key, i) => [key, i]));
  const keys = [...companyLedger.years.keys()];
  const segments = by.length === 0 ? [] : [...new Set([...read.groups, ...costs.ledgers.keys()])];
  const groups = segments.map((key) => {
    const ledger = costs.of(key);
    ledger.ensure(keys);
    const at = index.get(key);
    return [key, summarizeClassified(at === undefined ? new Map() : classified[at]!, ledger, periods, range, true)] as const;
  });
  return { summary: combineSummaries(summary, groups, by), log, files, read, periods, years };
}
