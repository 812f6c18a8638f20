/**
 * phases.ts's module-level tables (EXPLAIN, BAD_PHASE_ROW) through phasesQuery, in the FIRST test
 * of its own file: Stryker 9.6.1 records a module-level mutant as covered only by the first test
 * of each file that loads the module (docs/mutation.md, "sql"), and the golden files' phase set
 * (which pins the same words) is not the first test of its file. The words are the reviewed ones of
 * test/support/golden/sql/*-phases.sql.
 */
import { describe, expect, it } from "vitest";
import { DIALECT } from "../../../src/sql/dialects.js";
import { phasesQuery } from "../../../src/sql/phases.js";

describe("phase exports' --explain and refusal words", () => {
  it("each step's comment, and the refusal naming period, count, revenue or cost", () => {
    const src = { from: "t", columns: { year: "year", revenue: "revenue", by: [] } };
    const sql = phasesQuery(DIALECT.duckdb, { phases: { acquisition: src, retention: src, churn: src }, dateFormat: "YYYY-MM-DD", period: "year", fiscalYearStart: 1, by: [], from: undefined, to: undefined, explain: true });
    const lines = sql.split("\n");
    const before = (step: string) => lines[lines.indexOf(`${step} AS (`) - 1];
    expect(before("new_rows")).toBe("-- acquisition: new customers won in the period, their revenue and acquisition cost (a row is one customer, or a count column's number of them).");
    expect(before("retained_rows")).toBe("-- retention: customers active before the period and still active in it, their revenue and servicing cost.");
    expect(before("churned_rows")).toBe("-- churn: customers active before the period who left in it, with the revenue they brought (their last year's revenue as exported); churned rows carry no cost.");
    expect(before("checked")).toBe("-- Strict as ceq: a row whose period, count, revenue or cost is empty or does not parse stops the query with an error that counts them; no figure is given.");
    expect(before("phase_sums")).toBe("-- Per period and phase: customers, revenue and cost summed.");
    expect(before("periods")).toBe("-- Years are those that hold a row; quarters and months run from the first to the last, gaps included.");
    expect(before("sums")).toBe("-- customer equity = (new revenue − acquisition cost) + (retained revenue − servicing cost) − churned revenue, per period (and segment, then the company).");
    expect(sql).toContain("' rows whose period, count, revenue or cost is empty or does not parse; no figure is given'");
  });
});
