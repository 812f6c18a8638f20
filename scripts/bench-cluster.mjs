/**
 * npm run bench -- --cluster [--rows 10000000 --runs 3]
 *
 * The generated transaction log (bench-transactions.mjs: --rows rows, a fifth as many customers,
 * 2015-2024, 5% refunds) on a two-shard ClickHouse cluster (clickhouse-cluster.mjs: Debian's
 * clickhouse-server, two processes on loopback) against one shard and against ceq itself,
 * interleaved, medians of --runs:
 *   cluster       ceq sql --dialect clickhouse on the Distributed table sharded by cityHash64(customer_id)
 *   cluster-fast  the same with --sharded-by-customer (each shard's per-customer rows final)
 *   one-shard     the same query on a MergeTree table holding every row, on one node
 *   ceq           ceq --transactions log.csv --format json
 *   warehouse     ceq --warehouse clickhouse://…/ --transactions tx (the engine sums, ceq classifies)
 * and checks, run by run, that every one gives every year's customer equity to the cent (read
 * from ceq's JSON as text, never through a double). --extra-runs N (default --runs): cluster-fast
 * and warehouse run only in the first N runs, as they are long at 10M rows and measured for their
 * equality more than their speed. Both nodes run on this machine, so the cluster shows the plan's
 * cost, not a second machine's speed. The log and the servers' data live under $TMPDIR.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateLog } from "./bench-transactions.mjs";
import { CH_BIN, startCluster } from "./clickhouse-cluster.mjs";

const ceqRun = (root, args) => spawnSync(process.execPath, [join(root, "bin", "ceq.js"), ...args], { encoding: "utf8", maxBuffer: 1 << 28 });

/** Customer equity per year, in cents, from the SQL's TabSeparatedWithNames. */
function fromTsv(tsv) {
  const [head, ...lines] = tsv.trim().split("\n");
  const cols = head.split("\t");
  const p = cols.indexOf("period");
  const e = cols.indexOf("customer_equity");
  return Object.fromEntries(lines.map((l) => l.split("\t")).map((c) => [c[p], cents(c[e])]));
}
/** Customer equity per year, in cents, from ceq's JSON (read as text: no amount through a double). */
function fromJson(json) {
  const out = {};
  for (const m of json.matchAll(/"year": (\d+),\n\s+"group": null,[\s\S]*?"customerEquity": (-?[\d.]+)/g)) out[m[1]] ??= cents(m[2]);
  return out;
}
function cents(text) {
  const [int, frac = ""] = text.replace(/^-/, "").split(".");
  const value = BigInt(int) * 100n + BigInt((frac + "00").slice(0, 2)) + (/[1-9]/.test(frac.slice(2)) ? 1n : 0n);
  return String(text.startsWith("-") ? -value : value);
}

/** CPU seconds (user + sys) used so far by this process's waited-for children (ceq) and by the servers. */
function cpu(pids) {
  const ticks = (pid, fields) => {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields.reduce((sum, i) => sum + Number(f[i - 3]), 0);
  };
  // /proc/PID/stat: utime 14, stime 15, cutime 16, cstime 17 (1-based; 100 ticks a second here).
  return (ticks("self", [16, 17]) + pids.reduce((sum, pid) => sum + ticks(pid, [14, 15]), 0)) / 100;
}

