/**
 * Reads the inputs into a ledger: records -> rows (zod) -> sums, collecting every issue on the
 * way. Streaming: a row is folded into the sums and dropped; customer ids are kept only as
 * hashes in a compact table.
 *
 * Two paths give identical results. Blocks of lines without quotes go through a fast line
 * parser that reads plain amounts, years, counts and ids straight from the text; any row it is
 * not certain of (and every quoted record) goes through the zod row schema, which also words
 * every error. If the id table flags a problem, the inputs are read a second time to place it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Ledger } from "./equity.js";
import { CustomerIds, PHASE_WORD, type SecondPass } from "./identities.js";
import { IssueLog, type Issue, type IssueCode } from "./issues.js";
import { isNegative } from "./money.js";
import { readBatches, splitLines, type CsvRecord } from "./io/records.js";
import { InputProblem, type Source } from "./io/source.js";
import { resolveColumns, type ColumnFlags, type ColumnIndex, type Field } from "./schema/columns.js";
import { readCostsFile } from "./read-costs.js";
import { FastLines, type FastPlan } from "./fast-lines.js";
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
  /** Test hook: false sends every row through the zod schema, to prove both paths agree. */
  fastPath?: boolean;
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

const PHASE_INDEX: Record<Phase, number> = { acquisition: 0, retention: 1, churn: 2 };

export const DEFAULT_CELLS: CellOptions = { decimalComma: false, emptyAsZero: false, fiscalYearStart: 1 };

export interface FileState {
  src: Source;
  /** The phase of every row, or undefined when rows carry a phase column. */
  phase: Phase | undefined;
  /** Which years each phase has rows for: index PHASE_INDEX × 10000 + year. */
  seen: Uint8Array;
  /** Data records read, valid or not. */
  records: number;
}

const YEARS = 10000;
const hasYear = (state: FileState, phase: Phase, year: number): boolean => state.seen[PHASE_INDEX[phase] * YEARS + year] === 1;

/** What one file's rows need once its header is known. */
interface FilePlan {
  header: string[];
  columns: ColumnIndex;
  fields: [Field, number][];
  schemas: { withCost: RowSchema; withoutCost: RowSchema };
}


class Reader {
  readonly ledger = new Ledger();
  readonly ids = new CustomerIds();
  /** Set for the second reading, which only places what the id table flagged. */
  second: SecondPass | undefined;

  constructor(
    readonly log: IssueLog,
    private readonly options: ReadOptions,
    private readonly cells: CellOptions,
  ) {}

  /** Issues of the first reading; the second reading has reported them already. */
  private report(issue: Issue): void {
    if (!this.second) this.log.add(issue);
  }

  async readFile(src: Source, phase: Phase | undefined): Promise<FileState> {
    const state: FileState = { src, phase, seen: new Uint8Array(3 * YEARS), records: 0 };
    let delimiter = this.options.delimiter ?? ",";
    let plan: FilePlan | undefined;
    let fast: FastLines | undefined;
    const onRecord = (record: CsvRecord): boolean => {
      if (plan) {
        this.readRow(state, plan, record);
        return true;
      }
      plan = this.plan(state, record);
      if (plan && this.options.fastPath !== false) fast = this.fastLines(state, plan, delimiter);
      return plan !== undefined;
    };
    try {
      let any = false;
      for await (const batch of readBatches(src, { delimiter: this.options.delimiter, onDelimiter: (d) => (delimiter = d), plain: this.options.fastPath === false })) {
        any = true;
        if (batch.kind === "records") {
          for (const record of batch.records) if (!onRecord(record)) return state;
          continue;
        }
        if (fast) {
          fast.read(batch.bytes, batch.line);
          continue;
        }
        // Until the header is known, and in files the fast path cannot read, line by line;
        // once the header is known, the rest of its block goes on the fast path.
        const { bytes } = batch;
        let line = batch.line;
        let start = 0;
        while (start < bytes.length && !fast) {
          const lf = bytes.indexOf(0x0a, start);
          const end = lf === -1 ? bytes.length : lf + 1;
          for (const record of splitLines(bytes.subarray(start, end), line, delimiter, src.name)) if (!onRecord(record)) return state;
          start = end;
          line++;
        }
        const reader = fast as FastLines | undefined;
        if (reader && start < bytes.length) reader.read(bytes.subarray(start), line);
      }
      if (!any || !plan) {
        if (!plan) this.report({ severity: "error", code: "empty-file", file: src.name });
        return state;
      }
      if (state.records === 0) this.report({ severity: "warning", code: "no-rows", file: src.name });
    } catch (error) {
      if (!(error instanceof InputProblem)) throw error;
      this.report(error.issue);
    }
    return state;
  }

