/**
 * `ceq --warehouse URL --new TABLE --retained TABLE --churned TABLE` prints the report ceq prints
 * from the exported files, byte for byte, in every format (the workbook cell for cell): on DuckDB
 * reading the CSV files in place, on PostgreSQL and on a two-shard ClickHouse cluster where
 * installed (one server start each in this file). ceq's own reading of the files is the independent
 * method: the engine casts and sums the tables, ceq reads and sums the files. Bad rows are refused
 * with exit 1 and nothing on stdout, as ceq refuses them.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { cellsOfWorkbook } from "../support/workbook.js";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../support/capture.js";
import { CH_BIN, startCluster, type Cluster } from "../support/clickhouse.js";
import { PG_BIN, startPostgres, type Postgres } from "../support/postgres.js";
import { phaseFile, phaseRow, phaseSettings } from "../support/sql-cases.js";
import { runs } from "../support/runs.js";
import { ceq, folder } from "../support/helpers.js";

const RUNS = runs(8, 60);
const SERVER_RUNS = runs(4, 30);
const FORMATS = ["table", "csv", "tsv", "json", "markdown", "html"] as const;
const run = runInProcess;

/**
 * Phase exports by hand, named as the tables are. 2023: two new customers, 10.00 + 5.00 of revenue,
 * 1.00 + 1.00 of cost: equity 13.00. 2024: one new, 7.00 - 2.00; one retained, 10.00 - 2.00; one
 * churned, -5.00: 5.00 + 8.00 - 5.00 = 8.00. The churned table's cost is ignored (a warning).
 */
const TABLES = {
  new_customers: "year,revenue,cost,region\n2023,10.00,1.00,EMEA\n2023,5.00,1.00,AMER\n2024,7.00,2.00, EMEA \n",
  retained_customers: "year,revenue,cost,region\n2024,10.00,2.00,AMER\n",
  churned_customers: "year,revenue,cost,region\n2024,5.00,9.99,EMEA\n",
};
const INPUTS = ["--new", "new_customers", "--retained", "retained_customers", "--churned", "churned_customers"];
const cellsOf = (csv: string) => csv.trim().split("\n").slice(1).map((l) => l.split(","));
const columnsOf = (csv: string) => csv.split("\n")[0]!.split(",");


/**
 * ceq on the files (the binary, in the folder where they are named as the tables) against
 * --warehouse on the tables (in-process), in every format: the same bytes, the workbook's cells.
 */
async function expectSameEverywhere(dir: string, url: string, flags: string[]): Promise<void> {
  for (const format of FORMATS) {
    const direct = await ceq([...INPUTS, ...flags, "-f", format], { cwd: dir });
    expect(direct.code, direct.stderr).toBe(0);
    const there = await run(["--warehouse", url, ...INPUTS, ...flags, "-f", format]);
    expect(there.code, there.err).toBe(0);
    expect(there.out, format).toBe(direct.stdout);
    expect(there.err, format).toBe(direct.stderr);
  }
  const direct = await ceq([...INPUTS, ...flags, "-f", "xlsx", "-o", join(dir, "direct.xlsx")], { cwd: dir });
  expect(direct.code, direct.stderr).toBe(0);
  const there = await run(["--warehouse", url, ...INPUTS, ...flags, "-f", "xlsx", "-o", join(dir, "there.xlsx")]);
  expect(there.code, there.err).toBe(0);
  expect(await cellsOfWorkbook(join(dir, "there.xlsx"))).toEqual(await cellsOfWorkbook(join(dir, "direct.xlsx")));
}

