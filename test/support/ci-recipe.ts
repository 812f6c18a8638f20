/**
 * docs/ci.md's CI recipe as a test reads it: its `run:` steps, and what its validate and gate steps
 * must give on the demo exports. Two tests run it: test/e2e/pack.test.ts on its install of the
 * tarball, and test/unit/commands/validate.test.ts with the recipe's own `npm install --global`.
 */
import type { SpawnSyncReturns } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { ROOT } from "./helpers.js";

/** The recipe's `run:` steps, in order (install, validate, gate). */
export function recipeSteps(): string[] {
  const ci = readFileSync(join(ROOT, "docs", "ci.md"), "utf8");
  const yaml = ci.slice(ci.indexOf("```yaml"), ci.indexOf("```", ci.indexOf("```yaml") + 7));
  return [...yaml.matchAll(/^\s+(?:- )?run: (.*)$/gm)].map((m) => m[1]!);
}

/**
 * The validate and gate steps, run by `step` in a folder holding the demo exports as `exports/`,
 * with GITHUB_STEP_SUMMARY at `summary`: validation passes; the demo's 2024 equity (133,392.06) is
 * under the recipe's 250,000, so the gate fails with exit 3, as an annotation, and writes the summary.
 */
export function expectRecipeChecks(steps: readonly string[], step: (command: string) => SpawnSyncReturns<string>, summary: string): void {
  const validate = step(steps[1]!);
  expect(validate.status, validate.stderr).toBe(0);
  expect(validate.stdout).toBe("valid: 0 errors, 0 warnings in 3 files (81 rows)\n");
  const gate = step(steps[2]!);
  expect(gate.status).toBe(3);
  expect(gate.stderr).toBe("::error title=ceq gate failed::customer equity of 2024 is $133,392.06, under --fail-under $250,000.00\n");
  expect(readFileSync(summary, "utf8")).toContain("| 2024 | $16,016.57 |");
}
