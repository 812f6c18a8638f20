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
 * and checks that every one gives every year's customer equity to the cent. Both nodes run on
 * this machine, so the cluster shows the plan's cost, not a second machine's speed.
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

export async function benchCluster({ ROOT, ROWS, RUNS, median }) {
  if (!CH_BIN) {
    console.log("no clickhouse-server here: apt-get install clickhouse-server (the cluster bench is skipped)");
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), "ceq-bench-cluster-"));
  const ch = await startCluster();
  try {
    const log = join(dir, "log.csv");
    const generated = await generateLog(log, ROWS);
    console.log(`${generated.rows.toLocaleString("en")} rows, ${generated.customers.toLocaleString("en")} customers, ${(generated.bytes / 1e6).toFixed(0)} MB`);
    const columns = "customer_id String, date String, amount String";
    for (const node of [0, 1]) await ch.query(`CREATE TABLE tx_local (${columns}) ENGINE = MergeTree() ORDER BY customer_id`, { node });
    await ch.query("CREATE TABLE tx AS tx_local ENGINE = Distributed(ceq, default, tx_local, cityHash64(customer_id))");
    await ch.query(`CREATE TABLE tx_one (${columns}) ENGINE = MergeTree() ORDER BY customer_id`);
    // In batches of 20,000 rows: 18.16 closed the connection (EPIPE) on one 74 MB INSERT, and on 7 MB ones.
    const lines = readFileSync(log, "utf8").split("\n").slice(1).filter((l) => l !== "");
    let t = performance.now();
    for (let i = 0; i < lines.length; i += 20_000) {
      await ch.query("INSERT INTO tx FORMAT CSV", { body: `${lines.slice(i, i + 20_000).join("\n")}\n`, settings: { insert_distributed_sync: "1" } }).catch((e) => {
        throw new Error(`loading rows ${i + 1}-${i + 20_000} into the cluster: ${e.cause?.message ?? e.message}`);
      });
    }
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
    const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
    const results = {};
    for (let run = 0; run < RUNS; run++) {
      for (const [name, f] of Object.entries(contenders)) {
        t = performance.now();
        // A contender that fails (a server that closes the connection) is reported, not the end of the bench.
        results[name] = await f().catch((e) => ({ failed: String(e.cause?.message ?? e.message).slice(0, 300) }));
        times[name].push((performance.now() - t) / 1000);
      }
    }
    const reference = JSON.stringify(results.ceq);
    console.log(`\n${"".padEnd(14)}median s   × ceq   customer equity per year = ceq's`);
    for (const name of Object.keys(contenders)) {
      const m = median(times[name]);
      const same = JSON.stringify(results[name]) === reference;
      console.log(`${name.padEnd(14)}${m.toFixed(2).padStart(8)}   ${(m / median(times.ceq)).toFixed(2).padStart(5)}   ${same ? "yes, to the cent" : `NO: ${JSON.stringify(results[name])}`}`);
      if (!same) process.exitCode = 1;
    }
    console.log(`years: ${Object.keys(results.ceq).length}; ceq's customer equity per year (cents): ${reference}`);
  } finally {
    ch.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
