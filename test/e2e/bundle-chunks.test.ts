/**
 * The built CLI (scripts/bundle.mjs, esbuild's splitting): dist/ceq.js and the chunks it imports
 * statically are what every run loads; the other commands, the HTML dashboard, the workbook
 * writer and the log reader are chunks loaded by `import()` only when a run uses them. Read from
 * the files `npm run build` wrote, by their import statements (names are kept by the build).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/helpers.js";

const DIST = join(ROOT, "dist");
const STATIC = /(?:^|[;}\n])\s*(?:import|export)\s*(?:[\w$*{}\s,]*?from\s*)?["'](\.\.?\/[^"']+)["']/g;
const DYNAMIC = /\bimport\(\s*["'](\.\.?\/[^"']+)["']\s*\)/g;

/** The files reached from `entry` by static imports, or by static and dynamic ones. */
function reached(entry: string, dynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, "utf8");
    for (const pattern of dynamic ? [STATIC, DYNAMIC] : [STATIC]) for (const m of text.matchAll(pattern)) visit(resolve(dirname(file), m[1]!));
  };
  visit(entry);
  return seen;
}

const definesIn = (files: Iterable<string>, name: string) => [...files].filter((f) => new RegExp(`function ${name}\\(`).test(readFileSync(f, "utf8"))).map((f) => relative(DIST, f));

describe("the bundle's chunks", () => {
  it("a calculation loads neither the other commands nor the dashboard, the workbook or the log reader; each is a chunk it can load", () => {
    const entry = join(DIST, "ceq.js");
    const eager = reached(entry, false);
    const all = reached(entry, true);
    for (const name of ["registerSql", "registerValue", "registerCohorts", "registerDerive", "renderHtml", "renderXlsx", "readTransactions", "transactionsQuery"]) {
      expect(definesIn(eager, name), `${name} is loaded by every run`).toEqual([]);
      expect(definesIn(all, name), `${name} is in no chunk ceq.js can load`).toHaveLength(1);
    }
    // The calculation's own code is there.
    expect(definesIn(eager, "registerCalc")).toHaveLength(1);
    // Every chunk written is one ceq.js can reach (no stale chunk of an earlier build is shipped).
    const chunks = readdirSync(join(DIST, "chunks")).map((f) => join(DIST, "chunks", f));
    expect(chunks.filter((f) => !all.has(f)).map((f) => relative(DIST, f))).toEqual([]);
  });
});
