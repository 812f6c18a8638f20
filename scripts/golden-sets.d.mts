/** Types of golden-sets.mjs. */
export const ROOT: string;
export const GOLDEN: string;
export const DIALECTS: readonly ("bigquery" | "snowflake" | "spark" | "postgres" | "duckdb" | "clickhouse")[];
export const SETS: Record<string, string[]>;
