/**
 * Differential: the fast byte path and the plain path (csv-parse + zod for every row) give
 * identical results and identical issues, on random inputs with quoted, unusual and bad cells.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarize } from "../src/equity.js";
import { formatIssue } from "../src/issues.js";
import { source } from "../src/io/source.js";
import { readInputs } from "../src/read.js";
import { renderJson } from "../src/render/json.js";

const RUNS = Number(process.env.CEQ_PROPERTY_RUNS ?? 1000);

/** Cells that exercise both paths: plain ones the fast path reads, and everything it must hand over. */
const amountCell = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.nat({ max: 99_999_999 }), fc.nat({ max: 99 })).map(([i, f]) => `${i}.${String(f).padStart(2, "0")}`) },
  { weight: 2, arbitrary: fc.nat({ max: 10 ** 6 }).map(String) },
  {
    weight: 2,
    arbitrary: fc.constantFrom("-12.50", "(1,234.56)", "$1,234.56", "1234.56-", " 12 ", "0.0001", "99999999999.9999", "123456789012.5", "1e5", "", "N/A", "12.", "٣", "12.345678"),
  },
);
const yearCell = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 2019, max: 2024 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom("FY2023", " 2024", "24", "0999", "2024x") });
const idCell = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 40 }).map((n) => `C${n}`) },
  { weight: 1, arbitrary: fc.constantFrom(" C1", "C1 ", "Müller", "", "C\t2", "id,with,commas", 'say "hi"', "line\nbreak") },
);
const rowArb = fc.record({ id: idCell, year: yearCell, revenue: amountCell, cost: amountCell, note: fc.constantFrom("", "ok", "a,b", 'q"x', "two\nlines", "x") });

function csvCell(text: string, quote: boolean): string {
  return quote || /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const fileArb = fc.record({
  rows: fc.array(rowArb, { maxLength: 40 }),
  quoteAll: fc.boolean(),
  crlf: fc.boolean(),
  withNote: fc.boolean(),
});

function render(file: { rows: { id: string; year: string; revenue: string; cost: string; note: string }[]; quoteAll: boolean; crlf: boolean; withNote: boolean }, churn: boolean): string {
  const f = file;
  const eol = f.crlf ? "\r\n" : "\n";
  const header = ["customer_id", "year", "revenue", ...(churn ? [] : ["cost"]), ...(f.withNote ? ["note"] : [])];
  const lines = [header.join(",")];
  for (const r of f.rows) {
    const cells = [r.id, r.year, r.revenue, ...(churn ? [] : [r.cost]), ...(f.withNote ? [r.note] : [])];
    lines.push(cells.map((c) => csvCell(c, f.quoteAll)).join(","));
  }
  return lines.join(eol) + eol;
}

async function run(dir: string, fastPath: boolean) {
  const { ledger, log } = await readInputs({
    inputs: { phases: { acquisition: source(join(dir, "new.csv")), retention: source(join(dir, "retained.csv")), churn: source(join(dir, "churned.csv")) } },
    maxErrors: 1000,
    fastPath,
  });
  const issues = [...log.errors, ...log.warnings].map(formatIssue);
  const json = log.errorCount === 0 ? renderJson(summarize(ledger), { currency: "USD", decimals: 2, color: false, warnings: [] }) : "";
  return { issues, json, errors: log.errorCount, warnings: log.warningCount };
}

describe("fast and plain paths", () => {
  it("agree on results and issues for random exports, quoted or not", async () => {
    await fc.assert(
      fc.asyncProperty(fileArb, fileArb, fileArb, async (fresh, retained, churned) => {
        const dir = mkdtempSync(join(tmpdir(), "ceq-paths-"));
        try {
          writeFileSync(join(dir, "new.csv"), render(fresh, false));
          writeFileSync(join(dir, "retained.csv"), render(retained, false));
          writeFileSync(join(dir, "churned.csv"), render(churned, true));
          const fast = await run(dir, true);
          const plain = await run(dir, false);
          expect(fast).toEqual(plain);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});
