/**
 * Issue 26's property: on random valid transaction logs every command (calc in every format,
 * validate, derive, cohorts, value with each model and format, sql with each dialect) never exits
 * 70, and where a second, independent path to a figure exists, the two agree:
 * - calc's CSV and TSV against its JSON, every period's customer equity to the cent;
 * - cohorts: each cohort's first cell against the period's new customers in calc's JSON;
 * - value (constant): CLV against m·r/(1 + i − r) with r and m pooled by hand from calc's JSON;
 * - sql --dialect duckdb, run in DuckDB, against calc's JSON.
 * In-process (test/support/capture.ts), a few dozen logs: well under a minute.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../support/capture.js";
import { exact, expectSame, flagsOf, fromJson, fromRows, logFile, logRow, settings } from "../support/sql-cases.js";
import { folder, STACK_FRAME } from "../support/helpers.js";
import { runs } from "../support/runs.js";

const RUNS = Number(process.env.CEQ_PROPERTY_RUNS ?? runs(4, 20));
const DIALECTS = ["duckdb", "postgres", "bigquery", "snowflake", "spark"];

type Phase = { customers: number; revenue: number; cost?: number; reactivated?: number };
type Entry = { period?: string; year: number; group: unknown; acquisition: Phase; retention: Phase; churn: Phase; customerEquity: number };

let connection: Awaited<ReturnType<DuckDBInstance["connect"]>>;
beforeAll(async () => {
  connection = await (await DuckDBInstance.create(":memory:", { threads: "1" })).connect();
});
afterAll(() => connection?.closeSync?.());

/** Runs a command: never 70, never a stack trace, stdout empty unless 0. */
async function run(args: string[], allowed: number[] = [0]): Promise<{ code: number; out: string; err: string }> {
  const result = await runInProcess(args);
  expect(result.code, `${args.join(" ")}\n${result.err}`).not.toBe(70);
  expect(allowed, `${args.join(" ")}\n${result.err}`).toContain(result.code);
  expect(result.err).not.toMatch(STACK_FRAME);
  if (result.code !== 0) expect(result.out).toBe("");
  return result;
}

/** A CSV's rows as records (no cell here holds a comma or a quote: figures and labels). */
function records(text: string, delimiter: string): Record<string, string>[] {
  const [head, ...lines] = text.trimEnd().split("\n");
  const names = head!.split(delimiter);
  return lines.map((line) => Object.fromEntries(line.split(delimiter).map((cell, i) => [names[i]!, cell])));
}

