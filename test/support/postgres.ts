/**
 * A private PostgreSQL server for the SQL tests: Debian's binaries (initdb, pg_ctl), a fresh
 * cluster in a temporary folder, listening on a Unix socket only (no TCP port), started and
 * stopped by the test. pg_ctl -w returns once the server accepts connections: no waiting by the
 * clock. As root, the server runs as the `postgres` user, which PostgreSQL requires.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, renameSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function binaries(): string | undefined {
  const onPath = spawnSync("sh", ["-c", "command -v initdb"], { encoding: "utf8" }).stdout.trim();
  if (onPath) return join(onPath, "..");
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  return versions.map((v) => join(root, v, "bin")).find((dir) => existsSync(join(dir, "initdb")));
}

export const PG_BIN = binaries();

export interface Postgres {
  /** Runs SQL through psql; returns the rows' cells (tab-separated, unaligned). */
  query(sql: string): { columns: string[]; rows: (string | null)[][] };
  /** Runs SQL and ignores its output (DDL, COPY). */
  exec(sql: string, input?: string): void;
  stop(): void;
  /** The folder of the server's socket: a client's host. */
  socketDir: string;
}

/**
 * A fresh cluster's data folder, made by initdb once for the whole test run (in the run's
 * temporary root, test/support/temp-root.ts, which the suite removes after it) and copied by each
 * server: initdb into a folder of this process's, then renamed into place, so that two test files
 * starting at once never see half a template (the second rename fails, and that file uses the
 * first one's).
 */
function template(root: string, as: (command: string, args: string[]) => [string, string[]]): string {
  const path = join(root, "pg-template");
  if (existsSync(join(path, "PG_VERSION"))) return path;
  const own = mkdtempSync(join(tmpdir(), "ceq-pg-init-"));
  chmodSync(own, 0o777);
  initdb(join(own, "data"), as);
  try {
    renameSync(join(own, "data"), path);
  } catch {
    // Another file's template is in place already.
  }
  rmSync(own, { recursive: true, force: true });
  return path;
}

function initdb(data: string, as: (command: string, args: string[]) => [string, string[]]): void {
  const [cmd, argv] = as(join(PG_BIN!, "initdb"), ["-D", data, "-A", "trust", "-U", "ceq", "--no-sync", "-E", "UTF8", "--locale", "C"]);
  execFileSync(cmd, argv, { encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
}

export function startPostgres(): Postgres {
  const dir = mkdtempSync(join(tmpdir(), "ceq-pg-"));
  chmodSync(dir, 0o777);
  const asRoot = process.getuid?.() === 0;
  const as = (command: string, args: string[]) => (asRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args]) as [string, string[]];
  const run = (command: string, args: string[], input?: string) => {
    const [cmd, argv] = as(command, args);
    return execFileSync(cmd, argv, { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
  };
  const data = join(dir, "data");
  // A copy of a cluster initdb made once for the run (about 3 s each, and three files start a
  // server); outside a vitest run (no run root to remove a template after), initdb of its own.
  const root = process.env.CEQ_TEST_ROOT;
  if (root === undefined) initdb(data, as);
  else {
    cpSync(template(root, as), data, { recursive: true });
    if (asRoot) execFileSync("chown", ["-R", "postgres:postgres", data]);
    chmodSync(data, 0o700);
  }
  run(join(PG_BIN!, "pg_ctl"), ["-D", data, "-l", join(dir, "log"), "-w", "-o", `-k ${dir} -c listen_addresses= -c fsync=off`, "start"]);
  const psql = (args: string[], input?: string) => execFileSync("psql", ["-h", dir, "-U", "ceq", "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-X", "-q", ...args], { encoding: "utf8", input, stdio: ["pipe", "pipe", "pipe"] });
  return {
    socketDir: dir,
    query(sql) {
      const out = psql(["-A", "-F", "\t", "-P", "null=\\N", "-P", "footer=off", "-f", "-"], sql);
      const [head, ...lines] = out.replace(/\n$/, "").split("\n");
      return { columns: head!.split("\t"), rows: lines.map((l) => l.split("\t").map((c) => (c === "\\N" ? null : c))) };
    },
    exec(sql, input) {
      psql(["-c", sql], input);
    },
    stop() {
      try {
        run(join(PG_BIN!, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
