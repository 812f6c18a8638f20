// scripts/mutate-reuse.mjs decides when `npm run mutate` (and so .ci/run) reports a module's
// committed mutation results without starting Stryker: only when nothing Stryker compares changed.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script, without types
import { unchangedResults } from "../../scripts/mutate-reuse.mjs";

let root: string;
const write = (file: string, text: string) => {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
};
const CODE = { "src/sql/clickhouse.ts": "export const a = 1;\n", "src/sql/clickhouse-parts.ts": "export const b = 2;\n" };
const TESTS = { "test/a.test.ts": "it('a', () => {});\n", "test/b.test.ts": "it('b', () => {});\n" };
const MODULE = { mutate: ["src/sql/clickhouse*.ts"], tests: Object.keys(TESTS) };

/** A committed report recording `code` and `tests` as their text, one killed mutant per file. */
function commit(code: Record<string, string>, tests: Record<string, string>) {
  const files = Object.fromEntries(Object.entries(code).map(([f, source]) => [f, { language: "typescript", source, mutants: [{ id: f, status: "Killed" }] }]));
  const testFiles = Object.fromEntries(Object.entries(tests).map(([f, source]) => [f, { source, tests: [] }]));
  write("reports/mutation/ch.json", JSON.stringify({ files, testFiles }));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "ceq-mutate-reuse-"));
  for (const [f, text] of Object.entries({ ...CODE, ...TESTS })) write(f, text);
  write("src/sql/query.ts", "export const c = 3;\n"); // not matched by the pattern: never compared
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("a module's committed mutation results are reused only when its code and tests are unchanged", () => {
  it("the same text everywhere: the committed report, with its mutants", () => {
    commit(CODE, TESTS);
    const report = unchangedResults(root, "ch", MODULE);
    expect(Object.keys(report.files).sort()).toEqual(["src/sql/clickhouse-parts.ts", "src/sql/clickhouse.ts"]);
    expect(report.files["src/sql/clickhouse.ts"].mutants).toEqual([{ id: "src/sql/clickhouse.ts", status: "Killed" }]);
  });

  it("a line range in the module's list compares the whole file", () => {
    commit(CODE, TESTS);
    expect(unchangedResults(root, "ch", { ...MODULE, mutate: ["src/sql/clickhouse.ts:1-1"] })).toBeDefined();
    write("src/sql/clickhouse.ts", "export const a = 2;\n");
    expect(unchangedResults(root, "ch", { ...MODULE, mutate: ["src/sql/clickhouse.ts:1-1"] })).toBeUndefined();
  });

  it("a mutated file changed by one character: Stryker must run", () => {
    commit(CODE, TESTS);
    write("src/sql/clickhouse-parts.ts", "export const b = 3;\n");
    expect(unchangedResults(root, "ch", MODULE)).toBeUndefined();
  });

  it("a new file matching the module's pattern, not in the report: Stryker must run", () => {
    commit(CODE, TESTS);
    write("src/sql/clickhouse-new.ts", "export const d = 4;\n");
    expect(unchangedResults(root, "ch", MODULE)).toBeUndefined();
  });

  it("a listed test file changed, missing from the report, or deleted: Stryker must run", () => {
    commit(CODE, TESTS);
    write("test/b.test.ts", "it('b', () => { expect(1).toBe(1); });\n");
    expect(unchangedResults(root, "ch", MODULE)).toBeUndefined();
    commit(CODE, { "test/a.test.ts": TESTS["test/a.test.ts"] });
    expect(unchangedResults(root, "ch", { ...MODULE, tests: ["test/a.test.ts", "test/b.test.ts"] })).toBeUndefined();
    commit(CODE, TESTS);
    rmSync(join(root, "test/a.test.ts"));
    expect(unchangedResults(root, "ch", MODULE)).toBeUndefined();
  });

  it("a test file recorded that the module no longer lists: Stryker must run (its kills may be gone)", () => {
    commit(CODE, TESTS);
    expect(unchangedResults(root, "ch", { ...MODULE, tests: ["test/a.test.ts"] })).toBeUndefined();
  });

  it("no committed report, or a pattern that names no file: Stryker must run", () => {
    expect(unchangedResults(root, "ch", MODULE)).toBeUndefined();
    commit(CODE, TESTS);
    expect(unchangedResults(root, "ch", { ...MODULE, mutate: ["src/sql/nothing*.ts"] })).toBeUndefined();
  });
});
