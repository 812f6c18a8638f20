/**
 * A boxed table drawn in one pass over its cells: what cli-table3 drew for ceq (no lines between
 * rows, one space of padding, headers aligned as their column), without its cost. cli-table3
 * checks every cell against every other for spans (`fillInTable`, `conflictExists`), so a table
 * of 1,200 monthly rows took minutes to lay out (issue 26, point 7); this is linear in cells.
 */

export type Align = "left" | "right";

/** Columns a string takes on a terminal (colours aside): injected, so tests can count calls. */
export type Measure = (text: string) => number;

/** The width of a boxed table whose columns hold content `widths` wide: "│ " … " │ " … " │". */
export const boxedWidth = (widths: readonly number[]): number => widths.reduce((sum, w) => sum + w + 3, 1);

/** The table as text, lines joined by "\n" (no final newline), or "" with no header and no row. */
export function box(headers: readonly string[], rows: readonly (readonly string[])[], aligns: readonly Align[], measure: Measure): string {
  const all = headers.length > 0 ? [headers, ...rows] : rows;
  if (all.length === 0) return "";
  const columns = Math.max(...all.map((r) => r.length));
  // Each cell split into lines and measured once.
  const measured = all.map((row) => Array.from({ length: columns }, (_, c) => (row[c] ?? "").split("\n").map((line) => ({ line, width: measure(line) }))));
  const widths = Array.from({ length: columns }, (_, c) => Math.max(0, ...measured.map((row) => Math.max(...row[c]!.map((l) => l.width)))));
  const rule = (left: string, join: string, right: string) => `${left}${widths.map((w) => "─".repeat(w + 2)).join(join)}${right}`;
  const out = [rule("┌", "┬", "┐")];
  for (const row of measured) {
    const height = Math.max(...row.map((cell) => cell.length));
    for (let i = 0; i < height; i++) {
      const cells = row.map((cell, c) => {
        const { line, width } = cell[i] ?? { line: "", width: 0 };
        const pad = " ".repeat(widths[c]! - width);
        return aligns[c] === "right" ? pad + line : line + pad;
      });
      out.push(`│ ${cells.join(" │ ")} │`);
    }
  }
  out.push(rule("└", "┴", "┘"));
  return out.join("\n");
}
