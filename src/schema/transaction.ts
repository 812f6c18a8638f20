/**
 * A transaction log's columns and rows: a customer id, a date (or a year), an amount or quantity ×
 * unit price, and optionally a cost and a currency. Header names compare with case, spaces, `_`
 * and `-` ignored: `CustomerID`, `customer_id` and `Customer ID` are one name.
 */
import * as z from "zod/mini";
import { compactName } from "../text.js";
import type { Issue, Remedy } from "../issues.js";
import { multiply, ZERO, type Decimal } from "../money.js";
import { readAmount } from "./amount.js";
import { choiceNotice, describeFound } from "./columns.js";
import { sourceRemedy } from "./sources/index.js";
import { suggestColumn } from "./hints.js";
import { CUSTOMER_ID_NAMES, type HintRole } from "./synonyms.js";
import { cellSchemas, fiscalYear, minorUnitsByRow, parseDate, unknownMinorUnit, type CalendarDate, type CellOptions } from "./row.js";

export const TX_FIELDS = ["id", "date", "year", "amount", "quantity", "price", "cost", "currency"] as const;
export type TxField = (typeof TX_FIELDS)[number];
export type TxColumns = Partial<Record<TxField, number>>;
/** Column names given by flags, as the user wrote them. */
export type TxColumnFlags = Partial<Record<TxField, string>>;

const DEFAULT_NAMES: Record<TxField, readonly string[]> = {
  // A customer-like column wins over a bare `id` (Shopify's order number): see synonyms.ts.
  id: CUSTOMER_ID_NAMES,
  date: ["date", "period", "month", "invoice date", "order date", "transaction date", "created at", "paid at"],
  year: ["year", "fiscal year", "fy"],
  amount: ["revenue", "amount", "sales", "total", "value", "dollar value"],
  quantity: ["quantity", "qty"],
  price: ["unit price", "price"],
  cost: ["cost", "acquisition cost", "servicing cost", "service cost"],
  currency: ["currency", "amount currency", "currency code"],
};

export const TX_FLAG: Record<TxField, string> = {
  id: "--id-column",
  date: "--date-column",
  year: "--year-column",
  amount: "--revenue-column",
  quantity: "--quantity-column",
  price: "--price-column",
  cost: "--cost-column",
  currency: "--currency-column",
};

/** One name for every way of writing it (see text.ts); the readers import it from here. */
export { compactName };

/**
 * Maps each field to its column: a flag's name, else the first default name the header has. The
 * issues say what is missing (id; a date or year; an amount or quantity and unit price) or named
 * twice. `needsDate`: periods shorter than a year need dates.
 */
export function resolveTxColumns(
  header: readonly string[],
  flags: TxColumnFlags,
  at: { file: string; line: number },
  needsDate: boolean,
  samples?: readonly (readonly string[])[],
): { columns: TxColumns; issues: Issue[] } {
  const names = header.map(compactName);
  const columns: TxColumns = {};
  const issues: Issue[] = [];
  const bySource = sourceRemedy(header, flags);
  const missing = (what: string, fields: readonly TxField[] = []) => {
    const remedy = bySource ?? suggestTx(header, fields, Object.values(columns), samples);
    issues.push({ severity: "error", code: "missing-column", ...at, detail: `${what}; ${describeFound(header)}`, ...(remedy && { remedy }) });
  };
  for (const field of TX_FIELDS) {
    const flag = flags[field];
    const wanted = (flag !== undefined ? [flag] : DEFAULT_NAMES[field]).map(compactName);
    const name = wanted.find((n) => names.includes(n));
    if (name === undefined) {
      if (flag !== undefined) missing(`"${flag}" (named by ${TX_FLAG[field]})`);
      continue;
    }
    if (names.indexOf(name) !== names.lastIndexOf(name)) {
      issues.push({ severity: "error", code: "ambiguous-column", ...at, column: header[names.indexOf(name)]!.trim(), detail: name });
      continue;
    }
    columns[field] = names.indexOf(name);
  }
  // A flag settles which of two alternatives is read; else a date wins over a year, an amount over
  // quantity × price.
  if (flags.year !== undefined && flags.date === undefined) delete columns.date;
  if (columns.date !== undefined) delete columns.year;
  if ((flags.quantity !== undefined || flags.price !== undefined) && flags.amount === undefined) delete columns.amount;
  if (columns.amount !== undefined) {
    delete columns.quantity;
    delete columns.price;
  }
  if (issues.length > 0) return { columns, issues };
  if (columns.id === undefined) missing("customer id", ["id"]);
  if (needsDate && columns.date === undefined) missing("date (periods shorter than a year need dates)", ["date"]);
  else if (columns.date === undefined && columns.year === undefined) missing("date (or year)", ["date", "year"]);
  if (columns.amount === undefined && (columns.quantity === undefined || columns.price === undefined)) missing("amount (or quantity and unit price)", ["amount"]);
  return { columns, issues };
}