  /** Resolves the header; undefined when the file cannot be read for want of columns. */
  private plan(state: FileState, header: CsvRecord): FilePlan | undefined {
    const { src, phase } = state;
    const { columns, issues } = resolveColumns(header.fields, {
      file: src.name,
      line: header.line,
      flags: this.options.columns ?? {},
      needsPhase: phase === undefined,
      unread: phase === "churn" ? ["cost"] : [],
    });
    issues.forEach((i) => this.report(i));
    if (issues.some((i) => i.severity === "error")) return undefined;
    if (phase === "churn" && columns.cost !== undefined) {
      this.report({ severity: "warning", code: "ignored-cost", file: src.name, line: header.line, column: header.fields[columns.cost]!.trim() });
    }
    // A churned row's cost cell is never read (it may be empty), so churned rows get a schema without it.
    const schemas = { withCost: rowSchema(columns, this.cells, true), withoutCost: rowSchema(columns, this.cells, false) };
    return { header: header.fields, columns, fields: Object.entries(columns) as [Field, number][], schemas };
  }

  private fastLines(state: FileState, plan: FilePlan, delimiter: string): FastLines | undefined {
    const { columns } = plan;
    if (columns.date !== undefined || columns.avgRevenue !== undefined || columns.year === undefined || columns.revenue === undefined) return undefined;
    const fastPlan: FastPlan = {
      file: state.src.name,
      delimiter,
      decimal: this.cells.decimalComma ? "," : ".",
      fields: plan.header.length,
      year: columns.year,
      revenue: columns.revenue,
      cost: columns.cost ?? -1,
      count: columns.count ?? -1,
      id: columns.id ?? -1,
      phase: state.phase === undefined ? columns.phase! : -1,
      fixedPhase: state.phase === undefined ? -1 : PHASE_INDEX[state.phase],
    };
    return new FastLines(fastPlan, {
      row: (phaseIndex, year, customers, revenueUnits, costUnits, bytes, idStart, idEnd, line) => {
        state.records++;
        state.seen[phaseIndex * YEARS + year] = 1;
        if (this.second) {
          const phase = PHASES[phaseIndex]!;
          const id = Buffer.from(bytes.buffer, bytes.byteOffset + idStart, idEnd - idStart).toString("latin1");
          if (idStart >= 0) this.second.visit(phase, year, id, { file: state.src.name, line }).forEach((i) => this.log.add(i));
          return;
        }
        this.ledger.addUnits(phaseIndex, year, customers, revenueUnits, costUnits);
        if (idStart >= 0) this.ids.table.addBytes(bytes, idStart, idEnd, phaseIndex, year);
      },
      slow: (fields, line) => {
        if (!isBlank(fields)) this.readRow(state, plan, { fields, line });
      },
    });
  }

