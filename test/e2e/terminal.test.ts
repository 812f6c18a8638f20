/**
 * The table fits the terminal: run through a real pseudo-terminal of 80 and 120 columns (python3's
 * pty module, test/support/pty.py), no line is wider than the terminal and every figure of the
 * full layout is printed whole.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { displayWidth } from "../../src/render/fit.js";
import { BIN, ceq, DEMO, ROOT } from "../support/helpers.js";

const PTY = join(ROOT, "test", "support", "pty.py");
const hasPython = spawnSync("python3", ["-c", "import pty, fcntl, termios"]).status === 0;

/** What a terminal of `columns` shows for `ceq args`, as lines without colours or CRs. */
const shown = new Map<string, { code: number | null; lines: string[] }>();
function onTerminal(columns: number, args: string[]): { code: number | null; lines: string[] } {
  // The same terminal and arguments show the same lines: one run each, whichever test asks first.
  const key = JSON.stringify([columns, args]);
  const seen = shown.get(key);
  if (seen) return seen;
  const env: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm" };
  delete env.COLUMNS;
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const run = spawnSync("python3", [PTY, String(columns), "40", process.execPath, BIN, ...args], { env, encoding: "utf8" });
  const lines = run.stdout.replace(/\r\n/g, "\n").replace(/\u001b\[[0-9;]*m/g, "").split("\n");
  shown.set(key, { code: run.status, lines });
  return { code: run.status, lines };
}

/** Every money figure and percentage printed, as a sorted list: $-1,234.56 and 12.34% alike. */
const figures = (lines: readonly string[]) => lines.flatMap((l) => l.match(/-?\$[\d,]+\.\d{2}|\d+\.\d{2}%/g) ?? []).sort();

describe.skipIf(!hasPython)("the table on a terminal", () => {
  it("at 80 columns: no line is wider, headers wrap, and every figure of the full layout is whole", () => {
    const fitted = onTerminal(80, ["--dir", DEMO, "--no-chart"]);
    const wide = onTerminal(80, ["--dir", DEMO, "--wide", "--no-chart"]);
    expect(fitted.code).toBe(0);
    expect(Math.max(...fitted.lines.map(displayWidth))).toBeLessThanOrEqual(80);
    // The full layout is wider than the terminal (93, 103 and 90 columns)
    expect(Math.max(...wide.lines.map(displayWidth))).toBe(103);
    expect(figures(fitted.lines)).toEqual(figures(wide.lines));
    // 5 rows × 4 equities + 3 changes + 3 change %; 5 × (2 rates + cost per new); 15 phase rows ×
    // (revenue, average, equity) + 10 costs (churn has none)
    expect(figures(fitted.lines)).toHaveLength(5 * 4 + 3 + 3 + 5 * 3 + 15 * 3 + 10);
    // The columns cut off are in a table of their own, the year repeated
    expect(fitted.lines).toContain("Customer equity (continued)");
    expect(fitted.lines.filter((l) => l.startsWith("│ 2024 ")).length).toBeGreaterThan(wide.lines.filter((l) => l.startsWith("│ 2024 ")).length);
  });

  it("at 120 columns the full layout fits and is printed as it is", () => {
    const fitted = onTerminal(120, ["--dir", DEMO]);
    const wide = onTerminal(120, ["--dir", DEMO, "--wide"]);
    expect(fitted.code).toBe(0);
    expect(fitted.lines).toEqual(wide.lines);
    expect(fitted.lines).not.toContain("Customer equity (continued)");
  });

  it("draws the chart after the table on a terminal of 60 columns or more, within its width; not below 60, nor into a pipe", async () => {
    for (const columns of [60, 80, 120]) {
      const run = onTerminal(columns, ["--dir", DEMO]);
      expect(run.lines).toContain("Customer equity by year: █ adds, ▒ takes away");
      expect(Math.max(...run.lines.map(displayWidth))).toBeLessThanOrEqual(columns);
      const chart = run.lines.slice(run.lines.indexOf("Customer equity by year: █ adds, ▒ takes away") + 1).filter((l) => l.trim() !== "");
      expect(chart).toHaveLength(16);
      expect(Math.max(...chart.map(displayWidth))).toBeLessThanOrEqual(columns);
    }
    expect(onTerminal(59, ["--dir", DEMO]).lines.join("\n")).not.toContain("Customer equity by year");
    expect((await ceq(["--dir", DEMO])).stdout).not.toContain("Customer equity by year");
  });
});

describe("the table's width off a terminal", () => {
  it("is 80 columns into a pipe, $COLUMNS when set, and the full layout with --wide", async () => {
    const width = (out: string) => Math.max(...out.split("\n").map(displayWidth));
    const piped = await ceq(["--dir", DEMO]);
    expect(width(piped.stdout)).toBeLessThanOrEqual(80);
    const narrow = await ceq(["--dir", DEMO], { env: { COLUMNS: "40" } });
    expect(width(narrow.stdout)).toBeLessThanOrEqual(40);
    expect(figures(narrow.stdout.split("\n"))).toEqual(figures(piped.stdout.split("\n")));
    const wide = await ceq(["--dir", DEMO, "--wide"]);
    expect(width(wide.stdout)).toBe(103);
  });
});
