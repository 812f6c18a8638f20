/** What a read of phase exports is given and gives back: the inputs, the options, the per-file summary and the result. */
import type { Ledger } from "../model/equity.js";
import { Segments } from "../model/segments.js";
import { IssueLog, type Issue } from "../issues.js";
import { type Encoding, type Source } from "../io/source.js";
import { type RowVisitor } from "./phase-rows.js";
import type { MeaningOptions } from "../schema/meaning.js";
import { type ColumnFlags } from "../schema/columns.js";
import { type CellOptions, type FxRate, type Phase } from "../schema/row.js";

export interface Inputs {
  /** One file per phase; an absent phase counts as zero. */
  phases?: Partial<Record<Phase, Source | readonly Source[]>>;
  /** One file with a phase column. */
  combined?: Source | readonly Source[];
  costs?: Source;
}

export interface ParallelOptions {
  /** Worker threads; 1 or less reads on the main thread only. Default: CEQ_THREADS, else one per core. */
  threads?: number;
  /** Bytes of a file per task. */
  rangeBytes?: number;
  /** Files smaller than this are read on the main thread. */
  minBytes?: number;
  /**
   * Testing only (no CLI flag): the calling thread reads no range of a file itself but hands
   * every one to a worker, waiting for one to be ready (the pool's event) rather than reading a
   * range while the workers start. A small file can then prove the workers' reading and the merge.
   */
  workersOnly?: boolean;
  /**
   * Testing only: called as each range's result is merged, with the thread that read it
   * (`threadId` of node:worker_threads: 0 for the calling thread, a worker's own id otherwise).
   */
  onRange?: (threadId: number) => void;
}

export interface ReadOptions {
  inputs: Inputs;
  columns?: ColumnFlags;
  cells?: Partial<CellOptions>;
  delimiter?: string | undefined;
  maxErrors?: number;
  strict?: boolean;
  /** Test hook: false sends every row through csv-parse and the zod schema, to prove the paths agree. */
  fastPath?: boolean;
  parallel?: ParallelOptions;
  /** A rates file (`--fx-rates`) that converts a currency column's other currencies. */
  fxRates?: Source;
  /** The inputs' encoding (`--encoding`); default UTF-8, or what a byte order mark says. */
  encoding?: Encoding;
  /** Lines above the header (`--skip-rows`); without it the header is looked for in the first 20. */
  skipRows?: number;
  /** A workbook's sheet to read (`--sheet`: a name or a 1-based number); default the first visible. */
  sheet?: string;
  /** Bytes of standard input kept for a second reading (default 2 GiB); see StdinSpool. */
  stdinSpoolLimit?: number;
  /** With `cells.by`, the most groups summed (`--max-groups`, default 50); more is an error. */
  maxGroups?: number;
  /** Sees every row summed (revenue movements, ceq cohorts), all on this thread; see RowVisitor. */
  visit?: RowVisitor;
  /** Refund columns subtracted, and meaning columns read past (`--refund-column`, `--ignore-column`). */
  meaning?: MeaningOptions;
  /** What was chosen before reading (the files `--dir` left out), for the run's log. */
  notices?: Issue[];
  /** What an input "-" reads (default: the process's standard input). */
  stdin?: NodeJS.ReadableStream;
  /** The run's environment, for CEQ_THREADS (default: the process's). */
  env?: NodeJS.ProcessEnv;
}

export interface FileSummary {
  file: string;
  /** new, retained, churned, all (one file with a phase column) or costs. */
  role: string;
  /** Data rows read, valid or not. */
  rows: number;
}

export interface ReadResult {
  /** The company's sums: every group's added. */
  ledger: Ledger;
  /** Each group's sums (`--by`; one group, "", without it). */
  segments: Segments;
  log: IssueLog;
  files: FileSummary[];
  /** The --fx-rates that converted some row, by currency and year. */
  fxRates: FxRate[];
}

export const DEFAULT_CELLS: CellOptions = { decimalComma: false, emptyAsZero: false, fiscalYearStart: 1, currency: "USD" };

/**
 * A file's cell options: the run's, with ambiguousGroups set when the file is separated by `;`
 * and no flag says its decimal mark. Spreadsheets in locales that write a decimal comma (German,
 * French, Spanish, Italian, Dutch, …) export CSV with `;`, since `,` is their decimal mark; there
 * `1.500` is fifteen hundred, and read with the default decimal point it would be one and a half.
 */
export function fileCells(cells: CellOptions, delimiter: string): CellOptions {
  if (delimiter !== ";" || cells.decimalComma || cells.decimalPoint === true || cells.ambiguousGroups === true) return cells;
  return { ...cells, ambiguousGroups: true };
}
/** Below this a file is read about as fast on one thread as a worker thread takes to start
 * and warm up (measured: a 16 MB file took 0.35 s either way), so threads are not worth it. */
export const DEFAULT_MIN_BYTES = 32 << 20;
