/**
 * `ceq sql`: the computation as one SQL query for the engine where the data lives, with the same
 * definitions (SPEC "From transactions"), for DuckDB, PostgreSQL, ClickHouse, BigQuery, Snowflake and Spark.
 */
import { existsSync, openSync, readSync, closeSync } from "node:fs";
import { Option, type Command } from "commander";
import { applyConfig } from "./config.js";
import type { Context } from "./context.js";
import { EXIT, InputError, UsageError } from "../errors.js";
import { meaningColumns } from "../schema/meaning.js";
import { writeStream } from "../io/output.js";
import { DIALECT, DIALECTS, type Dialect, type DialectName } from "../sql/dialects.js";
import { tableName } from "../sql/identifiers.js";
import { transactionsQuery, type QueryOptions } from "../sql/query.js";
import { clickhouseTransactions } from "../sql/clickhouse.js";
import { clickhousePhases } from "../sql/clickhouse-phases.js";
import { quote as clickhouseQuote } from "../sql/clickhouse-parts.js";
import { snowflakeName } from "../sql/snowflake-names.js";
import { compactName, resolveTxColumns } from "../schema/transaction.js";
import { resolveColumns } from "../schema/columns.js";
import { phasesQuery, type PhaseSource, type PhasesOptions } from "../sql/phases.js";
import { PHASE_WORD } from "../read/identities.js";
import type { Phase } from "../schema/row.js";
import { addInputOptions, type InputFlags } from "./inputs.js";
import { year } from "./option-values.js";

export interface SqlFlags extends InputFlags {
  dialect: DialectName;
  explain?: boolean;
  dbt?: boolean;
  shardedByCustomer?: boolean;
  quoteIdentifiers?: boolean;
  from?: number;
  to?: number;
  output?: string;
}


export function registerSql(program: Command, ctx: Context): Command {
  const command = program.command("sql").description("print the computation as one SQL query for DuckDB, PostgreSQL, ClickHouse, BigQuery, Snowflake or Spark");
  addInputOptions(command)
    .addOption(new Option("--dialect <engine>", "the engine: duckdb, postgres, clickhouse, bigquery, snowflake, spark (sqlite: refused, it has no exact decimal type)").choices(DIALECTS).makeOptionMandatory())
    .option("--from <year>", "only this (fiscal) year and later", year)
    .option("--to <year>", "only this (fiscal) year and earlier", year)
    .option("--explain", "comment each step with the definition in the spec it carries out")
    .option("--dbt", "write it as a dbt model: the log as {{ source(...) }} (schema.table) or {{ ref(...) }}")
    .option("--quote-identifiers", "Snowflake: quote column names as given (tables created with quoted lower-case names); by default plain names are upper case, unquoted")
    .option("--sharded-by-customer", "ClickHouse: the Distributed table is sharded by the customer id, so each shard's per-customer rows are final (faster; wrong figures otherwise)")
    .addHelpText(
      "after",
      `
--transactions names the log: a table (schema.table), or for DuckDB a CSV file. Its columns are
--id-column, --date-column, --revenue-column and --cost-column (defaults: customer_id, date,
amount, no cost; for a DuckDB file, found in its header as ceq finds them). Dates are read with
--date-format. The query returns a row per period (and segment, with --by), with the JSON's
figures as columns: customers, revenue, cost and equity of each phase, reactivated, inactive, and
customer equity. Money is DECIMAL/NUMERIC, never floating point. A row whose customer id is
empty or whose amount, cost or date does not parse stops the query with an error: no figure.
SQLite has no exact decimal type, so ceq writes no SQLite query. ClickHouse: docs/sql.md.

Examples:
  $ ceq sql --dialect duckdb --transactions invoices.csv --period quarter
  $ ceq sql --dialect postgres --transactions billing.payments --id-column account_id --date-column paid_at
  $ ceq sql --dialect bigquery --transactions shop.orders --by region --explain
  $ ceq sql --dialect snowflake --transactions raw.invoices --dbt > models/customer_equity.sql
  $ ceq sql --dialect clickhouse --transactions tx --sharded-by-customer | clickhouse-client --multiquery`,
    )
    .action(async (flags: SqlFlags, command: Command) => {
      ctx.exitCode = await sql(applyConfig(command, flags, ctx), ctx);
    });
  return command;
}

