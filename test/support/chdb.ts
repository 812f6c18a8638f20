/**
 * chDB (npm `chdb`, a current ClickHouse in-process) for the tests that run `ceq sql`'s ClickHouse
 * query in it. chdb is 546 MB, so it is no dependency of the project (docs/sql.md, "ClickHouse
 * today: chDB"): it is loaded from CEQ_CHDB_DIR (a folder holding node_modules/chdb), else .ci/chdb
 * (where .ci/run installs the version its lockfile pins), else the project's own node_modules
 * (npm install --no-save chdb). Undefined where it does not load: the suites then say they are skipped.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { runInProcess } from "./capture.js";
import { ROOT } from "./helpers.js";

export interface ChdbSession {
  query(sql: string, format?: string): string;
  close(): void;
}

export function chdbSession(): (new () => ChdbSession) | undefined {
  const place = chdbPath();
  if (place === undefined) return undefined;
  try {
    return (createRequire(import.meta.url)(place) as { Session: new () => ChdbSession }).Session;
  } catch {
    return undefined; // installed but does not load (another platform's engine): the suites say skipped
  }
}

/**
 * Where chdb's package is (CEQ_CHDB_DIR, else .ci/chdb, else the project), or undefined; found
 * without loading it, so that a test in a worker thread can ask (see chdbChild).
 */
export function chdbPath(): string | undefined {
  const places = process.env.CEQ_CHDB_DIR !== undefined ? [process.env.CEQ_CHDB_DIR] : [join(ROOT, ".ci", "chdb"), ROOT];
  for (const place of places) {
    try {
      return createRequire(join(place, "package.json")).resolve("chdb");
    } catch {
      // not installed there: try the next place
    }
  }
  return undefined;
}

/** A chDB session in a child process, queried one request at a time. */
export interface ChdbChild {
  query(sql: string, format?: string): Promise<string>;
  close(): void;
}

/**
 * A chDB session in a process of its own (test/support/chdb-serve.cjs), for a test that may run in
 * a worker thread: chDB loaded in one crashes the process with SIGSEGV when the thread ends, which
 * is how a mutation run (Stryker's vitest runner, threads only) ended at its first test run.
 * Resolves once the child says it is ready; undefined where chdb is not installed.
 */
export async function chdbChild(): Promise<ChdbChild | undefined> {
  const place = chdbPath();
  if (place === undefined) return undefined;
  const child = spawn(process.execPath, [fileURLToPath(new URL("chdb-serve.cjs", import.meta.url)), place], { stdio: ["pipe", "pipe", "inherit"] });
  const waiting: { resolve: (answer: { out?: string; error?: string; ready?: boolean }) => void; reject: (error: Error) => void }[] = [];
  let ended: Error | undefined;
  const end = (error: Error) => {
    ended = error;
    for (const w of waiting.splice(0)) w.reject(error);
  };
  child.on("error", end);
  child.on("exit", (code, signal) => end(new Error(`the chDB process ended (${signal ?? `exit ${code}`})`)));
  createInterface({ input: child.stdout! }).on("line", (line) => waiting.shift()?.resolve(JSON.parse(line)));
  const next = () =>
    new Promise<{ out?: string; error?: string; ready?: boolean }>((resolve, reject) => {
      if (ended !== undefined) reject(ended);
      else waiting.push({ resolve, reject });
    });
  await next();
  return {
    async query(sql, format = "CSV") {
      const answer = next();
      child.stdin!.write(`${JSON.stringify({ sql, format })}\n`);
      const { out, error } = await answer;
      if (error !== undefined) throw new Error(error);
      return out!;
    },
    close() {
      child.stdin!.end();
      child.kill();
    },
  };
}

/** A row of a query's answer, by column name; `\N` (ClickHouse's NULL in TSV) as null. */
export type ChdbRow = Record<string, string | null>;

/** A table `name` of text columns in the session: `lines[0]` the comma-separated header, the rest its rows. */
export async function loadTable(session: ChdbChild, name: string, lines: string[]): Promise<void> {
  const literal = (cell: string) => `'${cell.replace(/'/g, "\\'")}'`;
  const [head, ...rows] = lines.map((l) => l.split(","));
  await session.query(`DROP TABLE IF EXISTS ${name}`);
  await session.query(`CREATE TABLE ${name} (${head!.map((c) => `\`${c}\` String`).join(", ")}) ENGINE = Memory`);
  if (rows.length > 0) await session.query(`INSERT INTO ${name} VALUES ${rows.map((r) => `(${r.map(literal).join(", ")})`).join(", ")}`);
}

/** A query's answer in TabSeparatedWithNames as rows. */
export async function tsvRows(session: ChdbChild, sql: string): Promise<ChdbRow[]> {
  const tsv = (await session.query(sql.replace(/;\n$/, ""), "TabSeparatedWithNames")).replace(/\n$/, "");
  const [head, ...lines] = tsv.split("\n");
  const columns = head!.split("\t");
  return lines.map((l) => Object.fromEntries(l.split("\t").map((v, i) => [columns[i], v === "\\N" ? null : v])));
}

/** A decimal as its shortest text ("10.500000" and 10.5 are "10.5"), so that both output styles compare. */
export const shortest = (x: number | string): string => {
  const t = String(x);
  return t.includes(".") ? t.replace(/0+$/, "").replace(/\.$/, "") : t;
};

/** The rows' `columns`, each value at its shortest (null kept). */
export const pickColumns = (rows: ChdbRow[], columns: string[]): (string | null)[][] => rows.map((r) => columns.map((c) => (r[c] === null ? null : shortest(r[c]!))));

/** `ceq sql --dialect clickhouse <args>` run in-process, its query run in the session; an error if ceq refuses. */
export async function clickhouseRows(session: ChdbChild, args: string[]): Promise<ChdbRow[]> {
  const query = await runInProcess(["sql", "--dialect", "clickhouse", ...args]);
  if (query.code !== 0) throw new Error(`ceq sql exited ${query.code}: ${query.err}`);
  return tsvRows(session, query.out);
}
