/**
 * `ceq sql` for the engines that cannot run here (BigQuery, Snowflake, Spark) is checked by a SQL
 * parser that knows each dialect (node-sql-parser: BigQuery, Snowflake, and Hive's grammar for
 * Spark) and by golden files that pin each dialect's exact text for three option sets of a log and
 * one of phase exports, written only by `npm run golden` (scripts/golden.mjs). Also: every
 * definition of SPEC "From transactions" has its comment in --explain, --dbt, and the refusals.
 * DuckDB, PostgreSQL and ClickHouse run the queries: see sql-duckdb.test.ts, sql-postgres.test.ts
 * and sql-clickhouse.test.ts (ClickHouse's golden files are pinned here; no parser here knows its grammar).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import NodeSqlParser from "node-sql-parser";
import { describe, expect, it } from "vitest";
import { cli } from "../support/capture.js";
import { ceq, folder, ROOT } from "../support/helpers.js";
import { DIALECTS, GOLDEN, SETS } from "../../scripts/golden-sets.mjs";

const SPEC = join(ROOT, "..", "shared", "SPEC.md");
const GRAMMAR = { bigquery: "BigQuery", snowflake: "Snowflake", spark: "Hive", postgres: "PostgresQL" } as const;

describe("queries for engines that do not run here: parsed, and pinned by golden files", () => {
  const parser = new NodeSqlParser.Parser();
  for (const dialect of DIALECTS) {
    for (const [name, args] of Object.entries(SETS)) {
      it(`${dialect}, ${name}`, async () => {
        const run = await cli(["sql", "--dialect", dialect, ...args]);
        expect(run.code, run.stderr).toBe(0);
        // Written only by `npm run golden` (scripts/golden.mjs): stale or missing, the test fails.
        const file = join(GOLDEN, `${dialect}-${name}.sql`);
        expect(existsSync(file), `${file} is missing: npm run golden writes it`).toBe(true);
        expect(run.stdout, `${file} is stale: npm run golden rewrites it (review the diff)`).toBe(readFileSync(file, "utf8"));
        if (dialect !== "duckdb" && dialect !== "clickhouse") expect(() => parser.astify(run.stdout, { database: GRAMMAR[dialect] })).not.toThrow();
        // Money is an exact decimal type in every dialect, never a float.
        expect(run.stdout).not.toMatch(/\b(FLOAT|DOUBLE|REAL|FLOAT64)\b/i);
        expect(run.stdout).toMatch(/\b(DECIMAL\(38, 6\)|NUMERIC|NUMBER\(38, 6\)|toDecimal128\([^)]*, 6\))/);
      });
    }
  }
});

describe("--explain", () => {
  it.skipIf(!existsSync(SPEC))("comments each step with its definition: every bold term of SPEC From transactions has one", async () => {
    const section = readFileSync(SPEC, "utf8").split("## From transactions")[1]!.split("\n## ")[0]!;
    const terms = [...section.matchAll(/\*\*([a-z]+)\*\*/g)].map((m) => m[1]!);
    expect(terms).toEqual(expect.arrayContaining(["active", "new", "reactivated", "retained", "churned", "inactive"]));
    const run = await ceq(["sql", "--dialect", "duckdb", "--transactions", "shop.orders", "--explain"]);
    const comments = run.stdout.split("\n").filter((l) => l.startsWith("-- ")).join("\n");
    for (const term of terms) expect(comments, term).toMatch(new RegExp(`\\b${term}\\b[^\\n]*:?`));
    // The definitions in the spec's own words, one comment before each named step.
    expect(comments).toContain("They are active in P when at least one of their rows in P has an amount >= 0");
    expect(comments).toContain("churned revenue is their revenue in that period before");
    expect(comments).toContain("The periods run from the first to the last period that holds a row, gaps included.");
    const ctes = [...run.stdout.matchAll(/^([a-z_]+) AS \($/gm)].map((m) => m[1]);
    const lines = run.stdout.split("\n");
    for (const name of ctes) expect(lines[lines.indexOf(`${name} AS (`) - 1], name).toMatch(/^-- /);
  });
  if (!existsSync(SPEC)) it("SPEC.md is absent: the --explain check against it is skipped (../shared/SPEC.md)", () => {});
});

describe("--dbt and the refusals", () => {
  it("--dbt writes a model: a config line, source() for schema.table, ref() for a model, no final semicolon", async () => {
    const source = await cli(["sql", "--dialect", "snowflake", "--transactions", "raw.invoices", "--dbt"]);
    expect(source.stdout.startsWith("{{ config(materialized='table') }}\n")).toBe(true);
    expect(source.stdout).toContain("FROM {{ source('raw', 'invoices') }}");
    expect(source.stdout.trimEnd().endsWith(";")).toBe(false);
    const ref = await cli(["sql", "--dialect", "bigquery", "--transactions", "stg_payments", "--dbt"]);
    expect(ref.stdout).toContain("FROM {{ ref('stg_payments') }}");
  });

  it("SQLite is refused (no exact decimal), as are a name that is no table and a missing log", async () => {
    for (const [args, message] of [
      [["--dialect", "sqlite", "--transactions", "t"], "SQLite has no exact decimal type"],
      [["--dialect", "postgres", "--transactions", "x; DROP TABLE y"], "is not a table name"],
      [["--dialect", "postgres"], "ceq sql reads one transaction log"],
      [["--dialect", "postgres", "--transactions", "t", "--sharded-by-customer"], "--sharded-by-customer is for --dialect clickhouse"],
    ] as const) {
      const run = await cli(["sql", ...args]);
      expect([run.code, run.stdout]).toEqual([2, ""]);
      expect(run.stderr).toContain(message);
    }
  });

  it("Snowflake names columns as tables are usually created: plain names upper case unquoted, keywords and other names quoted; --quote-identifiers quotes them as given", async () => {
    const args = ["sql", "--dialect", "snowflake", "--transactions", "raw.invoices", "--id-column", "account_id", "--date-column", "Paid At", "--by", "order"];
    const plain = await cli(args);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toContain("TRIM(CAST(ACCOUNT_ID AS VARCHAR)) AS customer_id");
    expect(plain.stdout).toContain('CAST("Paid At" AS VARCHAR)');
    expect(plain.stdout).toContain('COALESCE(TRIM(CAST("ORDER" AS VARCHAR)), \'\') AS g1');
    expect(plain.stdout).not.toMatch(/"account_id"|"amount"/);
    const quoted = await cli([...args, "--quote-identifiers"]);
    expect(quoted.stdout).toContain('TRIM(CAST("account_id" AS VARCHAR)) AS customer_id');
    expect(quoted.stdout).toContain('COALESCE(TRIM(CAST("order" AS VARCHAR)), \'\') AS g1');
    expect(() => new NodeSqlParser.Parser().astify(plain.stdout, { database: "Snowflake" })).not.toThrow();
  });

  it("a DuckDB file's columns are found in its header as ceq finds them", async () => {
    const dir = folder({ "log.csv": "Customer ID,Invoice Date,Total\nA,2024-01-02,5\n" });
    const run = await cli(["sql", "--dialect", "duckdb", "--transactions", join(dir, "log.csv")]);
    expect(run.stdout).toContain('TRIM(CAST("Customer ID" AS VARCHAR)) AS customer_id');
    expect(run.stdout).toContain('CAST("Invoice Date" AS VARCHAR)');
    expect(run.stdout).toContain('CAST(TRIM(CAST("Total" AS VARCHAR)) AS DECIMAL(38, 6)) AS amount');
  });
});