/** A table name: letters, digits, _ and $, up to project.schema.table. */
const TABLE = /^[A-Za-z_][A-Za-z0-9_$-]*(\.[A-Za-z_][A-Za-z0-9_$-]*){0,2}$/;

/** Whether a file starts as a ZIP does (`PK\x03\x04`), as every .xlsx does. */
function isWorkbook(path: string): boolean {
  if (!existsSync(path)) return false;
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(4);
    return readSync(fd, head, 0, 4, 0) === 4 && head.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  } finally {
    closeSync(fd);
  }
}

/** The first line of a file: the header ceq resolves columns in. */
function headerOf(path: string, delimiter: string): string[] {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    const line = buffer.subarray(0, n).toString("utf8").replace(/^\ufeff/, "").split(/\r?\n/)[0] ?? "";
    return line.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, ""));
  } finally {
    closeSync(fd);
  }
}

/** A log or a phase's table: a table name, or for DuckDB a CSV file read as text columns. */
export function sourceOf(name: string, flags: SqlFlags): { from: string; header: string[] | undefined } {
  const delimiter = flags.delimiter === "tab" ? "\t" : (flags.delimiter ?? ",");
  const isFile = flags.dialect === "duckdb" && (existsSync(name) || /[\\/]|\.(csv|tsv|txt)(\.gz)?$/i.test(name));
  if (!isFile && !TABLE.test(name)) throw new UsageError(`${JSON.stringify(name)} is not a table name`, "name it as schema.table (letters, digits, _), or for DuckDB give a CSV file");
  // DuckDB's read_csv would read a workbook's ZIP bytes as text: refused, with what to do instead.
  if (isFile && isWorkbook(name)) throw new UsageError(`${name} is a workbook: ceq sql has DuckDB read CSV files`, "save the sheet as CSV for ceq sql, or run ceq itself on the workbook (ceq --transactions FILE reads .xlsx)");
  if (isFile) return { from: `read_csv('${name.replace(/'/g, "''")}', header = true, all_varchar = true, delim = '${delimiter === "\t" ? "\\t" : delimiter}', quote = '"')`, header: existsSync(name) ? headerOf(name, delimiter) : undefined };
  // A part that is not a plain identifier (a hyphen; `a--b`, which raw would start a comment) is quoted.
  if (!flags.dbt) return { from: tableName(name, flags.dialect === "clickhouse" ? clickhouseQuote : DIALECT[flags.dialect as Exclude<DialectName, "sqlite" | "clickhouse">].quote), header: undefined };
  return { from: name.includes(".") ? `{{ source('${name.split(".").slice(-2, -1)[0]}', '${name.split(".").at(-1)}') }}` : `{{ ref('${name}') }}`, header: undefined };
}

/**
 * A phase export's columns, found in its header (a DuckDB file's, or a warehouse table's) as ceq
 * finds them in a file's, and its customer id column if it has one; a refund, status or currency
 * column the query would not read is refused, as ceq refuses rows in another currency.
 */
