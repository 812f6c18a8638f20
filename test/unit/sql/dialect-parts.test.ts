/**
 * The parts of `ceq sql`'s text that differ per dialect (src/sql/dialects.ts, strict.ts), each on
 * its own: DuckDB's run in DuckDB in-process on literal cells, with the answers worked out by hand
 * from the dates and periods; PostgreSQL's patterns (it has no safe cast before 16) read as the
 * regular expressions they are, on cells ceq reads and refuses; the other engines' date layouts
 * checked against their documented pattern letters (PostgreSQL "Template Patterns for Date/Time
 * Formatting": DD, MM, YYYY; Snowflake the same; Spark "Datetime Patterns": d, M, yyyy; BigQuery
 * and DuckDB strftime: %d, %m, %Y), since no such engine runs here. The golden files
 * (test/e2e/sql-dialects-golden.test.ts) pin whole queries; these pin what they leave out: the
 * layouts other than ISO and MM/DD/YYYY, and what each piece computes.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECT, isoDate, LAYOUTS } from "../../../src/sql/dialects.js";
import { periodSql } from "../../../src/sql/query.js";
import { checkBody, STRICT } from "../../../src/sql/strict.js";
import { runInProcess } from "../../support/capture.js";
import { folder } from "../../support/helpers.js";

let connection: Awaited<ReturnType<DuckDBInstance["connect"]>>;
beforeAll(async () => {
  connection = await (await DuckDBInstance.create(":memory:", { threads: "1" })).connect();
});
afterAll(() => connection?.closeSync?.());

/** One value from DuckDB, as text (NULL as null). */
async function value(sql: string): Promise<string | null> {
  const rows = (await connection.runAndReadAll(`SELECT ${sql} AS v`)).getRows();
  const v = rows[0]![0];
  return v === null ? null : String(v);
}
const lit = (text: string) => `'${text.replace(/'/g, "''")}'`;

describe("DuckDB's strict reading, run in DuckDB", () => {
  const strict = STRICT.duckdb;
  it("ISO dates as ceq reads them: slashes, a month alone as its first day, a time after, spaces around", async () => {
    for (const [cell, day] of [
      ["2024-03-05", "2024-03-05"],
      ["2024/03/05", "2024-03-05"],
      ["2024-03", "2024-03-01"],
      ["2024/12", "2024-12-01"],
      ["  2024-03-05T08:26:00Z ", "2024-03-05"],
      ["2024-03-05 23:59", "2024-03-05"],
      ["2024-02-30", null],
      ["soon", null],
      ["", null],
    ] as const) {
      expect(await value(strict.date(lit(cell), "YYYY-MM-DD")), cell).toBe(day);
    }
  });

  it("each other layout, a time after it ignored, and a day that is none refused", async () => {
    for (const [layout, cell, day] of [
      ["MM/DD/YYYY", "3/5/2024 8:26", "2024-03-05"],
      ["MM/DD/YYYY", "12/31/2023", "2023-12-31"],
      ["DD/MM/YYYY", "05/03/2024", "2024-03-05"],
      ["DD/MM/YYYY", "31/12/2023", "2023-12-31"],
      ["DD.MM.YYYY", " 5.3.2024 ", "2024-03-05"],
      ["YYYYMMDD", "20240305", "2024-03-05"],
      ["DD/MM/YYYY", "12/31/2023", null],
      ["DD.MM.YYYY", "05/03/2024", null],
      ["YYYYMMDD", "2024-03-05", null],
    ] as const) {
      expect(await value(strict.date(lit(cell), layout)), `${layout} ${cell}`).toBe(day);
      if (day !== null) expect(await value(DIALECT.duckdb.date(lit(cell), layout)), `${layout} ${cell}`).toBe(day);
    }
  });

  it("money and whole numbers: exact, NULL where the text is none", async () => {
    expect(await value(strict.money(lit("1234.5")))).toBe("1234.500000");
    expect(await value(strict.money(lit("-0.000001")))).toBe("-0.000001");
    expect(await value(strict.money(lit("1,234.56")))).toBeNull();
    expect(await value(strict.int(lit("42")))).toBe("42");
    expect(await value(strict.int(lit("4.2x")))).toBeNull();
  });

  it("raise stops the query with its message; checkBody raises only when a row is bad, counting them", async () => {
    await expect(connection.runAndReadAll(`SELECT ${strict.raise(lit("stop here"))}`)).rejects.toThrow(/stop here/);
    const table = "(SELECT * FROM (VALUES (1, 'a'), (2, NULL), (3, NULL)) AS t(n, s)) AS t";
    await expect(connection.runAndReadAll(checkBody(DIALECT.duckdb, table, "s IS NULL", "customer id"))).rejects.toThrow(/ceq refuses this log: 2 rows whose customer id is empty or does not parse; no figure is given/);
    await expect(connection.runAndReadAll(checkBody(DIALECT.duckdb, table, "s IS NULL", "period", "export"))).rejects.toThrow(/ceq refuses this export: 2 rows whose period/);
    const ok = await connection.runAndReadAll(checkBody(DIALECT.duckdb, table, "n > 3", "x"));
    expect(ok.getRows()).toEqual([[0]]);
  });
});

