/**
 * A private two-shard ClickHouse cluster for the SQL tests and npm run bench -- --cluster: Debian's `clickhouse-server` (18.16),
 * two processes started here with their own config files in a temporary folder, listening on
 * 127.0.0.1 only, on ports the system hands out, with their own data, tmp and user folders. Each
 * node is ready when its log (on stderr, `<console>1`) says "Ready for connections": no waiting by
 * the clock. Both are stopped by their pid. Queries go over the HTTP interface with node's http.
 */
import { spawn, spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

function binary() {
  for (const name of ["clickhouse-server", "clickhouse"]) {
    const found = spawnSync("sh", ["-c", `command -v ${name} || ls /usr/sbin/${name} /usr/bin/${name} 2>/dev/null`], { encoding: "utf8" }).stdout.trim().split("\n")[0];
    if (found) return found;
  }
  return undefined;
}

/** The server binary, or undefined where the package is absent (apt-get install clickhouse-server). */
export const CH_BIN = binary();

/** A port nobody listens on now: the system's pick for port 0, released for the server to take. */
function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

const USERS = (maxMemory) => `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>${maxMemory}</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
`;

/** One node's config: loopback only, its own ports and folders, the cluster `ceq` of both nodes as two shards. */
function config(dir, own, all) {
  const shards = all.map((p) => `<shard><replica><host>127.0.0.1</host><port>${p.tcp}</port></replica></shard>`).join("");
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>information</level><console>1</console><log>${dir}/server.log</log><errorlog>${dir}/error.log</errorlog></logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>${own.http}</http_port>
  <tcp_port>${own.tcp}</tcp_port>
  <interserver_http_port>${own.interserver}</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>${dir}/data/</path>
  <tmp_path>${dir}/tmp/</tmp_path>
  <user_files_path>${dir}/user_files/</user_files_path>
  <format_schema_path>${dir}/format_schemas/</format_schema_path>
  <users_config>${dir}/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <max_concurrent_queries>20</max_concurrent_queries>
  <remote_servers><ceq>${shards}</ceq></remote_servers>
</yandex>
`;
}

/** Starts a node and resolves once its log says it is ready; rejects with its log if it exits first. */
function startNode(dir, ports, all, maxMemory) {
  for (const sub of ["data", "tmp", "user_files", "format_schemas"]) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, "users.xml"), USERS(maxMemory));
  writeFileSync(join(dir, "config.xml"), config(dir, ports, all));
  const child = spawn(CH_BIN, [`--config-file=${join(dir, "config.xml")}`], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((done, fail) => {
    let log = "";
    const onData = (chunk) => {
      log += chunk.toString("utf8");
      if (log.includes("Ready for connections")) {
        child.stdout.off("data", onData);
        child.stderr.off("data", onData);
        child.off("exit", onExit);
        // Keep draining the pipes so that a chatty server never blocks on a full one.
        child.stdout.resume();
        child.stderr.resume();
        done({ http: ports.http, tcp: ports.tcp, process: child });
      }
    };
    const onExit = (code) => fail(new Error(`clickhouse-server exited (${code}) before it was ready:\n${log.slice(-3000)}`));
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", onExit);
    child.on("error", fail);
  });
}

/**
 * Two nodes, one cluster `ceq` of two shards. Each node also writes its log to server.log and
 * error.log in its folder (root/node1, root/node2): what to read when a statement fails.
 * maxMemory: a query's limit in bytes (2 GB; the 10M-row bench needs more).
 */
export async function startCluster({ maxMemory = 2_000_000_000 } = {}) {
  const root = mkdtempSync(join(tmpdir(), "ceq-ch-"));
  const ports = [];
  for (let i = 0; i < 2; i++) ports.push({ http: await freePort(), tcp: await freePort(), interserver: await freePort() });
  const started = await Promise.allSettled(ports.map((p, i) => startNode(join(root, `node${i + 1}`), p, ports, maxMemory)));
  const nodes = started.flatMap((s) => (s.status === "fulfilled" ? [s.value] : []));
  const stop = () => {
    for (const node of nodes) if (node.process.pid !== undefined && node.process.exitCode === null) process.kill(node.process.pid, "SIGKILL");
    rmSync(root, { recursive: true, force: true });
  };
  const failed = started.find((s) => s.status === "rejected");
  if (failed) {
    stop();
    throw failed.reason;
  }
  return {
    root,
    nodes,
    async query(sql, options = {}) {
      const node = nodes[options.node ?? 0];
      const params = new URLSearchParams({ ...(options.settings ?? {}) });
      const body = options.body === undefined ? sql : `${sql}\n${options.body}`;
      // A connection per statement (agent: false): ClickHouse closes a kept-alive one idle for 3 s
      // (keep_alive_timeout), and a request sent on it just then fails before the server reads it.
      // node's http, not fetch: fetch gives up waiting for an answer after 300 s (a 10M-row query).
      const { status, text } = await new Promise((done, fail) => {
        const req = request({ host: "127.0.0.1", port: node.http, method: "POST", path: `/?${params}`, agent: false }, (res) => {
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => done({ status: res.statusCode, text: Buffer.concat(chunks).toString("utf8") }));
          res.on("error", fail);
        });
        req.on("error", fail);
        req.end(body);
      });
      if (status !== 200) throw new Error(`ClickHouse: ${text.trim()}\n-- in:\n${sql.slice(0, 4000)}`);
      return text;
    },
    /**
     * Streams a CSV file (its header line skipped) into `table` with one INSERT over HTTP: the
     * server cuts it into blocks of max_insert_block_size rows (1,048,576), so a 10M-row log makes
     * about 10 parts per shard, where batches of 20,000 rows made 500, which MergeTree merges behind
     * (and delays inserts past parts_to_delay_insert, refuses them past parts_to_throw_insert). Not
     * through fetch: the body is read from disk as it is sent, never held as one string. If the
     * server answers early with an error, that answer is what is reported, with its error log.
     */
    insertFile(table, path, options = {}) {
      const node = nodes[options.node ?? 0];
      const params = new URLSearchParams({ query: `INSERT INTO ${table} FORMAT CSVWithNames`, ...(options.settings ?? {}) });
      return new Promise((done, fail) => {
        let answered = false;
        const req = request({ host: "127.0.0.1", port: node.http, method: "POST", path: `/?${params}`, agent: false }, (res) => {
          answered = true;
          const chunks = [];
          res.on("data", (c) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            if (res.statusCode === 200) done(text);
            else fail(new Error(`ClickHouse: ${text.trim()}`));
          });
        });
        req.on("error", (e) => {
          // A closed connection before any answer: the server's own log says why.
          if (answered) return;
          const errors = join(root, `node${(options.node ?? 0) + 1}`, "error.log");
          const tail = existsSync(errors) ? readFileSync(errors, "utf8").trim().split("\n").slice(-5).join("\n") : "";
          fail(new Error(`loading ${path} into ${table}: ${e.message}${tail ? `\n-- the server's error log:\n${tail}` : ""}`));
        });
        createReadStream(path).pipe(req);
      });
    },
    stop,
  };
}
