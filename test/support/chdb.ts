/**
 * chDB (npm `chdb`, a current ClickHouse in-process) for the tests that run `ceq sql`'s ClickHouse
 * query in it. chdb is 546 MB, so it is no dependency of the project (docs/sql.md, "ClickHouse
 * today: chDB"): it is loaded from CEQ_CHDB_DIR (a folder holding node_modules/chdb), else .ci/chdb
 * (where .ci/run installs the version its lockfile pins), else the project's own node_modules
 * (npm install --no-save chdb). Undefined where it does not load: the suites then say they are skipped.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { ROOT } from "./helpers.js";

export interface ChdbSession {
  query(sql: string, format?: string): string;
  close(): void;
}

export function chdbSession(): (new () => ChdbSession) | undefined {
  const places = process.env.CEQ_CHDB_DIR !== undefined ? [process.env.CEQ_CHDB_DIR] : [join(ROOT, ".ci", "chdb"), ROOT];
  for (const place of places) {
    try {
      return (createRequire(join(place, "package.json"))("chdb") as { Session: new () => ChdbSession }).Session;
    } catch {
      // not installed there: try the next place
    }
  }
  return undefined;
}
