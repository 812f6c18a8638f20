-- Customer equity per month from a transaction log, classified as ceq classifies it
-- (ceq sql --dialect snowflake). Money is NUMBER(38, 6): sums are exact.
WITH
-- Each row of the log: its customer id, its period (--period; years are fiscal years, quarters fiscal quarters named by their fiscal year, months calendar months), its amount and its cost, as exact decimals.
log_rows AS (
  SELECT customer_id,
         CAST(EXTRACT(YEAR FROM d) AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM d) AS INTEGER) - 1 AS period,
         d AS day,
         amount,
         cost
  FROM (
    SELECT TRIM(CAST(ACCOUNT_ID AS VARCHAR)) AS customer_id,
           TRY_TO_DATE(SPLIT_PART(TRIM(CAST(PAID_AT AS VARCHAR)), ' ', 1), 'MM/DD/YYYY') AS d,
           TRY_CAST(TRIM(CAST(TOTAL AS VARCHAR)) AS NUMBER(38, 6)) AS amount,
           TRY_CAST(TRIM(CAST(FEE AS VARCHAR)) AS NUMBER(38, 6)) AS cost
    FROM shop.orders
  ) AS typed
),
-- Strict as ceq: a row whose customer id is empty or whose amount, cost or date does not parse stops the query with an error that counts them; no figure is given.
checked AS (
  SELECT CASE WHEN COUNT(*) > 0 THEN CAST(CONCAT('ceq refuses this log: ', CAST(COUNT(*) AS VARCHAR), ' rows whose customer id, amount, cost or date is empty or does not parse; no figure is given') AS INTEGER) ELSE 0 END AS refused
  FROM log_rows
  WHERE customer_id IS NULL OR customer_id = '' OR day IS NULL OR amount IS NULL OR cost IS NULL
),
-- In each period P a customer's revenue is the sum of their amounts in P (and so is their cost). They are active in P when at least one of their rows in P has an amount >= 0 (a purchase, even a free one); refunds alone do not make a customer active.
customer_periods AS (
  SELECT customer_id, period, SUM(amount) AS revenue, SUM(cost) AS cost, MAX(CASE WHEN amount >= 0 THEN 1 ELSE 0 END) AS active
  FROM log_rows
  GROUP BY customer_id, period
),
-- The periods in which each customer is active, with the one before and the one after in which they are active.
active_periods AS (
  SELECT customer_id, period, revenue, cost,
         LAG(period) OVER (PARTITION BY customer_id ORDER BY period) AS active_before,
         LEAD(period) OVER (PARTITION BY customer_id ORDER BY period) AS active_after
  FROM customer_periods
  WHERE active = 1
),
-- The periods run from the first to the last period that holds a row, gaps included.
bounds AS (
  SELECT MIN(period) AS first_period, MAX(period) AS last_period FROM customer_periods
),
-- new: active in P and in no earlier period. reactivated: active in P, not in the period before, but in some earlier one. retained: active in P and in the period before. churned: active in the period before P and not in P; churned revenue is their revenue in that period before. inactive: rows in P but not active (refunds only).
classified AS (
  SELECT period, CASE WHEN active_before IS NULL THEN 'new' WHEN active_before = period - 1 THEN 'retained' ELSE 'reactivated' END AS class,
         customer_id, revenue, cost
  FROM active_periods
  UNION ALL
  SELECT active_periods.period + 1, 'churned', customer_id, revenue, CAST(0 AS NUMBER(38, 6))
  FROM active_periods CROSS JOIN bounds
  WHERE (active_after IS NULL OR active_after > active_periods.period + 1) AND active_periods.period < bounds.last_period
  UNION ALL
  SELECT period, 'inactive', customer_id, revenue, cost
  FROM customer_periods
  WHERE active = 0
),
-- Every period from the first to the last, gaps included, so that a period with no rows is kept with zeros.
periods AS (
  SELECT CAST(series.value AS INTEGER) AS period FROM bounds, TABLE(FLATTEN(input => ARRAY_GENERATE_RANGE(bounds.first_period, bounds.last_period + 1))) AS series
),
-- Per period: acquisition = new, and reactivated unless --reactivated retention (reported apart as a count either way); retention = retained; churn; inactive amounts, so that acquisition revenue + retention revenue + inactive revenue = the sum of all amounts in P.
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
  SELECT CONCAT(CAST(CAST(FLOOR(s.period / 12.0) AS INTEGER) AS VARCHAR), '-', LPAD(CAST(MOD(s.period, 12) + 1 AS VARCHAR), 2, '0')) AS period,
         CAST(FLOOR(s.period / 12.0) AS INTEGER) AS fiscal_year,
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
