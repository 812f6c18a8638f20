#!/usr/bin/env node
/**
 * `npm run golden`: writes the golden SQL files (test/support/golden/sql/DIALECT-SET.sql) from the built
 * ceq, for every dialect and every option set of golden-sets.mjs. The only way they are written:
 * test/e2e/sql-dialects-golden.test.ts compares ceq's output with them and fails, naming this script, when
 * one is stale or missing. Review the diff before committing it: it is the change in the SQL.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { DIALECTS, GOLDEN, ROOT, SETS } from "./golden-sets.mjs";

mkdirSync(GOLDEN, { recursive: true });
let changed = 0;
for (const dialect of DIALECTS) {
  for (const [name, args] of Object.entries(SETS)) {
    const file = join(GOLDEN, `${dialect}-${name}.sql`);
    const sql = execFileSync(process.execPath, [join(ROOT, "bin", "ceq.js"), "sql", "--dialect", dialect, ...args], { encoding: "utf8" });
    if (existsSync(file) && readFileSync(file, "utf8") === sql) continue;
    writeFileSync(file, sql);
    console.log(`wrote ${file}`);
    changed++;
  }
}
console.log(changed === 0 ? "golden files: all up to date" : `golden files: ${changed} written`);