describe("every command on random valid logs", () => {
  it(`never exits 70, and independent paths agree (${RUNS} logs)`, async () => {
    const dir = folder();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(logRow, { minLength: 1, maxLength: 30 }), settings, fc.constantFrom("table", "markdown", "html", "csv", "tsv", "json"), fc.constantFrom("0.1", "0.01", "0.00001"), async (rows, given, valueFormat, rate) => {
        const s = { ...given, range: null };
        const path = join(dir, `log-${n}.csv`);
        writeFileSync(path, logFile(rows, s.withCost).csv);
        const flags = flagsOf(s);
        const input = ["--transactions", path];

        const json = await run([...input, ...flags, "-f", "json"]);
        const doc = JSON.parse(json.out) as { years?: Entry[]; periods?: Entry[] };
        const entries = doc.years ?? doc.periods ?? [];
        for (const [format, delimiter] of [["csv", ","], ["tsv", "\t"]] as const) {
          const table = records((await run([...input, ...flags, "-f", format])).out, delimiter);
          expect(table.map((r) => exact(r.customer_equity))).toEqual(entries.map((e) => exact(e.customerEquity.toFixed(2))));
        }
        for (const format of ["table", "markdown", "html"]) await run([...input, ...flags, "-f", format]);
        await run([...input, ...flags, "-o", join(dir, `r-${n}.xlsx`)]);
        await run(["validate", ...input, ...flags]);
        await run(["derive", ...input, ...flags, "--out-dir", join(dir, `phases-${n++}`)]);

        // The company's figures: cohorts and value have no segments.
        const plain = flagsOf({ ...s, by: false });
        const company = (JSON.parse((await run([...input, ...plain, "-f", "json"])).out) as { years?: Entry[]; periods?: Entry[] });
        const periods = company.years ?? company.periods ?? [];
        const label = (e: Entry) => e.period ?? String(e.year);
        const cohorts = records((await run(["cohorts", ...input, ...plain, "-f", "csv"])).out, ",");
        for (const e of periods) {
          const won = e.acquisition.customers - (s.reactivated === "acquisition" ? (e.acquisition.reactivated ?? 0) : 0);
          const first = cohorts.find((c) => c.cohort === label(e) && c.period === label(e));
          expect(first === undefined ? 0 : Number(first.customers), `cohort ${label(e)}`).toBe(won);
        }

        // r and m pooled over the last three periods, by hand; CLV = m·r/(1 + i − r) at i = 0.1.
        const window = periods.slice(-3);
        const retained = window.reduce((t, e) => t + e.retention.customers, 0);
        const churned = window.reduce((t, e) => t + e.churn.customers, 0);
        const value = await run(["value", ...input, ...plain, "--discount-rate", "0.1", "-f", "json"], [0, 1]);
        if (retained > 0 && retained + churned > 0 && retained / (retained + churned) < 1) expect(value.code, value.err).toBe(0);
        if (value.code === 0) {
          const r = retained / (retained + churned);
          const m = (window.reduce((t, e) => t + e.retention.revenue - (e.retention.cost ?? 0), 0)) / retained;
          const clv = (JSON.parse(value.out) as { clv: number }).clv;
          expect(Math.abs(clv - (m * r) / (1.1 - r))).toBeLessThanOrEqual(0.005 + 1e-9 * Math.abs(clv));
        }
        await run(["value", ...input, ...plain, "--discount-rate", "0.1", "-f", valueFormat], [0, 1]);
        // sBG fits cohorts, and may say why these cannot be fitted (exit 1); never exit 70.
        // The tiny rate is where ₂F₁'s series once failed to converge (issue 26, point 6).
        await run(["value", ...input, ...plain, "--model", "sbg", "--discount-rate", rate, "-f", valueFormat], [0, 1]);

        // Other engines read a table (its columns named as the file's), DuckDB the file itself.
        for (const dialect of DIALECTS) await run(["sql", "--dialect", dialect, "--transactions", dialect === "duckdb" ? path : "raw.log", ...flags]);
        const query = await run(["sql", "--dialect", "duckdb", ...input, ...flags]);
        const result = await connection.runAndReadAll(query.out);
        expectSame(fromRows(result.columnNames(), result.getRows().map((r) => r.map((v) => (v === null ? null : String(v)))), s.by), fromJson(json.out));
      }),
      { numRuns: RUNS },
    );
  }, 600_000);

  it("value --model sbg on random survival data: never 70; DERL(0) agrees with the survival series summed term by term", async () => {
    const dir = folder();
    let n = 0;
    // Cohorts that only shrink, as survival data does: a size and the share kept each period.
    const cohort = fc.tuple(fc.integer({ min: 20, max: 5000 }), fc.array(fc.double({ min: 0.3, max: 1, noNaN: true }), { minLength: 2, maxLength: 7 }));
    await fc.assert(
      fc.asyncProperty(fc.array(cohort, { minLength: 1, maxLength: 3 }), fc.constantFrom(0.1, 0.01, 0.00001), async (cohorts, rate) => {
        const lines = cohorts.flatMap(([size, kept], c) => {
          let alive = size;
          return [`${c},${c},${size}`, ...kept.map((k, t) => `${c},${c + t + 1},${(alive = Math.floor(alive * k))}`)];
        });
        const last = Math.max(...cohorts.map(([, kept], c) => c + kept.length));
        // Every cohort followed to the file's last period: a cohort that stops early is the file's error, not the fit's.
        fc.pre(cohorts.every(([, kept], c) => c + kept.length === last));
        const path = join(dir, `c-${n++}.csv`);
        writeFileSync(path, `cohort,period,customers\n${lines.join("\n")}\n`);
        const result = await run(["value", "--cohorts", path, "--model", "sbg", "--discount-rate", String(rate), "--margin", "1", "--acquisition-cost", "1", "-f", "json"], [0, 1]);
        if (result.code !== 0) return;
        const doc = JSON.parse(result.out) as { sbg: { alpha: number; beta: number; derl: { renewals: number; value: number }[] } };
        const { alpha, beta } = doc.sbg;
        // α and β are printed at 4 decimals, so each is known to ±0.00005. Survival rises with β and
        // falls with α, so DERL(0) of the true fit lies between the sums at the box's two corners.
        // (A fixed relative tolerance is not enough: at α 0.0166, β 0.0071 the rounding alone moves
        // DERL(0) by 1.1%, the counterexample below.)
        const low = derlSum(alpha + 5e-5, Math.max(beta - 5e-5, 1e-12), rate);
        const high = derlSum(Math.max(alpha - 5e-5, 1e-12), beta + 5e-5, rate);
        const derl0 = doc.sbg.derl[0]!.value;
        // DERL(0) itself is printed at 4 decimals.
        expect(derl0).toBeGreaterThanOrEqual(low * (1 - 1e-9) - 5e-5);
        expect(derl0).toBeLessThanOrEqual(high * (1 + 1e-9) + 5e-5);
      }),
      // CI's run of 2026-12-05 found the first example (seed 1862726547), shrunk.
      { numRuns: Math.max(1, Math.round(RUNS / 2)), examples: [[[[412, [0.3, 0.983739837398374]]], 0.1]] },
    );
  }, 600_000);
});

/** DERL(0) of an sBG customer, Σ_k S(k)/(1+d)^(k−1) summed term by term: Fader & Hardie 2010, eq. 6, written out as its series. */
function derlSum(alpha: number, beta: number, rate: number): number {
  let alive = 1;
  let sum = 0;
  for (let k = 1; ; k++) {
    alive *= (beta + k - 1) / (alpha + beta + k - 1);
    const term = alive / (1 + rate) ** (k - 1);
    sum += term;
    if (term < 1e-12 * sum) return sum;
  }
}