const PHASE_FLAG: Record<Phase, string> = { acquisition: "--new", retention: "--retained", churn: "--churned" };
export function phaseColumns(name: string, header: readonly string[], phase: Phase, flags: SqlFlags): { columns: PhaseSource["columns"]; id: string | undefined; cost: string | undefined } {
  // --id-column too: a table whose ids are under another name is read by id, as the file is.
  const given = { id: flags.idColumn, year: flags.yearColumn, date: flags.dateColumn, revenue: flags.revenueColumn, avgRevenue: flags.avgRevenueColumn, count: flags.countColumn, cost: flags.costColumn };
  const named = Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined));
  const resolved = resolveColumns(header, { file: name, line: 1, flags: named, needsPhase: false, unread: phase === "churn" ? ["cost"] : [] }).columns;
  const at = (i: number | undefined) => (i === undefined ? undefined : header[i]!);
  const columns = { year: resolved.date === undefined ? at(resolved.year) : undefined, date: at(resolved.date), revenue: at(resolved.revenue), avgRevenue: at(resolved.avgRevenue), count: at(resolved.count), cost: at(resolved.cost), by: (flags.by ?? []).map((c) => header.find((h) => compactName(h) === compactName(c)) ?? c) };
  refuseMeaningColumns(name, header, [at(resolved.year), at(resolved.date), at(resolved.revenue), at(resolved.avgRevenue), at(resolved.count), at(resolved.cost), at(resolved.id)], flags);
  refuseCurrencyColumn(name, at(resolved.currency), flags, PHASE_FLAG[phase]);
  return { columns, id: at(resolved.id), cost: at(resolved.cost) };
}

/** A phase's columns that give no period or no revenue: refused, naming the flag that would. */
export function checkPhaseColumns(name: string, columns: PhaseSource["columns"], flags: SqlFlags): void {
  if (columns.year === undefined && columns.date === undefined) throw new UsageError(`${name}: no year or date column`, "name it with --year-column or --date-column");
  if (columns.revenue === undefined && columns.avgRevenue === undefined) throw new UsageError(`${name}: no revenue column`, "name it with --revenue-column or --avg-revenue-column");
  if (flags.period !== "year" && columns.date === undefined) throw new UsageError(`--period ${flags.period} needs dates: ${name} has a year column`, "name a date column with --date-column");
}

/** Phase exports: each phase's table (or DuckDB file) and its columns, found in a file's header as ceq finds them. */
function phaseSources(flags: SqlFlags): PhasesOptions["phases"] {
  const phases: PhasesOptions["phases"] = {};
  for (const [phase, names] of [["acquisition", flags.new], ["retention", flags.retained], ["churn", flags.churned]] as const) {
    if (!names || names.length === 0) continue;
    if (names.length > 1) throw new UsageError(`ceq sql reads one table per phase (${names.length} given for ${PHASE_WORD[phase]})`, "union them in the warehouse first, or as a view");
    const { from, header } = sourceOf(names[0]!, flags);
    const given = { year: flags.yearColumn, date: flags.dateColumn, revenue: flags.revenueColumn, avgRevenue: flags.avgRevenueColumn, count: flags.countColumn, cost: flags.costColumn };
    let columns: PhaseSource["columns"];
    if (header) {
      columns = phaseColumns(names[0]!, header, phase, flags).columns;
    } else {
      const byDate = given.date !== undefined || (flags.period !== "year" && given.year === undefined);
      columns = { year: byDate ? undefined : (given.year ?? "year"), date: byDate ? (given.date ?? "date") : undefined, revenue: given.avgRevenue === undefined ? (given.revenue ?? "revenue") : undefined, avgRevenue: given.avgRevenue, count: given.count, cost: given.cost, by: flags.by ?? [] };
    }
    checkPhaseColumns(names[0]!, columns, flags);
    phases[phase] = { from, columns };
  }
  return phases;
}

/**
 * Reading options the SQL does not carry out: given to `ceq sql`, each would be dropped without a
 * word, and the warehouse would add in the rows or amounts it names.
 */
