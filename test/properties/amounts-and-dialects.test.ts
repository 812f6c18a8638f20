/** Property test: any dialect reads like the clean export (amounts alone: amount-round-trip.test.ts). */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarize } from "../../src/model/equity.js";
import { source } from "../../src/io/source.js";
import { readInputs } from "../../src/read/inputs.js";
import { renderJson } from "../../src/render/json.js";
import { amountArb, CLEAN, dialectArb, formatAmount, renderFile, type Amount, type Dialect } from "../support/dialect.js";
import { runs } from "../support/runs.js";

const RUNS = Number(process.env.CEQ_PROPERTY_RUNS ?? runs(50, 1000));

interface Customer {
  year: number;
  revenue: Amount;
  cost: Amount;
  count: number;
}

const customerArb: fc.Arbitrary<Customer> = fc.record({
  year: fc.integer({ min: 2019, max: 2024 }),
  revenue: amountArb,
  cost: amountArb,
  count: fc.integer({ min: 1, max: 500 }),
});

const baseArb = fc.record({
  acquisition: fc.array(customerArb, { minLength: 1, maxLength: 12 }),
  retention: fc.array(customerArb, { maxLength: 12 }),
  churn: fc.array(customerArb, { maxLength: 12 }),
  withCount: fc.boolean(),
});

type Base = typeof baseArb extends fc.Arbitrary<infer T> ? T : never;

async function compute(base: Base, d: Dialect): Promise<{ json: string; warnings: number; errors: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), "ceq-prop-"));
  try {
    const ext = d.gzip ? ".csv.gz" : ".csv";
    const files: Record<string, string> = {};
    let id = 0;
    for (const phase of ["acquisition", "retention", "churn"] as const) {
      const columns = ["customer id", "year", "revenue", ...(phase === "churn" ? [] : ["cost"]), ...(base.withCount ? ["customers"] : [])];
      const rows = base[phase].map((c) => [
        `C${++id}`,
        String(c.year),
        formatAmount(c.revenue, d.amount),
        ...(phase === "churn" ? [] : [formatAmount(c.cost, d.amount)]),
        ...(base.withCount ? [String(c.count)] : []),
      ]);
      files[phase] = join(dir, `${phase}${ext}`);
      writeFileSync(files[phase], renderFile(columns, rows, d));
    }
    const { ledger, log } = await readInputs({
      inputs: { phases: { acquisition: source(files.acquisition!), retention: source(files.retention!), churn: source(files.churn!) } },
      // The currency the cells' marker says: a marker in another currency than the run's is an error.
      // The decimal mark the file is written with, said either way: a ";" file's 1.000 is ambiguous unless a flag says it.
      cells: { decimalComma: d.amount.decimalComma, decimalPoint: !d.amount.decimalComma, currency: /€|EUR/.test(d.amount.currency) ? "EUR" : d.amount.currency.includes("£") ? "GBP" : "USD" },
      maxErrors: 5,
    });
    const summary = summarize(ledger);
    const json = renderJson(summary, { currency: "USD", decimals: 2, color: false, warnings: [] });
    return { json, warnings: log.warningCount, errors: log.errors.map((e) => `${e.code} ${e.line} ${e.value}`) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("dialects", () => {
  it("a random customer base in a random dialect gives the clean export's result", async () => {
    await fc.assert(
      fc.asyncProperty(baseArb, dialectArb, async (base, dialect) => {
        const clean = await compute(base, CLEAN);
        const other = await compute(base, dialect);
        expect(clean.errors).toEqual([]);
        expect(other.errors).toEqual([]);
        expect(other.json).toBe(clean.json);
        expect(other.warnings).toBe(clean.warnings);
      }),
      { numRuns: RUNS },
    );
    // About 27 s in CI: the default 60 s would fail it on a machine twice as busy.
  }, 600_000);
});
