/** The golden SQL files' dialects and option sets: shared by scripts/golden.mjs and test/e2e/sql-dialects-golden.test.ts. */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const GOLDEN = join(ROOT, "test", "support", "golden", "sql");
export const DIALECTS = ["bigquery", "snowflake", "spark", "postgres", "duckdb", "clickhouse"];
export const SETS = {
  plain: ["--transactions", "shop.orders"],
  segments: ["--transactions", "shop.orders", "--period", "quarter", "--fiscal-year-start", "4", "--by", "region", "--reactivated", "retention", "--from", "2023", "--to", "2024"],
  explained: ["--transactions", "shop.orders", "--period", "month", "--date-format", "MM/DD/YYYY", "--id-column", "account_id", "--date-column", "paid_at", "--revenue-column", "total", "--cost-column", "fee", "--explain"],
  phases: ["--new", "crm.new_customers", "--retained", "crm.retained_customers", "--churned", "crm.churned_customers", "--by", "region", "--count-column", "customers", "--avg-revenue-column", "avg_revenue", "--cost-column", "cost", "--explain"],
};