export function refuseUncarried(flags: SqlFlags, who = "ceq sql"): void {
  const given = [
    flags.where !== undefined && "--where",
    flags.refundColumn !== undefined && "--refund-column",
    flags.refundDateColumn !== undefined && "--refund-date-column",
    flags.revenueValues !== undefined && "--revenue-values",
    flags.currencyColumn !== undefined && "--currency-column",
    flags.fxRates !== undefined && "--fx-rates",
    flags.decimalComma && "--decimal-comma",
    flags.minorUnits && "--minor-units",
    flags.emptyAsZero && "--empty-as-zero",
    flags.quantityColumn !== undefined && "--quantity-column",
    flags.priceColumn !== undefined && "--price-column",
    flags.skipMissingId && "--skip-missing-id",
    flags.phaseMap !== undefined && "--phase-map",
  ].filter((f): f is string => typeof f === "string");
  if (given.length > 0) {
    throw new UsageError(`${who} does not carry out ${given.join(", ")}: the query would read every row and amount as they are`, "filter or net the rows in the warehouse first (a view), or run ceq itself on the export");
  }
}

/** A DuckDB file's header with a refund or status column the query would not read: refused, as ceq refuses it. */
export function refuseMeaningColumns(file: string, header: readonly string[], used: readonly (string | undefined)[], flags: SqlFlags): void {
  const read = new Set(used.filter((u): u is string => u !== undefined).map((u) => header.indexOf(u)));
  const found = meaningColumns(header, read, flags.ignoreColumn ?? []);
  if (found.length === 0) return;
  const names = found.map((c) => JSON.stringify(c.name)).join(", ");
  throw new InputError(`${file}: ${names} ${found.length === 1 ? "is a column" : "are columns"} whose name says ${found.length === 1 ? "it changes" : "they change"} the amounts (a refund, an adjustment, a status or type), which the query would not read`, `check the figures with ceq itself (ceq --transactions ${file}), which applies or refuses ${found.length === 1 ? "it" : "them"}; if ${found.length === 1 ? "it does" : "they do"} not change the amounts, say so: --ignore-column ${JSON.stringify(found[0]!.name)}`);
}

/**
 * A log's currency column the query would not read: refused, as ceq refuses rows in another
 * currency than the run's. The query adds every amount as it is, so a EUR row would be added to the
 * USD ones; --ignore-column says every row is in one currency.
 */
export function refuseCurrencyColumn(file: string, column: string | undefined, flags: SqlFlags, input = "--transactions"): void {
  if (column === undefined || (flags.ignoreColumn ?? []).some((c) => compactName(c) === compactName(column))) return;
  throw new InputError(
    `${file}: ${JSON.stringify(column)} is a currency column, which the query would not read: amounts in other currencies would be added in as they are`,
    `check the figures with ceq itself (ceq ${input} ${file}), which refuses other currencies or converts them with --fx-rates; or filter the table to one currency in a view; if every row is in one currency, say so: --ignore-column ${JSON.stringify(column)}`,
  );
}

export async function sql(flags: SqlFlags, ctx: Context): Promise<number> {
  refuseUncarried(flags);
  if (flags.dialect === "sqlite") throw new UsageError("SQLite has no exact decimal type: sums of money there are binary floating point, so ceq writes no SQLite query", "use --dialect duckdb, which reads the same files in-process");
  const phased = [flags.new, flags.retained, flags.churned].some((x) => x !== undefined && x.length > 0);
  if (phased && flags.transactions !== undefined) throw new UsageError("give either a transaction log or phase exports");
  if (phased) {
    const options: PhasesOptions = { phases: phaseSources(flags), dateFormat: flags.dateFormat ?? "YYYY-MM-DD", period: flags.period, fiscalYearStart: flags.fiscalYearStart, by: flags.by ?? [], from: flags.from, to: flags.to, explain: flags.explain ?? false };
    const query = flags.dialect === "clickhouse" ? clickhousePhases(options) : phasesQuery(dialectOf(flags.dialect, flags), options);
    await writeStream(ctx.stdout, flags.dbt ? dbtModel(query) : query);
    return EXIT.ok;
  }
  const logs = flags.transactions ?? [];
  if (logs.length !== 1) throw new UsageError("ceq sql reads one transaction log, or phase exports", "give it with --transactions TABLE, or --new/--retained/--churned TABLE (for DuckDB, CSV files)");
  const log = logs[0]!;
  const { from: source, header } = sourceOf(log, flags);
  const { names, by } = header ? logColumns(log, header, flags) : { names: { id: flags.idColumn ?? "customer_id", date: flags.dateColumn ?? "date", amount: flags.revenueColumn ?? "amount", cost: flags.costColumn }, by: flags.by ?? [] };
  if (flags.shardedByCustomer && flags.dialect !== "clickhouse") throw new UsageError("--sharded-by-customer is for --dialect clickhouse (a Distributed table)");
  const options = queryOptions(flags, source, { ...names, by });
  const query = flags.dialect === "clickhouse" ? clickhouseTransactions({ ...options, shardedByCustomer: flags.shardedByCustomer ?? false }) : transactionsQuery(dialectOf(flags.dialect, flags), options);
  await writeStream(ctx.stdout, flags.dbt ? dbtModel(query) : query);
  return EXIT.ok;
}

