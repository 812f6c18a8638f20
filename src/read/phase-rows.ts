/**
 * What happens to one file's rows once its header is known, on the main thread and in the
 * worker threads alike: records -> rows (zod) -> sums and ids, every issue reported on the way.
 * Plain lines go through the fast line reader, anything else through the zod row schema, which
 * also words every error, so both accept and reject exactly the same rows.
 */
import { UNIT_SCALE } from "../model/equity.js";
import { type Segments } from "../model/segments.js";
import { groupOfFields } from "./group-index.js";
import { FastLines, type FastPlan } from "../csv/fast-lines.js";
import type { IdSink } from "./id-table.js";
import { PHASE_INDEX, type SecondPass } from "./identities.js";
import type { Issue, IssueCode, IssueLog, Remedy } from "../issues.js";
import { add, compare, decimal, isNegative, multiply, subtract, toLiteral, ZERO, type Decimal } from "../money.js";
import { amountRemedy, parseAmount } from "../schema/amount.js";
import { isTotalsLabel } from "../schema/totals.js";
import { isRefundProblem, refundOf } from "../schema/refund.js";
import { markerProblem, rowCurrency } from "../schema/currency-marker.js";
import { offWidth } from "./footer.js";
import type { FollowedRows } from "./parallel/follow-log.js";
import type { CsvRecord } from "../csv/records.js";
import type { Field } from "../schema/columns.js";
import { amountReader, fxKey, LAST_PERIOD, phaseReader, PHASES, rowMinorUnits, type CellOptions, type Phase, type Row } from "../schema/row.js";
import type { FilePlan } from "./file-plan.js";

/** Pending revenue units move into the exact sum before a double could round them. */
const FLUSH_UNITS = 2 ** 52;

/** `seen` holds a flag per phase and period (a year, or with --period a quarter or month): index
 * PHASE_INDEX × YEARS + period. */
export const YEARS = LAST_PERIOD + 1;

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
  /** Revenue of the rows added so far (settled, and fast-path units not yet settled), and how
   * many rows: what a totals row is checked against. */
  revenue: Decimal;
  revenueUnits: number;
  rows: number;
  /** The same at the last totals row: a totals row totals the rows since the one before. */
  mark: { revenue: Decimal; rows: number };
  /** Rows in a currency other than the run's, by code: how many, and the first one's line. */
  foreign: Map<string, { rows: number; line: number; year: number }>;
  /** Ragged rows not yet reported: errors if a row follows them, a footer if they end the file
   * after a blank line. */
  ragged: { line: number; fields: number }[];
  /** The line of the last row that was not ragged (0: none yet; the header's once it is read). */
  lastLine: number;
  /** Rows each --where filter left out (a row counts for the first filter it fails). */
  filtered: number[];
  /** The --fx-rates used, as "EUR 2024". */
  fxUsed: Set<string>;
  /** Ids of rows that failed to parse: their customers' later rows have no earlier record only
   * because of that error, which is not raised a second time as a warning. */
  failedIds: string[];
}

export function fileState(name: string, phase: Phase | undefined): FileState {
  return { name, phase, seen: new Uint8Array(3 * YEARS), records: 0, ids: false, revenue: ZERO, revenueUnits: 0, rows: 0, mark: { revenue: ZERO, rows: 0 }, foreign: new Map(), ragged: [], lastLine: 0, filtered: [], fxUsed: new Set(), failedIds: [] };
}

/** The revenue of a file's rows so far, exact. */
export function fileRevenue(state: FileState): Decimal {
  if (state.revenueUnits !== 0) {
    state.revenue = add(state.revenue, decimal(BigInt(state.revenueUnits), UNIT_SCALE));
    state.revenueUnits = 0;
  }
  return state.revenue;
}

/** Counts rows of another currency, which are never added. */
export function noteForeign(state: FileState, code: string, rows: number, line: number, year: number): void {
  const seen = state.foreign.get(code);
  if (!seen) state.foreign.set(code, { rows, line, year });
  else state.foreign.set(code, { rows: seen.rows + rows, ...(line < seen.line ? { line, year } : { line: seen.line, year: seen.year }) });
}

/** Thrown by a worker's reader at a totals row or a ragged row: the main thread reads the file
 * from that range on, since checking a total needs the sums of every row before it, and whether
 * ragged rows are a footer depends on what follows them. */
export class MainThreadRow extends Error {}

