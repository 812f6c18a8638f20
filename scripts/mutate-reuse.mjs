/**
 * Whether a module's committed mutation results still hold, so that scripts/mutate.mjs can report
 * them without starting Stryker (docs/mutation.md, "CI").
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The committed report reports/mutation/<name>.json under `root` when it still holds, else
 * undefined: every file the module mutates and every test file it lists is recorded there with
 * the same text, and no test file is recorded that the module no longer lists. The comparison
 * Stryker's incremental mode makes, less its dry run of the tests.
 *
 * @param {string} root the project's folder
 * @param {string} name the module's name in scripts/mutate-modules.mjs
 * @param {{ mutate: string[], tests: string[] }} module its files and test files, relative to root
 */
export function unchangedResults(root, name, module) {
  const path = join(root, "reports", "mutation", `${name}.json`);
  if (!existsSync(path)) return undefined;
  const report = JSON.parse(readFileSync(path, "utf8"));
  const sameText = (recorded, file) => recorded !== undefined && existsSync(join(root, file)) && recorded.source === readFileSync(join(root, file), "utf8");
  const mutated = module.mutate.filter((p) => !p.startsWith("!")).flatMap((p) => expand(root, p.replace(/:\d+-\d+$/, "")));
  if (mutated.length === 0 || !mutated.every((file) => sameText(report.files?.[file], file))) return undefined;
  const recordedTests = Object.keys(report.testFiles ?? {});
  if (recordedTests.some((file) => !module.tests.includes(file))) return undefined;
  if (!module.tests.every((file) => sameText(report.testFiles?.[file], file))) return undefined;
  return report;
}

/** A path, or a pattern with `*` in its last part (src/sql/clickhouse*.ts), as the files it names. */
function expand(root, pattern) {
  const base = pattern.split("/").pop();
  if (!base.includes("*")) return [pattern];
  const dir = dirname(pattern);
  const re = new RegExp(`^${base.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return readdirSync(join(root, dir)).filter((f) => re.test(f)).sort().map((f) => `${dir}/${f}`);
}
