/**
 * Reads the inputs into a ledger: records -> rows (zod) -> sums, collecting every issue on the
 * way. Streaming: a row is folded into the sums and dropped; only customer ids are kept.
 */
import { Ledger } from "./equity.js";
import { CustomerIds, PHASE_WORD } from "./identities.js";
import { IssueLog, type Issue, type IssueCode } from "./issues.js";
import { isNegative } from "./money.js";
import { readRecords, type CsvRecord } from "./io/records.js";
import { InputProblem, type Source } from "./io/source.js";
import { resolveColumns, type ColumnFlags, type ColumnIndex, type Field } from "./schema/columns.js";
import { readCostsFile } from "./read-costs.js";
import { parsePhase, PHASES, rowSchema, type CellOptions, type Phase, type Row, type RowSchema } from "./schema/row.js";

export interface Inputs {
  /** One file per phase; an absent phase counts as zero. */
  phases?: Partial<Record<Phase, Source>>;
  /** One file with a phase column. */
  combined?: Source;
  costs?: Source;
}

export interface ReadOptions {
  inputs: Inputs;
  columns?: ColumnFlags;
  cells?: Partial<CellOptions>;
  delimiter?: string | undefined;
  maxErrors?: number;
  strict?: boolean;
}

export interface FileSummary {
  file: string;
  /** new, retained, churned, all (one file with a phase column) or costs. */
  role: string;
  /** Data rows read, valid or not. */
  rows: number;
}

export interface ReadResult {
  ledger: Ledger;
  log: IssueLog;
  files: FileSummary[];
}

export const DEFAULT_CELLS: CellOptions = { decimalComma: false, emptyAsZero: false, fiscalYearStart: 1 };

interface FileState {
  src: Source;
  /** The phase of every row, or undefined when rows carry a phase column. */
  phase: Phase | undefined;
  years: Record<Phase, Set<number>>;
  /** Data records read, valid or not. */
  records: number;
}

class Reader {
  readonly ledger = new Ledger();
  readonly ids = new CustomerIds();

  constructor(
    readonly log: IssueLog,
    private readonly options: ReadOptions,
    private readonly cells: CellOptions,
  ) {}

  async readFile(src: Source, phase: Phase | undefined): Promise<FileState> {
    const state: FileState = { src, phase, years: { acquisition: new Set(), retention: new Set(), churn: new Set() }, records: 0 };
    try {
      const records = readRecords(src, { delimiter: this.options.delimiter });
      const first = await records.next();
      if (first.done) {
        this.log.add({ severity: "error", code: "empty-file", file: src.name });
        return state;
      }
      const header = first.value;
      const { columns, issues } = resolveColumns(header.fields, {
        file: src.name,
        line: header.line,
        flags: this.options.columns ?? {},
        needsPhase: phase === undefined,
        unread: phase === "churn" ? ["cost"] : [],
      });
      issues.forEach((i) => this.log.add(i));
      if (issues.some((i) => i.severity === "error")) return state;
      if (phase === "churn" && columns.cost !== undefined) {
        this.log.add({ severity: "warning", code: "ignored-cost", file: src.name, line: header.line, column: header.fields[columns.cost]!.trim() });
      }
      // A churned row's cost cell is never read (it may be empty), so churned rows get a schema without it.
      const schemas = { withCost: rowSchema(columns, this.cells, true), withoutCost: rowSchema(columns, this.cells, false) };
      const fields = Object.entries(columns) as [Field, number][];
      for await (const record of records) this.readRow(state, header.fields, columns, fields, schemas, record);
      if (state.records === 0) this.log.add({ severity: "warning", code: "no-rows", file: src.name });
    } catch (error) {
      if (!(error instanceof InputProblem)) throw error;
      this.log.add(error.issue);
    }
    return state;
  }

