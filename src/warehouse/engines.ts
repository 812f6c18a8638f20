/**
 * The engines --warehouse runs queries in, each behind one small interface: a query in, its rows
 * out as text. Each client is loaded only when its URL is given, so ceq's start-up never pays for
 * them, and each is the user's to install (an optional peer dependency): DuckDB through
 * @duckdb/node-api, PostgreSQL through pg, ClickHouse through its HTTP interface with node's own
 * http module (no client library: see docs/sql.md for why not @clickhouse/client).
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { StringDecoder } from "node:string_decoder";
import { InputError, UsageError } from "../errors.js";
import { redacted, scrub, type Warehouse } from "./url.js";

export interface Rows {
  columns: string[];
  rows: (string | null)[][];
}

export type Row = (string | null)[];

export interface Engine {
  /** Runs one statement; its cells as text (NULL as null). */
  query(sql: string): Promise<Rows>;
  /**
   * Runs one SELECT and yields its rows a batch at a time, as the engine sends them: a query with
   * one row per customer and period (millions on a big log) is never held whole in memory.
   */
  batches(sql: string): AsyncIterable<Row[]>;
  close(): Promise<void>;
}

/** A client package that is not installed: what to do, not a stack trace. */
async function load<T>(name: string, kind: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch {
    throw new UsageError(`--warehouse ${kind}: the package ${name} is not installed`, `install ${name} beside ceq (npm install ${name}), which ceq loads only for ${kind}`);
  }
}

/** An engine's error as ceq prints it: the warehouse named without its password, the message scrubbed. */
function engineError(w: Warehouse, error: unknown): InputError {
  const message = error instanceof Error ? error.message : String(error);
  return new InputError(`--warehouse ${redacted(w.url)}: ${scrub(message, w.secrets).trim()}`);
}

const cell = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === "string" ? v : String(v));

