import { describe, expect, it } from "vitest";
import { describeFound, normalizeHeader, resolveColumns } from "../../../src/schema/columns.js";

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

// Issue 33's mutation run: what the tests above left open in columns.ts, each worked out from the
// rules in its comments.
describe("header names: the rules' edges", () => {
  it("every default name of every field is found", () => {
    const cases: [string, string][] = [
      ["year", "year"], ["fiscal year", "year"], ["fy", "year"],
      ["revenue", "revenue"], ["amount", "revenue"], ["sales", "revenue"],
      ["avg revenue", "avgRevenue"], ["average revenue", "avgRevenue"],
      ["customers", "count"], ["count", "count"], ["customer count", "count"],
      ["cost", "cost"], ["acquisition cost", "cost"], ["servicing cost", "cost"], ["service cost", "cost"],
      ["customer id", "id"], ["customer", "id"], ["id", "id"],
      ["currency", "currency"], ["amount currency", "currency"], ["currency code", "currency"],
    ];
    for (const [name, field] of cases) {
      const header = [field === "year" ? "date" : "year", field === "revenue" || field === "avgRevenue" ? "x" : "revenue", name];
      expect(resolve(header).columns, name).toMatchObject({ [field]: 2 });
    }
    for (const name of ["date", "period", "month"]) expect(resolve([name, "revenue"]).columns, name).toEqual({ date: 0, revenue: 1 });
    for (const name of ["phase", "status", "type", "segment type"]) expect(resolve(["year", "revenue", name], {}, true).columns, name).toEqual({ year: 0, revenue: 1, phase: 2 });
  });

  it("the first default name a header has wins, not the first column", () => {
    expect(resolve(["amount", "revenue", "year"]).columns).toEqual({ revenue: 1, year: 2 });
  });

  it("a year wins over a date, a revenue over an average; a flag for one alternative settles it", () => {
    expect(resolve(["year", "date", "revenue"]).columns).toEqual({ year: 0, revenue: 2 });
    expect(resolve(["year", "revenue", "avg revenue"]).columns).toEqual({ year: 0, revenue: 1 });
    expect(resolve(["year", "Posted", "revenue"], { date: "Posted" }).columns).toEqual({ date: 1, revenue: 2 });
    expect(resolve(["year", "Posted", "revenue"], { date: "Posted", year: "year" }).columns).toEqual({ year: 0, revenue: 2 });
    expect(resolve(["year", "revenue", "Mean"], { avgRevenue: "Mean" }).columns).toEqual({ year: 0, avgRevenue: 2 });
    expect(resolve(["year", "revenue", "Mean"], { avgRevenue: "Mean", revenue: "revenue" }).columns).toEqual({ year: 0, revenue: 1 });
  });

  it("a flag that names no column is an error, unless the file never reads that field", () => {
    expect(resolve(["year", "revenue"], { cost: "Spend" }).issues).toEqual([
      { severity: "error", code: "missing-column", file: "f.csv", line: 1, detail: '"Spend" (named by the column flag); found: year, revenue' },
    ]);
    expect(resolveColumns(["year", "revenue"], { file: "f.csv", line: 1, flags: { cost: "Spend" }, needsPhase: false, unread: ["cost"] }).issues).toEqual([]);
    // A flag for the year that names nothing is that error alone: the year is not also "missing".
    expect(resolve(["revenue"], { year: "FY2" }).issues.map((i) => i.detail)).toEqual(['"FY2" (named by the column flag); found: revenue']);
  });

  it("a name standing twice is ambiguous, named as written, and not also missing", () => {
    const { columns, issues } = resolve([" Year ", "year", "revenue", "Revenue", "x"]);
    expect(columns).toEqual({});
    expect(issues).toEqual([
      { severity: "error", code: "ambiguous-column", file: "f.csv", line: 1, column: "Year", detail: "year" },
      { severity: "error", code: "ambiguous-column", file: "f.csv", line: 1, column: "revenue", detail: "revenue" },
    ]);
    expect(resolve(["date", "Date", "revenue"]).issues.map((i) => i.code)).toEqual(["ambiguous-column"]);
    expect(resolve(["year", "avg revenue", "Avg_Revenue"]).issues.map((i) => i.code)).toEqual(["ambiguous-column"]);
  });

  it("the phase column is read only for one-file input", () => {
    expect(resolve(["year", "revenue", "Status"]).columns).toEqual({ year: 0, revenue: 1 });
    expect(resolve(["year", "revenue", "Status", "status"], {}, true).issues.map((i) => i.code)).toEqual(["ambiguous-column"]);
  });

  it("a missing year or revenue names the closest column with its flag; a missing phase the file's phase flag", () => {
    const hint = (header: string[], needsPhase = false, file = "f.csv") => resolveColumns(header, { file, line: 1, flags: {}, needsPhase }).issues.map((i) => i.remedy);
    expect(hint(["Invoice Date", "revenue"])).toEqual([{ flag: "--date-column", value: "Invoice Date" }]);
    expect(hint(["Yaer", "revenue"])).toEqual([{ flag: "--year-column", value: "Yaer" }]);
    expect(hint(["year", " Total Revenue "])).toEqual([{ flag: "--revenue-column", value: "Total Revenue" }]);
    expect(hint(["Close Date", "revenue"])).toEqual([{ flag: "--date-column", value: "Close Date" }]);
    // A date and a year both two letters off: the date wins the tie.
    expect(hint(["Dtae", "Yaer", "revenue"])).toEqual([{ flag: "--date-column", value: "Dtae" }]);
    // A better year than date: the year.
    expect(hint(["Dtae", "Fiscal Year X", "revenue"])).toEqual([{ flag: "--year-column", value: "Fiscal Year X" }]);
    expect(hint(["year", "revenue", "Customer Phase"], true)).toEqual([{ flag: "--phase-column", value: "Customer Phase" }]);
    expect(hint(["year", "revenue"], true, "/data/New_2024.csv")).toEqual([{ flag: "--new" }]);
    expect(hint(["year", "revenue"], true, "retained.csv")).toEqual([{ flag: "--retained" }]);
    expect(hint(["year", "revenue"], true, "churned-q1.csv")).toEqual([{ flag: "--churned" }]);
    expect(hint(["year", "revenue"], true, "renewals.csv")).toEqual([{ flag: "--new, --retained or --churned" }]);
    expect(hint(["year", "revenue"], true, "new/renewals.csv")).toEqual([{ flag: "--new, --retained or --churned" }]);
  });

  it("describeFound: the named cells, the first 20 and a count of the rest", () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `c${i + 1}`);
    expect(describeFound(["", "  "])).toBe("no named columns");
    expect(describeFound([" a ", "", "b"])).toBe("found: a, b");
    expect(describeFound(names(20))).toBe(`found: ${names(20).join(", ")}`);
    expect(describeFound(names(21))).toBe(`found: ${names(20).join(", ")} and 1 more`);
    expect(describeFound(names(1040))).toBe(`found: ${names(20).join(", ")} and 1,020 more`);
  });

  it("normalizeHeader: quotes at both ends only, runs of _ - and spaces as one, trimmed after", () => {
    expect(normalizeHeader("'Customer's ID'")).toBe("customer's id");
    expect(normalizeHeader('""year""')).toBe("year");
    expect(normalizeHeader("a_-_ b")).toBe("a b");
    expect(normalizeHeader("_year_")).toBe("year");
  });
});

