-- Customer equity per quarter from a transaction log, classified as ceq classifies it
-- (ceq sql --dialect spark). Money is DECIMAL(38, 6): sums are exact.
WITH
log_rows AS (
  SELECT customer_id,
         (year(d) + CASE WHEN month(d) >= 4 THEN 1 ELSE 0 END) * 4 + CAST(FLOOR(MOD(month(d) - 4 + 12, 12) / 3.0) AS INT) AS period,
         d AS day,
         amount,
         cost,
         g1
  FROM (
    SELECT TRIM(CAST(`customer_id` AS STRING)) AS customer_id,
           CAST(CASE WHEN LENGTH(REPLACE(TRIM(CAST(`date` AS STRING)), '/', '-')) = 7 THEN CONCAT(REPLACE(TRIM(CAST(`date` AS STRING)), '/', '-'), '-01') ELSE SUBSTR(REPLACE(TRIM(CAST(`date` AS STRING)), '/', '-'), 1, 10) END AS DATE) AS d,
           CAST(TRIM(CAST(`amount` AS STRING)) AS DECIMAL(38, 6)) AS amount,
           CAST(0 AS DECIMAL(38, 6)) AS cost,
           COALESCE(TRIM(CAST(`region` AS STRING)), '') AS g1
    FROM shop.orders
  ) AS typed
),
checked AS (
  SELECT CASE WHEN COUNT(*) > 0 THEN raise_error(CONCAT('ceq refuses this log: ', CAST(COUNT(*) AS STRING), ' rows whose customer id, amount or date is empty or does not parse; no figure is given')) ELSE 0 END AS refused
  FROM log_rows
  WHERE customer_id IS NULL OR customer_id = '' OR day IS NULL OR amount IS NULL OR cost IS NULL
),
customer_periods AS (
  SELECT customer_id, period, g1, SUM(amount) AS revenue, SUM(cost) AS cost, MAX(CASE WHEN amount >= 0 THEN 1 ELSE 0 END) AS active
  FROM (
    SELECT customer_id, period, amount, cost,
      FIRST_VALUE(g1) OVER (PARTITION BY customer_id, period ORDER BY day DESC, g1 DESC) AS g1
    FROM log_rows
  ) AS segmented
  GROUP BY customer_id, period, g1
),
active_periods AS (
  SELECT customer_id, period, g1, revenue, cost,
         LAG(period) OVER (PARTITION BY customer_id ORDER BY period) AS active_before,
         LEAD(period) OVER (PARTITION BY customer_id ORDER BY period) AS active_after,
         LAG(g1) OVER (PARTITION BY customer_id ORDER BY period) AS g1_before
  FROM customer_periods
  WHERE active = 1
),
bounds AS (
  SELECT MIN(period) AS first_period, MAX(period) AS last_period FROM customer_periods
),
classified AS (
  SELECT period, g1, CASE WHEN active_before IS NULL THEN 'new' WHEN active_before = period - 1 THEN 'retained' ELSE 'reactivated' END AS class,
         customer_id, revenue, cost,
         CASE WHEN active_before = period - 1 AND (g1_before <> g1) THEN 1 ELSE 0 END AS moved_in
  FROM active_periods
  UNION ALL
  SELECT active_periods.period + 1, active_periods.g1, 'churned', customer_id, revenue, CAST(0 AS DECIMAL(38, 6)), 0
  FROM active_periods CROSS JOIN bounds
  WHERE (active_after IS NULL OR active_after > active_periods.period + 1) AND active_periods.period < bounds.last_period
  UNION ALL
  SELECT period, g1, 'inactive', customer_id, revenue, cost, 0
  FROM customer_periods
  WHERE active = 0
),
periods AS (
  SELECT explode(sequence(bounds.first_period, bounds.last_period)) AS period FROM bounds
),
sums AS (
  SELECT p.period, p.g1,
         SUM(CASE WHEN c.class IN ('new') THEN 1 ELSE 0 END) AS new_customers,
         SUM(CASE WHEN c.class IN ('reactivated') THEN 1 ELSE 0 END) AS reactivated_customers,
         COALESCE(SUM(CASE WHEN c.class IN ('new') THEN c.revenue END), 0) AS new_revenue,
         COALESCE(SUM(CASE WHEN c.class IN ('new') THEN c.cost END), 0) AS acquisition_cost,
         SUM(CASE WHEN c.class IN ('retained', 'reactivated') THEN 1 ELSE 0 END) AS retained_customers,
         COALESCE(SUM(CASE WHEN c.class IN ('retained', 'reactivated') THEN c.revenue END), 0) AS retained_revenue,
         COALESCE(SUM(CASE WHEN c.class IN ('retained', 'reactivated') THEN c.cost END), 0) AS servicing_cost,
         SUM(CASE WHEN c.class IN ('churned') THEN 1 ELSE 0 END) AS churned_customers,
         COALESCE(SUM(CASE WHEN c.class IN ('churned') THEN c.revenue END), 0) AS churned_revenue,
         SUM(CASE WHEN c.class IN ('inactive') THEN 1 ELSE 0 END) AS inactive_customers,
         COALESCE(SUM(CASE WHEN c.class IN ('inactive') THEN c.revenue END), 0) AS inactive_revenue,
         COALESCE(SUM(CASE WHEN c.class IN ('inactive') THEN c.cost END), 0) AS inactive_cost,
         COALESCE(SUM(c.moved_in), 0) AS moved_in
  FROM (SELECT period, g1 FROM periods CROSS JOIN (SELECT DISTINCT g1 FROM log_rows) AS segments) AS p
  LEFT JOIN classified AS c ON c.period = p.period AND c.g1 = p.g1
  GROUP BY p.period, p.g1
  UNION ALL
  SELECT p.period, CAST(NULL AS STRING) AS g1,
         SUM(CASE WHEN c.class IN ('new') THEN 1 ELSE 0 END) AS new_customers,
         SUM(CASE WHEN c.class IN ('reactivated') THEN 1 ELSE 0 END) AS reactivated_customers,
         COALESCE(SUM(CASE WHEN c.class IN ('new') THEN c.revenue END), 0) AS new_revenue,
         COALESCE(SUM(CASE WHEN c.class IN ('new') THEN c.cost END), 0) AS acquisition_cost,
         SUM(CASE WHEN c.class IN ('retained', 'reactivated') THEN 1 ELSE 0 END) AS retained_customers,
         COALESCE(SUM(CASE WHEN c.class IN ('retained', 'reactivated') THEN c.revenue END), 0) AS retained_revenue,
         COALESCE(SUM(CASE WHEN c.class IN ('retained', 'reactivated') THEN c.cost END), 0) AS servicing_cost,
         SUM(CASE WHEN c.class IN ('churned') THEN 1 ELSE 0 END) AS churned_customers,
         COALESCE(SUM(CASE WHEN c.class IN ('churned') THEN c.revenue END), 0) AS churned_revenue,
         SUM(CASE WHEN c.class IN ('inactive') THEN 1 ELSE 0 END) AS inactive_customers,
         COALESCE(SUM(CASE WHEN c.class IN ('inactive') THEN c.revenue END), 0) AS inactive_revenue,
         COALESCE(SUM(CASE WHEN c.class IN ('inactive') THEN c.cost END), 0) AS inactive_cost,
         COALESCE(SUM(c.moved_in), 0) AS moved_in
  FROM (SELECT period, g1 FROM periods CROSS JOIN (SELECT DISTINCT g1 FROM log_rows) AS segments) AS p
  LEFT JOIN classified AS c ON c.period = p.period AND c.g1 = p.g1
  GROUP BY p.period
),
moves_out AS (
  SELECT period, g1_before AS g1, COUNT(*) AS moved_out
  FROM active_periods
  WHERE active_before = period - 1 AND (g1_before <> g1)
  GROUP BY period, g1_before
)
SELECT *
FROM (
  SELECT CONCAT(CAST(CAST(FLOOR(s.period / 4.0) AS INT) AS STRING), '-Q', CAST(MOD(s.period, 4) + 1 AS STRING)) AS period,
         CAST(FLOOR(s.period / 4.0) AS INT) AS fiscal_year,
         s.g1 AS `region`, s.new_customers, s.reactivated_customers, s.new_revenue, s.acquisition_cost,
         s.new_revenue - s.acquisition_cost AS acquisition_equity,
         s.retained_customers, s.retained_revenue, s.servicing_cost,
         s.retained_revenue - s.servicing_cost AS retention_equity,
         s.churned_customers, s.churned_revenue,
         -s.churned_revenue AS churn_equity,
         s.inactive_customers, s.inactive_revenue, s.inactive_cost,
         (s.new_revenue - s.acquisition_cost) + (s.retained_revenue - s.servicing_cost) - s.churned_revenue AS customer_equity,
         s.moved_in AS moved_in_customers,
         COALESCE(m.moved_out, CASE WHEN s.g1 IS NULL THEN s.moved_in ELSE 0 END) AS moved_out_customers,
         s.period AS period_number
  FROM sums AS s
  LEFT JOIN (SELECT period, g1, SUM(moved_out) AS moved_out FROM moves_out GROUP BY period, g1) AS m ON m.period = s.period AND m.g1 = s.g1
  CROSS JOIN checked
  WHERE checked.refused = 0
) AS summary
WHERE fiscal_year >= 2023 AND fiscal_year <= 2024
ORDER BY period_number, `region` IS NULL, `region`;
