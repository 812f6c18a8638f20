/**
 * What reading transaction logs takes (TransactionOptions) and gives (TransactionLog): the types
 * read/transactions.ts's readTransactions works between, apart from it so that the log's checks and
 * header reading, and the commands, name them without importing the reader.
 */
import type { IssueLog } from "../issues.js";
import type { Encoding, Source } from "../io/source.js";
import type { CalendarDate, CellOptions, FxRate } from "../schema/row.js";
import type { Periods } from "../schema/period.js";
import type { TxColumnFlags } from "../schema/transaction.js";
import type { MeaningOptions } from "../schema/meaning.js";
import type { DayTally } from "./day-tally.js";
import type { CustomerPeriods } from "./customer-periods.js";
import type { LogShard } from "./log-shards.js";
import type { FileSummary } from "./options.js";

/** `--delimiter whitespace`: columns separated by runs of spaces or tabs (fixed-width text). */
export const WHITESPACE = "whitespace";

export interface TransactionOptions {
  sources: readonly Source[];
  periods: Periods;
  columns: TxColumnFlags;
  cells: CellOptions;
  delimiter?: string | undefined;
  encoding?: Encoding | undefined;
  skipRows?: number | undefined;
  /** Rows without a customer id are left out (with one warning) instead of errors. */
  skipMissingId: boolean;
  /** A rates file (`--fx-rates`) that converts a currency column's other currencies. */
  fxRates?: Source | undefined;
  maxErrors: number;
  strict: boolean;
  /** Threads: with two or more, one big plain log's customers are split with a worker (see
   * parallel/log-worker.ts). Default: CEQ_THREADS, else one per core. */
  threads?: number;
  /** Logs smaller than this are read on this thread only (a test hook; default 32 MiB). */
  minBytes?: number;
  /** With `cells.by`, the most groups (`--max-groups`); more is an error. */
  maxGroups?: number;
  /** Bytes the customer tables may take (`--max-memory`); default half the machine's memory (see model/memory.ts). */
  maxMemory?: number;
  /** The hint of --max-memory's refusal, when not model/memory.ts's WAY_OUT (ceq value's models, which no database computes). */
  memoryWayOut?: string;
  /** Refund columns subtracted, and meaning columns read past (default: none). */
  meaning?: MeaningOptions;
  /** Sums per customer and day instead of per period (the models of ceq value --model bgnbd
   * count purchases per distinct day): a row's period is its dayNumber() (see read/day-summary.ts). */
  days?: boolean;
  /** With `days`: each customer's running summary instead of their days (read/day-tally.ts), made
   * up to the calibration end (Infinity: not given) and counting the holdout's days. */
  tally?: { end: number; holdoutEnd: number | undefined };
  /** What a log named "-" reads (default: the process's standard input). */
  stdin?: NodeJS.ReadableStream;
  /** The run's environment, for CEQ_THREADS (default: the process's). */
  env?: NodeJS.ProcessEnv;
}

export interface TransactionLog {
  /** Each customer's sums per period (none with a tally). */
  customers: CustomerPeriods;
  /** With `tally`: each customer's running summary; `unordered` when a row came before its customer's latest day. */
  tally: DayTally | undefined;
  /** The first and last period that hold a row, and the first and last date (undefined: years only). */
  first: number;
  last: number;
  firstDate: CalendarDate | undefined;
  lastDate: CalendarDate | undefined;
  log: IssueLog;
  files: FileSummary[];
  /** The --fx-rates that converted some row. */
  fxRates: FxRate[];
  /** The worker holding the other shard of the customers, when the log was read by two threads. */
  shard: LogShard | undefined;
  /** With --by, the groups' keys (see model/segments.ts) by the index customers' entries hold; [""] without. */
  groups: string[];
}
