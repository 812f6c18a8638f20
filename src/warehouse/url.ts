/**
 * `--warehouse URL`: which engine, where, and as whom. Credentials come only from the URL or the
 * engine's standard environment variables (PGPASSWORD, …; CLICKHOUSE_USER, CLICKHOUSE_PASSWORD), and
 * are never printed: every message about a warehouse names it by redacted(), and an engine's own
 * error passes through scrub() before ceq prints it.
 */
import { UsageError } from "../errors.js";

export type WarehouseKind = "duckdb" | "postgres" | "clickhouse";

export interface Warehouse {
  kind: WarehouseKind;
  /** The URL as given (with its password, if any): only for the engine's client. */
  url: string;
  /** DuckDB: the database file (":memory:" for none: then --transactions is a CSV file). */
  path?: string;
  /** The secrets a message must never show: the URL's password, and the environment's. */
  secrets: string[];
}

const SCHEMES = "duckdb:FILE, postgres://user@host:5432/db or clickhouse://user@host:8123/db";

/** A URL's engine, from its scheme; a usage error for any other. */
export function parseWarehouse(url: string, env: NodeJS.ProcessEnv): Warehouse {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  const envSecrets = [env.PGPASSWORD, env.CLICKHOUSE_PASSWORD].filter((s): s is string => s !== undefined && s !== "");
  if (scheme === "duckdb") {
    const path = url.slice("duckdb:".length).replace(/^\/\//, "");
    return { kind: "duckdb", url, path: path === "" ? ":memory:" : path, secrets: [] };
  }
  if (scheme === "postgres" || scheme === "postgresql" || scheme === "clickhouse") {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UsageError(`--warehouse: ${redacted(url)} is not a URL`, `give one as ${SCHEMES}`);
    }
    const password = parsed.password === "" ? [] : [decodeURIComponent(parsed.password), parsed.password];
    return { kind: scheme === "clickhouse" ? "clickhouse" : "postgres", url, secrets: [...password, ...envSecrets] };
  }
  throw new UsageError(`--warehouse: ${redacted(url)} names no engine ceq runs`, `give ${SCHEMES}`);
}

/** The URL with its password (user:PASSWORD@) replaced by ***: how ceq names a warehouse. */
export function redacted(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#:@]*):[^@/?#]*@/i, "$1:***@").replace(/([?&](password|pass|key)=)[^&#]*/gi, "$1***");
}

/** An engine's message with every secret replaced by ***. */
export function scrub(message: string, secrets: readonly string[]): string {
  let out = message;
  for (const secret of secrets) if (secret.length > 0) out = out.split(secret).join("***");
  return out;
}
