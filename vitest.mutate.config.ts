/**
 * The tests a mutation run uses (stryker.config.mjs): the in-process unit and property tests that
 * own the module being mutated (scripts/mutate-modules.mjs). Not the end-to-end tests: they run
 * the built binary (dist/), a child process where Stryker switches no mutant on, so they can kill
 * none and only cost time; nor the PostgreSQL and ClickHouse suites, which start servers to run
 * the SQL the in-process DuckDB suite already checks. See docs/mutation.md.
 */
import { defineConfig } from "vitest/config";
// @ts-expect-error: a plain .mjs module, no types
import { chosenModule, MODULES } from "./scripts/mutate-modules.mjs";
import base from "./vitest.config.js";

type Module = { mutate: string[]; tests: string[] };
const modules = MODULES as Record<string, Module>;
const name = chosenModule() as string | undefined;
const tests = name === undefined ? [...new Set(Object.values(modules).flatMap((m) => m.tests))] : modules[name]!.tests;

// Not mergeConfig: it would append these files to the base config's include, not replace it.
// Without the base config's `projects` (issue 28): each project has its own include, which wins
// over this one, so a mutation run ran the whole suite, end-to-end tests included, for each module.
// Threads, not the suite's forks: a fork per mutant run cost seconds each on the shared machine,
// and no test listed here spawns the binary except spreadsheet-escaping's, which works either way.
const { projects: _projects, ...shared } = base.test ?? {};
export default defineConfig({ ...base, test: { ...shared, include: tests, pool: "threads" } });
