#!/usr/bin/env node
/**
 * Bundles what tsc compiled into the files the binary runs: dist/ceq.js (the CLI, which
 * bin/ceq.js imports), dist/worker.js (a worker thread of the parallel reader, found beside
 * it) and dist/log-worker.js (the worker that holds half a big transaction log's customers). Node's module loader costs about a millisecond per file and zod alone is 95 files, so
 * one file each halves the time to start: the CLI starts about 0.1 s sooner and a worker thread
 * is ready in half the time, which every run pays. The library entry (dist/index.js) stays
 * unbundled, with its dependencies as imports.
 */
import { build } from "esbuild";
import { readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * zod's entry points re-export every locale (`export * as locales`), and `z.` keeps that namespace
 * alive, so a bundle holds all 64 of them: 366 KB of the CLI's 1,542 KB, decoded and compiled at
 * every start. ceq sets its own messages and uses only zod's default English one, which zod loads
 * by its own path (`config(en())`), so the index of locales is replaced by one that has only `en`.
 */
const onlyEnglishLocale = {
  name: "zod-only-english-locale",
  setup(b) {
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: "zod-locales", namespace: "zod-locales" } : undefined));
    b.onLoad({ filter: /.*/, namespace: "zod-locales" }, () => ({ contents: 'export { default as en } from "zod/v4/locales/en.js";', resolveDir: ROOT, loader: "js" }));
  },
};

const common = {
  outdir: join(ROOT, "dist"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // CommonJS dependencies (cli-table3, commander's core) call require() for Node's own modules,
  // which an ES module bundle has to provide.
  banner: { js: 'import { createRequire as __ceqRequire } from "node:module"; const require = __ceqRequire(import.meta.url);' },
  logLevel: "warning",
  // The workbook writer is loaded only for --format xlsx, from node_modules: every other run
  // starts without it. So are the warehouse clients (--warehouse duckdb:/postgres://), the user's to install.
  external: ["exceljs", "@duckdb/node-api", "pg"],
  plugins: [onlyEnglishLocale],
  minifyWhitespace: true,
  minifySyntax: true,
};

/**
 * The CLI is split (esbuild's `splitting`): what a calculation runs is dist/ceq.js and the chunks
 * it imports; src/commands/deferred.ts (the other commands, the dashboard, the workbook writer,
 * the log reader) is a chunk read only when a run uses it. The chunks sit in dist/ itself, beside
 * worker.js and log-worker.js, which the reader's code finds beside its own file
 * (`new URL("./worker.js", import.meta.url)`), whichever chunk holds it. Each is named
 * `name-HASH.js`; those of an earlier build are removed first. The worker threads are bundled
 * apart, unsplit: each loads one file.
 */
const CHUNK = /^[\w-]+-[A-Z0-9]{8}\.js$/;
for (const file of readdirSync(join(ROOT, "dist"))) if (CHUNK.test(file)) rmSync(join(ROOT, "dist", file));
await build({ ...common, entryPoints: { ceq: join(ROOT, "dist", "cli.js") }, splitting: true, chunkNames: "[name]-[hash]" });
await build({ ...common, entryPoints: { worker: join(ROOT, "dist", "read", "parallel", "worker.js"), "log-worker": join(ROOT, "dist", "read", "parallel", "log-worker.js"), "spend-worker": join(ROOT, "dist", "commands", "spend-worker.js") } });