/** What each field is called in a notice. */
const TX_WHAT: Record<TxField, string> = { id: "customer id", date: "date", year: "year", amount: "amount", quantity: "quantity", price: "unit price", cost: "cost", currency: "currency" };

/**
 * The notices of a log's header, as resolveTxColumns() read it: for each field read by its default
 * names (no flag named it) where more than one column has one, the column read and the others.
 * The customer id has a notice of its own, always (read/id-choice.ts).
 */
export function txColumnNotices(header: readonly string[], columns: TxColumns, flags: TxColumnFlags, at: { file: string; line: number }): Issue[] {
  const taken = Object.values(columns);
  return TX_FIELDS.flatMap((field) => {
    const chosen = columns[field];
    if (chosen === undefined || field === "id" || flags[field] !== undefined) return [];
    const notice = choiceNotice(header, chosen, DEFAULT_NAMES[field], taken, compactName, at, { what: TX_WHAT[field], flag: TX_FLAG[field] });
    return notice ? [notice] : [];
  });
}

const HINT_ROLE: Partial<Record<TxField, HintRole>> = { id: "id", date: "date", year: "year", amount: "amount" };

/** The likeliest header cell for a missing field, as the flag that names it (see hints.ts); the
 * first field listed wins a tie. */
function suggestTx(header: readonly string[], fields: readonly TxField[], taken: readonly number[], samples: readonly (readonly string[])[] | undefined): Remedy | undefined {
  let best: { field: TxField; index: number; score: number } | undefined;
  for (const field of fields) {
    const found = suggestColumn(header, HINT_ROLE[field]!, { defaults: DEFAULT_NAMES[field], taken, ...(samples && { samples }) });
    if (found && (!best || found.score < best.score)) best = { field, ...found };
  }
  return best && { flag: TX_FLAG[best.field], value: header[best.index]!.trim() };
}

/** A valid transaction: exact types only. */
export interface Transaction {
  id: string;
  /** The date, or undefined in a log with a year column. */
  date: CalendarDate | undefined;
  /** The fiscal year, from the year column or the date. */
  year: number;
  amount: Decimal;
  cost: Decimal;
  currency?: string;
}

export type TxSchema = z.ZodMiniType<Transaction, Partial<Record<TxField, string>>>;

/** The schema of a log's rows with these columns; its issues' messages are issue codes. */
export function transactionSchema(columns: TxColumns, cells: CellOptions): TxSchema {
  // With --minor-units and a currency column, each row's amounts are in its currency's minor unit.
  const byRow = minorUnitsByRow(cells, columns.currency !== undefined);
  const base = cellSchemas(byRow?.cells ?? cells);
  const quantity = z.pipe(
    z.string(),
    z.transform((text: string, ctx): Decimal => {
      const value = readAmount(text, cells);
      if (typeof value === "string") {
        ctx.issues.push({ code: "custom", message: value, input: text });
        return z.NEVER;
      }
      return value;
    }),
  );
  const date = z.pipe(
    z.string(),
    z.transform((text: string, ctx): CalendarDate => {
      const value = parseDate(text, cells.dateFormat);
      if (value === null) {
        ctx.issues.push({ code: "custom", message: "bad-date", input: text });
        return z.NEVER;
      }
      return value;
    }),
  );
  const schemas: Record<TxField, z.ZodMiniType> = {
    id: base.id,
    date,
    year: base.year,
    amount: base.revenue,
    quantity,
    price: base.revenue,
    cost: base.cost,
    currency: base.currency,
  };
  const shape: Partial<Record<TxField, z.ZodMiniType>> = {};
  for (const field of Object.keys(columns) as TxField[]) shape[field] = schemas[field];
  return z.pipe(z.object(shape), z.transform((c, ctx): Transaction => {
    const cell = c as Partial<Record<TxField, unknown>>;
    const day = cell.date as CalendarDate | undefined;
    let amounts = [cell.amount !== undefined ? (cell.amount as Decimal) : multiply(cell.quantity as Decimal, cell.price as Decimal), (cell.cost as Decimal | undefined) ?? ZERO];
    if (byRow) {
      const shifted = byRow.shift(cell.currency as string, amounts);
      if (shifted === null) return unknownMinorUnit(ctx, cell.currency as string);
      amounts = shifted;
    }
    const row: Transaction = {
      id: cell.id as string,
      date: day,
      year: day === undefined ? (cell.year as number) : fiscalYear(day.year, day.month, cells.fiscalYearStart),
      amount: amounts[0]!,
      cost: amounts[1]!,
    };
    if (cell.currency !== undefined) row.currency = cell.currency as string;
    return row;
  })) as unknown as TxSchema;
}
