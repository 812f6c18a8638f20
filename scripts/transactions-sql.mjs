/**
 * The classification of a transaction log (SPEC "From transactions") in DuckDB's SQL, by
 * calendar year: the benchmark's reference, tested against ceq on small logs
 * (test/properties/bench-duckdb-classification.test.ts). Amounts are DECIMAL: sums are exact.
 *
 * Columns: customer_id, date (YYYY-MM-DD), amount.
 */
export function classificationSql(file) {
  const columns = "{'customer_id': 'VARCHAR', 'date': 'DATE', 'amount': 'DECIMAL(18,2)'}";
  return `
WITH tx AS (
  SELECT trim(customer_id) AS customer_id, year(date) AS period, amount
  FROM read_csv('${file.replace(/'/g, "''")}', header = true, auto_detect = false, delim = ',', quote = '"', columns = ${columns})
),
-- a customer's sums per period; active when one of the period's amounts is >= 0
sums AS (
  SELECT customer_id, period, sum(amount) AS revenue, bool_or(amount >= 0) AS active
  FROM tx GROUP BY customer_id, period
),
bounds AS (SELECT min(period) AS first, max(period) AS last FROM sums),
active AS (
  SELECT customer_id, period, revenue,
         lag(period) OVER (PARTITION BY customer_id ORDER BY period) AS previous,
         lead(period) OVER (PARTITION BY customer_id ORDER BY period) AS next
  FROM sums WHERE active
),
classes AS (
  SELECT period, CASE WHEN previous IS NULL THEN 'new' WHEN previous = period - 1 THEN 'retained' ELSE 'reactivated' END AS kind, revenue
  FROM active
  UNION ALL
  -- churned in the period after the last active one, with that period's revenue
  SELECT period + 1, 'churned', revenue FROM active, bounds
  WHERE (next IS NULL OR next > period + 1) AND period < bounds.last
  UNION ALL
  SELECT period, 'inactive', revenue FROM sums WHERE NOT active
)
SELECT period, kind, count(*) AS customers, sum(revenue)::VARCHAR AS revenue
FROM classes GROUP BY period, kind ORDER BY period, kind`;
}

/** Customer equity per period from the query's rows: (new + reactivated + retained) − churned revenue. */
export function equityByPeriod(rows) {
  const equity = new Map();
  for (const [period, kind, , revenue] of rows) {
    if (kind === "inactive") continue;
    const cents = BigInt(String(revenue).replace(".", "")) * (kind === "churned" ? -1n : 1n);
    equity.set(Number(period), (equity.get(Number(period)) ?? 0n) + cents);
  }
  return equity;
}
