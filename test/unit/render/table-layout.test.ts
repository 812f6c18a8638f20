/**
 * Issue 26 point 7: the default table's layout is linear in rows. No clock: the width function is
 * injected with a counter, and choosing a layout for N rows measures each cell once (N × columns
 * calls plus the headers'), whatever layout wins; the drawer, checked against cli-table3 (which
 * drew these tables before and is quadratic in cells), measures each cell line once too.
 */
import Table from "cli-table3";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { box, boxedWidth, type Align } from "../../../src/render/box.js";
import { displayWidth, fitSection } from "../../../src/render/fit.js";
import type { Cell, Section } from "../../../src/render/model.js";
import { runs } from "../../support/runs.js";

const cell = (text: string, numeric = true): Cell => ({ text, negative: false, numeric });
const HEADERS = ["Period", "Acquisition", "Retention", "Churn", "Customer equity", "Change", "Change %", "Churn rate", "Retention rate"];

/** N monthly rows of figures, as wide as real ones. */
function section(rows: number): Section {
  return {
    title: "Customer equity",
    keys: 1,
    headers: HEADERS,
    rows: Array.from({ length: rows }, (_, i) => [cell(`${1900 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`, false), ...HEADERS.slice(1).map((_, c) => cell(`$${(i * 7919 + c * 104729) % 1_000_000}.00`))]),
  };
}

/** displayWidth with a count of its calls. */
function counted(): { measure: (t: string) => number; calls: () => number } {
  let n = 0;
  return { measure: (t) => (n++, displayWidth(t)), calls: () => n };
}

describe("fitSection measures each cell once, whatever layout it picks", () => {
  // 200 columns: everything fits; 60: headers wrapped or split; 30: split in parts; 12: transposed.
  it.each([200, 80, 60, 30, 12])("width %i: calls grow by exactly rows × columns when the rows double", (width) => {
    const calls = (rows: number) => {
      const c = counted();
      fitSection(section(rows), width, boxedWidth, c.measure);
      return c.calls();
    };
    const [a, b, c] = [calls(300), calls(600), calls(1200)];
    expect(b - a).toBe(300 * HEADERS.length);
    expect(c - b).toBe(600 * HEADERS.length);
  });

  it("the layouts it picks fit: every drawn line within the width, or transposed", () => {
    for (const width of [200, 80, 60, 30]) {
      for (const part of fitSection(section(50), width)) {
        const drawn = box(part.headers, part.rows.map((r) => r.map((x) => x.text)), part.rows[0]!.map((x): Align => (x.numeric ? "right" : "left")), displayWidth);
        if (part.keys > 0) expect(Math.max(...drawn.split("\n").map(displayWidth))).toBeLessThanOrEqual(width);
        expect(Math.max(...drawn.split("\n").map(displayWidth))).toBe(boxedWidth(part.rows[0]!.map((_, c) => Math.max(...[part.headers[c] ?? "", ...part.rows.map((r) => r[c]!.text)].flatMap((t) => t.split("\n")).map(displayWidth)))));
      }
    }
  });
});

describe("box draws what cli-table3 drew, in one pass", () => {
  const text = fc.oneof(fc.constantFrom("", "Year", "$1,234.50", "-$12.00", "東京", "a b c"), fc.string({ maxLength: 12 }).filter((s) => !/[\u0000-\u001f\u007f-\u009f]/.test(s) && displayWidth(s) === s.length));
  it("on random tables: headers (some on two lines), rows, alignments", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 6 }), fc.boolean(), fc.infiniteStream(text), fc.infiniteStream(fc.boolean()), (columns, rowCount, withHead, texts, flags) => {
        const take = () => texts.next().value as string;
        const headers = withHead ? Array.from({ length: columns }, () => (flags.next().value ? `${take()}\n${take()}` : take())) : [];
        const rows = Array.from({ length: rowCount }, () => Array.from({ length: columns }, take));
        fc.pre(headers.length > 0 || rows.length > 0);
        const aligns = Array.from({ length: columns }, (): Align => (flags.next().value ? "right" : "left"));
        const table = new Table({ ...(headers.length > 0 && { head: headers }), style: { head: [], border: [] }, chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" }, colAligns: rows.length > 0 ? aligns : [] });
        for (const row of rows) table.push(row);
        expect(box(headers, rows, rows.length > 0 ? aligns : [], displayWidth)).toBe(table.toString());
      }),
      { numRuns: runs(60, 300) },
    );
  });

  it("measures each cell line once: 1,200 rows × 9 columns and a one-line header make 10,809 calls", () => {
    const s = section(1200);
    const c = counted();
    box(s.headers, s.rows.map((r) => r.map((x) => x.text)), [], c.measure);
    expect(c.calls()).toBe(1201 * 9);
  });
});