  private readRow(
    state: FileState,
    header: string[],
    columns: ColumnIndex,
    fields: [Field, number][],
    schemas: { withCost: RowSchema; withoutCost: RowSchema },
    record: CsvRecord,
  ): void {
    const { src } = state;
    state.records++;
    if (record.fields.length !== header.length) {
      this.log.add({
        severity: "error",
        code: "ragged-row",
        file: src.name,
        line: record.line,
        detail: `${record.fields.length} field${record.fields.length === 1 ? "" : "s"}; the header has ${header.length}`,
      });
      return;
    }
    const raw: Partial<Record<Field, string>> = {};
    for (const [field, index] of fields) raw[field] = record.fields[index]!;
    const rowPhase = state.phase ?? (raw.phase !== undefined ? parsePhase(raw.phase) : null);
    const parsed = (rowPhase === "churn" ? schemas.withoutCost : schemas.withCost).safeParse(raw);
    if (!parsed.success) {
      for (const problem of parsed.error.issues) {
        const field = problem.path[0] as Field;
        this.log.add({
          severity: "error",
          code: problem.message as IssueCode,
          file: src.name,
          line: record.line,
          column: header[columns[field]!]!.trim(),
          value: raw[field] ?? "",
        });
      }
      return;
    }
    const row = parsed.data;
    const phase = state.phase ?? row.phase!;
    state.years[phase].add(row.year);
    this.ledger.add(phase, row.year, row.customers, row.revenue, row.cost);
    this.warnNegative(src, header, columns, record, row, phase);
    if (row.id !== undefined) {
      const where = { file: src.name, line: record.line };
      const first = this.ids.record(phase, row.year, row.id, where);
      if (first) this.log.add(CustomerIds.duplicate(phase, row.year, row.id, where, first));
    }
  }

  private warnNegative(src: Source, header: string[], columns: ColumnIndex, record: CsvRecord, row: Row, phase: Phase): void {
    const warn = (field: Field): void => {
      const index = columns[field]!;
      this.log.add({ severity: "warning", code: "negative-amount", file: src.name, line: record.line, column: header[index]!.trim(), value: record.fields[index]! });
    };
    if (isNegative(row.revenue)) warn(columns.revenue !== undefined ? "revenue" : "avgRevenue");
    if (phase !== "churn" && isNegative(row.cost)) warn("cost");
  }
}

/** Warns about phases with no rows at all, and years that a phase has no rows for. */
function coverageIssues(files: FileState[], years: Set<number>): Issue[] {
  const issues: Issue[] = [];
  for (const file of files) {
    const phases = file.phase ? [file.phase] : PHASES;
    if (file.records === 0) continue;
    for (const phase of phases) {
      for (const year of [...years].sort((a, b) => a - b)) {
        if (file.years[phase].has(year)) continue;
        const detail = file.phase ? `${year}` : `${PHASE_WORD[phase]} customers in ${year}`;
        issues.push({ severity: "warning", code: "year-missing", file: file.src.name, detail });
      }
    }
  }
  return issues;
}

/** Reads every input and returns the sums with all issues found. */
export async function readInputs(options: ReadOptions): Promise<ReadResult> {
  const log = new IssueLog(options.maxErrors ?? 50, options.strict ?? false);
  const reader = new Reader(log, options, { ...DEFAULT_CELLS, ...options.cells });
  const files: FileState[] = [];
  const { phases, combined, costs } = options.inputs;
  if (combined) {
    files.push(await reader.readFile(combined, undefined));
  } else {
    for (const phase of PHASES) {
      const src = phases?.[phase];
      if (src) files.push(await reader.readFile(src, phase));
      else log.add({ severity: "warning", code: "missing-phase", file: "", detail: PHASE_WORD[phase] });
    }
  }
  const summaries: FileSummary[] = files.map((f) => ({ file: f.src.name, role: f.phase ? PHASE_WORD[f.phase] : "all", rows: f.records }));
  if (costs) {
    const rows = await readCostsFile(costs, reader.ledger, log, { delimiter: options.delimiter, cells: { ...DEFAULT_CELLS, ...options.cells } });
    summaries.push({ file: costs.name, role: "costs", rows });
  }
  reader.ids.crossCheck().forEach((i) => log.add(i));
  // Which years a phase lacks means little while rows are being rejected.
  if (log.errorCount === 0) coverageIssues(files, new Set(reader.ledger.years.keys())).forEach((i) => log.add(i));
  return { ledger: reader.ledger, log, files: summaries };
}