describe("periods as whole numbers, their labels and fiscal years, run in DuckDB", () => {
  // 5 March 2024 and 20 November 2024, by hand: with a fiscal year starting in March, March 2024
  // is fiscal 2025's first month (FY named by its end, as ceq does: --fiscal-year-start 3);
  // starting in April, it is fiscal 2024's last quarter.
  const cases = [
    { period: "year", s: 1, date: "2024-03-05", number: 2024, label: "2024", fy: 2024 },
    { period: "year", s: 3, date: "2024-03-05", number: 2025, label: "2025", fy: 2025 },
    { period: "year", s: 4, date: "2024-03-05", number: 2024, label: "2024", fy: 2024 },
    { period: "quarter", s: 1, date: "2024-03-05", number: 2024 * 4 + 0, label: "2024-Q1", fy: 2024 },
    { period: "quarter", s: 1, date: "2024-11-20", number: 2024 * 4 + 3, label: "2024-Q4", fy: 2024 },
    { period: "quarter", s: 4, date: "2024-03-05", number: 2024 * 4 + 3, label: "2024-Q4", fy: 2024 },
    { period: "quarter", s: 3, date: "2024-03-05", number: 2025 * 4 + 0, label: "2025-Q1", fy: 2025 },
    { period: "quarter", s: 10, date: "2024-11-20", number: 2025 * 4 + 0, label: "2025-Q1", fy: 2025 },
    { period: "month", s: 1, date: "2024-03-05", number: 2024 * 12 + 2, label: "2024-03", fy: 2024 },
    { period: "month", s: 1, date: "2024-11-20", number: 2024 * 12 + 10, label: "2024-11", fy: 2024 },
    { period: "month", s: 3, date: "2024-03-05", number: 2024 * 12 + 2, label: "2024-03", fy: 2025 },
    { period: "month", s: 4, date: "2024-03-05", number: 2024 * 12 + 2, label: "2024-03", fy: 2024 },
  ] as const;
  for (const c of cases) {
    it(`${c.period}, fiscal year from month ${c.s}: ${c.date} is ${c.label}`, async () => {
      const p = periodSql(DIALECT.duckdb, { period: c.period, fiscalYearStart: c.s, from: undefined, to: undefined });
      expect(await value(`(${p.periodOf.replace(/\bd\b/g, `DATE '${c.date}'`)})`)).toBe(String(c.number));
      expect(await value(`(${p.label.replace(/period/g, String(c.number))})`)).toBe(c.label);
      expect(await value(`(${p.fiscalYearOf.replace(/period/g, String(c.number))})`)).toBe(String(c.fy));
    });
  }

  it("--from and --to as conditions on the fiscal year", () => {
    const range = (from?: number, to?: number) => periodSql(DIALECT.duckdb, { period: "year", fiscalYearStart: 1, from, to }).range;
    expect(range()).toEqual([]);
    expect(range(2023)).toEqual(["fiscal_year >= 2023"]);
    expect(range(undefined, 2024)).toEqual(["fiscal_year <= 2024"]);
    expect(range(2023, 2024)).toEqual(["fiscal_year >= 2023", "fiscal_year <= 2024"]);
  });
});

