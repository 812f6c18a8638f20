/**
 * The benchmark's DuckDB query (scripts/transactions-sql.mjs) classifies random logs exactly as
 * ceq does: the reference the benchmark times ceq against must compute the same thing.
 */
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { classificationSql, equityByPeriod } from "../../scripts/transactions-sql.mjs";
import { main } from "../../src/cli.js";
import { captureContext } from "../support/capture.js";
import { folder } from "../support/helpers.js";
import { writeFileSync } from "node:fs";
import { runs } from "../support/runs.js";

let connection: Awaited<ReturnType<DuckDBInstance["connect"]>>;
beforeAll(async () => {
  connection = await (await DuckDBInstance.create(":memory:", { threads: "1" })).connect();
});
afterAll(() => connection?.closeSync?.());

const row = fc.record({
  id: fc.constantFrom("cus_8f3a01", "cus_8f3a02", "cus_00ff", "C 4", "c5"),
  y: fc.integer({ min: 2015, max: 2019 }),
  m: fc.integer({ min: 1, max: 12 }),
  cents: fc.oneof(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: -9_999, max: -1 })),
});
const money = (c: number) => `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, "0")}`;

describe("the benchmark's DuckDB classification", () => {
  it("gives ceq's counts, revenues and customer equity per year on random logs", async () => {
    const dir = folder();
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 40 }), async (rows) => {
        const path = join(dir, "log.csv");
        writeFileSync(path, `customer_id,date,amount\n${rows.map((r) => `${r.id},${r.y}-${String(r.m).padStart(2, "0")}-01,${money(r.cents)}`).join("\n")}\n`);
        const ctx = captureContext();
        expect(await main(["node", "ceq", "--transactions", path, "-f", "json"], ctx), ctx.err()).toBe(0);
        const years = (JSON.parse(ctx.out()) as { years: { year: number; customerEquity: number; acquisition: { customers: number; reactivated: number }; retention: { customers: number }; churn: { customers: number }; inactive: { customers: number } }[] }).years;
        const rowsOut = (await connection.runAndReadAll(classificationSql(path))).getRows();
        const count = (year: number, kind: string) => Number(rowsOut.find(([p, k]) => Number(p) === year && k === kind)?.[2] ?? 0);
        const equity = equityByPeriod(rowsOut);
        for (const y of years) {
          expect([count(y.year, "new") + count(y.year, "reactivated"), count(y.year, "reactivated"), count(y.year, "retained"), count(y.year, "churned"), count(y.year, "inactive")]).toEqual([
            y.acquisition.customers,
            y.acquisition.reactivated,
            y.retention.customers,
            y.churn.customers,
            y.inactive.customers,
          ]);
          expect(Number(equity.get(y.year) ?? 0n) / 100).toBe(y.customerEquity);
        }
      }),
      { numRuns: runs(10, 40) },
    );
  });
});
