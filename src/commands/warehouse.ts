/**
 * `ceq --warehouse URL --transactions TABLE`: the log read where it lives. The engine checks and
 * reduces it (src/warehouse/), ceq classifies the engine's rows as it classifies a file's, and the
 * report is the one `ceq --transactions export.csv` prints, in every format. Phase tables the same
 * way (summarizeWarehousePhases). Loaded only when --warehouse is given.
 */
import type { Summary, YearRange } from "../model/equity.js";
import { DEFAULT_MAX_GROUPS, Segments, summarizeSegments, tooManyGroups } from "../model/segments.js";
import { UsageError } from "../errors.js";
import { IssueLog } from "../issues.js";
import { PHASE_WORD } from "../read/identities.js";
import { coverageIssues } from "../read/input-issues.js";
import type { FileState } from "../read/phase-rows.js";
import { periodLabel, yearOfPeriod } from "../schema/period.js";
import { badRows, phaseQueries, readPhaseTable, refusal, type PhaseQueries } from "../warehouse/phases.js";
import { phaseRowsQuery, phaseTableSource } from "../warehouse/phase-source.js";
import type { Source } from "../io/source.js";
import type { Phase } from "../schema/row.js";
import type { PhaseSource } from "../sql/phases.js";
import type { WarehouseKind } from "../warehouse/url.js";
import type { ReadOptions } from "../read/options.js";
import { connect, type Engine } from "../warehouse/engines.js";
import { warehouseQueries } from "../warehouse/queries.js";
import { readWarehouseLog } from "../warehouse/read.js";
import { parseWarehouse, redacted } from "../warehouse/url.js";
import type { InputFlags } from "./inputs.js";
import { checkPhaseColumns, logColumns, phaseColumns, queryOptions, refuseUncarried, sourceOf, type SqlFlags } from "./sql.js";
import { classifyRead, transactionOptions, type Classified } from "./transactions.js";

export async function classifyWarehouse(url: string, flags: InputFlags & { from?: number; to?: number }, options: ReadOptions, range: YearRange, env: NodeJS.ProcessEnv): Promise<Classified> {
  const warehouse = parseWarehouse(url, env);
  const logs = flags.transactions ?? [];
  if (logs.length !== 1) throw new UsageError("--warehouse reads one transaction log: a table", `give it with --transactions TABLE (schema.table)${warehouse.kind === "duckdb" ? ", or a CSV file DuckDB reads" : ""}`);
  if (flags.yearColumn !== undefined) throw new UsageError("--warehouse reads a log's dates: --year-column is for files", "name the date column with --date-column");
  const sqlFlags = { ...flags, dialect: warehouse.kind } as SqlFlags;
  refuseUncarried(sqlFlags, "--warehouse");
  const log = logs[0]!;
  const { from: source, header: fileHeader } = sourceOf(log, sqlFlags);
  const engine = await connect(warehouse, env);
  try {
    // The table's columns, found as ceq finds a file's in its header.
    const header = (await engine.query(`SELECT * FROM ${source} LIMIT 0`)).columns;
    const { names, by } = logColumns(log, header, sqlFlags, `${log} in ${redacted(url)}`);
    const queries = warehouseQueries(warehouse.kind, queryOptions(sqlFlags, source, { ...names, by }, { from: undefined, to: undefined, explain: false }));
    // The id column is named as for a file: at its header's line 1 when DuckDB reads a file, without a line for a table.
    const id = { file: log, line: fileHeader === undefined ? undefined : 1, header, index: header.indexOf(names.id), byFlag: flags.idColumn !== undefined };
    const read = await readWarehouseLog(engine, queries, { name: log, by: by.length, maxErrors: options.maxErrors ?? 50, strict: options.strict ?? false, id });
    return await classifyRead(read, flags, options, transactionOptions(flags, options), range);
  } finally {
    await engine.close();
  }
}

/** A phase table as found in the engine: its columns as ceq finds a file's, its id column if any. */
interface PhaseTable {
  phase: Phase;
  name: string;
  from: string;
  columns: PhaseSource["columns"];
  id: string | undefined;
  cost: string | undefined;
}

/** Each phase's table given, checked as `ceq sql` checks it: one per phase, its columns found in its header. */
async function phaseTables(engine: Engine, flags: InputFlags, sqlFlags: SqlFlags): Promise<PhaseTable[]> {
  const tables: PhaseTable[] = [];
  for (const [phase, names] of [["acquisition", flags.new], ["retention", flags.retained], ["churn", flags.churned]] as const) {
    if (!names || names.length === 0) continue;
    if (names.length > 1) throw new UsageError(`--warehouse reads one table per phase (${names.length} given for ${PHASE_WORD[phase]})`, "union them in the warehouse first, or as a view");
    const name = names[0]!;
    const { from } = sourceOf(name, sqlFlags);
    // The table's columns, found as ceq finds a file's in its header.
    const header = (await engine.query(`SELECT * FROM ${from} LIMIT 0`)).columns;
    const { columns, id, cost } = phaseColumns(name, header, phase, sqlFlags);
    checkPhaseColumns(name, columns, sqlFlags);
    const missing = columns.by.filter((b) => !header.includes(b));
    if (missing.length > 0) throw new UsageError(`${name}: no column ${JSON.stringify(missing[0])} for --by (found: ${header.join(", ")})`);
    tables.push({ phase, name, from, columns, id, cost });
  }
  return tables;
}

