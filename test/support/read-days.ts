/**
 * A log read per customer and day, as `ceq value --model bgnbd | pareto-nbd` reads it, in-process:
 * on `threads` (a worker from the first byte: minBytes 0), and tallied into each customer's
 * running summary up to `tallyEnd` (Infinity: no calibration end given) or, without it, into each
 * customer's days. The worker is tsc's build (npm run build). Close `read.shard` when done.
 */
import { source } from "../../src/io/source.js";
import { DEFAULT_CELLS } from "../../src/read/options.js";
import type { TransactionLog } from "../../src/read/log-options.js";
import { readTransactions } from "../../src/read/transactions.js";

export function readDays(path: string, threads: number, tallyEnd?: number, holdoutEnd?: number): Promise<TransactionLog> {
  return readTransactions({
    sources: [source(path)],
    periods: { kind: "month", fiscalYearStart: 1 },
    columns: {},
    cells: DEFAULT_CELLS,
    skipMissingId: false,
    maxErrors: 1000,
    strict: false,
    threads,
    minBytes: 0,
    days: true,
    ...(tallyEnd === undefined ? {} : { tally: { end: tallyEnd, holdoutEnd } }),
  });
}
