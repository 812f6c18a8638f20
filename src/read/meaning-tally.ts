/**
 * Counts what a file's meaning columns (schema/meaning.ts) hold in the rows that are read, and
 * turns the counts into issues once the file is read: a refund column with non-zero values, a
 * status with values that are not revenue, values not known either way.
 */
import { POSITIVE_TAKEN_BACK, type Issue } from "../issues.js";
import { add, isNegative, isZero, toFixed, ZERO, type Decimal } from "../money.js";

const isPositive = (value: Decimal): boolean => !isNegative(value) && !isZero(value);
import { amountReader, type CellOptions } from "../schema/row.js";
import { classifyStatus, statusKey, type MeaningColumn, type StatusClass } from "../schema/meaning.js";
import type { Phase } from "../schema/row.js";

/** Statuses that say why a customer is in the churned file: no statement about the amounts. */
const CHURN_STATES = new Set("canceled|cancelled|churned|churn|lost|closed lost|expired|inactive|terminated|non renewing|gekündigt|gekuendigt|verloren".split("|"));

/** Distinct values kept per status column: a free-text "type" column must not cost memory without bound. */
const MAX_VALUES = 1_000;
/** Values listed in one message before the rest are counted. */
const LISTED = 8;

interface ValueCount {
  rows: number;
  line: number;
  /** Of a refund row's value: the rows whose amount is positive (a refund adds to revenue that way), and the first. */
  positive?: { rows: number; line: number };
}

interface Tally {
  column: MeaningColumn;
  /** Refund columns: rows with a non-zero amount, their total, the first such line, and cells that are no amount. */
  rows: number;
  total: Decimal;
  line: number;
  unreadable: Map<string, ValueCount>;
  /** Status columns: each value as written (trimmed), counted. */
  values: Map<string, ValueCount>;
  others: number;
}

export interface MeaningRules {
  /** A --refund-column is given: `refunded` statuses are settled by it. */
  refundColumn: boolean;
  /** How amounts are written: a decimal comma, minor units. */
  amounts: Pick<CellOptions, "decimalComma" | "minorUnits">;
  /** The phase of a file of one phase: in the churned file, `canceled` or `lost` is what put a customer there. */
  phase?: Phase | undefined;
}

const rowsWord = (n: number): string => `${n.toLocaleString("en")} row${n === 1 ? "" : "s"}`;

function count(map: Map<string, ValueCount>, value: string, line: number): ValueCount | undefined {
  let seen = map.get(value);
  if (seen) seen.rows++;
  else if (map.size < MAX_VALUES) map.set(value, (seen = { rows: 1, line }));
  return seen;
}

export class MeaningTally {
  private readonly tallies: Tally[];
  /** Amount readers by minor units (see row()); the run's is made first. */
  private readonly readers = new Map<number | undefined, (text: string) => Decimal | null>();

  constructor(
    columns: readonly MeaningColumn[],
    private readonly rules: MeaningRules,
  ) {
    this.reader(rules.amounts.minorUnits);
    this.tallies = columns.map((column) => ({ column, rows: 0, total: ZERO, line: 0, unreadable: new Map(), values: new Map(), others: 0 }));
  }

  /** How a cell is read as an amount in `minorUnits` (undefined: the major unit). */
  private reader(minorUnits: number | undefined): (text: string) => Decimal | null {
    let amount = this.readers.get(minorUnits);
    if (!amount) {
      const read = amountReader({ ...this.rules.amounts, minorUnits, emptyAsZero: true });
      amount = (text) => {
        const value = read(text);
        return typeof value === "string" ? null : value;
      };
      this.readers.set(minorUnits, amount);
    }
    return amount;
  }

  get empty(): boolean {
    return this.tallies.length === 0;
  }

  /**
   * A row that is read (it passed every --where), with its amount once read (a refund row's
   * sign is checked: a `refund` type with a positive amount would add to revenue). `minorUnits`:
   * the row's own, when a currency column says it (see rowMinorUnits); the run's by default.
   */
  row(fields: readonly string[], line: number, rowAmount?: Decimal, minorUnits = this.rules.amounts.minorUnits): void {
    const amountOf = this.reader(minorUnits);
    for (const t of this.tallies) {
      const cell = (fields[t.column.index] ?? "").trim();
      // A one-word `Refunded` column may hold yes/no or the refunded amount.
      const amount = t.column.kind === "refund" || (t.column.truthMeans === "refund" && !/^[01]$/.test(cell)) ? amountOf(cell) : null;
      if (t.column.kind === "status" && amount === null) {
        const seen = count(t.values, cell, line);
        if (!seen) t.others++;
        else if ((rowAmount === undefined || isPositive(rowAmount)) && classifyStatus(t.column, cell) === "refund-row") {
          if (seen.positive) seen.positive.rows++;
          else seen.positive = { rows: 1, line };
        }
        continue;
      }
      if (cell === "") continue;
      if (amount === null) {
        count(t.unreadable, cell, line);
      } else if (!isZero(amount)) {
        if (t.rows++ === 0) t.line = line;
        t.total = add(t.total, amount);
      }
    }
  }

