import { z } from "zod";
import type { IssueCode } from "../issues.js";
import { multiplyInteger, ZERO, type Decimal } from "../money.js";
import { parseAmount } from "./amount.js";
import type { ColumnIndex, Field } from "./columns.js";

export const PHASES = ["acquisition", "retention", "churn"] as const;
export type Phase = (typeof PHASES)[number];

/** A validated input row: exact types only, whatever the export looked like. */
export interface Row {
  year: number;
  customers: number;
  revenue: Decimal;
  cost: Decimal;
  id?: string;
  phase?: Phase;
}

export interface CellOptions {
  decimalComma: boolean;
  emptyAsZero: boolean;
  /** Month (1-12) in which the fiscal year starts; it is named after the year it ends in. */
  fiscalYearStart: number;
}

const PHASE_NAMES: Record<string, Phase> = {
  new: "acquisition",
  acquired: "acquisition",
  acquisition: "acquisition",
  retained: "retention",
  existing: "retention",
  old: "retention",
  retention: "retention",
  churned: "churn",
  lost: "churn",
  churn: "churn",
};

const YEAR = /^(?:FY\s?)?(\d{4})$/i;
/** The last year a row can have: 9999, or a fiscal year that ends in the year after. */
export const LAST_YEAR = 10000;
const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?|\/(\d{2})\/(\d{2}))(?:[T ][0-9:.]+Z?)?$/;

export function parseYear(text: string): number | null {
  const match = YEAR.exec(text.trim());
  return match ? Number(match[1]) : null;
}

export function parseDateYear(text: string, fiscalYearStart: number): number | null {
  const match = DATE.exec(text.trim());
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2] ?? match[4]);
  const day = match[3] ?? match[5];
  if (month < 1 || month > 12) return null;
  if (day !== undefined) {
    const d = Number(day);
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (d < 1 || d > daysInMonth) return null;
  }
  return fiscalYearStart > 1 && month >= fiscalYearStart ? year + 1 : year;
}

export function parseCount(text: string): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  const n = Number(t);
  return n > 0 && Number.isSafeInteger(n) ? n : null;
}

export function parsePhase(text: string): Phase | null {
  return PHASE_NAMES[text.trim().toLowerCase()] ?? null;
}

/** A cell schema: the string becomes an exact value, or an issue whose message is its code. */
function cell<T>(code: IssueCode, parse: (text: string) => T | null) {
  return z.string().transform((text, ctx): T => {
    const value = parse(text);
    if (value === null) {
      ctx.addIssue({ code: "custom", message: code, input: text });
      return z.NEVER;
    }
    return value;
  });
}

export function cellSchemas(options: CellOptions) {
  const amount = (text: string): Decimal | null =>
    text.trim() === "" ? (options.emptyAsZero ? ZERO : null) : parseAmount(text, options);
  return {
    year: cell("bad-year", parseYear),
    date: cell("bad-date", (t) => parseDateYear(t, options.fiscalYearStart)),
    revenue: cell("bad-amount", amount),
    avgRevenue: cell("bad-amount", amount),
    count: cell("bad-count", parseCount),
    cost: cell("bad-amount", amount),
    id: cell("missing-id", (t) => (t.trim() === "" ? null : t.trim())),
    phase: cell("bad-phase", parsePhase),
  } satisfies Record<Field, z.ZodType>;
}

export type RowSchema = z.ZodType<Row, Partial<Record<Field, string>>>;

/**
 * The schema of one file's rows, built from the columns it has. Input is the raw cells keyed
 * by field; output is a Row. Revenue given as an average is multiplied out exactly.
 */
export function rowSchema(columns: ColumnIndex, options: CellOptions, readCost: boolean): RowSchema {
  const cells = cellSchemas(options);
  const shape: Partial<Record<Field, z.ZodType>> = {};
  for (const field of Object.keys(columns) as Field[]) {
    if (field === "cost" && !readCost) continue;
    shape[field] = cells[field];
  }
  return z.object(shape).transform((c): Row => {
    const parsed = c as Partial<Record<Field, unknown>>;
    const customers = (parsed.count as number | undefined) ?? 1;
    const revenue =
      parsed.revenue !== undefined ? (parsed.revenue as Decimal) : multiplyInteger(parsed.avgRevenue as Decimal, customers);
    const row: Row = {
      year: (parsed.year ?? parsed.date) as number,
      customers,
      revenue,
      cost: (parsed.cost as Decimal | undefined) ?? ZERO,
    };
    if (parsed.id !== undefined) row.id = parsed.id as string;
    if (parsed.phase !== undefined) row.phase = parsed.phase as Phase;
    return row;
  }) as unknown as RowSchema;
}