function openPhases(url: string, flags: InputFlags, env: NodeJS.ProcessEnv) {
  const warehouse = parseWarehouse(url, env);
  if (flags.dir !== undefined || (flags.input ?? []).length > 0) throw new UsageError("--warehouse reads tables: a transaction log, or one table per phase", "give them with --transactions TABLE, or --new, --retained and --churned TABLE");
  if (flags.costs !== undefined) throw new UsageError("--warehouse does not read a --costs file: the costs are a column of the phase tables", "name it with --cost-column");
  const sqlFlags = { ...flags, dialect: warehouse.kind } as SqlFlags;
  refuseUncarried(sqlFlags, "--warehouse");
  return { warehouse, sqlFlags };
}

const checks = (kind: WarehouseKind, flags: InputFlags, t: PhaseTable, cost: boolean): PhaseQueries =>
  phaseQueries(kind, { dateFormat: flags.dateFormat ?? "YYYY-MM-DD", period: flags.period, fiscalYearStart: flags.fiscalYearStart, from: undefined, to: undefined }, t.phase, { from: t.from, columns: cost ? t.columns : { ...t.columns, cost: undefined } });

/**
 * `ceq --warehouse URL --new TABLE …` where a phase table has a customer id column: the reading
 * options whose inputs are the tables' rows, sent by the engine and read by ceq's phase reader as
 * a file's (see phase-source.ts), once the engine's check has found no cell ceq would refuse.
 * Undefined when no table has ids: then the engine sums them (summarizeWarehousePhases). The
 * engine stays open until `close`, for the reader's second reading.
 */
export async function warehousePhaseRows(url: string, flags: InputFlags, options: ReadOptions, env: NodeJS.ProcessEnv): Promise<{ options: ReadOptions; close: () => Promise<void> } | undefined> {
  const { warehouse, sqlFlags } = openPhases(url, flags, env);
  const engine = await connect(warehouse, env);
  try {
    const tables = await phaseTables(engine, flags, sqlFlags);
    if (!tables.some((t) => t.id !== undefined)) {
      await engine.close();
      return undefined;
    }
    const delimiter = options.delimiter ?? ",";
    const phases: Partial<Record<Phase, Source>> = {};
    for (const t of tables) {
      const bad = await badRows(engine, checks(warehouse.kind, flags, t, t.phase !== "churn").check);
      if (bad.bad > 0) throw refusal(t.name, bad);
      const c = t.columns;
      const sent = [...new Set([t.id, c.year, c.date, c.revenue, c.avgRevenue, c.count, t.cost, ...c.by].filter((x): x is string => x !== undefined))];
      const fileOrder = warehouse.kind === "duckdb" && t.from.startsWith("read_csv(");
      phases[t.phase] = phaseTableSource(engine, t.name, phaseRowsQuery(warehouse.kind, t.from, sent, fileOrder), sent, delimiter);
    }
    // The rows are UTF-8 text whatever --encoding says of a file DuckDB read.
    return { options: { ...options, inputs: { phases }, encoding: undefined }, close: () => engine.close() };
  } catch (error) {
    await engine.close();
    throw error;
  }
}

/**
 * `ceq --warehouse URL --new TABLE --retained TABLE --churned TABLE`: phase exports read where they
 * live. The engine checks and sums each table per period (and segment); ceq adds the sums to its
 * ledgers as a file's rows are added, and summarizes and renders them as it does the files'.
 * Tables without a customer id column only (see warehousePhaseRows).
 */
export async function summarizeWarehousePhases(url: string, flags: InputFlags, options: ReadOptions, range: YearRange, env: NodeJS.ProcessEnv): Promise<{ summary: Summary | undefined; log: IssueLog; years: number[]; unfollowed: string[] }> {
  const { warehouse, sqlFlags } = openPhases(url, flags, env);
  const periods = { kind: flags.period, fiscalYearStart: flags.fiscalYearStart };
  const log = new IssueLog(options.maxErrors ?? 50, options.strict ?? false);
  const segments = new Segments(flags.by && flags.by.length > 0 ? (options.maxGroups ?? DEFAULT_MAX_GROUPS) : Infinity);
  const files: FileState[] = [];
  const engine = await connect(warehouse, env);
  try {
    for (const t of await phaseTables(engine, flags, sqlFlags)) {
      if (t.phase === "churn" && t.cost !== undefined) log.add({ severity: "warning", code: "ignored-cost", file: t.name, line: 1, column: t.cost });
      files.push(await readPhaseTable(engine, checks(warehouse.kind, flags, t, t.phase !== "churn"), t.name, t.phase, t.columns.by.length, segments, (issue) => log.add(issue)));
    }
  } finally {
    await engine.close();
  }
  // The warnings ceq gives on files, in the same order: a phase not given, too many groups, a period a phase lacks.
  for (const [phase, names] of [["acquisition", flags.new], ["retention", flags.retained], ["churn", flags.churned]] as const) if (!names || names.length === 0) log.add({ severity: "warning", code: "missing-phase", file: "", detail: PHASE_WORD[phase] });
  if (segments.overflow.size > 0) log.add(tooManyGroups(flags.by ?? [], segments.count, segments.limit));
  const ledger = segments.company();
  if (log.errorCount === 0) coverageIssues(files, new Set(ledger.years.keys()), periods).forEach((i) => log.add(i));
  const summary = log.errorCount === 0 && ledger.years.size > 0 ? summarizeSegments(segments, flags.by ?? [], range, periods) : undefined;
  const unfollowed = [...ledger.years.keys()].map((p) => `${periodLabel(p, periods)}: --warehouse reads phase tables summed, not customer by customer`);
  return { summary, log, years: [...ledger.years.keys()].map((key) => yearOfPeriod(key, periods)), unfollowed };
}