  /** The issues of a file, once it is read. */
  issues(file: string, headerLine: number): Issue[] {
    return this.tallies.flatMap((t) => [...refundIssues(t, file, headerLine), ...(t.column.kind === "status" ? statusIssues(t, file, headerLine, this.rules) : [])]);
  }
}

function refundIssues(t: Tally, file: string, headerLine: number): Issue[] {
  const issues: Issue[] = [];
  const column = t.column.name;
  if (t.rows > 0) {
    const detail = `${rowsWord(t.rows)} ${t.rows === 1 ? "holds" : "hold"} a non-zero amount here, ${toFixed(t.total, Math.max(2, t.total.scale))} in all (the first on line ${t.line}), and the amounts were not netted by it`;
    issues.push({ severity: "error", code: "refund-column", file, line: headerLine, column, detail, remedy: { flag: "--refund-column", value: column } });
  }
  for (const [value, seen] of t.unreadable) {
    issues.push({ severity: "error", code: "refund-value", file, line: seen.line, column, value, detail: rowsWord(seen.rows), remedy: { flag: "--ignore-column", value: column } });
  }
  return issues;
}

/** The distinct values of a status column with their counts, most rows first: "Paid 120, Failed 12". */
function listValues(t: Tally): string {
  const sorted = [...t.values].sort((a, b) => b[1].rows - a[1].rows);
  const shown = sorted.slice(0, LISTED).map(([v, c]) => `${v === "" ? "(empty)" : JSON.stringify(v)} ${c.rows.toLocaleString("en")}`);
  const rest = sorted.length - LISTED;
  const more = t.others > 0 ? " and more" : rest > 0 ? ` and ${rest.toLocaleString("en")} more` : "";
  return `${shown.join(", ")}${more}`;
}

function statusIssues(t: Tally, file: string, headerLine: number, rules: MeaningRules): Issue[] {
  const column = t.column.name;
  const by = new Map<StatusClass, [string, ValueCount][]>();
  for (const entry of t.values) {
    let kind = rules.phase === "churn" && CHURN_STATES.has(statusKey(entry[0])) ? "revenue" : classifyStatus(t.column, entry[0]);
    if (kind === "refund") kind = rules.refundColumn ? "revenue" : "non-revenue";
    if (kind === "refund-row") kind = entry[1].positive ? "non-revenue" : "revenue";
    by.set(kind, [...(by.get(kind) ?? []), entry]);
  }
  const values = listValues(t);
  const revenue = by.get("revenue") ?? [];
  const issues: Issue[] = [];
  // Values the run named as the column's revenue: the rest are each dropped by name.
  const named = t.column.revenueValues;
  for (const [value, seen] of by.get("non-revenue") ?? []) {
    // One value kept: `--where "Status=Paid"`; else drop this one.
    const where = named === undefined && revenue.length === 1 && revenue[0]![0] !== "" ? `${column}=${revenue[0]![0]}` : `${column}!=${value}`;
    const refund = classifyStatus(t.column, value);
    if (refund === "refund-row" && seen.positive) {
      const what = named === undefined ? "of a refund with a positive amount, which would add to revenue (a refund row's amount is negative)" : "with a positive amount: a value that takes revenue back (a credit memo or a refund) would add to it, since ceq reads its amount as written, and it must be negative";
      const detail = `${rowsWord(seen.positive.rows)} ${what}; the column holds ${values}`;
      issues.push({ severity: "error", code: "non-revenue-status", file, line: seen.positive.line, column, value, detail, remedy: { flag: "--where", value: where, ...(named !== undefined ? { why: POSITIVE_TAKEN_BACK } : {}) } });
      continue;
    }
    const why = refund === "refund" ? " (a refund: --refund-column with the refunded amount's column nets it)" : named !== undefined ? `, not among the revenue values --revenue-values names for the column (${named.join(", ")})` : "";
    issues.push({ severity: "error", code: "non-revenue-status", file, line: seen.line, column, value, detail: `${rowsWord(seen.rows)}${why}; the column holds ${values}`, remedy: { flag: "--where", value: where, ...(named !== undefined ? { why: `${column}=${[...named, value].join(",")}` } : {}) } });
  }
  const unknown = by.get("unknown") ?? [];
  if (unknown.length > 0 || t.others > 0) {
    const first = unknown[0]?.[1].line ?? headerLine;
    const named = unknown.slice(0, LISTED).map(([v, c]) => `${JSON.stringify(v)} (${rowsWord(c.rows)})`).join(", ");
    const detail = `${named}${unknown.length > LISTED || t.others > 0 ? " and more" : ""}; the column holds ${values}`;
    issues.push({ severity: "warning", code: "unknown-status", file, line: first, column, detail, remedy: { flag: "--ignore-column", value: column } });
  }
  return issues;
}
