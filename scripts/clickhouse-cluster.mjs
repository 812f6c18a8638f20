/**
 * A private two-shard ClickHouse cluster for the SQL tests and npm run bench -- --cluster: Debian's `clickhouse-server` (18.16),
 * two processes started here with their own config files in a temporary folder, listening on
 * 127.0.0.1 only, on ports the system hands out, with their own data, tmp and user folders. Each
 * node is ready when its log (on stderr, `<console>1`) says "Ready for connections": no waiting by
 * the clock. Both are stopped by their pid. Queries go over the HTTP interface with node's fetch.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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

const USERS = `<?xml version="1.0"?>
<yandex>
  <profiles><default><max_memory_usage>2000000000</max_memory_usage></default></profiles>
  <users><default><password></password><networks><ip>127.0.0.1</ip></networks><profile>default</profile><quota>default</quota></default></users>
  <quotas><default></default></quotas>
</yandex>
`;

/** One node's config: loopback only, its own ports and folders, the cluster `ceq` of both nodes as two shards. */
function config(dir, own, all) {
  const shards = all.map((p) => `<shard><replica><host>127.0.0.1</host><port>${p.tcp}</port></replica></shard>`).join("");
  return `<?xml version="1.0"?>
<yandex>
  <logger><level>information</level><console>1</console></logger>
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
function startNode(dir, ports, all) {
  for (const sub of ["data", "tmp", "user_files", "format_schemas"]) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, "users.xml"), USERS);
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

/** Two nodes, one cluster `ceq` of two shards. */
export async function startCluster() {
  const root = mkdtempSync(join(tmpdir(), "ceq-ch-"));
  const ports = [];
  for (let i = 0; i < 2; i++) ports.push({ http: await freePort(), tcp: await freePort(), interserver: await freePort() });
  const started = await Promise.allSettled(ports.map((p, i) => startNode(join(root, `node${i + 1}`), p, ports)));
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
    nodes,
    async query(sql, options = {}) {
      const node = nodes[options.node ?? 0];
      const params = new URLSearchParams({ ...(options.settings ?? {}) });
      const url = `http://127.0.0.1:${node.http}/?${params}`;
      const body = options.body === undefined ? sql : `${sql}\n${options.body}`;
      // ClickHouse closes a kept-alive connection idle for 3 s (keep_alive_timeout); fetch may reuse it
      // just then and fail with "other side closed" before the server read anything: a statement
      // that is not an INSERT is sent again, once, on a new connection.
      const send = () => fetch(url, { method: "POST", body });
      const response = await send().catch((e) => {
        if (e?.cause?.code !== "UND_ERR_SOCKET" || /^\s*INSERT/i.test(sql)) throw e;
        return send();
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`ClickHouse: ${text.trim()}\n-- in:\n${sql.slice(0, 4000)}`);
      return text;
    },
    stop,
  };
}
