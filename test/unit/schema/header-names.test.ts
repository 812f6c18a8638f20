import { describe, expect, it } from "vitest";
import { normalizeHeader, resolveColumns } from "../../../src/schema/columns.js";

const resolve = (header: string[], flags = {}, needsPhase = false) => resolveColumns(header, { file: "f.csv", line: 1, flags, needsPhase });

describe("header names", () => {
  it("compare ignoring case, spaces, quotes, a BOM and _ - space differences", () => {
    expect(normalizeHeader("\ufeff Customer_ID ")).toBe("customer id");
    expect(normalizeHeader('"Avg-Revenue"')).toBe("avg revenue");
    expect(normalizeHeader("FISCAL   YEAR")).toBe("fiscal year");
  });

  it("find fields by their default names and aliases", () => {
    const { columns, issues } = resolve(["Customer ID", "FY", "Sales", "Acquisition Cost", "Customers"]);
    expect(issues).toEqual([]);
    expect(columns).toEqual({ id: 0, year: 1, revenue: 2, cost: 3, count: 4 });
  });

  it("take a column named by a flag over the defaults", () => {
    const { columns } = resolve(["year", "revenue", "net_sales"], { revenue: "Net Sales" });
    expect(columns.revenue).toBe(2);
  });

  it("use an average revenue column when there is no revenue", () => {
    const { columns } = resolve(["year", "average_revenue", "count"]);
    expect(columns).toEqual({ year: 0, avgRevenue: 1, count: 2 });
  });

  it("read a date when there is no year", () => {
    expect(resolve(["Period", "amount"]).columns).toEqual({ date: 0, revenue: 1 });
  });

  it("report a missing column with the columns found", () => {
    const { issues } = resolve(["year", "turnover"]);
    expect(issues).toEqual([
      { severity: "error", code: "missing-column", file: "f.csv", line: 1, detail: "revenue (or avg revenue); found: year, turnover" },
    ]);
  });

  it("require a phase column for one-file input", () => {
    expect(resolve(["year", "revenue"], {}, true).issues[0]?.detail).toMatch(/^phase;/);
    expect(resolve(["year", "revenue", "Status"], {}, true).columns.phase).toBe(2);
  });

  it("refuse to guess between two columns of the same name", () => {
    const { issues } = resolve(["year", "revenue", "Revenue"]);
    expect(issues.map((i) => i.code)).toEqual(["ambiguous-column"]);
  });

  it("treat __proto__ and constructor as plain column names", () => {
    const { columns, issues } = resolve(["__proto__", "constructor", "year", "revenue"]);
    expect(issues).toEqual([]);
    expect(columns).toEqual({ year: 2, revenue: 3 });
    expect(Object.getPrototypeOf(columns)).toBe(Object.prototype);
  });
});
