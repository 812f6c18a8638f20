/**
 * `ceq sql --dialect duckdb` run in DuckDB gives ceq's figures, to the cent, on 200 random logs:
 * every period kind, fiscal start and reactivated mode, with and without --by, costs and a range.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import { captureContext } from "./support/capture.js";
import { expectSame, flagsOf, fromJson, fromRows, logFile, logRow, settings } from "./support/sql-cases.js";
import { folder } from "./helpers.js";

const RUNS = Number(process.env.CEQ_SQL_RUNS ?? 200);

let connection: Awaited<ReturnType<DuckDBInstance["connect"]>>;
beforeAll(async () => {
  connection = await (await DuckDBInstance.create(":memory:", { threads: "1" })).connect();
});
afterAll(() => connection?.closeSync?.());

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const ctx = captureContext();
  const code = await main(["node", "ceq", ...args], ctx);
  return { code, out: ctx.out(), err: ctx.err() };
}

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
});
