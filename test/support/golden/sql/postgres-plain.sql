-- Customer equity per year from a transaction log, classified as ceq classifies it
-- (ceq sql --dialect postgres). Money is NUMERIC: sums are exact.
WITH
log_rows AS (
  SELECT customer_id,
         CAST(EXTRACT(YEAR FROM d) AS INTEGER) AS period,
         d AS day,
         amount,
         cost
  FROM (
    SELECT TRIM(CAST("customer_id" AS TEXT)) AS customer_id,
           CASE WHEN CASE WHEN LENGTH(REPLACE(TRIM(CAST("date" AS TEXT)), '/', '-')) = 7 THEN CONCAT(REPLACE(TRIM(CAST("date" AS TEXT)), '/', '-'), '-01') ELSE SUBSTR(REPLACE(TRIM(CAST("date" AS TEXT)), '/', '-'), 1, 10) END ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN CAST(CASE WHEN LENGTH(REPLACE(TRIM(CAST("date" AS TEXT)), '/', '-')) = 7 THEN CONCAT(REPLACE(TRIM(CAST("date" AS TEXT)), '/', '-'), '-01') ELSE SUBSTR(REPLACE(TRIM(CAST("date" AS TEXT)), '/', '-'), 1, 10) END AS DATE) END AS d,
           CASE WHEN TRIM(CAST("amount" AS TEXT)) ~ '^[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)$' THEN CAST(TRIM(CAST("amount" AS TEXT)) AS NUMERIC) END AS amount,
           CAST(0 AS NUMERIC) AS cost
    FROM shop.orders
  ) AS typed
),
checked AS (
  SELECT CASE WHEN COUNT(*) > 0 THEN CAST(CONCAT('ceq refuses this log: ', CAST(COUNT(*) AS TEXT), ' rows whose customer id, amount or date is empty or does not parse; no figure is given') AS INTEGER) ELSE 0 END AS refused
  FROM log_rows
  WHERE customer_id IS NULL OR customer_id = '' OR day IS NULL OR amount IS NULL OR cost IS NULL
),
customer_periods AS (
  SELECT customer_id, period, SUM(amount) AS revenue, SUM(cost) AS cost, MAX(CASE WHEN amount >= 0 THEN 1 ELSE 0 END) AS active
  FROM log_rows
  GROUP BY customer_id, period
),
active_periods AS (
  SELECT customer_id, period, revenue, cost,
         LAG(period) OVER (PARTITION BY customer_id ORDER BY period) AS active_before,
         LEAD(period) OVER (PARTITION BY customer_id ORDER BY period) AS active_after
  FROM customer_periods
  WHERE active = 1
),
bounds AS (
  SELECT MIN(period) AS first_period, MAX(period) AS last_period FROM customer_periods
),
classified AS (
  SELECT period, CASE WHEN active_before IS NULL THEN 'new' WHEN active_before = period - 1 THEN 'retained' ELSE 'reactivated' END AS class,
         customer_id, revenue, cost
  FROM active_periods
  UNION ALL
  SELECT active_periods.period + 1, 'churned', customer_id, revenue, CAST(0 AS NUMERIC)
  FROM active_periods CROSS JOIN bounds
  WHERE (active_after IS NULL OR active_after > active_periods.period + 1) AND active_periods.period < bounds.last_period
  UNION ALL
  SELECT period, 'inactive', customer_id, revenue, cost
  FROM customer_periods
  WHERE active = 0
),
periods AS (
  SELECT series.period AS period FROM bounds, generate_series(bounds.first_period, bounds.last_period) AS series(period)
),
sums AS (
  SELECT p.period,
         SUM(CASE WHEN c.class IN ('new', 'reactivated') THEN 1 ELSE 0 END) AS new_customers,
         SUM(CASE WHEN c.class IN ('reactivated') THEN 1 ELSE 0 END) AS reactivated_customers,
         COALESCE(SUM(CASE WHEN c.class IN ('new', 'reactivated') THEN c.revenue END), 0) AS new_revenue,
         COALESCE(SUM(CASE WHEN c.class IN ('new', 'reactivated') THEN c.cost END), 0) AS acquisition_cost,
         SUM(CASE WHEN c.class IN ('retained') THEN 1 ELSE 0 END) AS retained_customers,
         COALESCE(SUM(CASE WHEN c.class IN ('retained') THEN c.revenue END), 0) AS retained_revenue,
         COALESCE(SUM(CASE WHEN c.class IN ('retained') THEN c.cost END), 0) AS servicing_cost,
         SUM(CASE WHEN c.class IN ('churned') THEN 1 ELSE 0 END) AS churned_customers,
         COALESCE(SUM(CASE WHEN c.class IN ('churned') THEN c.revenue END), 0) AS churned_revenue,
         SUM(CASE WHEN c.class IN ('inactive') THEN 1 ELSE 0 END) AS inactive_customers,
         COALESCE(SUM(CASE WHEN c.class IN ('inactive') THEN c.revenue END), 0) AS inactive_revenue,
         COALESCE(SUM(CASE WHEN c.class IN ('inactive') THEN c.cost END), 0) AS inactive_cost
  FROM (SELECT period FROM periods) AS p
  LEFT JOIN classified AS c ON c.period = p.period
  GROUP BY p.period
)
SELECT *
FROM (
  SELECT CAST(s.period AS TEXT) AS period,
         s.period AS fiscal_year,
         s.new_customers, s.reactivated_customers, s.new_revenue, s.acquisition_cost,
         s.new_revenue - s.acquisition_cost AS acquisition_equity,
         s.retained_customers, s.retained_revenue, s.servicing_cost,
         s.retained_revenue - s.servicing_cost AS retention_equity,
         s.churned_customers, s.churned_revenue,
         -s.churned_revenue AS churn_equity,
         s.inactive_customers, s.inactive_revenue, s.inactive_cost,
         (s.new_revenue - s.acquisition_cost) + (s.retained_revenue - s.servicing_cost) - s.churned_revenue AS customer_equity,
         s.period AS period_number
  FROM sums AS s
  CROSS JOIN checked
  WHERE checked.refused = 0
) AS summary
ORDER BY period_number;
