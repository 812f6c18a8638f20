/**
 * The layer rule of src/ (see docs/architecture.md): a module imports only modules of its own layer
 * or of a lower one. The pure layers (the ground, schema/, model/) are at the bottom, so a pure
 * module can never import a reader, a renderer or a command; the readers stand on io/ and csv/,
 * and only cli.ts and index.ts see everything. Each import of each file is checked, type-only
 * imports included (they tie the layers as much as a value does).
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SRC = join(ROOT, "src");

/** Lower number = lower layer. A file's layer is its first folder under src/, or its own name at the top. */
export const LAYERS: Record<string, number> = {
  "money.ts": 0,
  "issues.ts": 0,
  "hints.ts": 0,
  "errors.ts": 0,
  "currency.ts": 0,
  "text.ts": 0,
  schema: 1,
  model: 2,
  io: 3,
  csv: 4,
  xlsx: 4,
  read: 5,
  sql: 6,
  warehouse: 6,
  render: 6,
  commands: 7,
  "cli.ts": 8,
  "relaunch.ts": 8,
  "index.ts": 9,
};

function layerOf(file: string): string {
  return relative(SRC, file).split("/")[0]!;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
}

/** Every relative module a file imports or re-exports (static or dynamic), as a path under src/. */
export function importsOf(file: string, text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:^|[\s;])(?:import|export)\b[^;"']*?from\s*["'](\.{1,2}\/[^"']+)["']|import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)|^import\s+["'](\.{1,2}\/[^"']+)["']/gm;
  for (const m of text.matchAll(pattern)) {
    const spec = m[1] ?? m[2] ?? m[3]!;
    found.push(normalize(join(dirname(file), spec)).replace(/\.js$/, ".ts"));
  }
  return found;
}

describe("the layers of src/", () => {
  const files = sources(SRC);

  it("gives every source file a layer", () => {
    const unknown = files.map(layerOf).filter((layer) => LAYERS[layer] === undefined);
    expect([...new Set(unknown)]).toEqual([]);
  });

  it("has no import from a lower layer to a higher one", () => {
    const upward: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      for (const target of importsOf(file, readFileSync(file, "utf8"))) {
        if (!target.startsWith(SRC)) continue;
        const to = layerOf(target);
        if (LAYERS[to]! > LAYERS[from]!) upward.push(`${relative(SRC, file)} -> ${relative(SRC, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("finds an upward import when there is one (the check itself)", () => {
    const file = join(SRC, "model", "x.ts");
    const targets = importsOf(file, 'import type { ReadOptions } from "../read/options.js";\nexport { x } from "./y.js";\nconst m = await import("../render/json.js");');
    expect(targets.map((t) => relative(SRC, t))).toEqual(["read/options.ts", "model/y.ts", "render/json.ts"]);
    expect(targets.map(layerOf).filter((to) => LAYERS[to]! > LAYERS.model!)).toEqual(["read", "render"]);
  });
});

/** Issue 28's house: no source file over 400 lines, and most of them short (a median of 30-150). */
describe("the sizes of src/'s files", () => {
  const lines = sources(SRC).map((file) => ({ file: relative(SRC, file), lines: readFileSync(file, "utf8").split("\n").length - 1 }));

  it("has no file over 400 lines", () => {
    expect(lines.filter((f) => f.lines > 400).map((f) => `${f.file}: ${f.lines} lines`)).toEqual([]);
  });

  it("has a median file of 30 to 150 lines", () => {
    const sorted = lines.map((f) => f.lines).sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1]!;
    expect(median).toBeGreaterThanOrEqual(30);
    expect(median).toBeLessThanOrEqual(150);
  });
});
