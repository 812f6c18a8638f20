/**
 * Differential: the three ways a file can be read give identical results and identical issues,
 * on random inputs with quoted, unusual and bad cells:
 *   - plain: csv-parse and the zod schema for every row;
 *   - fast: quote-free blocks on the byte-level line reader, on this thread;
 *   - parallel: byte ranges read by worker threads and this one, merged in file order (with
 *     tiny ranges here, so that range edges fall everywhere: mid-line, on quotes, on bad bytes).
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

// Three readings of three files per case: fewer cases than the cheaper properties.
const RUNS = Number(process.env.CEQ_PROPERTY_RUNS ?? 500);

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
  /** A row with a byte that is not UTF-8, which stops the reading of its file, at this index. */
  badByteAt: fc.option(fc.nat({ max: 40 }), { freq: 8 }),
});

type File = { rows: { id: string; year: string; revenue: string; cost: string; note: string }[]; quoteAll: boolean; crlf: boolean; withNote: boolean; badByteAt: number | null };

function render(file: File, churn: boolean): Buffer {
  const f = file;
  const eol = f.crlf ? "\r\n" : "\n";
  const header = ["customer_id", "year", "revenue", ...(churn ? [] : ["cost"]), ...(f.withNote ? ["note"] : [])];
  const lines = [header.join(",")];
  for (const r of f.rows) {
    const cells = [r.id, r.year, r.revenue, ...(churn ? [] : [r.cost]), ...(f.withNote ? [r.note] : [])];
    lines.push(cells.map((c) => csvCell(c, f.quoteAll)).join(","));
  }
  const text = Buffer.from(lines.join(eol) + eol);
  if (f.badByteAt === null) return text;
  // Cut in a line with an invalid byte after the chosen row (or at the end).
  let at = 0;
  for (let row = 0; row <= f.badByteAt && at !== -1; row++) at = text.indexOf(eol, at + 1);
  const cut = at === -1 ? text.length : at + eol.length;
  return Buffer.concat([text.subarray(0, cut), Buffer.from("C9,2020,1"), Buffer.from([0xff, 0x31]), Buffer.from(eol), text.subarray(cut)]);
}

interface Settings {
  maxErrors: number;
  strict: boolean;
}

type Path = { kind: "plain" } | { kind: "fast" } | { kind: "parallel"; threads: number; rangeBytes: number };

async function run(dir: string, path: Path, settings: Settings) {
  const { ledger, log, files } = await readInputs({
    inputs: { phases: { acquisition: source(join(dir, "new.csv")), retention: source(join(dir, "retained.csv")), churn: source(join(dir, "churned.csv")) } },
    ...settings,
    fastPath: path.kind !== "plain",
    parallel: path.kind === "parallel" ? { threads: path.threads, rangeBytes: path.rangeBytes, minBytes: 0 } : { threads: 1 },
  });
  const issues = [...log.errors, ...log.warnings].map(formatIssue);
  const json = log.errorCount === 0 ? renderJson(summarize(ledger), { currency: "USD", decimals: 2, color: false, warnings: [] }) : "";
  return { issues, json, errors: log.errorCount, warnings: log.warningCount, rows: files.map((f) => f.rows) };
}

const settingsArb = fc.record({ maxErrors: fc.oneof(fc.constant(1000), fc.integer({ min: 1, max: 4 })), strict: fc.boolean() });
const parallelArb = fc.record({ kind: fc.constant("parallel" as const), threads: fc.integer({ min: 2, max: 3 }), rangeBytes: fc.oneof(fc.integer({ min: 1, max: 80 }), fc.integer({ min: 81, max: 2000 })) });

describe("plain, fast and parallel paths", () => {
  it("agree on results, issues and row counts for random exports, quoted or not", async () => {
    let compared = 0;
    let parallelRows = 0;
    await fc.assert(
      fc.asyncProperty(fileArb, fileArb, fileArb, settingsArb, parallelArb, async (fresh, retained, churned, settings, parallel) => {
        const dir = mkdtempSync(join(tmpdir(), "ceq-paths-"));
        try {
          writeFileSync(join(dir, "new.csv"), render(fresh, false));
          writeFileSync(join(dir, "retained.csv"), render(retained, false));
          writeFileSync(join(dir, "churned.csv"), render(churned, true));
          const plain = await run(dir, { kind: "plain" }, settings);
          expect(await run(dir, { kind: "fast" }, settings)).toEqual(plain);
          expect(await run(dir, parallel, settings)).toEqual(plain);
          compared++;
          parallelRows += plain.rows.reduce((a, b) => a + b, 0);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS },
    );
    // The property compared real work, not empty files.
    expect(compared).toBe(RUNS);
    expect(parallelRows).toBeGreaterThan(RUNS * 10);
  }, 600_000);
});