/** Bad cells, each in a new customers' table: refused by --warehouse (exit 1, nothing on stdout), and by ceq but the first. */
const BAD: [string[], string][] = [
  [["2024", "1,234.56", "1.00", "EMEA"], "a revenue with a thousands separator"],
  [["next", "5.00", "1.00", "EMEA"], "a year that is no number"],
  [["2024", "", "1.00", "EMEA"], "an empty revenue"],
  [["2024", "5.00", "", "EMEA"], "an empty cost"],
  [["2024", "5.00", "n/a", "EMEA"], "a cost that does not parse"],
];
const csvLine = (cells: readonly string[]) => cells.map((c) => (c.includes(",") ? `"${c}"` : c)).join(",");

describe("ceq --warehouse duckdb: on phase exports", () => {
  const dir = folder(Object.fromEntries(Object.entries(TABLES).map(([k, v]) => [`${k}.csv`, v])));
  const files = ["--new", join(dir, "new_customers.csv"), "--retained", join(dir, "retained_customers.csv"), "--churned", join(dir, "churned_customers.csv")];

  it("gives the figures worked out by hand", async () => {
    const result = await run(["--warehouse", "duckdb:", ...files, "--cost-column", "cost", "-f", "json"]);
    expect(result.code, result.err).toBe(0);
    const years = JSON.parse(result.out).years as { year: number; customerEquity: number; churn: { customers: number } }[];
    expect(years.map((y) => [y.year, y.customerEquity])).toEqual([[2023, 13], [2024, 8]]);
    expect(result.err).toContain("churned_customers.csv");
  });

  it("prints what ceq prints from the files, in every format, the dashboard and the workbook included", async () => {
    const flags = ["--cost-column", "cost", "--by", "region"];
    for (const format of [...FORMATS, "xlsx"] as const) {
      const out = (name: string) => (format === "xlsx" ? ["-o", join(dir, `${name}.xlsx`)] : []);
      const direct = await run([...files, ...flags, "-f", format, ...out("direct")]);
      const there = await run(["--warehouse", "duckdb:", ...files, ...flags, "-f", format, ...out("there")]);
      expect(there.code, there.err).toBe(0);
      expect(there.out, format).toBe(direct.out);
      expect(there.err, format).toBe(direct.err);
    }
    expect(await cellsOfWorkbook(join(dir, "there.xlsx"))).toEqual(await cellsOfWorkbook(join(dir, "direct.xlsx")));
  }, 300_000);

  it(`gives ceq's JSON byte for byte on ${RUNS} random aggregated phase exports`, async () => {
    const work = folder();
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(phaseRow, { minLength: 1, maxLength: 12 }), fc.array(phaseRow, { maxLength: 12 }), fc.array(phaseRow, { maxLength: 12 }), phaseSettings, async (fresh, retained, churned, s) => {
        const written = { new: phaseFile(fresh, "N", true, true), retained: phaseFile(retained, "R", true, true), churned: phaseFile(churned, "X", false, true) };
        for (const [name, file] of Object.entries(written)) writeFileSync(join(work, `${name}.csv`), file.csv);
        const inputs = ["--new", join(work, "new.csv"), "--retained", join(work, "retained.csv"), "--churned", join(work, "churned.csv")];
        const flags = [...(s.by.length ? ["--by", s.by.join(",")] : []), ...(s.range ? ["--from", String(s.range[0]), "--to", String(s.range[0] + s.range[1])] : [])];
        const direct = await run([...inputs, ...flags, "-f", "json"]);
        const there = await run(["--warehouse", "duckdb:", ...inputs, ...flags, "-f", "json"]);
        expect(there.code, there.err).toBe(direct.code);
        expect(there.out).toBe(direct.out);
        if (direct.code === 0) compared++;
      }),
      { numRuns: RUNS },
    );
    expect(compared).toBeGreaterThan(RUNS * 0.5);
  }, 300_000);

  it("refuses a bad revenue, year or cost as ceq does: exit 1, nothing on stdout, and a table with customer ids", async () => {
    for (const [row, what] of BAD) {
      writeFileSync(join(dir, "bad.csv"), `${TABLES.new_customers}${csvLine(row)}\n`);
      const args = ["--new", join(dir, "bad.csv"), "--cost-column", "cost"];
      // ceq reads "1,234.56" as 1234.56 (a thousands separator); the engine's cast reads plain
      // decimals only, so --warehouse refuses it: stricter, never a different figure.
      const direct = await run(args);
      expect(direct.code, what).toBe(what.includes("thousands") ? 0 : 1);
      // The binary, as a user runs it (its exit code and streams), for the first; in-process for the rest.
      const result = what === BAD[0]![1] ? await ceq(["--warehouse", "duckdb:", ...args]) : await run(["--warehouse", "duckdb:", ...args]).then((r) => ({ code: r.code, stdout: r.out, stderr: r.err }));
      expect(result.code, what).toBe(1);
      expect(result.stdout, what).toBe("");
      expect(result.stderr, what).toContain(`ceq refuses ${join(dir, "bad.csv")}: 1 of its 4 rows has a period, count, revenue or cost that is empty or does not parse; no figure is given`);
    }
    writeFileSync(join(dir, "ids.csv"), "customer_id,year,revenue\nA,2024,5.00\n");
    const ids = await run(["--warehouse", "duckdb:", "--new", join(dir, "ids.csv")]);
    expect(ids.code).toBe(2);
    expect(ids.out).toBe("");
    expect(ids.err).toContain('"customer_id" holds customer ids');
  });
});

