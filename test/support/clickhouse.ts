/**
 * A private two-shard ClickHouse cluster for the SQL tests: scripts/clickhouse-cluster.mjs, which
 * npm run bench -- --cluster starts too (Debian's clickhouse-server 18.16, two processes on
 * loopback, each ready when its log says so, both stopped by their pid).
 */
export { CH_BIN, startCluster, type ClickHouseNode, type Cluster } from "../../scripts/clickhouse-cluster.mjs";
