/**
 * Issue 26 point 5: identifiers in `ceq sql`, every dialect, hostile names. Each dialect's quoting
 * is read back by an independent reader written from its documentation; DuckDB runs the query on
 * a file whose columns have hostile names; table names with `--` are quoted; what no escape can
 * hold is refused. Before the fix BigQuery left backslashes raw and `a--b` went out unquoted.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DIALECT } from "../../../src/sql/dialects.js";
import { tableName } from "../../../src/sql/identifiers.js";
import { runInProcess } from "../../support/capture.js";
import { folder } from "../../support/helpers.js";

const HOSTILE = [
  "plain",
  'a"b',
  "a`b",
  "a\\`b",
  "ends\\",
  "\\",
  "`",
  '"',
  "x` || (SELECT MAX(ssn) FROM hr.employees) || `",
  'x" || (SELECT 1) || "',
  "a--b",
  "--b",
  "a/*b*/c",
  "semi;colon",
  "line\nbreak",
  "tab\there",
  "'quote'",
  "ünïcödé ☃",
];

/** Reads one quoted identifier from the start of `sql` by the dialect's documented rule: the name and what follows. */
const READERS: Record<string, (sql: string) => { name: string; rest: string }> = {
  // SQL standard delimited identifier (DuckDB, PostgreSQL, Snowflake): "…", "" is one ".
  doubled(sql) {
    expect(sql[0]).toBe('"');
    let name = "";
    for (let i = 1; i < sql.length; i++) {
      if (sql[i] === '"') {
        if (sql[i + 1] === '"') (name += '"'), i++;
        else return { name, rest: sql.slice(i + 1) };
      } else name += sql[i];
    }
    throw new Error(`unterminated: ${sql}`);
  },
  // BigQuery: `…` with string-literal escapes; a raw backtick ends it, a raw newline is not allowed.
  bigquery(sql) {
    expect(sql[0]).toBe("`");
    let name = "";
    for (let i = 1; i < sql.length; i++) {
      const c = sql[i]!;
      if (c === "\n") throw new Error("raw newline in a BigQuery identifier");
      if (c === "`") return { name, rest: sql.slice(i + 1) };
      if (c !== "\\") {
        name += c;
        continue;
      }
      const e = sql[++i]!;
      if (e === "u") (name += String.fromCharCode(parseInt(sql.slice(i + 1, i + 5), 16))), (i += 4);
      else if ("\\`'\"".includes(e)) name += e;
      else throw new Error(`escape \\${e} not expected`);
    }
    throw new Error(`unterminated: ${sql}`);
  },
  // Spark: `…`, `` is one `.
  spark(sql) {
    expect(sql[0]).toBe("`");
    let name = "";
    for (let i = 1; i < sql.length; i++) {
      if (sql[i] === "`") {
        if (sql[i + 1] === "`") (name += "`"), i++;
        else return { name, rest: sql.slice(i + 1) };
      } else name += sql[i];
    }
    throw new Error(`unterminated: ${sql}`);
  },
};
const readerOf = (dialect: string) => READERS[dialect === "bigquery" || dialect === "spark" ? dialect : "doubled"]!;

describe("unit: each dialect's quote reads back as the name, with nothing after it", () => {
  for (const [dialect, d] of Object.entries(DIALECT)) {
    it(dialect, () => {
      for (const name of HOSTILE) {
        const quoted = d.quote(name);
        expect(readerOf(dialect)(quoted)).toEqual({ name, rest: "" });
        // Followed by SQL, the identifier still ends where it should: nothing of the name leaks out.
        expect(readerOf(dialect)(`${quoted} AS x`)).toEqual({ name, rest: " AS x" });
      }
    });
  }

  it("BigQuery: a backslash is doubled and a backtick escaped (the audit's two cases)", () => {
    expect(DIALECT.bigquery.quote("a\\`b")).toBe("`a\\\\\\`b`");
    expect(DIALECT.bigquery.quote("ends\\")).toBe("`ends\\\\`");
  });

  it("what no escape holds is refused: NUL anywhere, an empty name, PostgreSQL past 63 bytes", () => {
    for (const d of Object.values(DIALECT)) {
      expect(() => d.quote("a\u0000b")).toThrow(/NUL/);
      expect(() => d.quote("")).toThrow(/empty/);
    }
    expect(DIALECT.postgres.quote("é".repeat(31))).toBe(`"${"é".repeat(31)}"`);
    expect(() => DIALECT.postgres.quote("é".repeat(32))).toThrow(/longer than 63 bytes/);
  });

  it("table names: plain parts as they are, others quoted", () => {
    expect(tableName("raw.invoices", DIALECT.postgres.quote)).toBe("raw.invoices");
    expect(tableName("a--b", DIALECT.postgres.quote)).toBe('"a--b"');
    expect(tableName("my-project.raw.a--b", DIALECT.bigquery.quote)).toBe("`my-project`.raw.`a--b`");
    expect(tableName("s.--b", DIALECT.spark.quote)).toBe("s.`--b`");
  });
});

