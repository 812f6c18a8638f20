/**
 * A currency marker in an amount cell (`€12`, `USD 12.00`, `12 ¥`) says which currency the amount
 * is in. schema/amount.ts reads the number and drops the marker, so it is checked here against the
 * currency the row is in: its currency column's, else the run's (`--currency`). Another one is an
 * error: the amount would otherwise be added up as the row's currency (`€100` + `$100` = 200 USD).
 */
import { amountMarker, markerCurrencies, markerFits } from "../currency.js";
import type { Issue } from "../issues.js";
import type { ColumnIndex } from "./columns.js";

/** The currency a row's amounts are in, and where that comes from: the currency column `column`
 * (its header as written), else the run's `--currency`. */
export interface RowCurrency {
  code: string;
  column?: string | undefined;
}

/** An issue of a cell, without its file and line (the reader knows them). */
export type MarkerProblem = Omit<Issue, "file" | "line">;

/**
 * The problem of the first cell at `indexes` (amount cells the row's schema has read; -1 for none)
 * whose marker says another currency than `currency`, or undefined when every marker fits.
 */
export function markerProblem(header: readonly string[], fields: readonly string[], indexes: readonly number[], currency: RowCurrency): MarkerProblem | undefined {
  for (const index of indexes) {
    const cell = index < 0 ? undefined : fields[index];
    const marker = cell === undefined ? undefined : amountMarker(cell);
    if (marker === undefined || markerFits(marker, currency.code)) continue;
    return { severity: "error", code: "currency-marker", column: header[index]!.trim(), value: cell, ...expected(currency, marker) };
  }
  return undefined;
}

/** The currency a cell is expected in, for the message, and the flag that changes it. */
function expected(currency: RowCurrency, marker: string): Pick<Issue, "detail" | "remedy"> {
  if (currency.column !== undefined) return { detail: `${currency.code}, the row's currency (column ${JSON.stringify(currency.column)})`, remedy: { flag: "--currency-column" } };
  return { detail: `${currency.code}, the currency of this run (--currency)`, remedy: { flag: "--currency", value: markerCurrencies(marker)[0]! } };
}

/** The problem of a `--fx-rates` rate cell marked with another currency than the run's, which a rate is in. */
export function rateMarkerProblem(column: string, cell: string, run: string): MarkerProblem | undefined {
  const marker = amountMarker(cell);
  if (marker === undefined || markerFits(marker, run)) return undefined;
  return { severity: "error", code: "currency-marker", column, value: cell, detail: `${run}, the currency of this run (--currency), which a rate converts to`, remedy: { flag: "--fx-rates" } };
}

/** A phase export's amount cells, by whether the row is churned (its cost is not read): revenue
 * or average revenue, the refund columns, the cost. */
export function phaseAmounts(columns: ColumnIndex, refunds: readonly number[]): { churn: number[]; other: number[] } {
  const churn = [columns.revenue ?? columns.avgRevenue ?? -1, ...refunds];
  return { churn, other: [...churn, columns.cost ?? -1] };
}

/** The currency of a row whose currency cell says `code` (undefined: the file has no currency column, at `index`). */
export function rowCurrency(header: readonly string[], index: number | undefined, code: string | undefined, run: string): RowCurrency {
  return code === undefined || index === undefined ? { code: run } : { code, column: header[index]!.trim() };
}
