/**
 * What reading one phase export needs once its header is known: its columns, the row schemas,
 * its filters and segment columns, and the tally of its meaning columns (see phase-rows.ts).
 */
import { meaningColumns, type MeaningOptions } from "../schema/meaning.js";
import { phaseAmounts } from "../schema/currency-marker.js";
import { MeaningTally } from "./meaning-tally.js";
import { normalizeHeader, type ColumnIndex, type Field } from "../schema/columns.js";
import { rowSchema, type CellOptions, type Phase, type RowSchema } from "../schema/row.js";

export interface FilePlan {
  header: string[];
  columns: ColumnIndex;
  fields: [Field, number][];
  schemas: { withCost: RowSchema; withoutCost: RowSchema };
  /** The --where filters with their column in this file (-1: the file lacks it). */
  filters: { index: number; value: string; bytes: Buffer; equal: boolean }[];
  /** The --by columns in this file (-1: the file lacks it). */
  by: number[];
  /** The --refund-column indexes (-1: the file lacks it). */
  refunds: number[];
  /** What the meaning columns hold in the rows read (see schema/meaning.ts); every row then takes the schema's path. */
  meaning: MeaningTally;
  /** The amount cells whose currency marker must be the row's currency (schema/currency-marker.ts). */
  amounts: { churn: number[]; other: number[] };
  /** The file's cell options: the run's, and whether its amounts' separators may be ambiguous (read/options.ts fileCells). */
  cells: CellOptions;
}

/**
 * A file's plan. `meaning` (the main thread's, never a worker's, which reads only files without
 * meaning columns) says which refund columns are subtracted and which columns are read past.
 */
export function filePlan(header: string[], columns: ColumnIndex, cells: CellOptions, meaning?: MeaningOptions & { phase: Phase | undefined }): FilePlan {
  // A churned row's cost cell is never read (it may be empty), so churned rows get a schema without it.
  const schemas = { withCost: rowSchema(columns, cells, true), withoutCost: rowSchema(columns, cells, false) };
  const normalized = header.map(normalizeHeader);
  const filters = (cells.where ?? []).map((f) => ({ index: normalized.indexOf(normalizeHeader(f.column)), value: f.value, bytes: Buffer.from(f.value), equal: f.equal }));
  const by = (cells.by ?? []).map((column) => normalized.indexOf(normalizeHeader(column)));
  const refunds = (meaning?.refund ?? []).map((column) => normalized.indexOf(normalizeHeader(column)));
  const used = new Set([...Object.values(columns), ...refunds]);
  const found = meaning ? meaningColumns(header, used, meaning.ignore, meaning.revenueValues) : [];
  const tally = new MeaningTally(found, { refundColumn: refunds.length > 0, amounts: cells, phase: meaning?.phase });
  return { header, columns, fields: Object.entries(columns) as [Field, number][], schemas, filters, by, refunds, meaning: tally, amounts: phaseAmounts(columns, refunds), cells };
}
