/**
 * `ceq --warehouse URL --transactions TABLE` prints the report `ceq --transactions export.csv`
 * prints, byte for byte, in every format: on DuckDB (always: a database file, and a CSV file read
 * in place), on PostgreSQL (Debian's server, started here on a private socket) and on a two-shard
 * ClickHouse cluster (Debian's clickhouse-server, test/support/clickhouse.ts) where installed.
 * The CLI's own reading of the exported file is the independent method: the engine parses, casts
 * and sums the table; ceq reads and sums the file. Also: a bad row gives an error, never a figure,
 * and no message shows a password.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { cellsOfWorkbook } from "../support/workbook.js";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../support/capture.js";
import { CH_BIN, startCluster, type Cluster } from "../support/clickhouse.js";
import { PG_BIN, startPostgres, type Postgres } from "../support/postgres.js";
import { flagsOf, logFile, logRow, settings } from "../support/sql-cases.js";
import { ceq, folder } from "../support/helpers.js";

const RUNS = Number(process.env.CEQ_WAREHOUSE_RUNS ?? (process.env.CEQ_DEEP === "1" ? 100 : 8));
/** PostgreSQL and ClickHouse: a table loaded a run, slower. */
const SERVER_RUNS = Number(process.env.CEQ_WAREHOUSE_RUNS ?? (process.env.CEQ_DEEP === "1" ? 60 : 5));
const TEXT_FORMATS = ["table", "csv", "tsv", "json", "markdown", "html"] as const;
/** A server's part is the table read; every format renders what was read alike (DuckDB's test takes
 * them all): on a server JSON, CSV, HTML and the workbook, every format with CEQ_DEEP=1. */
const SERVER_FORMATS = process.env.CEQ_DEEP === "1" ? TEXT_FORMATS : (["json", "csv", "html"] as const);
const run = runInProcess;

/** A small log by hand, with a segment column and a cost: its figures are worked out below. */
const LOG = `customer_id,date,amount,cost,region
A,2023-01-05,10.00,1.00,EMEA
B,2023-06-30,4.50,0.50,AMER
A,2024-03-01,12.00,0.00,EMEA
C,2024-02-01,5.50,0.25,EMEA
B,2025-01-10,-2.00,0,AMER
C,2025-07-01,8.00,1.00,APAC
`;

/** A DuckDB database file holding `cells` as table `name`, every column text (as a log exported from a CRM is). */
async function duckdbFile(path: string, name: string, columns: readonly string[], cells: readonly (readonly string[])[]): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  await connection.run(`CREATE OR REPLACE TABLE ${name} (${columns.map((c) => `"${c}" VARCHAR`).join(", ")})`);
  if (cells.length > 0) {
    const appender = await connection.createAppender(name);
    for (const row of cells) {
      for (const c of row) appender.appendVarchar(c);
      appender.endRow();
    }
    appender.closeSync();
  }
  connection.closeSync();
  instance.closeSync();
}


/** The same report both ways, in every format: text formats byte for byte, the workbook cell for cell. */
async function expectSameEverywhere(file: string, warehouse: string[], flags: string[], formats: readonly string[] = TEXT_FORMATS): Promise<void> {
  for (const format of formats) {
    const direct = await run(["--transactions", file, ...flags, "-f", format]);
    expect(direct.code, direct.err).toBe(0);
    const there = await run([...warehouse, ...flags, "-f", format]);
    expect(there.code, there.err).toBe(0);
    expect(there.out, format).toBe(direct.out);
  }
  const dir = folder();
  const direct = await run(["--transactions", file, ...flags, "-f", "xlsx", "-o", join(dir, "direct.xlsx")]);
  expect(direct.code, direct.err).toBe(0);
  const there = await run([...warehouse, ...flags, "-f", "xlsx", "-o", join(dir, "there.xlsx")]);
  expect(there.code, there.err).toBe(0);
  expect(await cellsOfWorkbook(join(dir, "there.xlsx"))).toEqual(await cellsOfWorkbook(join(dir, "direct.xlsx")));
}

