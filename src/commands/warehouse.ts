/**
 * `ceq --warehouse URL --transactions TABLE`: the log read where it lives. The engine checks and
 * reduces it (src/warehouse/), ceq classifies the engine's rows as it classifies a file's, and the
 * report is the one `ceq --transactions export.csv` prints, in every format. Loaded only when
 * --warehouse is given.
 */
import type { YearRange } from "../model/equity.js";
import { UsageError } from "../errors.js";
import type { ReadOptions } from "../read/options.js";
import { connect } from "../warehouse/engines.js";
import { warehouseQueries } from "../warehouse/queries.js";
import { readWarehouseLog } from "../warehouse/read.js";
import { parseWarehouse, redacted } from "../warehouse/url.js";
import type { InputFlags } from "./inputs.js";
import { logColumns, queryOptions, refuseUncarried, sourceOf, type SqlFlags } from "./sql.js";
import { classifyRead, transactionOptions, type Classified } from "./transactions.js";

export async function classifyWarehouse(url: string, flags: InputFlags & { from?: number; to?: number }, options: ReadOptions, range: YearRange, env: NodeJS.ProcessEnv): Promise<Classified> {
  const warehouse = parseWarehouse(url, env);
  const logs = flags.transactions ?? [];
  if (logs.length !== 1) throw new UsageError("--warehouse reads one transaction log: a table", `give it with --transactions TABLE (schema.table)${warehouse.kind === "duckdb" ? ", or a CSV file DuckDB reads" : ""}`);
  if (flags.yearColumn !== undefined) throw new UsageError("--warehouse reads a log's dates: --year-column is for files", "name the date column with --date-column");
  const sqlFlags = { ...flags, dialect: warehouse.kind } as SqlFlags;
  refuseUncarried(sqlFlags, "--warehouse");
  const log = logs[0]!;
  const { from: source } = sourceOf(log, sqlFlags);
  const engine = await connect(warehouse, env);
  try {
    // The table's columns, found as ceq finds a file's in its header.
    const header = (await engine.query(`SELECT * FROM ${source} LIMIT 0`)).columns;
    const { names, by } = logColumns(log, header, sqlFlags, `${log} in ${redacted(url)}`);
    const queries = warehouseQueries(warehouse.kind, queryOptions(sqlFlags, source, { ...names, by }, { from: undefined, to: undefined, explain: false }));
    const read = await readWarehouseLog(engine, queries, { name: log, by: by.length, maxErrors: options.maxErrors ?? 50, strict: options.strict ?? false });
    return await classifyRead(read, flags, options, transactionOptions(flags, options), range);
  } finally {
    await engine.close();
  }
}