describe("header names: what the first mutation run left", () => {
  it("a missing column's hint checks the sample rows: a Total of labels is no revenue", () => {
    const hint = (samples?: string[][]) => resolveColumns(["year", "Total"], { file: "f.csv", line: 1, flags: {}, needsPhase: false, ...(samples && { samples }) }).issues.map((i) => i.remedy);
    expect(hint()).toEqual([{ flag: "--revenue-column", value: "Total" }]);
    expect(hint([["2023", "yes"], ["2024", "no"]])).toEqual([undefined]);
    expect(hint([["2023", "1.00"], ["2024", "2.50"]])).toEqual([{ flag: "--revenue-column", value: "Total" }]);
  });

  it("a BOM inside a name is white space there, as \\s reads it", () => {
    expect(normalizeHeader("a\ufeffb")).toBe("a b");
  });
});

describe("header names: what the second mutation run left", () => {
  it("spaces around quotes are trimmed before the quotes are", () => {
    expect(normalizeHeader(' "Year" ')).toBe("year");
  });

  it("an average revenue alone, or a phase column found, is no missing column", () => {
    expect(resolve(["year", "avg revenue"]).issues).toEqual([]);
    expect(resolve(["year", "revenue", "Status"], {}, true).issues).toEqual([]);
  });
});
