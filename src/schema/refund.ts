/** A row's refund: the cells of its `--refund-column`s, summed, checked against the row's amount. */
import type { Issue } from "../issues.js";
import { add, compare, isNegative, isZero, toFixed, ZERO, type Decimal } from "../money.js";
import { parseAmount, type AmountOptions } from "./amount.js";

/** An issue of a refund cell, without its file and line (the reader knows them). */
export type RefundProblem = Omit<Issue, "file" | "line">;

const money = (value: Decimal): string => toFixed(value, Math.max(2, value.scale));

/**
 * What the refund columns at `indexes` take off a row whose amount is `amount`: their sum (empty
 * cells are 0), or the problem that refuses the row. A refund is a positive amount, and all of a
 * row's refunds together are no larger than its amount: a refund nets the charge it belongs to.
 */
export function refundOf(header: readonly string[], indexes: readonly number[], fields: readonly string[], amount: Decimal, options: AmountOptions): Decimal | RefundProblem {
  let total = ZERO;
  for (const index of indexes) {
    const cell = fields[index] ?? "";
    if (cell.trim() === "") continue;
    const column = header[index]!.trim();
    const value = parseAmount(cell, options);
    if (value === null) return { severity: "error", code: "bad-amount", column, value: cell };
    if (isNegative(value)) return { severity: "error", code: "bad-refund", column, value: cell, detail: "a refund column holds what was refunded, as a positive amount" };
    total = add(total, value);
  }
  if (!isZero(total) && compare(total, amount) > 0) {
    const detail = `the refund is more than the row's amount, ${money(amount)}: a refund nets the charge it belongs to`;
    return { severity: "error", code: "bad-refund", column: header[indexes[0]!]!.trim(), value: money(total), detail };
  }
  return total;
}

/** Whether refundOf() refused the row. */
export const isRefundProblem = (value: Decimal | RefundProblem): value is RefundProblem => "code" in value;