/**
 * A log's columns found in its header (a DuckDB file's, or a warehouse table's) as ceq finds them
 * in a file's: the customer id, date, amount and cost, and each --by column; a refund, status or
 * currency column the query would not read is refused, as ceq refuses it.
 */
export function logColumns(log: string, header: readonly string[], flags: SqlFlags, where = log): { names: LogNames; by: string[] } {
  const { columns, issues } = resolveTxColumns(header, { id: flags.idColumn, date: flags.dateColumn, amount: flags.revenueColumn, cost: flags.costColumn }, { file: log, line: 1 }, true);
  if (issues.length > 0 || columns.id === undefined || columns.date === undefined || columns.amount === undefined) {
    throw new UsageError(`${where}: needs a customer id, a date and an amount column (found: ${header.join(", ")})`, "name them with --id-column, --date-column and --revenue-column");
  }
  const names = { id: header[columns.id]!, date: header[columns.date]!, amount: header[columns.amount]!, cost: columns.cost === undefined ? undefined : header[columns.cost]! };
  refuseMeaningColumns(log, header, Object.values(names), flags);
  refuseCurrencyColumn(log, columns.currency === undefined ? undefined : header[columns.currency], flags);
  const by = (flags.by ?? []).map((column) => {
    const found = header.find((h) => compactName(h) === compactName(column));
    if (found === undefined) throw new UsageError(`${log}: no column ${JSON.stringify(column)} for --by (found: ${header.join(", ")})`);
    return found;
  });
  return { names, by };
}

type LogNames = Omit<QueryOptions["columns"], "by">;

/**
 * The query's options from the flags: what `ceq sql` prints and --warehouse runs. --warehouse
 * gives `scope` as the whole log, unexplained: ceq picks the years itself, after classifying.
 */
export function queryOptions(flags: SqlFlags, source: string, columns: QueryOptions["columns"], scope: Pick<QueryOptions, "from" | "to" | "explain"> = { from: flags.from, to: flags.to, explain: flags.explain ?? false }): QueryOptions {
  return { source, columns, dateFormat: flags.dateFormat ?? "YYYY-MM-DD", period: flags.period, fiscalYearStart: flags.fiscalYearStart, reactivated: flags.reactivated, ...scope };
}

/** The dialect, with Snowflake's column names upper case and unquoted unless --quote-identifiers. */
function dialectOf(name: Exclude<DialectName, "sqlite" | "clickhouse">, flags: SqlFlags): Dialect {
  return name === "snowflake" && !flags.quoteIdentifiers ? { ...DIALECT.snowflake, quote: snowflakeName } : DIALECT[name];
}

/** A query as a dbt model: a config line, no final semicolon. */
const dbtModel = (query: string): string => `{{ config(materialized='table') }}\n\n${query.replace(/;\n$/, "\n")}`;