const cellsOfCsv = (csv: string) => csv.trim().split("\n").slice(1).map((l) => l.split(","));
const COLUMNS = LOG.split("\n")[0]!.split(",");

describe("ceq --warehouse duckdb:", () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = folder({ "log.csv": LOG });
    db = join(dir, "shop.duckdb");
    await duckdbFile(db, "orders", COLUMNS, cellsOfCsv(LOG));
  });

  it("gives the figures worked out by hand", async () => {
    // 2023: A and B new: 14.50 of revenue, 1.50 of cost: 13.00. 2024: A retained 12.00, C new 5.50 - 0.25,
    // B churned -4.50: 12.00 + 5.25 - 4.50 = 12.75. 2025: B only refunds (inactive, not active), C
    // retained 8.00 - 1.00, A churned -12.00: 7.00 - 12.00 = -5.00.
    const result = await run(["--warehouse", `duckdb:${db}`, "--transactions", "orders", "--cost-column", "cost", "-f", "json"]);
    expect(result.code, result.err).toBe(0);
    const years = JSON.parse(result.out).years as { year: number; customerEquity: number; inactive: { revenue: number } }[];
    expect(years.map((y) => [y.year, y.customerEquity])).toEqual([[2023, 13], [2024, 12.75], [2025, -5]]);
    expect(years[2]!.inactive.revenue).toBe(-2);
  });

  it("prints what ceq prints from the exported file, in every format, the dashboard and the workbook included", async () => {
    await expectSameEverywhere(join(dir, "log.csv"), ["--warehouse", `duckdb:${db}`, "--transactions", "orders"], ["--cost-column", "cost", "--by", "region", "--period", "quarter", "--fiscal-year-start", "4"]);
    await expectSameEverywhere(join(dir, "log.csv"), ["--warehouse", `duckdb:${db}`, "--transactions", "orders"], ["--cost-column", "cost", "--from", "2024"]);
  }, 300_000);

  it("reads a CSV file in place too (duckdb: with no database file)", async () => {
    const file = join(dir, "log.csv");
    const direct = await run(["--transactions", file, "--cost-column", "cost", "-f", "json"]);
    const there = await run(["--warehouse", "duckdb:", "--transactions", file, "--cost-column", "cost", "-f", "json"]);
    expect(there.code, there.err).toBe(0);
    expect(there.out).toBe(direct.out);
    // Standard error too: the warnings, and the notice naming the id column at the header's line 1.
    expect(there.err).toBe(direct.err);
    expect(there.err).toContain(`notice: ${file}:1: using "customer_id" as the customer id (--id-column to choose another)`);
  });

  it("names the table's customer id column as it names a file's, and warns when no id repeats", async () => {
    const named = await run(["--warehouse", `duckdb:${db}`, "--transactions", "orders", "--cost-column", "cost"]);
    expect(named.code, named.err).toBe(0);
    // A table has no lines: the notice names it alone.
    expect(named.err).toContain('notice: orders: using "customer_id" as the customer id (--id-column to choose another)');
    const chosen = await run(["--warehouse", `duckdb:${db}`, "--transactions", "orders", "--cost-column", "cost", "--id-column", "customer_id"]);
    expect(chosen.code, chosen.err).toBe(0);
    expect(chosen.err).not.toContain("as the customer id");
    // 60 orders, each its own "customer": the charge id read as the customer's, as in a Stripe export.
    const charges = Array.from({ length: 60 }, (_, i) => [`ch_${i}`, `cus_${i % 7}`, `202${3 + (i % 2)}-0${1 + (i % 9)}-15`, "9.99"]);
    await duckdbFile(join(dir, "charges.duckdb"), "charges", ["id", "customer", "created", "amount"], charges);
    const file = join(dir, "charges.csv");
    writeFileSync(file, `id,customer,created,amount\n${charges.map((r) => r.join(",")).join("\n")}\n`);
    const flags = ["--id-column", "id", "--date-column", "created"];
    const direct = await run(["--transactions", file, ...flags]);
    const there = await run(["--warehouse", `duckdb:${join(dir, "charges.duckdb")}`, "--transactions", "charges", ...flags]);
    expect(there.code, there.err).toBe(0);
    expect(there.out).toBe(direct.out);
    const warning = (err: string) => err.split("\n").filter((l) => l.includes("60 rows") || l.startsWith("hint: --id-column"));
    expect(warning(direct.err).length).toBeGreaterThan(0);
    expect(warning(there.err)).toEqual(warning(direct.err).map((l) => l.replace(`${file}:1`, "charges")));
  });

  it(`gives ceq's JSON and CSV byte for byte on ${RUNS} random logs`, async () => {
    const work = folder();
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(logRow, { minLength: 1, maxLength: 40 }), settings, async (rows, s) => {
        const path = join(work, "log.csv");
        writeFileSync(path, logFile(rows, s.withCost).csv);
        const flags = flagsOf(s);
        const direct = await run(["--transactions", path, ...flags, "-f", "json"]);
        // A range with no period in the data is ceq's usage error; so it is with --warehouse. The file
        // is read in place by an in-memory DuckDB (a database file a run costs seconds on this machine;
        // tables in a file are the tests above).
        const there = await run(["--warehouse", "duckdb:", "--transactions", path, ...flags, "-f", "json"]);
        expect(there.code, there.err).toBe(direct.code);
        expect(there.out).toBe(direct.out);
        if (direct.code !== 0) return;
        const csvDirect = await run(["--transactions", path, ...flags, "-f", "csv"]);
        const csvThere = await run(["--warehouse", "duckdb:", "--transactions", path, ...flags, "-f", "csv"]);
        expect(csvThere.out).toBe(csvDirect.out);
        compared++;
      }),
      // A fixed case that gives a figure first, so that the count below holds whatever the draw (at
      // 8 runs, 4 random logs once all fell outside their --from/--to range and the count failed).
      { numRuns: RUNS, examples: [[[{ id: "A", y: 2020, m: 3, d: 1, cents: 1000, cost: 100 }, { id: "A", y: 2021, m: 5, d: 2, cents: 2500, cost: 0 }], { period: "year", fiscalYearStart: 1, reactivated: "acquisition", by: true, withCost: true, range: null }]] },
    );
    expect(compared).toBeGreaterThanOrEqual(1);
    if (process.env.CEQ_DEEP === "1") expect(compared).toBeGreaterThan(RUNS * 0.6);
  }, 600_000);

  it("refuses a table with a bad amount, a bad date or an empty customer id: exit 1, an error that counts them, nothing on stdout", async () => {
    for (const [row, what] of [
      [["D", "2024-03-01", "1,234.56", "0", "EMEA"], "an amount with a thousands separator"],
      [["D", "2024-02-30", "3.00", "0", "EMEA"], "a date that is no day"],
      [["", "2024-03-01", "3.00", "0", "EMEA"], "an empty customer id"],
      // ceq refuses an empty cost cell in a file: so do --warehouse and ceq sql's query.
      [["D", "2024-03-01", "3.00", "", "EMEA"], "an empty cost"],
    ] as const) {
      const base = join(dir, `bad-${what.length}.duckdb`);
      await duckdbFile(base, "orders", COLUMNS, [...cellsOfCsv(LOG), row]);
      // The binary, as a user runs it (its exit code and streams), for the first; in-process for the rest.
      const args = ["--warehouse", `duckdb:${base}`, "--transactions", "orders", "--cost-column", "cost"];
      const result = what.startsWith("an amount") ? await ceq(args) : await run(args).then((r) => ({ code: r.code, stdout: r.out, stderr: r.err }));
      expect(result.code, what).toBe(1);
      expect(result.stdout, what).toBe("");
      expect(result.stderr, what).toContain("ceq refuses orders: 1 of its 7 rows has a customer id, amount, cost or date that is empty or does not parse; no figure is given");
    }
  }, 300_000);

  it("refuses what it does not carry out, and a URL of no engine, with what to do", async () => {
    const where = await run(["--warehouse", `duckdb:${db}`, "--transactions", "orders", "--where", "region=EMEA"]);
    expect(where.code).toBe(2);
    expect(where.err).toContain("--warehouse does not carry out --where");
    const scheme = await run(["--warehouse", "mysql://u:hunter2@localhost/db", "--transactions", "orders"]);
    expect(scheme.code).toBe(2);
    expect(scheme.err).toContain("names no engine ceq runs");
    expect(scheme.err).not.toContain("hunter2");
    const none = await run(["--warehouse", `duckdb:${db}`, "--input", join(dir, "log.csv")]);
    expect(none.code).toBe(2);
    expect(none.err).toContain("--warehouse reads tables: a transaction log, or one table per phase");
  });
});

