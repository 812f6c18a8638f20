/** Types of clickhouse-cluster.mjs. */
import type { ChildProcess } from "node:child_process";

/** The server binary, or undefined where the package is absent (apt-get install clickhouse-server). */
export const CH_BIN: string | undefined;

export interface ClickHouseNode {
  http: number;
  tcp: number;
  process: ChildProcess;
}

export interface Cluster {
  /** The temporary folder: node1/ and node2/ hold each node's config, data, server.log and error.log. */
  root: string;
  nodes: ClickHouseNode[];
  /** Runs one statement on a node (the first by default); returns the body (TabSeparatedWithNames when asked for). */
  query(sql: string, options?: { node?: number; body?: string; settings?: Record<string, string> }): Promise<string>;
  /** Streams a CSV file with a header line into a table, in one INSERT. */
  insertFile(table: string, path: string, options?: { node?: number; settings?: Record<string, string> }): Promise<string>;
  stop(): void;
}

/** Two nodes, one cluster `ceq` of two shards; maxMemory is a query's limit in bytes (2 GB). */
export function startCluster(options?: { maxMemory?: number }): Promise<Cluster>;
