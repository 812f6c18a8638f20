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
  nodes: ClickHouseNode[];
  /** Runs one statement on a node (the first by default); returns the body (TabSeparatedWithNames when asked for). */
  query(sql: string, options?: { node?: number; body?: string; settings?: Record<string, string> }): Promise<string>;
  stop(): void;
}

/** Two nodes, one cluster `ceq` of two shards. */
export function startCluster(): Promise<Cluster>;