async function duckdb(w: Warehouse): Promise<Engine> {
  type DuckDB = typeof import("@duckdb/node-api");
  const { DuckDBInstance } = await load<DuckDB>("@duckdb/node-api", "duckdb");
  const instance = await DuckDBInstance.create(w.path!, w.path === ":memory:" ? {} : { access_mode: "READ_ONLY" }).catch((e: unknown) => {
    throw engineError(w, e);
  });
  const connection = await instance.connect();
  return {
    async query(sql) {
      const result = await connection.runAndReadAll(sql).catch((e: unknown) => {
        throw engineError(w, e);
      });
      return { columns: result.columnNames(), rows: result.getRows().map((r) => r.map(cell)) };
    },
    async *batches(sql) {
      const result = await connection.stream(sql).catch((e: unknown) => {
        throw engineError(w, e);
      });
      try {
        for await (const rows of result.yieldRows()) yield rows.map((r) => r.map(cell));
      } catch (e) {
        throw engineError(w, e);
      }
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

/** Rows fetched from a PostgreSQL cursor at a time. */
const PG_FETCH = 50_000;

async function postgres(w: Warehouse): Promise<Engine> {
  type Pg = { default: typeof import("pg") };
  const pg = (await load<Pg>("pg", "postgres")).default;
  // pg reads the URL and, for what it leaves out, PGHOST, PGUSER, PGPASSWORD, PGDATABASE, PGPORT.
  const client = new pg.Client({ connectionString: w.url });
  // A connection's error after connect() is the query's to report; without a listener it would throw.
  client.on("error", () => {});
  await client.connect().catch((e: unknown) => {
    throw engineError(w, e);
  });
  return {
    async query(sql) {
      const result = await client.query({ text: sql, rowMode: "array" }).catch((e: unknown) => {
        throw engineError(w, e);
      });
      return { columns: result.fields.map((f) => f.name), rows: (result.rows as unknown[][]).map((r) => r.map(cell)) };
    },
    // A cursor in a read-only transaction, fetched 50,000 rows at a time: pg alone holds a whole
    // result in memory, and pg-cursor would be one more package for the user to install.
    async *batches(sql) {
      const run = (text: string) =>
        client.query({ text, rowMode: "array" }).catch((e: unknown) => {
          throw engineError(w, e);
        });
      await run("BEGIN READ ONLY");
      try {
        await run(`DECLARE ceq_rows NO SCROLL CURSOR FOR ${sql.replace(/;\s*$/, "")}`);
        for (;;) {
          const result = await run(`FETCH ${PG_FETCH} FROM ceq_rows`);
          if (result.rows.length === 0) break;
          yield (result.rows as unknown[][]).map((r) => r.map(cell));
        }
      } finally {
        await client.query("ROLLBACK").catch(() => {});
      }
    },
    async close() {
      await client.end();
    },
  };
}

/** TabSeparated's escapes undone: \t, \n, \\ and the rest; \N alone is NULL. */
function tsvCell(text: string): string | null {
  if (text === "\\N") return null;
  return text.replace(/\\(.)/g, (_, c: string) => ({ t: "\t", n: "\n", r: "\r", b: "\b", f: "\f", "0": "\0" })[c] ?? c);
}

/**
 * A TabSeparated answer as it arrives, its lines' cells a chunk at a time (with WithNames, the
 * first line is the header). A line or a UTF-8 character cut between two chunks waits for the next.
 */
export async function* tsvBatches(chunks: AsyncIterable<Buffer>): AsyncIterable<Row[]> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  const take = (text: string) => {
    const lines = (rest + text).split("\n");
    rest = lines.pop()!;
    return lines.map((line) => line.split("\t").map(tsvCell));
  };
  for await (const chunk of chunks) {
    const batch = take(decoder.write(chunk));
    if (batch.length > 0) yield batch;
  }
  // The answer ends with a line feed; text after the last one is a line all the same.
  const batch = take(decoder.end() + (rest === "" ? "" : "\n"));
  if (batch.length > 0) yield batch;
}

/**
 * ClickHouse over HTTP (its port 8123 by default; https with ?secure=1): the statement POSTed with
 * FORMAT TabSeparatedWithNames, the user and password as HTTP basic credentials (never in the
 * query string), the database as a parameter. Every version since 18.16 answers this.
 */
async function clickhouse(w: Warehouse, env: NodeJS.ProcessEnv): Promise<Engine> {
  const url = new URL(w.url);
  const secure = url.searchParams.get("secure") === "1" || url.searchParams.get("secure") === "true";
  const user = url.username !== "" ? decodeURIComponent(url.username) : (env.CLICKHOUSE_USER ?? "default");
  const password = url.password !== "" ? decodeURIComponent(url.password) : (env.CLICKHOUSE_PASSWORD ?? "");
  const database = url.pathname.replace(/^\//, "") || "default";
  const secrets = { ...w, secrets: [...w.secrets, ...(password ? [password] : [])] };
  /** The statement POSTed; the response once its status says the query runs, else the engine's error text. */
  const open = (sql: string) =>
    new Promise<IncomingMessage>((done, fail) => {
      const req = (secure ? httpsRequest : httpRequest)(
        {
          host: url.hostname,
          port: url.port === "" ? (secure ? 8443 : 8123) : Number(url.port),
          method: "POST",
          // A connection per statement: ClickHouse closes an idle kept-alive one after 3 s
          // (keep_alive_timeout), and a request sent on it just then fails with "socket hang up".
          agent: false,
          path: `/?${new URLSearchParams({ database })}`,
          headers: { Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`, "Content-Type": "text/plain; charset=utf-8" },
        },
        (res) => {
          if (res.statusCode === 200) return done(res);
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => fail(new Error(Buffer.concat(chunks).toString("utf8") || `HTTP ${res.statusCode}`)));
          res.on("error", fail);
        },
      ).on("error", fail);
      req.end(`${sql.replace(/;\s*$/, "")}\nFORMAT TabSeparatedWithNames`);
    });
  return {
    async query(sql) {
      const rows: Row[] = [];
      try {
        for await (const batch of tsvBatches(await open(sql))) for (const row of batch) rows.push(row);
      } catch (e) {
        throw engineError(secrets, e);
      }
      const [head, ...rest] = rows;
      return { columns: (head ?? [""]).map((c) => c ?? ""), rows: rest };
    },
    async *batches(sql) {
      try {
        let header = true;
        for await (const batch of tsvBatches(await open(sql))) {
          const rows = header ? batch.slice(1) : batch;
          header = false;
          if (rows.length > 0) yield rows;
        }
      } catch (e) {
        throw engineError(secrets, e);
      }
    },
    async close() {},
  };
}

/** The engine a warehouse URL names, connected. */
export async function connect(w: Warehouse, env: NodeJS.ProcessEnv): Promise<Engine> {
  if (w.kind === "duckdb") return duckdb(w);
  if (w.kind === "postgres") return postgres(w);
  return clickhouse(w, env);
}
