/**
 * `ceq sql --dialect postgres` on a real PostgreSQL (Debian's server, started here on a private
 * socket) gives ceq's figures on 50 random logs loaded as a table of text columns. Skipped with
 * a message where PostgreSQL's server is absent (apt-get install postgresql).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../support/capture.js";
import { PG_BIN, startPostgres, type Postgres } from "../support/postgres.js";
import { exact, expectSame, flagsOf, fromJson, fromRows, logFile, logRow, phaseFile, phaseRow, phaseSettings, settings } from "../support/sql-cases.js";
import { folder } from "../support/helpers.js";
import { runs } from "../support/runs.js";

const RUNS = Number(process.env.CEQ_SQL_PG_RUNS ?? runs(4, 50));

const run = runInProcess;

/** One server for the file's three suites (each loads its own tables): started once, stopped by its pid. */
let pg: Postgres;
beforeAll(() => {
  if (PG_BIN) pg = startPostgres();
});
afterAll(() => pg?.stop());

describe.skipIf(!PG_BIN)(`ceq sql --dialect postgres, on PostgreSQL (Debian's server from ${PG_BIN ?? "nowhere"})`, () => {

  it(`gives ceq's figures on ${RUNS} random logs`, async () => {
    const dir = folder();
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(logRow, { minLength: 1, maxLength: 40 }), settings, async (rows, s) => {
        const path = join(dir, "log.csv");
        const { csv, cells, columns } = logFile(rows, s.withCost);
        writeFileSync(path, csv);
        const flags = flagsOf(s);
        const direct = await run(["--transactions", path, ...flags, "-f", "json"]);
        fc.pre(direct.code === 0);
        pg.exec(`DROP TABLE IF EXISTS payments; CREATE TABLE payments (${columns.map((c) => `${c} text`).join(", ")})`);
        pg.exec("COPY payments FROM STDIN", `${cells.map((c) => c.map((x) => x.replace(/\\/g, "\\\\")).join("\t")).join("\n")}\n`);
        const query = await run(["sql", "--dialect", "postgres", "--transactions", "payments", ...flags]);
        expect(query.code, query.err).toBe(0);
        const result = pg.query(query.out);
        expectSame(fromRows(result.columns, result.rows, s.by), fromJson(direct.out));
        compared++;
      }),
      { numRuns: RUNS },
    );
    expect(compared).toBeGreaterThan(RUNS * 0.8);
  }, 300_000);
});
if (!PG_BIN) describe("ceq sql on PostgreSQL", () => it("is skipped: no PostgreSQL server here (apt-get install postgresql)", () => {}));

describe.skipIf(!PG_BIN)("ceq sql --dialect postgres on phase exports", () => {

  it(`gives ceq's figures on ${RUNS} random new, retained and churned tables`, async () => {
    const dir = folder();
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(phaseRow, { minLength: 1, maxLength: 12 }), fc.array(phaseRow, { maxLength: 12 }), fc.array(phaseRow, { maxLength: 12 }), phaseSettings, async (fresh, retained, churned, s) => {
        const files = { new: phaseFile(fresh, "N", true, s.aggregated), retained: phaseFile(retained, "R", true, s.aggregated), churned: phaseFile(churned, "X", false, s.aggregated) };
        for (const [name, file] of Object.entries(files)) {
          writeFileSync(join(dir, `${name}.csv`), file.csv);
          pg.exec(`DROP TABLE IF EXISTS ${name}_customers; CREATE TABLE ${name}_customers (${file.columns.map((c) => `"${c}" text`).join(", ")})`);
          if (file.cells.length > 0) pg.exec(`COPY ${name}_customers FROM STDIN`, `${file.cells.map((c) => c.join("\t")).join("\n")}\n`);
        }
        const columns = [...(s.aggregated ? ["--count-column", "customers", "--avg-revenue-column", "avg revenue"] : ["--revenue-column", "revenue"]), "--year-column", "year", "--cost-column", "cost"];
        const flags = [...columns, ...(s.by.length ? ["--by", s.by.join(",")] : []), ...(s.range ? ["--from", String(s.range[0]), "--to", String(s.range[0] + s.range[1])] : [])];
        const direct = await run(["--new", join(dir, "new.csv"), "--retained", join(dir, "retained.csv"), "--churned", join(dir, "churned.csv"), ...flags, "-f", "json"]);
        fc.pre(direct.code === 0);
        const query = await run(["sql", "--dialect", "postgres", "--new", "new_customers", "--retained", "retained_customers", "--churned", "churned_customers", ...flags]);
        expect(query.code, query.err).toBe(0);
        const result = pg.query(query.out);
        expectSame(fromRows(result.columns, result.rows, s.by), fromJson(direct.out, false));
        compared++;
      }),
      { numRuns: RUNS },
    );
    expect(compared).toBeGreaterThan(RUNS * 0.8);
  }, 300_000);
});

describe.skipIf(!PG_BIN)("ceq sql --dialect postgres is strict as ceq", () => {

  it("refuses a log with a bad amount, a bad date, an empty id or a bad, empty or NULL cost: an error, never a figure", async () => {
    const good = ["A\t2023-01-05\t10.00\t1.00", "B\t2024-02-01\t5.50\t0"];
    const load = (lines: string[]) => {
      pg.exec("DROP TABLE IF EXISTS payments; CREATE TABLE payments (customer_id text, date text, amount text, cost text)");
      pg.exec("COPY payments FROM STDIN", `${lines.join("\n")}\n`);
    };
    const ours = /ceq refuses this log: 1 rows whose customer id, amount, cost or date is empty or does not parse/;
    for (const [bad, what, error] of [
      ["C\t2024-03-01\t1,234.56\t", "an amount with a thousands separator", ours],
      ["C\tsoon\t3.00\t", "a date that is no date", ours],
      ["C\t\\N\t3.00\t", "a NULL date", ours],
      ["\t2024-03-01\t3.00\t", "an empty customer id", ours],
      ["\\N\t2024-03-01\t3.00\t", "a NULL customer id", ours],
      ["C\t2024-03-01\t\t", "an empty amount", ours],
      ["C\t2024-03-01\t3.00\tn/a", "a cost that does not parse", ours],
      // ceq refuses an empty cost cell: so does the query, which took an empty or NULL one as 0.
      ["C\t2024-03-01\t3.00\t", "an empty cost", ours],
      ["C\t2024-03-01\t3.00\t\\N", "a NULL cost", ours],
      // PostgreSQL 15 has no safe cast for a date shaped right that is no day: its own error stops the query.
      ["C\t2024-02-30\t3.00\t", "a date that is no day", /date\/time field value out of range/],
    ] as const) {
      load([...good, bad]);
      const query = await run(["sql", "--dialect", "postgres", "--transactions", "payments", "--cost-column", "cost"]);
      expect(query.code, query.err).toBe(0);
      expect(() => pg.query(query.out), what).toThrow(error);
    }
    load(good);
    const query = await run(["sql", "--dialect", "postgres", "--transactions", "payments", "--cost-column", "cost"]);
    const result = pg.query(query.out);
    // 2023 A new, 10.00 - 1.00 of cost; 2024 B new 5.50, A churned -10.00.
    expect(result.rows.map((r) => exact(r[result.columns.indexOf("customer_equity")]))).toEqual(["9", "-4.5"]);
  });
});
