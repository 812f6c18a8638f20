/**
 * `ceq sql --dialect clickhouse` on a real two-shard ClickHouse cluster (Debian's
 * clickhouse-server 18.16, two processes started here on loopback: test/support/clickhouse.ts)
 * gives ceq's figures, to the cent, on random logs loaded through a Distributed table: the safe
 * form on a table sharded by rand() (a customer's rows on both shards), the --sharded-by-customer
 * form on one sharded by cityHash64(customer_id). Skipped with a message where the package is absent.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../support/capture.js";
import { CH_BIN, startCluster, type Cluster } from "../support/clickhouse.js";
import { expectSame, flagsOf, fromJson, fromRows, logFile, logRow, phaseFile, phaseRow, phaseSettings, settings } from "../support/sql-cases.js";
import { folder } from "../support/helpers.js";
import { runs } from "../support/runs.js";

const RUNS = Number(process.env.CEQ_SQL_CH_RUNS ?? runs(6, 30));
const run = runInProcess;
const COLUMNS = ["customer_id", "date", "amount", "cost", "region"];

/** TabSeparatedWithNames as columns and rows of cells (\N is NULL; 18.16 escapes \t, \n and \\). */
function parse(tsv: string): { columns: string[]; rows: (string | null)[][] } {
  const unescape = (c: string) => (c === "\\N" ? null : c.replace(/\\(.)/g, (_, x: string) => (x === "t" ? "\t" : x === "n" ? "\n" : x)));
  const [head, ...lines] = tsv.replace(/\n$/, "").split("\n");
  return { columns: head!.split("\t"), rows: lines.map((l) => l.split("\t").map(unescape)) };
}

const escape = (cell: string) => cell.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n");