export async function benchCluster({ ROOT, ROWS, RUNS, EXTRA_RUNS = RUNS, median }) {
  if (!CH_BIN) {
    console.log("no clickhouse-server here: apt-get install clickhouse-server (the cluster bench is skipped)");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "ceq-bench-cluster-"));
  // A query's memory: 2 GB (the tests' limit) is too little for 2M customers' arrays at 10M rows.
  const ch = await startCluster({ maxMemory: 8_000_000_000 });
  try {
    const log = join(dir, "log.csv");
    const generated = await generateLog(log, ROWS);
    console.log(`${generated.rows.toLocaleString("en")} rows, ${generated.customers.toLocaleString("en")} customers, ${(generated.bytes / 1e6).toFixed(0)} MB`);
    const columns = "customer_id String, date String, amount String";
    for (const node of [0, 1]) await ch.query(`CREATE TABLE tx_local (${columns}) ENGINE = MergeTree() ORDER BY customer_id`, { node });
    await ch.query("CREATE TABLE tx AS tx_local ENGINE = Distributed(ceq, default, tx_local, cityHash64(customer_id))");
    await ch.query(`CREATE TABLE tx_one (${columns}) ENGINE = MergeTree() ORDER BY customer_id`);
    // One streamed INSERT through the Distributed table, which shards each block by cityHash64(customer_id).
    let t = performance.now();
    await ch.insertFile("tx", log, { settings: { insert_distributed_sync: "1" } });
    console.log(`loaded through the Distributed table in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    // The one-shard table from the cluster's rows, on the server: no second upload.
    await ch.query("INSERT INTO tx_one SELECT customer_id, date, amount FROM tx");
    const counts = await Promise.all([0, 1].map((node) => ch.query("SELECT count() FROM tx_local", { node })));
    console.log(`rows per shard: ${counts.map((c) => Number(c).toLocaleString("en")).join(" + ")}`);

    const sqlOf = (table, fast) => {
      const r = ceqRun(ROOT, ["sql", "--dialect", "clickhouse", "--transactions", table, ...(fast ? ["--sharded-by-customer"] : [])]);
      if (r.status !== 0) throw new Error(r.stderr);
      return `${r.stdout.replace(/;\n$/, "")}\nFORMAT TabSeparatedWithNames`;
    };
    const url = `clickhouse://default@127.0.0.1:${ch.nodes[0].http}/default`;
    const contenders = {
      ceq: async () => fromJson(ceqRun(ROOT, ["--transactions", log, "-f", "json"]).stdout),
      warehouse: async () => fromJson(ceqRun(ROOT, ["--warehouse", url, "--transactions", "tx", "-f", "json"]).stdout),
      "one-shard": async () => fromTsv(await ch.query(sqlOf("tx_one", false))),
      cluster: async () => fromTsv(await ch.query(sqlOf("tx", false))),
      "cluster-fast": async () => fromTsv(await ch.query(sqlOf("tx", true))),
    };
    const extras = new Set(["cluster-fast", "warehouse"]);
    const names = Object.keys(contenders);
    const times = Object.fromEntries(names.map((k) => [k, []]));
    const cpus = Object.fromEntries(names.map((k) => [k, []]));
    // Per contender: how many runs gave ceq's figures of the same run, and the first that did not.
    const equal = Object.fromEntries(names.map((k) => [k, 0]));
    const differs = {};
    const pids = ch.nodes.map((n) => n.process.pid);
    const results = {};
    for (let run = 0; run < RUNS; run++) {
      for (const [name, f] of Object.entries(contenders)) {
        if (extras.has(name) && run >= EXTRA_RUNS) continue;
        t = performance.now();
        const c = cpu(pids);
        // A contender that fails (a server that closes the connection) is reported, not the end of the bench.
        results[name] = await f().catch((e) => ({ failed: String(e.cause?.message ?? e.message).slice(0, 300) }));
        times[name].push((performance.now() - t) / 1000);
        cpus[name].push(cpu(pids) - c);
        const same = Object.keys(results[name]).length > 0 && JSON.stringify(results[name]) === JSON.stringify(results.ceq);
        if (same) equal[name] += 1;
        else differs[name] ??= results[name];
        // Each run's figures as they come: a long run that is stopped still leaves them.
        const agrees = name === "ceq" ? "" : same ? "  = ceq to the cent" : "  DIFFERS from ceq";
        console.log(`run ${run + 1} ${name.padEnd(13)} ${times[name].at(-1).toFixed(2).padStart(8)} s wall ${cpus[name].at(-1).toFixed(2).padStart(8)} s CPU${results[name].failed ? ` FAILED ${results[name].failed}` : agrees}`);
      }
    }
    const wall = median(times.ceq);
    const work = median(cpus.ceq);
    console.log(`\n${"".padEnd(14)}runs   median wall s   × ceq   median CPU s (ceq + servers)   × ceq   every year's customer equity = ceq's`);
    for (const name of names) {
      const n = times[name].length;
      const [w, c] = [median(times[name]), median(cpus[name])];
      const verdict = name === "ceq" ? "(the reference)" : equal[name] === n ? `yes, to the cent, in ${n} of ${n} runs` : `NO in ${n - equal[name]} of ${n} runs: ${JSON.stringify(differs[name])}`;
      console.log(`${name.padEnd(14)}${String(n).padStart(4)}   ${w.toFixed(2).padStart(13)}   ${(w / wall).toFixed(2).padStart(5)}   ${c.toFixed(2).padStart(28)}   ${(c / work).toFixed(2).padStart(5)}   ${verdict}`);
      if (name !== "ceq" && equal[name] !== n) process.exitCode = 1;
    }
    console.log(`years: ${Object.keys(results.ceq).length}; ceq's customer equity per year (cents): ${JSON.stringify(results.ceq)}`);
  } finally {
    ch.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
