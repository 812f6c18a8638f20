/**
 * --owners, --bridge and --movements in every output format, through main() in-process (test/support/capture.ts cli(); one case spawns the built binary for the wiring): the
 * table, Markdown, CSV and TSV print that view; the workbook gains a sheet of it; JSON and the
 * dashboard, which carry all three already, refuse the flag with what to do (docs/owners.md).
 * Figures: the hand-worked log of fixtures/owners/EXPECTED.md.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { ceq, folder, ROOT } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

const LOG = join(ROOT, "fixtures", "owners", "transactions.csv");
const EXPORTS = join(ROOT, "fixtures", "owners", "exports");

describe("the owners' views in each format", () => {
  it("table and Markdown print the view's rows; TSV its long rows", async () => {
    const table = await ceq(["--dir", EXPORTS, "--movements"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/│ 2024 │ +\$80\.00 │ +\$70\.00 │ +\$50\.00 │ +\$80\.00 │ +\$300\.00 │ +45\.00% │/);
    const markdown = await cli(["--transactions", LOG, "--bridge", "--format", "markdown"]);
    expect(markdown.stdout).toContain("## Bridge: from the previous period's customer equity to this one's");
    expect(markdown.stdout).toMatch(/\| 2024 \| retention \| count \| \$270\.00 \|/);
    expect(markdown.stdout).toMatch(/\| 2024 \| +\| customer equity \| \$78\.00 \|/);
    const tsv = await cli(["--transactions", LOG, "--owners", "--format", "tsv"]);
    expect(tsv.stdout.split("\n")).toContain("2024\treactivation\t63.00\t1\t70.00\t70.00\t7.00");
  });

  it("xlsx: the workbook gains an Owners, Bridge or Movements sheet with the figures as numbers", async () => {
    const dir = folder();
    const sheetOf = async (flag: string) => {
      const out = join(dir, `${flag}.xlsx`);
      const run = await cli(["--transactions", LOG, `--${flag}`, "-o", out]);
      expect(run.code, run.stderr).toBe(0);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
      expect(book.worksheets.map((w) => w.name).slice(0, 2)).toEqual(["Summary", "Sums"]);
      const rows: unknown[][] = [];
      book.worksheets[2]!.eachRow((row) => void rows.push((row.values as unknown[]).slice(1)));
      return { name: book.worksheets[2]!.name, rows, sheets: book.worksheets.length };
    };
    const bridge = await sheetOf("bridge");
    expect([bridge.name, bridge.sheets]).toEqual(["Bridge", 3]);
    expect(bridge.rows[0]).toEqual(["Year", "Phase", "Driver", "Amount"]);
    // Each year's steps sum to its change (EXPECTED.md: 445.00, then −412.00), in cents
    const sum = (year: string) => bridge.rows.filter((r) => r[0] === year).reduce((s, r) => s + Math.round((r[3] as number) * 100), 0);
    expect([sum("2023"), sum("2024")]).toEqual([44500, -41200]);
    const movements = await sheetOf("movements");
    expect(movements.rows.find((r) => r[0] === "2024")).toEqual(["2024", 80, 70, 50, 80, 300, 0.45, 0.3667]);
    const owners = await sheetOf("owners");
    expect(owners.rows.find((r) => r[0] === "2024" && r[1] === "reactivation")).toEqual(["2024", "reactivation", 63, 1, 70, 70, 7]);
    // Without a view, the workbook is the two sheets it always was
    const plain = join(dir, "plain.xlsx");
    await cli(["--transactions", LOG, "-o", plain]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(plain) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(["Summary", "Sums"]);
  });

  for (const [format, file, says] of [
    ["json", "out.json", 'JSON carries "owners", "bridge" and "movements" on every period already'],
    ["html", "out.html", "the dashboard draws the owners' panels, the bridge and the revenue movements already"],
  ] as const) {
    it(`${format}: refused with what to do, before anything is read or written`, async () => {
      const out = join(folder(), file);
      writeFileSync(out, "before");
      for (const flag of ["--owners", "--bridge", "--movements"]) {
        const run = await cli(["--transactions", LOG, flag, "--format", format, "-o", out]);
        expect([run.code, run.stdout]).toEqual([2, ""]);
        expect(run.stderr).toContain(`error: ${flag} prints a table, and ${says}`);
        expect(run.stderr).toContain(`hint: drop ${flag}`);
        expect(readFileSync(out, "utf8")).toBe("before");
      }
    });
  }
});