export const hasYear = (state: FileState, phase: Phase, year: number): boolean => state.seen[PHASE_INDEX[phase] * YEARS + year] === 1;

/** What one file's rows need once its header is known. */
/** Sees every row summed, with its customer id if the file has one (revenue movements, ceq cohorts). */
export interface RowVisitor {
  /** A row the schema read. */
  row(phase: Phase, period: number, row: { id: string | undefined; customers: number; revenue: Decimal; cost: Decimal; group: string; file: string; line: number }): void;
  /** A plain line the fast path read: its phase's index, amounts in units of 10^-4, its id's bytes
   * (idStart −1: the file has no id column). Without it every row takes the schema's path. */
  line?(phase: number, period: number, customers: number, revenueUnits: number, costUnits: number, bytes: Uint8Array, idStart: number, idEnd: number, group: string, file: string, line: number): void;
  /** The rows of a range another thread read (parallel/follow-log.ts), in order; `line` is the
   * range's first line. Without it, a big file is read on one thread. */
  replay?(rows: FollowedRows, file: string, line: number): void;
}

export class RowReader {
  /** Set for the second reading, which only places what the id table flagged. */
  second: SecondPass | undefined;
  /** Set to see every row summed (a worker's is a FollowLog, handed over on the main thread). */
  visit: RowVisitor | undefined;
  /** The log the first reading's issues go to, when known: a warning it would only count is not built. */
  log: IssueLog | undefined;

  constructor(
    readonly segments: Segments,
    private readonly ids: IdSink,
    /** Issues of the first reading. */
    private readonly report: (issue: Issue) => void,
    /** Issues the second reading finds. */
    private readonly reportSecond: (issue: Issue) => void,
    private readonly cells: CellOptions,
    /** A worker's reader: at a totals row or a ragged row it throws MainThreadRow rather than read it. */
    private readonly inWorker = false,
  ) {
    this.phaseOf = phaseReader(cells);
    this.fx = new Map((cells.fxRates ?? []).map((r) => [fxKey(r.currency, r.year), r.rate]));
  }

  private readonly fx: Map<string, Decimal>;

  private readonly phaseOf: (text: string) => Phase | null;

