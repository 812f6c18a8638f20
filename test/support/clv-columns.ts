import { columnsOf, type CustomerSummary, type SummaryColumns } from "../../src/model/value/summary.js";

/** The columns ClvModel reads, with each customer's mean spend by the test's own rule (null: none). */
export function withMeans(customers: readonly CustomerSummary[], meanOf: (c: CustomerSummary) => number | null): SummaryColumns & { meanSpend: Float64Array } {
  return { ...columnsOf(customers), meanSpend: Float64Array.from(customers, (c) => meanOf(c) ?? NaN) };
}
