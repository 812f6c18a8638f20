/**
 * What happens to one file's rows once its header is known, on the main thread and in the
 * worker threads alike: records -> rows (zod) -> sums and ids, every issue reported on the way.
 * Plain lines go through the fast line reader, anything else through the zod row schema, which
 * also words every error, so both accept and reject exactly the same rows.
 */
import { Ledger } from "./equity.js";
import { FastLines, type FastPlan } from "./fast-lines.js";
import type { IdSink } from "./id-table.js";
import { PHASE_INDEX, type SecondPass } from "./identities.js";
import type { Issue, IssueCode } from "./issues.js";
import { isNegative } from "./money.js";
import type { CsvRecord } from "./io/records.js";
import type { ColumnIndex, Field } from "./schema/columns.js";
import { LAST_YEAR, parsePhase, PHASES, rowSchema, type CellOptions, type Phase, type Row, type RowSchema } from "./schema/row.js";

/** `seen` holds a flag per phase and year: index PHASE_INDEX × YEARS + year. */
export const YEARS = LAST_YEAR + 1;

/** What reading one file has found so far. */
export interface FileState {
  /** The file as messages name it. */
  name: string;
  /** The phase of every row, or undefined when rows carry a phase column. */
  phase: Phase | undefined;
  /** Which years each phase has rows for: index PHASE_INDEX × YEARS + year. */
  seen: Uint8Array;
  /** Data records read, valid or not. */
  records: number;
  /** Whether the file has a customer id column (known once its header is read). */
  ids: boolean;
}

export function fileState(name: string, phase: Phase | undefined): FileState {
  return { name, phase, seen: new Uint8Array(3 * YEARS), records: 0, ids: false };
}

export const hasYear = (state: FileState, phase: Phase, year: number): boolean => state.seen[PHASE_INDEX[phase] * YEARS + year] === 1;

/** What one file's rows need once its header is known. */
export interface FilePlan {
  header: string[];
  columns: ColumnIndex;
  fields: [Field, number][];
  schemas: { withCost: RowSchema; withoutCost: RowSchema };
}

export function filePlan(header: string[], columns: ColumnIndex, cells: CellOptions): FilePlan {
  // A churned row's cost cell is never read (it may be empty), so churned rows get a schema without it.
  const schemas = { withCost: rowSchema(columns, cells, true), withoutCost: rowSchema(columns, cells, false) };
  return { header, columns, fields: Object.entries(columns) as [Field, number][], schemas };
}

export class RowReader {
  /** Set for the second reading, which only places what the id table flagged. */
  second: SecondPass | undefined;

  constructor(
    readonly ledger: Ledger,
    private readonly ids: IdSink,
    /** Issues of the first reading. */
    private readonly report: (issue: Issue) => void,
    /** Issues the second reading finds. */
    private readonly reportSecond: (issue: Issue) => void,
    private readonly cells: CellOptions,
  ) {}

  /** The fast line reader for a file, or undefined when its columns need the schema for every row. */
  fastLines(state: FileState, plan: FilePlan, delimiter: string): FastLines | undefined {
    const { columns } = plan;
    if (columns.date !== undefined || columns.avgRevenue !== undefined || columns.year === undefined || columns.revenue === undefined) return undefined;
    const fastPlan: FastPlan = {
      file: state.name,
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
    const idColumn = columns.id === undefined ? undefined : plan.header[columns.id]!.trim();
    return new FastLines(fastPlan, {
      row: (phaseIndex, year, customers, revenueUnits, costUnits, bytes, idStart, idEnd, line) => {
        state.records++;
        state.seen[phaseIndex * YEARS + year] = 1;
        if (this.second) {
          if (idStart < 0) return; // a file without ids has nothing for the second reading to place
          const id = Buffer.from(bytes.buffer, bytes.byteOffset + idStart, idEnd - idStart).toString("latin1");
          this.second.visit(PHASES[phaseIndex]!, year, id, { file: state.name, line, column: idColumn! }).forEach(this.reportSecond);
          return;
        }
        this.ledger.addUnits(phaseIndex, year, customers, revenueUnits, costUnits);
        if (idStart >= 0) this.ids.addBytes(bytes, idStart, idEnd, phaseIndex, year);
      },
      slow: (fields, line) => {
        if (!fields.every((f) => f.trim() === "")) this.readRow(state, plan, { fields, line });
      },
    });
  }

  readRow(state: FileState, plan: FilePlan, record: CsvRecord): void {
    const { header, columns, fields, schemas } = plan;
    state.records++;
    if (record.fields.length !== header.length) {
      this.report({
        severity: "error",
        code: "ragged-row",
        file: state.name,
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
          file: state.name,
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
    if (this.second) {
      if (row.id !== undefined) this.second.visit(phase, row.year, row.id, { file: state.name, line: record.line, column: header[columns.id!]!.trim() }).forEach(this.reportSecond);
      return;
    }
    this.ledger.add(phase, row.year, row.customers, row.revenue, row.cost);
    this.warnNegative(state, plan, record, row, phase);
    if (row.id !== undefined) this.ids.add(row.id, PHASE_INDEX[phase], row.year);
  }

  private warnNegative(state: FileState, plan: FilePlan, record: CsvRecord, row: Row, phase: Phase): void {
    const { header, columns } = plan;
    const warn = (field: Field): void => {
      const index = columns[field]!;
      this.report({ severity: "warning", code: "negative-amount", file: state.name, line: record.line, column: header[index]!.trim(), value: record.fields[index]! });
    };
    if (isNegative(row.revenue)) warn(columns.revenue !== undefined ? "revenue" : "avgRevenue");
    if (phase !== "churn" && isNegative(row.cost)) warn("cost");
  }
}
