/**
 * Issue 26 point 3 and issue 33's gap: every text cell ceq writes for a spreadsheet (CSV, TSV,
 * Markdown, xlsx, derive's phase files), headers included, starts with no formula character
 * (= + - @ tab CR). The prefixes are written out here, not imported: dropping one from
 * src/render/csv.ts fails these tests every time, not by a random draw.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { csvCell, defuse } from "../../../src/render/csv.js";
import { markdownOf } from "../../../src/render/markdown.js";
import { cli } from "../../support/capture.js";
import { folder } from "../../support/helpers.js";

const PREFIXES = ["=", "+", "-", "@", "\t", "\r"];
const NUMBER = /^-?\d+(\.\d+)?$/;
/** A cell a spreadsheet would take as a formula: a formula character first, and not a plain number. */
const live = (cell: string) => PREFIXES.some((p) => cell.startsWith(p)) && !NUMBER.test(cell);

describe("unit: defuse and the cells built on it", () => {
  it.each(PREFIXES.map((p) => [JSON.stringify(p), p]))("%s first: a leading quote", (_, p) => {
    expect(defuse(`${p}SUM(A1)`)).toBe(`'${p}SUM(A1)`);
    expect(defuse(`${p}`)).toBe(`'${p}`);
    expect(csvCell(`${p}cmd`, ",")).toMatch(/^"?'/);
    expect(csvCell(`${p}cmd`, "\t").startsWith("'")).toBe(true);
  });

  it("plain numbers and text with a formula character inside are left alone", () => {
    for (const text of ["-1234.50", "0", "12", "a=b", "x@y", "SUM(A1)", "", "'=already"]) expect(defuse(text)).toBe(text);
  });

  it("Markdown: headers and text cells defused, numeric cells as they are", () => {
    const text = (t: string) => ({ text: t, negative: false, numeric: false });
    const md = markdownOf([{ title: "t", keys: 1, headers: PREFIXES.map((p) => `${p}h`), rows: [[...PREFIXES.slice(0, 5).map((p) => text(`${p}v`)), { text: "-12.50", negative: true, numeric: true }]] }]);
    const [, , header, , row] = md.split("\n");
    expect(header).toBe(`| '=h | '+h | '-h | '@h | '\\u0009h | '\\u000dh |`);
    expect(row).toBe(`| '=v | '+v | '-v | '@v | '\\u0009v | -12.50 |`);
  });
});

// Segment values with every prefix, under --by columns whose names start with one each.
const BY = ['=HYPERLINK("http://evil.example/x")', "+b", "-c", "@d"];
const csvText = (t: string) => (/[",\t\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t);
const VALUES = ["=1+2", "+SUM(A1)", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"];
const header = `customer_id,year,revenue,${BY.map(csvText).join(",")}\n`;
const NEW = header + VALUES.map((v, i) => `N${i},2023,${10 + i},${[v, "x", "y", "z"].map(csvText).join(",")}\n`).join("");
const RETAINED = header + VALUES.map((v, i) => `N${i},2024,${20 + i},${[v, "x", "y", "z"].map(csvText).join(",")}\n`).join("");
const by = ["--by", BY.join(",")];

/** Cells of a CSV or TSV text, quotes undone (no cell of these holds a line break). */
function cells(text: string, delimiter: string): string[] {
  return text.trimEnd().split("\n").flatMap((line) => (delimiter === "," ? (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).map((c) => c.replace(/,$/, "").replace(/^"(.*)"$/s, "$1").replace(/""/g, '"')) : line.split("\t")));
}

describe("end to end: --by names and segment values with every prefix", () => {
  const dir = folder({ "new.csv": NEW, "retained.csv": RETAINED });
  const args = ["--new", join(dir, "new.csv"), "--retained", join(dir, "retained.csv"), ...by];

  it.each([["csv", ","], ["tsv", "\t"]])("%s: the header cells and segment cells carry the quote; no cell starts a formula", async (format, delimiter) => {
    const run = await cli([...args, "-f", format]);
    expect(run.code, run.stderr).toBe(0);
    const all = cells(run.stdout, delimiter);
    expect(all.filter(live)).toEqual([]);
    const head = run.stdout.split("\n")[0]!;
    expect(head.startsWith(`year${delimiter}`)).toBe(true);
    if (format === "csv") expect(head).toContain(`,"'=HYPERLINK(""http://evil.example/x"")",'+b,'-c,'@d,`);
    else expect(head).toContain(`\t'=HYPERLINK("http://evil.example/x")\t'+b\t'-c\t'@d\t`);
    for (const v of ["'=1+2", "'+SUM(A1)", "'-2+3", "'@SUM(A1)"]) expect(all).toContain(v);
  });

  it("markdown: the same cells defused", async () => {
    const run = await cli([...args, "-f", "markdown"]);
    expect(run.code, run.stderr).toBe(0);
    const mdCells = run.stdout.split("\n").filter((l) => l.startsWith("|")).flatMap((l) => l.split(" | ").map((c) => c.replace(/^\| |\s\|$/g, "").trim()));
    // Alignment cells (---, ---:) and negative money (-$12.00) aside, nothing starts with a formula character.
    expect(mdCells.filter((c) => /^[=+@]/.test(c) || (/^-/.test(c) && !/^(-[$\d]|-+:?$)/.test(c)))).toEqual([]);
    expect(mdCells).toContain(`'=HYPERLINK("http://evil.example/x")`);
    expect(mdCells).toContain("'@SUM(A1)");
  });

  it("xlsx: header and segment text cells defused on both sheets", async () => {
    const out = join(folder(), "r.xlsx");
    const run = await cli([...args, "-o", out]);
    expect(run.code, run.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const texts: string[] = [];
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void (typeof cell.value === "string" && texts.push(cell.value)))));
    expect(texts.filter(live)).toEqual([]);
    expect(texts).toContain(`'=HYPERLINK("http://evil.example/x")`);
    expect(texts).toContain("'@SUM(A1)");
    expect(texts).toContain("'+b");
  });

  it("derive: ids and segment values in the phase files are defused", async () => {
    const log = `customer_id,date,amount,${csvText("@seg")}\n${VALUES.map((v, i) => `${csvText(v)},2023-0${i + 1}-01,${i + 1},${csvText(VALUES[(i + 1) % VALUES.length]!)}\n`).join("")}`;
    const d = folder({ "log.csv": log });
    const out = join(d, "phases");
    const run = await cli(["derive", "--transactions", join(d, "log.csv"), "--by", "@seg", "--out-dir", out]);
    expect(run.code, run.stderr).toBe(0);
    const written = readFileSync(join(out, "new.csv"), "utf8");
    expect(cells(written, ",").filter(live)).toEqual([]);
    // The reader trims a cell's spaces and tabs, so "\tTAB" arrives as "TAB": tab and CR are covered by the unit tests.
    for (const v of ["'=1+2", "'+SUM(A1)", "'-2+3", "'@SUM(A1)"]) expect(cells(written, ",")).toContain(v);
    expect(written.split("\n")[0]).toContain("'@seg");
  });
});
