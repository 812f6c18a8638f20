/**
 * The built CLI (scripts/bundle.mjs, esbuild's splitting): dist/ceq.js and the chunks it imports
 * statically are what every run loads; the other commands, the HTML dashboard, the workbook
 * writer and the log reader are chunks loaded by `import()` only when a run uses them. Read from
 * the files `npm run build` wrote, by their import statements (names are kept by the build). The
 * worker threads' files must be beside the chunk that starts them: the reader finds them there.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../support/helpers.js";

const DIST = join(ROOT, "dist");
/** A chunk's name, as scripts/bundle.mjs has esbuild write it: `name-HASH.js`, in dist/ itself. */
const CHUNK = /^[\w-]+-[A-Z0-9]{8}\.js$/;
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
    const chunks = readdirSync(DIST).filter((f) => CHUNK.test(f)).map((f) => join(DIST, f));
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.filter((f) => !all.has(f)).map((f) => relative(DIST, f))).toEqual([]);
  });

  it("the worker threads (the readers' two, the spend model's) are found beside whichever chunk starts them", () => {
    const starts = [...reached(join(DIST, "ceq.js"), true)].flatMap((f) => [...readFileSync(f, "utf8").matchAll(/new URL\("\.\/([\w-]+\.js)",\s*import\.meta\.url\)/g)].map((m) => [f, m[1]!] as const));
    expect(starts.map(([, worker]) => worker).sort()).toEqual(["log-worker.js", "spend-worker.js", "worker.js"]);
    for (const [chunk, worker] of starts) expect(existsSync(join(dirname(chunk), worker)), `${worker} beside ${relative(DIST, chunk)}`).toBe(true);
  });
});