describe("--warehouse never prints a password", () => {
  it("from the URL or PGPASSWORD, when the server cannot be reached", { timeout: 120_000 }, async () => {
    // Port 1 on loopback: nothing listens there, so each client fails to connect and says so.
    for (const url of ["postgres://ceq:S3cr3t-pw@127.0.0.1:1/shop", "clickhouse://ceq:S3cr3t-pw@127.0.0.1:1/shop"]) {
      const result = await ceq(["--warehouse", url, "--transactions", "orders"]);
      expect(result.code, result.stderr).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("ceq:***@127.0.0.1:1");
      expect(result.stderr).not.toContain("S3cr3t-pw");
    }
    const env = await ceq(["--warehouse", "postgres://ceq@127.0.0.1:1/shop", "--transactions", "orders"], { env: { PGPASSWORD: "S3cr3t-pw" } });
    expect(env.code).toBe(1);
    expect(env.stderr).toMatch(/ECONNREFUSED|connect/);
    expect(env.stderr).not.toContain("S3cr3t-pw");
  });
});

describe.skipIf(!PG_BIN)("ceq --warehouse postgres://", () => {
  let pg: Postgres;
  let url: string;
  const dir = folder({ "log.csv": LOG });
  const load = (table: string, columns: readonly string[], cells: readonly (readonly string[])[]) => {
    pg.exec(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (${columns.map((c) => `"${c}" text`).join(", ")})`);
    if (cells.length > 0) pg.exec(`COPY ${table} FROM STDIN`, `${cells.map((c) => c.map((x) => x.replace(/\\/g, "\\\\")).join("\t")).join("\n")}\n`);
  };
  beforeAll(() => {
    pg = startPostgres();
    // The server listens on a socket in its folder only: pg takes the folder as the host.
    url = `postgres://ceq@localhost/postgres?host=${encodeURIComponent(pg.socketDir)}`;
    pg.exec("CREATE SCHEMA shop");
    load("shop.orders", COLUMNS, cellsOfCsv(LOG));
  });
  afterAll(() => pg?.stop());

  it("prints what ceq prints from the exported file, in every format", async () => {
    await expectSameEverywhere(join(dir, "log.csv"), ["--warehouse", url, "--transactions", "shop.orders"], ["--cost-column", "cost", "--by", "region", "--period", "quarter", "--fiscal-year-start", "4"], SERVER_FORMATS);
  }, 300_000);

  it(`gives ceq's JSON byte for byte on ${SERVER_RUNS} random logs`, async () => {
    const work = folder();
    await fc.assert(
      fc.asyncProperty(fc.array(logRow, { minLength: 1, maxLength: 40 }), settings, async (rows, s) => {
        const path = join(work, "log.csv");
        const { csv, cells, columns } = logFile(rows, s.withCost);
        writeFileSync(path, csv);
        const flags = flagsOf(s);
        const direct = await run(["--transactions", path, ...flags, "-f", "json"]);
        load("payments", columns, cells);
        const there = await run(["--warehouse", url, "--transactions", "payments", ...flags, "-f", "json"]);
        expect(there.code, there.err).toBe(direct.code);
        expect(there.out).toBe(direct.out);
      }),
      { numRuns: SERVER_RUNS },
    );
  }, 600_000);

  it("refuses a bad row: exit 1, nothing on stdout", async () => {
    load("shop.bad", COLUMNS, [...cellsOfCsv(LOG), ["D", "soon", "3.00", "0", "EMEA"]]);
    const result = await run(["--warehouse", url, "--transactions", "shop.bad", "--cost-column", "cost"]);
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toContain("ceq refuses shop.bad: 1 of its 7 rows has a customer id, amount, cost or date that is empty or does not parse");
  });
});
if (!PG_BIN) describe("ceq --warehouse on PostgreSQL", () => it("is skipped: no PostgreSQL server here (apt-get install postgresql)", () => {}));