describe.skipIf(!CH_BIN)(`ceq sql --dialect clickhouse, on a two-shard ClickHouse cluster (${CH_BIN ?? "no server"})`, () => {
  let ch: Cluster;
  const both = async (sql: string) => {
    for (const node of [0, 1]) await ch.query(sql, { node });
  };
  /** The query as ceq printed it, run on the first node (the initiator); its final ';' is for clients, not HTTP. */
  const select = async (query: string) => parse(await ch.query(`${query.replace(/;\n$/, "")}\nFORMAT TabSeparatedWithNames`));
  /** A log's rows, through each Distributed table; synchronous, so that they are on the shards when the query runs. */
  const load = async (cells: readonly (readonly string[])[]) => {
    await both("TRUNCATE TABLE tx_local");
    await both("TRUNCATE TABLE tx_rand_local");
    const body = `${cells.map((c) => c.map(escape).join("\t")).join("\n")}\n`;
    for (const table of ["tx", "tx_rand"]) await ch.query(`INSERT INTO ${table} FORMAT TabSeparated`, { body, settings: { insert_distributed_sync: "1" } });
  };

  beforeAll(async () => {
    ch = await startCluster();
    const columns = COLUMNS.map((c) => `${c} String`).join(", ");
    for (const [local, key] of [["tx_local", "cityHash64(customer_id)"], ["tx_rand_local", "rand()"]] as const) {
      await both(`CREATE TABLE ${local} (${columns}) ENGINE = MergeTree() ORDER BY customer_id`);
      await ch.query(`CREATE TABLE ${local.replace("_local", "")} AS ${local} ENGINE = Distributed(ceq, default, ${local}, ${key})`);
    }
  }, 60_000);
  afterAll(() => ch?.stop());

  it(`gives ceq's figures on ${RUNS} random new, retained and churned tables, aggregated or per customer, by segment or not`, async () => {
    // Each phase's table in both shapes (per customer, aggregated), Distributed over both shards by rand().
    for (const name of ["new", "retained", "churned"]) {
      for (const aggregated of [false, true]) {
        const { columns } = phaseFile([], "", name !== "churned", aggregated);
        const local = `${name}_${aggregated ? "agg" : "row"}_local`;
        await both(`CREATE TABLE ${local} (${columns.map((c) => `\`${c}\` String`).join(", ")}) ENGINE = MergeTree() ORDER BY tuple()`);
        await ch.query(`CREATE TABLE ${local.replace("_local", "")} AS ${local} ENGINE = Distributed(ceq, default, ${local}, rand())`);
      }
    }
    const dir = folder();
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(phaseRow, { minLength: 1, maxLength: 12 }), fc.array(phaseRow, { maxLength: 12 }), fc.array(phaseRow, { maxLength: 12 }), phaseSettings, async (fresh, retained, churned, s) => {
        const files = { new: phaseFile(fresh, "N", true, s.aggregated), retained: phaseFile(retained, "R", true, s.aggregated), churned: phaseFile(churned, "X", false, s.aggregated) };
        const shape = s.aggregated ? "agg" : "row";
        for (const [name, file] of Object.entries(files)) {
          writeFileSync(join(dir, `${name}.csv`), file.csv);
          await both(`TRUNCATE TABLE ${name}_${shape}_local`);
          if (file.cells.length > 0) await ch.query(`INSERT INTO ${name}_${shape} FORMAT TabSeparated`, { body: `${file.cells.map((c) => c.map(escape).join("\t")).join("\n")}\n`, settings: { insert_distributed_sync: "1" } });
        }
        const columns = [...(s.aggregated ? ["--count-column", "customers", "--avg-revenue-column", "avg revenue"] : ["--revenue-column", "revenue"]), "--year-column", "year", "--cost-column", "cost"];
        const flags = [...columns, ...(s.by.length ? ["--by", s.by.join(",")] : []), ...(s.range ? ["--from", String(s.range[0]), "--to", String(s.range[0] + s.range[1])] : [])];
        const direct = await run(["--new", join(dir, "new.csv"), "--retained", join(dir, "retained.csv"), "--churned", join(dir, "churned.csv"), ...flags, "-f", "json"]);
        fc.pre(direct.code === 0);
        const query = await run(["sql", "--dialect", "clickhouse", "--new", `new_${shape}`, "--retained", `retained_${shape}`, "--churned", `churned_${shape}`, ...flags]);
        expect(query.code, query.err).toBe(0);
        const result = await select(query.out);
        expectSame(fromRows(result.columns, result.rows, s.by), fromJson(direct.out, false));
        compared++;
      }),
      { numRuns: RUNS },
    );
    expect(compared).toBeGreaterThan(RUNS * 0.8);
  }, 300_000);

  it(`gives ceq's figures on ${RUNS} random logs, a customer's rows on both shards or on one`, async () => {
    const dir = folder();
    let compared = 0;
    const spread = [0, 0];
    await fc.assert(
      fc.asyncProperty(fc.array(logRow, { minLength: 1, maxLength: 40 }), settings, async (rows, s) => {
        const path = join(dir, "log.csv");
        const file = logFile(rows, s.withCost);
        writeFileSync(path, file.csv);
        const flags = flagsOf(s);
        const direct = await run(["--transactions", path, ...flags, "-f", "json"]);
        fc.pre(direct.code === 0);
        const at = (name: string) => file.columns.indexOf(name);
        await load(file.cells.map((c) => COLUMNS.map((name) => (at(name) < 0 ? "" : c[at(name)]!))));
        for (const node of [0, 1]) spread[node]! += Number(await ch.query("SELECT count() FROM tx_rand_local", { node }));
        const expected = fromJson(direct.out);
        const safe = await run(["sql", "--dialect", "clickhouse", "--transactions", "tx_rand", ...flags]);
        expect(safe.code, safe.err).toBe(0);
        const merged = await select(safe.out);
        expectSame(fromRows(merged.columns, merged.rows, s.by), expected);
        const fast = await run(["sql", "--dialect", "clickhouse", "--transactions", "tx", "--sharded-by-customer", ...flags]);
        expect(fast.code, fast.err).toBe(0);
        const unmerged = await select(fast.out);
        expectSame(fromRows(unmerged.columns, unmerged.rows, s.by), expected);
        compared++;
      }),
      { numRuns: RUNS },
    );
    expect(compared).toBeGreaterThan(RUNS * 0.8);
    // The cluster was used as one: rows went to both shards.
    expect(spread[0]).toBeGreaterThan(0);
    expect(spread[1]).toBeGreaterThan(0);
  }, 300_000);

  it("--sharded-by-customer is wrong when a customer's rows are on both shards, and the default form is right: why the flag says what it requires", async () => {
    await both("TRUNCATE TABLE tx_rand_local");
    // A's 2023 row on the first shard, A's 2024 row on the second: A is new in 2023, retained in 2024.
    await ch.query("INSERT INTO tx_rand_local FORMAT TabSeparated", { node: 0, body: "A\t2023-05-01\t10.00\t\t\n" });
    await ch.query("INSERT INTO tx_rand_local FORMAT TabSeparated", { node: 1, body: "A\t2024-05-01\t20.00\t\t\n" });
    const figures = async (extra: string[]) => {
      const query = await run(["sql", "--dialect", "clickhouse", "--transactions", "tx_rand", ...extra]);
      const result = await select(query.out);
      const at = (name: string) => result.columns.indexOf(name);
      return result.rows.map((r) => [r[at("period")], r[at("new_customers")], r[at("retained_customers")]]);
    };
    expect(await figures([])).toEqual([["2023", "1", "0"], ["2024", "0", "1"]]);
    // Unmerged, each shard sees its own A: new in 2023 and new again in 2024 (churned at the end of the first shard's data).
    expect(await figures(["--sharded-by-customer"])).toEqual([["2023", "1", "0"], ["2024", "1", "0"]]);
  });

  it("refuses phase exports with a bad revenue, count, year, or a bad or empty cost", async () => {
    await both("CREATE TABLE pn_local (customer_id String, year String, customers String, revenue String, cost String) ENGINE = MergeTree() ORDER BY tuple()");
    await ch.query("CREATE TABLE pn AS pn_local ENGINE = Distributed(ceq, default, pn_local, rand())");
    for (const [row, what] of [
      ["N2\t2024\t1\t1,234.56\t", "a revenue with a thousands separator"],
      ["N2\tnext\t1\t5.00\t", "a year that is no number"],
      ["N2\t2024\tmany\t5.00\t", "a count that is no number"],
      ["N2\t2024\t1\t5.00\tn/a", "a cost that does not parse"],
      ["N2\t2024\t1\t5.00\t", "an empty cost"],
    ] as const) {
      await both("TRUNCATE TABLE pn_local");
      await ch.query("INSERT INTO pn FORMAT TabSeparated", { body: `N1\t2023\t2\t10.00\t1.00\n${row}\n`, settings: { insert_distributed_sync: "1" } });
      const query = await run(["sql", "--dialect", "clickhouse", "--new", "pn", "--count-column", "customers", "--avg-revenue-column", "revenue", "--cost-column", "cost"]);
      expect(query.code, query.err).toBe(0);
      await expect(select(query.out), what).rejects.toThrow(/ceq refuses this export: 1 rows whose period, count, revenue or cost is empty or does not parse/);
    }
  });

  it("reads typed columns (Date, Decimal, Nullable) as their text, refuses a NULL cost, and gives no row for an empty log", async () => {
    await both("CREATE TABLE typed_local (customer_id String, date Date, amount Decimal(38, 6), cost Nullable(Decimal(18, 2))) ENGINE = MergeTree() ORDER BY customer_id");
    await ch.query("CREATE TABLE typed AS typed_local ENGINE = Distributed(ceq, default, typed_local, cityHash64(customer_id))");
    await ch.query("INSERT INTO typed FORMAT TabSeparated", { body: "A\t2023-01-05\t10.5\t1\nA\t2024-02-05\t3\t\\N\nB\t2024-03-01\t5\t0.25\n", settings: { insert_distributed_sync: "1" } });
    const query = await run(["sql", "--dialect", "clickhouse", "--transactions", "typed", "--cost-column", "cost"]);
    // A NULL cost is an empty cell to ceq, which refuses it (it was read as 0 before).
    await expect(select(query.out)).rejects.toThrow(/ceq refuses this log: 1 rows whose amount, cost, date or customer id is empty or does not parse/);
    await both("TRUNCATE TABLE typed_local");
    await ch.query("INSERT INTO typed FORMAT TabSeparated", { body: "A\t2023-01-05\t10.5\t1\nA\t2024-02-05\t3\t0\nB\t2024-03-01\t5\t0.25\n", settings: { insert_distributed_sync: "1" } });
    const result = await select(query.out);
    const at = (name: string) => result.columns.indexOf(name);
    // 2023: A new, 10.50 - 1.00. 2024: A retained 3.00 (a cost of 0), B new 5.00 - 0.25.
    expect(result.rows.map((r) => [r[at("period")], r[at("new_revenue")], r[at("acquisition_cost")], r[at("retained_revenue")], r[at("customer_equity")]])).toEqual([
      ["2023", "10.500000", "1.000000", "0.000000", "9.500000"],
      ["2024", "5.000000", "0.250000", "3.000000", "7.750000"],
    ]);
    await both("TRUNCATE TABLE tx_rand_local");
    const empty = await run(["sql", "--dialect", "clickhouse", "--transactions", "tx_rand"]);
    expect((await select(empty.out)).rows).toEqual([]);
  });

  it("reads every --date-format as ceq does, a time after the date ignored", async () => {
    const dir = folder();
    const dates: [string, number, number, number][] = [["A", 2023, 1, 5], ["A", 2024, 12, 31], ["B", 2024, 2, 29], ["C", 2023, 11, 9], ["C", 2024, 3, 1], ["D", 2025, 1, 2]];
    const layouts: Record<string, (y: number, m: number, d: number) => string> = {
      "MM/DD/YYYY": (y, m, d) => `${m}/${d}/${y} 8:26`,
      "DD/MM/YYYY": (y, m, d) => `${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`,
      "DD.MM.YYYY": (y, m, d) => `${d}.${m}.${y}`,
      YYYYMMDD: (y, m, d) => `${y}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}`,
      "YYYY-MM-DD": (y, m, d) => `${y}/${String(m).padStart(2, "0")}/${String(d).padStart(2, "0")}T08:26:00Z`,
    };
    for (const [layout, write] of Object.entries(layouts)) {
      const cells = dates.map(([id, y, m, d], k) => [id, write(y, m, d), `${10 + k}.25`]);
      const path = join(dir, "dates.csv");
      writeFileSync(path, `customer_id,date,amount\n${cells.map((c) => c.join(",")).join("\n")}\n`);
      await load(cells.map((c) => [...c, "", ""]));
      for (const period of ["year", "quarter", "month"]) {
        const flags = ["--date-format", layout, "--period", period, "--fiscal-year-start", "3"];
        const direct = await run(["--transactions", path, ...flags, "-f", "json"]);
        expect(direct.code, direct.err).toBe(0);
        const query = await run(["sql", "--dialect", "clickhouse", "--transactions", "tx_rand", ...flags]);
        const result = await select(query.out);
        expectSame(fromRows(result.columns, result.rows, false), fromJson(direct.out));
      }
    }
  });

  it("refuses a log with a bad amount, a bad date, an empty id or a bad or empty cost: an error, never a figure", async () => {
    const good = [["A", "2023-01-05", "10.00", "1.00", "EMEA"], ["B", "2024-02-01", "5.50", "0", "AMER"]];
    for (const [bad, what] of [
      [["C", "2024-03-01", "1,234.56", "", ""], "an amount with a thousands separator (CAST gives 0 in 18.16)"],
      [["C", "2024-03-01", "1.1234567", "", ""], "an amount with more than 6 decimals"],
      [["C", "2024-02-30", "3.00", "", ""], "a date that is no day (18.16 reads it as 2024-03-01)"],
      [["C", "1969-12-31", "3.00", "", ""], "a date before 1970, which Date cannot hold"],
      [["C", "", "3.00", "", ""], "an empty date"],
      [[" ", "2024-03-01", "3.00", "", ""], "an empty customer id"],
      [["C", "2024-03-01", "3.00", "n/a", ""], "a cost that does not parse"],
      // ceq refuses an empty cost cell: so does the query, which took it as 0.
      [["C", "2024-03-01", "3.00", " ", ""], "an empty cost"],
    ] as const) {
      await load([...good, bad]);
      const query = await run(["sql", "--dialect", "clickhouse", "--transactions", "tx", "--cost-column", "cost"]);
      expect(query.code, query.err).toBe(0);
      await expect(select(query.out), what).rejects.toThrow(/ceq refuses this log: 1 rows whose amount, cost, date or customer id is empty or does not parse; no figure is given/);
    }
    // The same rows without the bad one give figures: 2023 A new, 10.00 - 1.00 of cost; 2024 B new 5.50, A churned -10.00.
    await load(good);
    const query = await run(["sql", "--dialect", "clickhouse", "--transactions", "tx", "--cost-column", "cost"]);
    const result = await select(query.out);
    const equity = result.rows.map((r) => r[result.columns.indexOf("customer_equity")]);
    expect(equity).toEqual(["9.000000", "-4.500000"]);
  });
});
if (!CH_BIN) describe("ceq sql on ClickHouse", () => it("is skipped: no ClickHouse server here (apt-get install clickhouse-server)", () => {}));