describe("PostgreSQL's patterns, read as the regular expressions they are", () => {
  const pattern = (sql: string) => new RegExp(/~ '([^']*)'/.exec(sql)![1]!);
  it("money: a sign, digits and a point as NUMERIC reads them; no separators, exponents or bare signs", () => {
    const money = pattern(STRICT.postgres.money("t"));
    for (const cell of ["12", "-1.5", "+.5", "12.", "0.000001", "007"]) expect(money.test(cell), cell).toBe(true);
    for (const cell of ["1,234.56", "1e3", ".", "-", "", "12 ", "$12", "1.2.3", "--1"]) expect(money.test(cell), cell).toBe(false);
    expect(STRICT.postgres.money("t")).toBe(`CASE WHEN t ~ '${money.source}' THEN CAST(t AS NUMERIC) END`);
  });

  it("whole numbers: 1 to 9 digits (an INTEGER holds them all)", () => {
    const int = pattern(STRICT.postgres.int("t"));
    for (const cell of ["0", "123456789"]) expect(int.test(cell), cell).toBe(true);
    for (const cell of ["", "1234567890", "-1", "1.0", "x1"]) expect(int.test(cell), cell).toBe(false);
    expect(STRICT.postgres.int("t")).toContain("THEN CAST(t AS INTEGER) END");
  });

  it("dates: each layout's shape, one or two digits for a day or month, the layout's own separator", () => {
    const iso = pattern(STRICT.postgres.date("t", "YYYY-MM-DD"));
    for (const cell of ["2024-03-05"]) expect(iso.test(cell), cell).toBe(true);
    for (const cell of ["2024-3-5", "24-03-05", "2024-03-05x", "2024/03/05"]) expect(iso.test(cell), cell).toBe(false);
    const cases = [
      ["MM/DD/YYYY", ["3/5/2024", "12/31/2023"], ["3.5.2024", "3/5/24", "123/5/2024", "3/5/20245"]],
      ["DD/MM/YYYY", ["05/03/2024"], ["05-03-2024", "05/03/24"]],
      ["DD.MM.YYYY", ["5.3.2024", "05.03.2024"], ["05/03/2024", "5x3x2024"]],
      ["YYYYMMDD", ["20240305"], ["2024035", "202403051", "2024-03-05"]],
    ] as const;
    for (const [layout, good, bad] of cases) {
      const sql = STRICT.postgres.date("t", layout);
      const re = pattern(sql);
      for (const cell of good) expect(re.test(cell), `${layout} ${cell}`).toBe(true);
      for (const cell of bad) expect(re.test(cell), `${layout} ${cell}`).toBe(false);
      expect(sql).toContain(`THEN to_date(split_part(TRIM(t), ' ', 1), '${layout}') END`);
    }
  });

  it("refuses with a failed cast whose error quotes the message", () => {
    expect(STRICT.postgres.raise("m")).toBe("CAST(m AS INTEGER)");
  });
});