  private readRow(state: FileState, plan: FilePlan, record: CsvRecord): void {
    const { src } = state;
    const { header, columns, fields, schemas } = plan;
    state.records++;
    if (record.fields.length !== header.length) {
      this.report({
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
        this.report({
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
    state.seen[PHASE_INDEX[phase] * YEARS + row.year] = 1;
    const where = { file: src.name, line: record.line };
    if (this.second) {
      if (row.id !== undefined) this.second.visit(phase, row.year, row.id, where).forEach((i) => this.log.add(i));
      return;
    }
    this.ledger.add(phase, row.year, row.customers, row.revenue, row.cost);
    this.warnNegative(src, plan, record, row, phase);
    if (row.id !== undefined) this.ids.record(phase, row.year, row.id);
  }

  private warnNegative(src: Source, plan: FilePlan, record: CsvRecord, row: Row, phase: Phase): void {
    const { header, columns } = plan;
    const warn = (field: Field): void => {
      const index = columns[field]!;
      this.report({ severity: "warning", code: "negative-amount", file: src.name, line: record.line, column: header[index]!.trim(), value: record.fields[index]! });
    };
    if (isNegative(row.revenue)) warn(columns.revenue !== undefined ? "revenue" : "avgRevenue");
    if (phase !== "churn" && isNegative(row.cost)) warn("cost");
  }
}

function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === "");
}

/** Warns about years that a phase has no rows for. */
function coverageIssues(files: FileState[], years: Set<number>): Issue[] {
  const issues: Issue[] = [];
  for (const file of files) {
    const phases = file.phase ? [file.phase] : PHASES;
    if (file.records === 0) continue;
    for (const phase of phases) {
      for (const year of [...years].sort((a, b) => a - b)) {
        if (hasYear(file, phase, year)) continue;
        const detail = file.phase ? `${year}` : `${PHASE_WORD[phase]} customers in ${year}`;
        issues.push({ severity: "warning", code: "year-missing", file: file.src.name, detail });
      }
    }
  }
  return issues;
}

/** Standard input can be read once only: it is copied to a temp file, in case of a second reading. */
async function replayable(inputs: Inputs, temp: { dir?: string }): Promise<Inputs> {
  const all = [inputs.combined, inputs.costs, ...Object.values(inputs.phases ?? {})];
  if (!all.some((s) => s?.path === "-")) return inputs;
  temp.dir = await mkdtemp(join(tmpdir(), "ceq-stdin-"));
  const path = join(temp.dir, "stdin");
  await pipeline(process.stdin, createWriteStream(path));
  const swap = (s: Source | undefined): Source | undefined => (s?.path === "-" ? { name: s.name, path } : s);
  const phases: Partial<Record<Phase, Source>> = {};
  for (const [phase, s] of Object.entries(inputs.phases ?? {})) phases[phase as Phase] = swap(s)!;
  const out: Inputs = { phases };
  const combined = swap(inputs.combined);
  const costs = swap(inputs.costs);
  if (combined) out.combined = combined;
  if (costs) out.costs = costs;
  return out;
}

/** Reads every input and returns the sums with all issues found. */
export async function readInputs(options: ReadOptions): Promise<ReadResult> {
  const log = new IssueLog(options.maxErrors ?? 50, options.strict ?? false);
  const reader = new Reader(log, options, { ...DEFAULT_CELLS, ...options.cells });
  const temp: { dir?: string } = {};
  try {
    const { phases, combined, costs } = await replayable(options.inputs, temp);
    const order: [Source, Phase | undefined][] = combined
      ? [[combined, undefined]]
      : PHASES.flatMap((p) => (phases?.[p] ? [[phases[p], p] as [Source, Phase]] : []));
    const files: FileState[] = [];
    if (combined) files.push(await reader.readFile(combined, undefined));
    for (const phase of combined ? [] : PHASES) {
      const src = phases?.[phase];
      if (src) files.push(await reader.readFile(src, phase));
      else log.add({ severity: "warning", code: "missing-phase", file: "", detail: PHASE_WORD[phase] });
    }
    const summaries: FileSummary[] = files.map((f) => ({ file: f.src.name, role: f.phase ? PHASE_WORD[f.phase] : "all", rows: f.records }));
    if (costs) {
      const rows = await readCostsFile(costs, reader.ledger, log, { delimiter: options.delimiter, cells: { ...DEFAULT_CELLS, ...options.cells } });
      summaries.push({ file: costs.name, role: "costs", rows });
    }
    if (reader.ids.needsSecondPass()) {
      reader.second = reader.ids.secondPass();
      for (const [src, phase] of order) await reader.readFile(src, phase);
    }
    // Which years a phase lacks means little while rows are being rejected.
    if (log.errorCount === 0) coverageIssues(files, new Set(reader.ledger.years.keys())).forEach((i) => log.add(i));
    return { ledger: reader.ledger, log, files: summaries };
  } finally {
    if (temp.dir) await rm(temp.dir, { recursive: true, force: true });
  }
}
