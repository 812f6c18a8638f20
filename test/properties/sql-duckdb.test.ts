/**
 * `ceq sql --dialect duckdb` run in DuckDB gives ceq's figures, to the cent, on 200 random logs:
 * every period kind, fiscal start and reactivated mode, with and without --by, costs and a range.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../support/capture.js";
import { expectSame, flagsOf, fromJson, fromRows, logFile, logRow, phaseFile, phaseRow, phaseSettings, settings } from "../support/sql-cases.js";
import { folder } from "../support/helpers.js";
import { runs } from "../support/runs.js";

const RUNS = Number(process.env.CEQ_SQL_RUNS ?? runs(15, 200));

let connection: Awaited<ReturnType<DuckDBInstance["connect"]>>;
beforeAll(async () => {
  connection = await (await DuckDBInstance.create(":memory:", { threads: "1" })).connect();
});
afterAll(() => connection?.closeSync?.());

const run = runInProcess;

describe("ceq sql --dialect duckdb", () => {
  it(`gives ceq's figures on ${RUNS} random logs`, async () => {
    const dir = folder();
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(logRow, { minLength: 1, maxLength: 40 }), settings, async (rows, s) => {
        const path = join(dir, "log.csv");
        writeFileSync(path, logFile(rows, s.withCost).csv);
        const flags = flagsOf(s);
        const direct = await run(["--transactions", path, ...flags, "-f", "json"]);
        // A range with no period in the data is ceq's usage error; SQL returns no row then.
        fc.pre(direct.code === 0);
        const query = await run(["sql", "--dialect", "duckdb", "--transactions", path, ...flags]);
        expect(query.code, query.err).toBe(0);
        const result = await connection.runAndReadAll(query.out);
        const rowsOut = result.getRows().map((r) => r.map((v) => (v === null ? null : String(v))));
        expectSame(fromRows(result.columnNames(), rowsOut, s.by), fromJson(direct.out));
        compared++;
      }),
      { numRuns: RUNS },
    );
    expect(compared).toBeGreaterThan(RUNS * 0.8);
  }, 300_000);

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
      const path = join(dir, "dates.csv");
      writeFileSync(path, `customer_id,date,amount\n${dates.map(([id, y, m, d], k) => `${id},${write(y, m, d)},${10 + k}.25`).join("\n")}\n`);
      for (const period of ["year", "quarter", "month"]) {
        const flags = ["--date-format", layout, "--period", period, "--fiscal-year-start", "3"];
        const direct = await run(["--transactions", path, ...flags, "-f", "json"]);
        expect(direct.code, direct.err).toBe(0);
        const query = await run(["sql", "--dialect", "duckdb", "--transactions", path, ...flags]);
        const result = await connection.runAndReadAll(query.out);
        expectSame(fromRows(result.columnNames(), result.getRows().map((r) => r.map((v) => (v === null ? null : String(v)))), false), fromJson(direct.out));
      }
    }
  });
});

describe("ceq sql --dialect duckdb on phase exports", () => {
  it(`gives ceq's figures on ${RUNS} random new, retained and churned files, aggregated or per customer, by segment or not`, async () => {
    const dir = folder();
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(phaseRow, { minLength: 1, maxLength: 12 }), fc.array(phaseRow, { maxLength: 12 }), fc.array(phaseRow, { maxLength: 12 }), phaseSettings, async (fresh, retained, churned, s) => {
        const files = { new: phaseFile(fresh, "N", true, s.aggregated), retained: phaseFile(retained, "R", true, s.aggregated), churned: phaseFile(churned, "X", false, s.aggregated) };
        for (const [name, file] of Object.entries(files)) writeFileSync(join(dir, `${name}.csv`), file.csv);
        const inputs = ["--new", join(dir, "new.csv"), "--retained", join(dir, "retained.csv"), "--churned", join(dir, "churned.csv")];
        const flags = [...(s.by.length ? ["--by", s.by.join(",")] : []), ...(s.range ? ["--from", String(s.range[0]), "--to", String(s.range[0] + s.range[1])] : [])];
        const direct = await run([...inputs, ...flags, "-f", "json"]);
        fc.pre(direct.code === 0);
        const query = await run(["sql", "--dialect", "duckdb", ...inputs, ...flags]);
        expect(query.code, query.err).toBe(0);
        const result = await connection.runAndReadAll(query.out);
        expectSame(fromRows(result.columnNames(), result.getRows().map((r) => r.map((v) => (v === null ? null : String(v)))), s.by), fromJson(direct.out, false));
        compared++;
      }),
      { numRuns: RUNS },
    );
    expect(compared).toBeGreaterThan(RUNS * 0.8);
  }, 300_000);
});

describe("ceq sql --dialect duckdb is strict as ceq", () => {
  it("refuses a log with a bad amount, a bad date, an empty id or a bad or empty cost: an error that counts them, never a figure", async () => {
    const dir = folder();
    const good = "A,2023-01-05,10.00,1.00\nB,2024-02-01,5.50,0\n";
    for (const [bad, what] of [
      ['C,2024-03-01,"1,234.56",', "an amount with a thousands separator"],
      ["C,2024-02-30,3.00,", "a date that is no day"],
      ["C,soon,3.00,", "a date that is no date"],
      ["C,,3.00,", "an empty date"],
      [",2024-03-01,3.00,", "an empty customer id"],
      ["C,2024-03-01,,", "an empty amount"],
      ["C,2024-03-01,3.00,n/a", "a cost that does not parse"],
      // ceq refuses an empty cost cell ("" is not an amount): so does the query, which took it as 0.
      ["C,2024-03-01,3.00,", "an empty cost"],
      ["C,2024-03-01,3.00,  ", "a blank cost"],
    ] as const) {
      const path = join(dir, "log.csv");
      writeFileSync(path, `customer_id,date,amount,cost\n${good}${bad}\n`);
      const query = await run(["sql", "--dialect", "duckdb", "--transactions", path, "--cost-column", "cost"]);
      expect(query.code, query.err).toBe(0);
      await expect(connection.runAndReadAll(query.out), what).rejects.toThrow(/ceq refuses this log: 1 rows whose customer id, amount, cost or date is empty or does not parse/);
    }
    // Without the bad row: 2023 A new, 10.00 - 1.00 of cost; 2024 B new 5.50, A churned -10.00.
    const path = join(dir, "log.csv");
    writeFileSync(path, `customer_id,date,amount,cost\n${good}`);
    const query = await run(["sql", "--dialect", "duckdb", "--transactions", path, "--cost-column", "cost"]);
    const result = await connection.runAndReadAll(query.out);
    expect(result.getRows().map((r) => String(r[result.columnNames().indexOf("customer_equity")]))).toEqual(["9.000000", "-4.500000"]);
  });

  it("refuses phase exports with a bad revenue, count, year, or a bad or empty cost", async () => {
    const dir = folder();
    writeFileSync(join(dir, "retained.csv"), "customer_id,year,revenue,cost\nR1,2023,4.00,1.00\n");
    for (const [row, what] of [
      ["N2,2024,\"1,234.56\",", "a revenue with a thousands separator"],
      ["N2,next,5.00,", "a year that is no number"],
      ["N2,2024,5.00,n/a", "a cost that does not parse"],
      ["N2,2024,,0", "an empty revenue"],
      // ceq refuses an empty cost cell in a phase export too.
      ["N2,2024,5.00,", "an empty cost"],
    ] as const) {
      writeFileSync(join(dir, "new.csv"), `customer_id,year,revenue,cost\nN1,2023,10.00,1.00\n${row}\n`);
      const query = await run(["sql", "--dialect", "duckdb", "--new", join(dir, "new.csv"), "--retained", join(dir, "retained.csv"), "--cost-column", "cost"]);
      expect(query.code, query.err).toBe(0);
      await expect(connection.runAndReadAll(query.out), what).rejects.toThrow(/ceq refuses this export: 1 rows whose period, count, revenue or cost is empty or does not parse/);
    }
  });
});