describe("end to end", () => {
  let connection: Awaited<ReturnType<DuckDBInstance["connect"]>>;
  beforeAll(async () => {
    connection = await (await DuckDBInstance.create(":memory:", { threads: "1" })).connect();
  });
  afterAll(() => connection?.closeSync?.());

  it("every dialect: --transactions a--b goes out quoted, never as a comment", async () => {
    for (const dialect of Object.keys(DIALECT)) {
      const run = await runInProcess(["sql", "--dialect", dialect, "--transactions", "raw.a--b"]);
      expect(run.code, run.err).toBe(0);
      const from = run.out.split("\n").find((l) => l.includes("a--b"))!;
      expect(from).toContain(dialect === "bigquery" || dialect === "spark" ? "raw.`a--b`" : 'raw."a--b"');
    }
  });

  it("DuckDB runs the query over columns named with backslashes, backticks, -- and ; and gives ceq's sums", async () => {
    const names = { id: "id\\`x", date: "date--when", amount: "amount; DROP TABLE t; --", segment: "seg`\\" };
    const dir = folder();
    const path = join(dir, "log.csv");
    writeFileSync(path, `${Object.values(names).join(",")}\nA,2023-01-05,10.50,x\nB,2023-02-01,4.25,y\nA,2024-03-01,7.00,x\n`);
    const flags = ["--transactions", path, "--id-column", names.id, "--date-column", names.date, "--revenue-column", names.amount, "--by", names.segment];
    const query = await runInProcess(["sql", "--dialect", "duckdb", ...flags]);
    expect(query.code, query.err).toBe(0);
    const result = await connection.runAndReadAll(query.out);
    const columns = result.columnNames();
    expect(columns).toContain(names.segment);
    const rows = result.getRows().map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] === null ? null : String(r[i])])));
    // 2023: A (10.50, x) and B (4.25, y) new; 2024: A retained (7.00), B churned (4.25). By hand.
    const company = rows.filter((r) => r[names.segment] === null);
    expect(company.map((r) => [r.period, Number(r.new_revenue), Number(r.retained_revenue), Number(r.churned_revenue)])).toEqual([
      ["2023", 14.75, 0, 0],
      ["2024", 0, 7, 4.25],
    ]);
  });

  it("a name no escape holds is a usage error (exit 2), not a broken query", async () => {
    const run = await runInProcess(["sql", "--dialect", "postgres", "--transactions", "raw.log", "--revenue-column", "r".repeat(64)]);
    expect(run.code).toBe(2);
    expect(run.out).toBe("");
    expect(run.err).toMatch(/cannot be written as a postgres identifier: it is longer than 63 bytes/);
  });
});

describe("unit: the refusals' words (issue 33's mutation run)", () => {
  it("PostgreSQL takes a name of exactly 63 bytes; the refusal names the dialect and says what to do", () => {
    expect(DIALECT.postgres.quote("a".repeat(63))).toBe(`"${"a".repeat(63)}"`);
    expect(() => DIALECT.postgres.quote("a".repeat(64))).toThrow(/longer than 63 bytes, where postgres cuts names short/);
    for (const [name, d] of Object.entries(DIALECT)) {
      let error: unknown;
      try {
        d.quote("");
      } catch (e) {
        error = e;
      }
      // A usage error (exit 2), with its hint.
      expect(error, name).toMatchObject({ exitCode: 2, message: `"" cannot be written as a ${name} identifier: it is empty`, hint: "rename the column (or table) in the warehouse, or with a view" });
    }
  });
});