describe.skipIf(!PG_BIN)("ceq --warehouse postgres:// on phase tables", () => {
  let pg: Postgres;
  let url: string;
  const dir = folder(TABLES);
  const load = (table: string, columns: readonly string[], cells: readonly (readonly string[])[]) => {
    pg.exec(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (${columns.map((c) => `"${c}" text`).join(", ")})`);
    if (cells.length > 0) pg.exec(`COPY ${table} FROM STDIN`, `${cells.map((c) => c.join("\t")).join("\n")}\n`);
  };
  beforeAll(() => {
    pg = startPostgres();
    url = `postgres://ceq@localhost/postgres?host=${encodeURIComponent(pg.socketDir)}`;
  });
  afterAll(() => pg?.stop());

  it("prints what ceq prints from the files, in every format", async () => {
    for (const [table, csv] of Object.entries(TABLES)) load(table, columnsOf(csv), cellsOf(csv));
    await expectSameEverywhere(dir, url, ["--cost-column", "cost", "--by", "region"]);
  }, 300_000);

  it(`gives ceq's JSON byte for byte on ${SERVER_RUNS} random aggregated phase tables, and refuses bad rows`, async () => {
    const work = folder();
    await fc.assert(
      fc.asyncProperty(fc.array(phaseRow, { minLength: 1, maxLength: 12 }), fc.array(phaseRow, { maxLength: 12 }), phaseSettings, async (fresh, retained, s) => {
        const written = { new_customers: phaseFile(fresh, "N", true, true), retained_customers: phaseFile(retained, "R", true, true) };
        for (const [name, file] of Object.entries(written)) {
          writeFileSync(join(work, name), file.csv);
          load(name, file.columns, file.cells);
        }
        const inputs = ["--new", "new_customers", "--retained", "retained_customers"];
        const flags = s.by.length ? ["--by", s.by.join(",")] : [];
        const direct = await ceq([...inputs, ...flags, "-f", "json"], { cwd: work });
        const there = await run(["--warehouse", url, ...inputs, ...flags, "-f", "json"]);
        expect(there.code, there.err).toBe(direct.code);
        expect(there.out).toBe(direct.stdout);
      }),
      { numRuns: SERVER_RUNS },
    );
    for (const [row, what] of BAD) {
      load("bad_new", columnsOf(TABLES.new_customers), [...cellsOf(TABLES.new_customers), row]);
      const result = await run(["--warehouse", url, "--new", "bad_new", "--cost-column", "cost"]);
      expect(result.code, what).toBe(1);
      expect(result.out, what).toBe("");
      expect(result.err, what).toContain("ceq refuses bad_new: 1 of its 4 rows has a period, count, revenue or cost that is empty or does not parse");
    }
  }, 600_000);
});
if (!PG_BIN) describe("ceq --warehouse on PostgreSQL phase tables", () => it("is skipped: no PostgreSQL server here (apt-get install postgresql)", () => {}));