describe("the other engines' layouts, by their documented pattern letters", () => {
  it("each layout in strftime (DuckDB, BigQuery), to_date (PostgreSQL, Snowflake) and Spark's letters", () => {
    expect(LAYOUTS).toEqual({
      "MM/DD/YYYY": { strftime: "%m/%d/%Y", toDate: "MM/DD/YYYY", spark: "M/d/yyyy" },
      "DD/MM/YYYY": { strftime: "%d/%m/%Y", toDate: "DD/MM/YYYY", spark: "d/M/yyyy" },
      "DD.MM.YYYY": { strftime: "%d.%m.%Y", toDate: "DD.MM.YYYY", spark: "d.M.yyyy" },
      YYYYMMDD: { strftime: "%Y%m%d", toDate: "YYYYMMDD", spark: "yyyyMMdd" },
    });
  });

  it("each engine's date reader takes the first word of the trimmed cell and the layout's pattern", () => {
    const f = "DD.MM.YYYY";
    expect(DIALECT.postgres.date("t", f)).toBe("to_date(split_part(TRIM(t), ' ', 1), 'DD.MM.YYYY')");
    expect(DIALECT.snowflake.date("t", f)).toBe("TO_DATE(SPLIT_PART(TRIM(t), ' ', 1), 'DD.MM.YYYY')");
    expect(DIALECT.spark.date("t", f)).toBe("to_date(substring_index(TRIM(t), ' ', 1), 'd.M.yyyy')");
    expect(DIALECT.bigquery.date("t", f)).toBe("PARSE_DATE('%d.%m.%Y', SUBSTR(TRIM(t), 1, STRPOS(CONCAT(TRIM(t), ' '), ' ') - 1))");
    expect(STRICT.snowflake.date("t", f)).toBe("TRY_TO_DATE(SPLIT_PART(TRIM(t), ' ', 1), 'DD.MM.YYYY')");
    expect(STRICT.spark.date("t", f)).toBe("to_date(substring_index(TRIM(t), ' ', 1), 'd.M.yyyy')");
    expect(STRICT.bigquery.date("t", f)).toBe("SAFE.PARSE_DATE('%d.%m.%Y', SUBSTR(TRIM(t), 1, STRPOS(CONCAT(TRIM(t), ' '), ' ') - 1))");
  });

  it("ISO dates: every engine's cast of isoDate's text; Snowflake names the layout, never the session's", () => {
    const iso = isoDate("t", (x) => `C(${x})`);
    expect(iso).toBe("C(CASE WHEN LENGTH(REPLACE(TRIM(t), '/', '-')) = 7 THEN CONCAT(REPLACE(TRIM(t), '/', '-'), '-01') ELSE SUBSTR(REPLACE(TRIM(t), '/', '-'), 1, 10) END)");
    const inner = iso.slice(2, -1);
    expect(STRICT.snowflake.date("t", "YYYY-MM-DD")).toBe(`TRY_TO_DATE(${inner}, 'YYYY-MM-DD')`);
    expect(STRICT.bigquery.date("t", "YYYY-MM-DD")).toBe(`SAFE_CAST(${inner} AS DATE)`);
    expect(STRICT.spark.date("t", "YYYY-MM-DD")).toBe(`CAST(${inner} AS DATE)`);
    for (const name of ["postgres", "bigquery", "snowflake", "spark"] as const) expect(DIALECT[name].date("t", "YYYY-MM-DD"), name).toBe(`CAST(${inner} AS DATE)`);
  });

  it("each engine's safe casts, refusal, and whole-number and text types", () => {
    expect([STRICT.bigquery.money("t"), STRICT.bigquery.int("t"), STRICT.bigquery.raise("m")]).toEqual(["SAFE_CAST(t AS NUMERIC)", "SAFE_CAST(t AS INT64)", "ERROR(m)"]);
    expect([STRICT.snowflake.money("t"), STRICT.snowflake.int("t"), STRICT.snowflake.raise("m")]).toEqual(["TRY_CAST(t AS NUMBER(38, 6))", "TRY_CAST(t AS INTEGER)", "CAST(m AS INTEGER)"]);
    expect([STRICT.spark.money("t"), STRICT.spark.int("t"), STRICT.spark.raise("m")]).toEqual(["CAST(t AS DECIMAL(38, 6))", "CAST(t AS INT)", "raise_error(m)"]);
  });
});

