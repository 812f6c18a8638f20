import { describe, expect, it } from "vitest";
import { displayWidth, fitSection, wrapHeaders } from "../../../src/render/fit.js";
import type { Cell, Section } from "../../../src/render/model.js";

const cell = (text: string, numeric = true): Cell => ({ text, negative: false, numeric });

/** A stand-in for the boxed table: cells joined by " | ", header lines stacked. */
const draw = (s: Section) => {
  const widths = s.headers.map((h, i) => Math.max(...h.split("\n").map(displayWidth), ...s.rows.map((r) => displayWidth(r[i]!.text))));
  const rows = s.rows.map((r) => r.map((c, i) => c.text.padStart(widths[i]!)).join(" | "));
  const headerLines = Math.max(0, ...s.headers.map((h) => h.split("\n").length));
  const head = Array.from({ length: headerLines }, (_, line) => s.headers.map((h, i) => (h.split("\n")[line] ?? "").padStart(widths[i]!)).join(" | "));
  return [...head, ...rows].join("\n");
};

/** The stand-in's width for columns of content this wide: the widths and a " | " between each. */
const frame = (widths: readonly number[]) => widths.reduce((sum, w) => sum + w, 0) + 3 * (widths.length - 1);

const SECTION: Section = {
  title: "Customer equity",
  keys: 1,
  headers: ["Year", "Acquisition", "Customer equity", "Change %"],
  rows: [
    [cell("2023", false), cell("$1,000.00"), cell("$12,345.67"), cell("")],
    [cell("2024", false), cell("$2,000.00"), cell("$23,456.78"), cell("90.00%")],
  ],
};

describe("fitSection", () => {
  it("keeps the full layout when it fits, or with no width", () => {
    expect(fitSection(SECTION, undefined, frame)).toEqual([SECTION]);
    expect(fitSection(SECTION, 60, frame)).toEqual([SECTION]);
  });

  it("breaks headers at spaces only as far as the widest cell", () => {
    // full: 4 + 11 + 15 + 8 + 3 × 3 = 47 columns; with "Customer\nequity": 42
    expect(draw(SECTION).split("\n")[0]).toHaveLength(47);
    const [fitted] = fitSection(SECTION, 44, frame);
    expect(fitted!.headers).toEqual(["Year", "Acquisition", "Customer\nequity", "Change\n%"]);
    expect(wrapHeaders(SECTION).headers[1]).toBe("Acquisition");
  });

  it("splits into tables that repeat the key column, in order, each as wide as fits", () => {
    const parts = fitSection(SECTION, 31, frame); // 4 + 11 + 10 ("$23,456.78") + 2 × 3
    expect(parts.map((p) => [p.title, p.headers.map((h) => h.replace("\n", " "))])).toEqual([
      ["Customer equity", ["Year", "Acquisition", "Customer equity"]],
      ["Customer equity (continued)", ["Year", "Change %"]],
    ]);
    expect(parts[0]!.rows[1]!.map((c) => c.text)).toEqual(["2024", "$2,000.00", "$23,456.78"]);
    for (const part of parts) expect(Math.max(...draw(part).split("\n").map(displayWidth))).toBeLessThanOrEqual(31);
  });

  it("transposes into a table per row when one value column does not fit beside the key", () => {
    const parts = fitSection(SECTION, 12, frame);
    expect(parts.map((p) => p.title)).toEqual(["Customer equity, 2023", "Customer equity, 2024"]);
    expect(parts[1]!.rows.map((r) => r.map((c) => c.text))).toEqual([
      ["Acquisition", "$2,000.00"],
      ["Customer equity", "$23,456.78"],
      ["Change %", "90.00%"],
    ]);
  });

  it("counts East Asian wide characters as two columns", () => {
    expect(displayWidth("東京 x")).toBe(6);
    expect(displayWidth("\u001b[31m-$1.00\u001b[39m")).toBe(6);
  });
});
