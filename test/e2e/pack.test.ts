/**
 * The package as a user gets it: `npm pack`, the tarball installed into an empty folder with
 * `npm install --omit=dev`, then `ceq --version` and the demo run from there. What "files" ships,
 * and the runtime dependencies, must be enough: no dev dependency, nothing from this checkout.
 *
 * The runtime packages are pinned to the lockfile's versions (an `overrides` entry for each name
 * the lockfile holds once), and npm reads its cache first (`npm ci` filled it); the registry is
 * asked only for what the cache lacks. The test is skipped, saying so, only when npm cannot reach
 * the registry for a package it needs.
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectRecipeChecks, recipeSteps } from "../support/ci-recipe.js";
import { DEMO, folder, ROOT } from "../support/helpers.js";

interface LockEntry {
  version?: string;
  dev?: boolean;
}

const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string; name: string };
const lock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };

/** Each runtime package's versions in the lockfile, by name. */
function runtimeVersions(): Map<string, Set<string>> {
  const versions = new Map<string, Set<string>>();
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === "" || entry.dev || entry.version === undefined) continue;
    const name = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
    if (!versions.has(name)) versions.set(name, new Set());
    versions.get(name)!.add(entry.version);
  }
  return versions;
}

type Overrides = { [name: string]: string | Overrides };

/**
 * npm `overrides` that pin every runtime package to the lockfile's version, where the lockfile
 * puts it: `node_modules/a/node_modules/b` at 1.1.1 becomes `{ a: { ".": a's version, b: "1.1.1" } }`.
 */
function lockOverrides(): Overrides {
  const root: Overrides = {};
  const entries = Object.entries(lock.packages).filter(([path, e]) => path !== "" && !e.dev && e.version !== undefined);
  // Parents before their nested packages.
  entries.sort(([a], [b]) => a.split("node_modules/").length - b.split("node_modules/").length);
  for (const [path, entry] of entries) {
    const names = path.split("node_modules/").slice(1).map((n) => n.replace(/\/$/, ""));
    let at = root;
    for (const name of names.slice(0, -1)) {
      const own = at[name];
      if (typeof own !== "object") at[name] = { ".": own ?? "*" };
      at = at[name] as Overrides;
    }
    at[names.at(-1)!] = entry.version!;
  }
  return root;
}

/** The packages npm installed under a node_modules folder, with their versions, nested ones too. */
function installed(modules: string, found: [string, string][] = []): [string, string][] {
  if (!existsSync(modules)) return found;
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith(".")) continue;
    const names = entry.startsWith("@") ? readdirSync(join(modules, entry)).map((n) => `${entry}/${n}`) : [entry];
    for (const name of names) {
      const manifest = join(modules, name, "package.json");
      if (!existsSync(manifest)) continue;
      found.push([name, (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version]);
      installed(join(modules, name, "node_modules"), found);
    }
  }
  return found;
}

const NETWORK = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH)\b/;