describe.skipIf(!CH_BIN)("ceq --warehouse clickhouse:// on a two-shard cluster", () => {
  let ch: Cluster;
  let url: string;
  const dir = folder({ "log.csv": LOG });
  const both = async (sql: string) => {
    for (const node of [0, 1]) await ch.query(sql, { node });
  };
  const escape = (cell: string) => cell.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n");
  /** Rows into the Distributed table sharded by rand(): a customer's rows land on both shards. */
  const load = async (columns: readonly string[], cells: readonly (readonly string[])[]) => {
    await both("DROP TABLE IF EXISTS tx");
    await both("DROP TABLE IF EXISTS tx_local");
    await both(`CREATE TABLE tx_local (${columns.map((c) => `\`${c}\` String`).join(", ")}) ENGINE = MergeTree() ORDER BY tuple()`);
    await ch.query("CREATE TABLE tx AS tx_local ENGINE = Distributed(ceq, default, tx_local, rand())");
    await ch.query("INSERT INTO tx FORMAT TabSeparated", { body: `${cells.map((c) => c.map(escape).join("\t")).join("\n")}\n`, settings: { insert_distributed_sync: "1" } });
  };
  beforeAll(async () => {
    ch = await startCluster();
    url = `clickhouse://default@127.0.0.1:${ch.nodes[0]!.http}/default`;
  }, 60_000);
  afterAll(() => ch?.stop());

  it("prints what ceq prints from the exported file, in every format", async () => {
    await load(COLUMNS, cellsOfCsv(LOG));
    await expectSameEverywhere(join(dir, "log.csv"), ["--warehouse", url, "--transactions", "tx"], ["--cost-column", "cost", "--by", "region", "--period", "quarter", "--fiscal-year-start", "4"], SERVER_FORMATS);
  }, 300_000);

  it(`gives ceq's JSON byte for byte on ${SERVER_RUNS} random logs spread over both shards`, async () => {
    const work = folder();
    await fc.assert(
      fc.asyncProperty(fc.array(logRow, { minLength: 1, maxLength: 40 }), settings, async (rows, s) => {
        const path = join(work, "log.csv");
        const { csv, cells, columns } = logFile(rows, s.withCost);
        writeFileSync(path, csv);
        const flags = flagsOf(s);
        const direct = await run(["--transactions", path, ...flags, "-f", "json"]);
        await load(columns, cells);
        const there = await run(["--warehouse", url, "--transactions", "tx", ...flags, "-f", "json"]);
        expect(there.code, there.err).toBe(direct.code);
        expect(there.out).toBe(direct.out);
      }),
      { numRuns: SERVER_RUNS },
    );
  }, 600_000);

  it("refuses a bad row: exit 1, nothing on stdout", async () => {
    await load(COLUMNS, [...cellsOfCsv(LOG), ["D", "2024-03-01", "1,234.56", "0", "EMEA"]]);
    const result = await run(["--warehouse", url, "--transactions", "tx", "--cost-column", "cost"]);
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toContain("ceq refuses tx: 1 of its 7 rows has a customer id, amount, cost or date that is empty or does not parse");
  });
});
if (!CH_BIN) describe("ceq --warehouse on ClickHouse", () => it("is skipped: no clickhouse-server here (apt-get install clickhouse-server)", () => {}));