  /** The fast line reader for a file, or undefined when its columns need the schema for every row. */
  fastLines(state: FileState, plan: FilePlan, delimiter: string): FastLines | undefined {
    const { columns } = plan;
    if (!plan.meaning.empty || plan.refunds.length > 0) return undefined;
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
      currency: columns.currency ?? -1,
      currencyCode: this.cells.currency,
      minorUnits: this.cells.minorUnits,
      phaseOf: this.phaseOf,
      filters: plan.filters,
      by: plan.by,
    };
    const idColumn = columns.id === undefined ? undefined : plan.header[columns.id]!.trim();
    return new FastLines(fastPlan, {
      row: (phaseIndex, year, customers, revenueUnits, costUnits, bytes, idStart, idEnd, line, group) => {
        state.records++;
        this.rowBegins(state, plan, line);
        state.seen[phaseIndex * YEARS + year] = 1;
        if (this.second) {
          if (idStart < 0) return; // a file without ids has nothing for the second reading to place
          const id = Buffer.from(bytes.buffer, bytes.byteOffset + idStart, idEnd - idStart).toString("latin1");
          this.second.visit(PHASES[phaseIndex]!, year, id, { file: state.name, line, column: idColumn! }).forEach(this.reportSecond);
          return;
        }
        this.segments.of(group).addUnits(phaseIndex, year, customers, revenueUnits, costUnits);
        state.rows++;
        state.revenueUnits += revenueUnits;
        if (state.revenueUnits > FLUSH_UNITS || state.revenueUnits < -FLUSH_UNITS) fileRevenue(state);
        if (idStart >= 0) this.ids.addBytes(bytes, idStart, idEnd, phaseIndex, year);
        this.visit?.line?.(phaseIndex, year, customers, revenueUnits, costUnits, bytes, idStart, idEnd, group, state.name, line);
      },
      negative: (column, bytes, start, end, line) => {
        if (this.second || this.log?.countsOnly("warning")) return;
        const value = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("latin1");
        this.report({ severity: "warning", code: "negative-amount", file: state.name, line, column: plan.header[column]!.trim(), value });
      },
      filtered: (filter, line) => {
        // A row read, as on the slow path, then left out.
        state.records++;
        this.rowBegins(state, plan, line);
        state.filtered[filter] = (state.filtered[filter] ?? 0) + 1;
      },
      slow: (fields, line) => {
        if (!fields.every((f) => f.trim() === "")) this.readRow(state, plan, { fields, line });
      },
    });
  }

  readRow(state: FileState, plan: FilePlan, given: CsvRecord): void {
    let record = given;
    const { header, columns, fields, schemas } = plan;
    state.records++;
    const labelAt = columns.id ?? 0;
    const ragged = record.fields.length !== header.length;
    const revenueCell = columns.revenue === undefined ? undefined : record.fields[columns.revenue];
    // A totals row with fewer cells is still one when its revenue is where the header says.
    if (isTotalsLabel(record.fields[labelAt] ?? "") && (!ragged || (revenueCell !== undefined && parseAmount(revenueCell, plan.cells) !== null))) {
      if (this.inWorker) throw new MainThreadRow();
      if (state.ragged.length > 0) this.raggedRows(state, plan);
      this.totalsRow(state, plan, record, labelAt);
      return;
    }
    if (ragged) {
      if (this.inWorker) throw new MainThreadRow();
      // A row of data is never a footer (see footer.ts); the rest are held until it is known which they are.
      const row = offWidth(state.name, record, header, columns, plan.cells, (state.ragged[0]?.line ?? record.line) > state.lastLine + 1);
      if (row === "held") return void state.ragged.push({ line: record.line, fields: record.fields.length });
      if ("severity" in row) {
        this.rowBegins(state, plan, record.line);
        return this.report(row);
      }
      record = row;
    }
    this.rowBegins(state, plan, record.line);
    const failed = plan.filters.findIndex((f) => (record.fields[f.index]!.trim() === f.value) !== f.equal);
    if (failed !== -1) {
      state.filtered[failed] = (state.filtered[failed] ?? 0) + 1;
      return;
    }
    const raw: Partial<Record<Field, string>> = {};
    for (const [field, index] of fields) raw[field] = record.fields[index]!;
    const rowPhase = state.phase ?? (raw.phase !== undefined ? this.phaseOf(raw.phase) : null);
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
          ...this.remedy(problem.message as IssueCode, raw[field] ?? ""),
        });
      }
      if (raw.id !== undefined && raw.id.trim() !== "") state.failedIds.push(raw.id.trim());
      return;
    }
    const row = parsed.data;
    if (!this.second) plan.meaning.row(record.fields, record.line, row.revenue, rowMinorUnits(this.cells, row.currency));
    if (plan.refunds.length > 0) {
      // A refund is in the row's currency: with --minor-units, in its minor unit.
      const refund = refundOf(plan.header, plan.refunds, record.fields, row.revenue, { ...plan.cells, minorUnits: rowMinorUnits(plan.cells, row.currency) });
      if (isRefundProblem(refund)) return this.report({ ...refund, file: state.name, line: record.line });
      row.revenue = subtract(row.revenue, refund);
    }
    const currency = rowCurrency(header, columns.currency, row.currency, this.cells.currency);
    const marked = markerProblem(header, record.fields, rowPhase === "churn" ? plan.amounts.churn : plan.amounts.other, currency);
    if (marked) return this.report({ ...marked, file: state.name, line: record.line });
    // Amounts in two currencies are never added: another currency's rows are converted by
    // --fx-rates, exactly, or counted (an error) and not summed.
    if (row.currency !== undefined && row.currency !== this.cells.currency) {
      const key = fxKey(row.currency, row.year);
      const rate = this.fx.get(key);
      if (!rate) {
        noteForeign(state, row.currency, 1, record.line, row.year);
        return;
      }
      state.fxUsed.add(key);
      row.revenue = multiply(row.revenue, rate);
      row.cost = multiply(row.cost, rate);
    }
    const phase = state.phase ?? row.phase!;
    state.seen[PHASE_INDEX[phase] * YEARS + row.period] = 1;
    if (this.second) {
      if (row.id !== undefined) this.second.visit(phase, row.period, row.id, { file: state.name, line: record.line, column: header[columns.id!]!.trim() }).forEach(this.reportSecond);
      return;
    }
    const group = groupOfFields(record.fields, plan.by);
    this.segments.of(group).add(phase, row.period, row.customers, row.revenue, row.cost);
    this.visit?.row(phase, row.period, { id: row.id, customers: row.customers, revenue: row.revenue, cost: row.cost, group, file: state.name, line: record.line });
    state.rows++;
    state.revenue = add(state.revenue, row.revenue);
    this.warnNegative(state, plan, record, row, phase);
    if (row.id !== undefined) this.ids.add(row.id, PHASE_INDEX[phase], row.period);
  }

  /** What a refused cell's issue carries besides the cell: the date layout, or an amount's likely remedy. */
  private remedy(code: IssueCode, value: string): { detail?: string; remedy?: Remedy } {
    if (code === "bad-date") return { detail: this.cells.dateFormat ?? "YYYY-MM-DD" };
    const flag = code === "bad-amount" ? amountRemedy(value, this.cells) : undefined;
    return flag === undefined ? {} : { remedy: { flag } };
  }

  /** A row that is not ragged, on any path: the ragged rows held back are no footer, and it is
   * the last such row so far. */
  private rowBegins(state: FileState, plan: FilePlan, line: number): void {
    if (state.ragged.length > 0) this.raggedRows(state, plan);
    state.lastLine = line;
  }

  /** Reports the ragged rows held back: a row came after them, so they are no footer. */
  raggedRows(state: FileState, plan: FilePlan): void {
    const width = plan.header.length;
    for (const { line, fields } of state.ragged) {
      this.report({ severity: "error", code: "ragged-row", file: state.name, line, detail: `${fields} field${fields === 1 ? "" : "s"}; the header has ${width}` });
    }
    state.ragged = [];
  }

  /**
   * At the end of a file, ragged rows that follow the last row after a blank line are a report's
   * footer (`Grand Totals (3 records)`, `Generated By …`): one warning with their lines, which
   * stays a warning under --strict. Without the blank line they are ragged rows.
   */
  endOfFile(state: FileState, plan: FilePlan, headerLine: number): void {
    if (!this.second) plan.meaning.issues(state.name, headerLine).forEach((issue) => this.report(issue));
    const first = state.ragged[0];
    if (!first) return;
    if (first.line <= state.lastLine + 1) {
      this.raggedRows(state, plan);
      return;
    }
    const last = state.ragged[state.ragged.length - 1]!.line;
    const detail = first.line === last ? `line ${first.line}` : `lines ${first.line}-${last}`;
    this.report({ severity: "warning", lenient: true, code: "footer", file: state.name, line: first.line, detail });
    state.ragged = [];
  }

  /**
   * A totals row is left out, with a warning that says whether its revenue equals the rows it
   * totals: those since the totals row before it, or (a grand total after subtotals) all rows so
   * far. One that reconciles stays a warning under --strict; one that does not is an error there.
   */
  private totalsRow(state: FileState, plan: FilePlan, record: CsvRecord, labelAt: number): void {
    const { header, columns } = plan;
    const all = fileRevenue(state);
    const section = { revenue: subtract(all, state.mark.revenue), rows: state.rows - state.mark.rows };
    state.mark = { revenue: all, rows: state.rows };
    const where = { file: state.name, line: record.line, column: header[labelAt]!.trim(), value: record.fields[labelAt]! };
    const cell = columns.revenue !== undefined ? record.fields[columns.revenue] : undefined;
    // In the run's unit: with --minor-units, whole numbers of its minor unit, as the rows it totals.
    const amount = cell === undefined || cell.trim() === "" ? null : amountReader(plan.cells)(cell);
    if (amount === null || typeof amount === "string") {
      this.report({ severity: "warning", code: "totals-row", ...where, detail: "it has no revenue amount to check" });
      return;
    }
    const rows = (n: number) => `${n.toLocaleString("en")} row${n === 1 ? "" : "s"}`;
    if (compare(amount, section.revenue) === 0) {
      this.report({ severity: "warning", lenient: true, code: "totals-row", ...where, detail: `it reconciles: ${toLiteral(amount, amount.scale)} is the sum of the ${rows(section.rows)} it totals` });
    } else if (state.mark.rows !== section.rows && compare(amount, all) === 0) {
      this.report({ severity: "warning", lenient: true, code: "totals-row", ...where, detail: `it reconciles: ${toLiteral(amount, amount.scale)} is the sum of all ${rows(state.rows)} above it` });
    } else {
      const detail = `it does not reconcile: it says ${toLiteral(amount, amount.scale)}, the ${rows(section.rows)} it totals add up to ${toLiteral(section.revenue, section.revenue.scale)}`;
      this.report({ severity: "warning", code: "totals-row", ...where, detail });
    }
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