describe("npm pack installs and runs", () => {
  // npm install and five runs of the installed binary: bounded generously, as a busy machine is slow.
  it("the packed tarball, installed without dev dependencies, prints its version and the demo's figures", { timeout: 300_000 }, (ctx) => {
    const dir = folder();
    // dist is what `npm test` has just built; --ignore-scripts packs it as it is rather than
    // building again (`prepare`).
    const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: ROOT, encoding: "utf8" });
    expect(pack.status, pack.stderr).toBe(0);
    const [{ filename, files }] = JSON.parse(pack.stdout) as [{ filename: string; files: { path: string }[] }];
    const shipped = files.map((f) => f.path);
    expect(shipped).toEqual(expect.arrayContaining(["bin/ceq.js", "dist/ceq.js", "dist/worker.js", "dist/log-worker.js", "dist/spend-worker.js", "dist/relaunch.js", "dist/index.js", "README.md", "fixtures/demo/new.csv"]));
    // The bundle's chunks (commands and renderers loaded when used) ship, every one.
    const chunks = readdirSync(join(ROOT, "dist")).filter((f) => /^[\w-]+-[A-Z0-9]{8}\.js$/.test(f)).map((f) => `dist/${f}`);
    expect(chunks.length).toBeGreaterThan(0);
    expect(shipped).toEqual(expect.arrayContaining(chunks));
    // Nor tsc's incremental state (dist/.tsbuildinfo, which npm test's build keeps to rebuild faster).
    expect(shipped.filter((p) => p.startsWith("test/") || p.startsWith("src/") || p.startsWith("node_modules/") || p.endsWith(".tsbuildinfo"))).toEqual([]);

    const app = join(dir, "app");
    const overrides = lockOverrides();
    mkdirSync(app);
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "ceq-pack-check", private: true, overrides }, null, 2));
    const env = { ...process.env, npm_config_prefer_offline: "true", npm_config_update_notifier: "false" };
    const install = spawnSync("npm", ["install", "--omit=dev", "--no-audit", "--no-fund", join(dir, filename)], { cwd: app, env, encoding: "utf8" });
    if (install.status !== 0 && NETWORK.test(install.stderr)) {
      console.warn(`skipped: npm could not reach the registry to install the tarball's dependencies:\n${install.stderr}`);
      ctx.skip();
    }
    expect(install.status, install.stderr).toBe(0);

    // Every installed package is a runtime one, at a version the lockfile holds for it.
    const lockVersions = runtimeVersions();
    const wrong = installed(join(app, "node_modules"))
      .filter(([name]) => name !== pkg.name)
      .filter(([name, version]) => !lockVersions.get(name)?.has(version));
    expect(wrong).toEqual([]);
    for (const dev of ["vitest", "typescript", "esbuild", "fast-check", "@duckdb/node-api"]) expect(existsSync(join(app, "node_modules", dev)), dev).toBe(false);

    const bin = join(app, "node_modules", ".bin", "ceq");
    const clean: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", COLUMNS: "80" };
    delete clean.FORCE_COLOR;
    const version = spawnSync(bin, ["--version"], { cwd: app, env: clean, encoding: "utf8" });
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout).toBe(`${pkg.version}\n`);

    // The demo shipped in the package, run from the installed folder: the JSON is the hand-worked
    // expected.json of the checkout, byte for byte, and the table shows 2024's customer equity.
    const demo = join(app, "node_modules", pkg.name, "fixtures", "demo");
    const json = spawnSync(bin, ["--dir", demo, "--format", "json"], { cwd: app, env: clean, encoding: "utf8" });
    expect(json.status, json.stderr).toBe(0);
    expect(json.stdout).toBe(readFileSync(join(DEMO, "expected.json"), "utf8"));
    const table = spawnSync(bin, ["--dir", demo, "--year", "2024"], { cwd: app, env: clean, encoding: "utf8" });
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toContain("│ 2024  │  $16,016.57 │ $130,776.90 │ -$13,401.41 │ $133,392.06 │ $18,881.31 │");
    // A command loaded from a chunk, from the installed package.
    const sources = spawnSync(bin, ["sources", "stripe"], { cwd: app, env: clean, encoding: "utf8" });
    expect(sources.status, sources.stderr).toBe(0);
    expect(sources.stdout).toContain("stripe");
    // exceljs is loaded from node_modules only for a workbook: it must be there too.
    const xlsx = spawnSync(bin, ["--dir", demo, "-o", join(dir, "demo.xlsx")], { cwd: app, env: clean, encoding: "utf8" });
    expect(xlsx.status, xlsx.stderr).toBe(0);
    expect(readFileSync(join(dir, "demo.xlsx")).subarray(0, 2).toString("latin1")).toBe("PK");

    // docs/ci.md's CI recipe with this installed ceq on the PATH: its install step names this
    // tarball; validation passes on the demo exports; the gate fails as an annotation, with exit 3
    // and a step summary. (The recipe's own `npm install --global` runs in
    // test/unit/commands/validate.test.ts with CEQ_DEEP=1: a second install of the same tarball.)
    const steps = recipeSteps();
    expect(steps).toEqual([`npm install --global ./tools/${filename}`, expect.stringContaining("ceq validate"), expect.stringContaining("--fail-under")]);
    const work = join(dir, "ci");
    cpSync(DEMO, join(work, "exports"), { recursive: true });
    const recipe: NodeJS.ProcessEnv = { ...clean, PATH: `${join(app, "node_modules", ".bin")}:${process.env.PATH}`, GITHUB_STEP_SUMMARY: join(work, "summary.md") };
    expectRecipeChecks(steps, (command) => spawnSync("bash", ["-c", command], { cwd: work, env: recipe, encoding: "utf8" }), join(work, "summary.md"));
  });
});