describe("phase exports with a date column, by quarter, run in DuckDB", () => {
  it("each phase's rows in the quarter of their date, a quarter with no row kept with zeros; figures by hand", async () => {
    const dir = folder();
    // Dates written DD.MM.YYYY, with a time after one of them.
    writeFileSync(join(dir, "new.csv"), "customer_id,date,revenue,cost\nN1,15.01.2024,10.00,2.00\nN2,03.05.2024 10:00,20.00,1.00\nN3,01.11.2024,5.00,0\n");
    writeFileSync(join(dir, "retained.csv"), "customer_id,date,revenue,cost\nR1,10.02.2024,7.50,0.50\n");
    writeFileSync(join(dir, "churned.csv"), "customer_id,date,revenue\nX1,30.06.2024,4.00\n");
    const args = ["--new", join(dir, "new.csv"), "--retained", join(dir, "retained.csv"), "--churned", join(dir, "churned.csv"), "--period", "quarter", "--date-format", "DD.MM.YYYY", "--cost-column", "cost"];
    const query = await runInProcess(["sql", "--dialect", "duckdb", ...args]);
    expect(query.code, query.err).toBe(0);
    const result = await connection.runAndReadAll(query.out);
    const columns = result.columnNames();
    const rows = result.getRows().map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] === null ? null : String(r[i])])));
    // Q1: N1 new (10.00, cost 2.00), R1 retained (7.50, cost 0.50): (10 - 2) + (7.5 - 0.5) = 15.
    // Q2: N2 new (20.00, cost 1.00), X1 churned (4.00): 19 - 4 = 15. Q3: nothing. Q4: N3 new 5.00.
    expect(rows.map((r) => [r.period, r.fiscal_year, r.new_customers, r.new_revenue, r.acquisition_cost, r.retained_customers, r.servicing_cost, r.churned_customers, r.churned_revenue, r.customer_equity])).toEqual([
      ["2024-Q1", "2024", "1", "10.000000", "2.000000", "1", "0.500000", "0", "0.000000", "15.000000"],
      ["2024-Q2", "2024", "1", "20.000000", "1.000000", "0", "0.000000", "1", "4.000000", "15.000000"],
      ["2024-Q3", "2024", "0", "0.000000", "0.000000", "0", "0.000000", "0", "0.000000", "0.000000"],
      ["2024-Q4", "2024", "1", "5.000000", "0.000000", "0", "0.000000", "0", "0.000000", "5.000000"],
    ]);
    // ceq reads the same files to the same figures.
    const direct = await runInProcess([...args, "-f", "json"]);
    expect(direct.code, direct.err).toBe(0);
    const periods = (JSON.parse(direct.out) as { periods: { period: string; customerEquity: number }[] }).periods;
    expect(periods.map((p) => [p.period, p.customerEquity])).toEqual([["2024-Q1", 15], ["2024-Q2", 15], ["2024-Q3", 0], ["2024-Q4", 5]]);
  });
});

describe("phase exports, a phase left out and years with a gap, run in DuckDB", () => {
  it("no retained file: its columns are zeros; years are only those that hold a row; figures by hand", async () => {
    const dir = folder();
    writeFileSync(join(dir, "new.csv"), "customer_id,year,revenue\nN1,2022,10.00\nN2,2024,20.00\n");
    writeFileSync(join(dir, "churned.csv"), "customer_id,year,revenue\nX1,2024,4.00\n");
    const args = ["--new", join(dir, "new.csv"), "--churned", join(dir, "churned.csv")];
    const query = await runInProcess(["sql", "--dialect", "duckdb", ...args]);
    expect(query.code, query.err).toBe(0);
    const result = await connection.runAndReadAll(query.out);
    const columns = result.columnNames();
    const rows = result.getRows().map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] === null ? null : String(r[i])])));
    // 2022: N1 new 10.00. 2023 holds no row: no line. 2024: N2 new 20.00, X1 churned 4.00: 16.
    expect(rows.map((r) => [r.period, r.new_customers, r.new_revenue, r.retained_customers, r.retained_revenue, r.churned_customers, r.churned_revenue, r.customer_equity])).toEqual([
      ["2022", "1", "10.000000", "0", "0.000000", "0", "0.000000", "10.000000"],
      ["2024", "1", "20.000000", "0", "0.000000", "1", "4.000000", "16.000000"],
    ]);
    const direct = await runInProcess([...args, "-f", "json"]);
    expect((JSON.parse(direct.out) as { years: { year: number; customerEquity: number }[] }).years.map((y) => [y.year, y.customerEquity])).toEqual([[2022, 10], [2024, 16]]);
  });
});

describe("DuckDB's plain date reader on ISO dates, run in DuckDB", () => {
  it("reads what the strict one reads", async () => {
    for (const [cell, day] of [["2024/03/05", "2024-03-05"], ["2024-03", "2024-03-01"], [" 2024-03-05T08:26:00Z", "2024-03-05"]] as const) {
      expect(await value(DIALECT.duckdb.date(lit(cell), "YYYY-MM-DD")), cell).toBe(day);
    }
  });
});