describe.skipIf(!CH_BIN)("ceq --warehouse clickhouse:// on phase tables of a two-shard cluster", () => {
  let ch: Cluster;
  let url: string;
  const dir = folder(TABLES);
  const both = async (sql: string) => {
    for (const node of [0, 1]) await ch.query(sql, { node });
  };
  /** A table spread over both shards (sharded by rand()): the engine sums both. */
  const load = async (table: string, columns: readonly string[], cells: readonly (readonly string[])[]) => {
    await both(`DROP TABLE IF EXISTS ${table}`);
    await both(`DROP TABLE IF EXISTS ${table}_local`);
    await both(`CREATE TABLE ${table}_local (${columns.map((c) => `\`${c}\` String`).join(", ")}) ENGINE = MergeTree() ORDER BY tuple()`);
    await ch.query(`CREATE TABLE ${table} AS ${table}_local ENGINE = Distributed(ceq, default, ${table}_local, rand())`);
    if (cells.length > 0) await ch.query(`INSERT INTO ${table} FORMAT TabSeparated`, { body: `${cells.map((c) => c.join("\t")).join("\n")}\n`, settings: { insert_distributed_sync: "1" } });
  };
  beforeAll(async () => {
    ch = await startCluster();
    url = `clickhouse://default@127.0.0.1:${ch.nodes[0]!.http}/default`;
  }, 60_000);
  afterAll(() => ch?.stop());

  it("prints what ceq prints from the files, in every format", async () => {
    for (const [table, csv] of Object.entries(TABLES)) await load(table, columnsOf(csv), cellsOf(csv));
    await expectSameEverywhere(dir, url, ["--cost-column", "cost", "--by", "region"]);
  }, 300_000);

  it(`gives ceq's JSON byte for byte on ${SERVER_RUNS} random aggregated phase tables, and refuses a bad row`, async () => {
    const work = folder();
    await fc.assert(
      fc.asyncProperty(fc.array(phaseRow, { minLength: 1, maxLength: 12 }), fc.array(phaseRow, { maxLength: 12 }), phaseSettings, async (fresh, churned, s) => {
        const written = { new_customers: phaseFile(fresh, "N", true, true), churned_customers: phaseFile(churned, "X", false, true) };
        for (const [name, file] of Object.entries(written)) {
          writeFileSync(join(work, name), file.csv);
          await load(name, file.columns, file.cells);
        }
        const inputs = ["--new", "new_customers", "--churned", "churned_customers"];
        const flags = s.by.length ? ["--by", s.by.join(",")] : [];
        const direct = await ceq([...inputs, ...flags, "-f", "json"], { cwd: work });
        const there = await run(["--warehouse", url, ...inputs, ...flags, "-f", "json"]);
        expect(there.code, there.err).toBe(direct.code);
        expect(there.out).toBe(direct.stdout);
      }),
      { numRuns: SERVER_RUNS },
    );
    await load("bad_new", ["year", "revenue", "cost", "region"], [...cellsOf(TABLES.new_customers), ["2024", "5.00", "", "EMEA"]]);
    const result = await run(["--warehouse", url, "--new", "bad_new", "--cost-column", "cost"]);
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toContain("ceq refuses bad_new: 1 of its 4 rows has a period, count, revenue or cost that is empty or does not parse");
  }, 600_000);
});
if (!CH_BIN) describe("ceq --warehouse on ClickHouse phase tables", () => it("is skipped: no clickhouse-server here (apt-get install clickhouse-server)", () => {}));
