-- Customer equity per year from phase exports (new, retained, churned), as ceq computes it
-- (ceq sql --dialect postgres). Money is NUMERIC: sums are exact.
WITH
-- acquisition: new customers won in the period, their revenue and acquisition cost (a row is one customer, or a count column's number of them).
new_rows AS (
  SELECT CASE WHEN TRIM(CAST("year" AS TEXT)) ~ '^[0-9]{1,9}$' THEN CAST(TRIM(CAST("year" AS TEXT)) AS INTEGER) END AS period,
         COALESCE(TRIM(CAST("region" AS TEXT)), '') AS g1,
         CASE WHEN TRIM(CAST("customers" AS TEXT)) ~ '^[0-9]{1,9}$' THEN CAST(TRIM(CAST("customers" AS TEXT)) AS INTEGER) END AS customers,
         CASE WHEN TRIM(CAST("avg_revenue" AS TEXT)) ~ '^[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)$' THEN CAST(TRIM(CAST("avg_revenue" AS TEXT)) AS NUMERIC) END * CASE WHEN TRIM(CAST("customers" AS TEXT)) ~ '^[0-9]{1,9}$' THEN CAST(TRIM(CAST("customers" AS TEXT)) AS INTEGER) END AS revenue,
         CASE WHEN TRIM(CAST("cost" AS TEXT)) ~ '^[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)$' THEN CAST(TRIM(CAST("cost" AS TEXT)) AS NUMERIC) END AS cost
  FROM crm.new_customers
),
-- retention: customers active before the period and still active in it, their revenue and servicing cost.
retained_rows AS (
  SELECT CASE WHEN TRIM(CAST("year" AS TEXT)) ~ '^[0-9]{1,9}$' THEN CAST(TRIM(CAST("year" AS TEXT)) AS INTEGER) END AS period,
         COALESCE(TRIM(CAST("region" AS TEXT)), '') AS g1,
         CASE WHEN TRIM(CAST("customers" AS TEXT)) ~ '^[0-9]{1,9}$' THEN CAST(TRIM(CAST("customers" AS TEXT)) AS INTEGER) END AS customers,
         CASE WHEN TRIM(CAST("avg_revenue" AS TEXT)) ~ '^[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)$' THEN CAST(TRIM(CAST("avg_revenue" AS TEXT)) AS NUMERIC) END * CASE WHEN TRIM(CAST("customers" AS TEXT)) ~ '^[0-9]{1,9}$' THEN CAST(TRIM(CAST("customers" AS TEXT)) AS INTEGER) END AS revenue,
         CASE WHEN TRIM(CAST("cost" AS TEXT)) ~ '^[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)$' THEN CAST(TRIM(CAST("cost" AS TEXT)) AS NUMERIC) END AS cost
  FROM crm.retained_customers
),
-- churn: customers active before the period who left in it, with the revenue they brought (their last year's revenue as exported); churned rows carry no cost.
churned_rows AS (
  SELECT CASE WHEN TRIM(CAST("year" AS TEXT)) ~ '^[0-9]{1,9}$' THEN CAST(TRIM(CAST("year" AS TEXT)) AS INTEGER) END AS period,
         COALESCE(TRIM(CAST("region" AS TEXT)), '') AS g1,
         CASE WHEN TRIM(CAST("customers" AS TEXT)) ~ '^[0-9]{1,9}$' THEN CAST(TRIM(CAST("customers" AS TEXT)) AS INTEGER) END AS customers,
         CASE WHEN TRIM(CAST("avg_revenue" AS TEXT)) ~ '^[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)$' THEN CAST(TRIM(CAST("avg_revenue" AS TEXT)) AS NUMERIC) END * CASE WHEN TRIM(CAST("customers" AS TEXT)) ~ '^[0-9]{1,9}$' THEN CAST(TRIM(CAST("customers" AS TEXT)) AS INTEGER) END AS revenue,
         CAST(0 AS NUMERIC) AS cost
  FROM crm.churned_customers
),
-- Strict as ceq: a row whose period, count, revenue or cost is empty or does not parse stops the query with an error that counts them; no figure is given.
checked AS (
  SELECT CASE WHEN COUNT(*) > 0 THEN CAST(CONCAT('ceq refuses this export: ', CAST(COUNT(*) AS TEXT), ' rows whose period, count, revenue or cost is empty or does not parse; no figure is given') AS INTEGER) ELSE 0 END AS refused
  FROM (SELECT period, customers, revenue, cost FROM new_rows UNION ALL SELECT period, customers, revenue, cost FROM retained_rows UNION ALL SELECT period, customers, revenue, cost FROM churned_rows) AS all_rows
  WHERE period IS NULL OR customers IS NULL OR revenue IS NULL OR cost IS NULL
),
-- Per period and phase: customers, revenue and cost summed.
phase_sums AS (
  SELECT period, g1, 'acquisition' AS phase, SUM(customers) AS customers, SUM(revenue) AS revenue, SUM(cost) AS cost
  FROM new_rows
  GROUP BY period, g1
  UNION ALL
  SELECT period, g1, 'retention' AS phase, SUM(customers) AS customers, SUM(revenue) AS revenue, SUM(cost) AS cost
  FROM retained_rows
  GROUP BY period, g1
  UNION ALL
  SELECT period, g1, 'churn' AS phase, SUM(customers) AS customers, SUM(revenue) AS revenue, SUM(cost) AS cost
  FROM churned_rows
  GROUP BY period, g1
),
-- Years are those that hold a row; quarters and months run from the first to the last, gaps included.
periods AS (
  SELECT DISTINCT period FROM phase_sums
),
-- customer equity = (new revenue − acquisition cost) + (retained revenue − servicing cost) − churned revenue, per period (and segment, then the company).
sums AS (
  SELECT p.period, p.g1,
         COALESCE(SUM(CASE WHEN s.phase = 'acquisition' THEN s.customers END), 0) AS new_customers,
         COALESCE(SUM(CASE WHEN s.phase = 'acquisition' THEN s.revenue END), 0) AS new_revenue,
         COALESCE(SUM(CASE WHEN s.phase = 'acquisition' THEN s.cost END), 0) AS acquisition_cost,
         COALESCE(SUM(CASE WHEN s.phase = 'retention' THEN s.customers END), 0) AS retained_customers,
         COALESCE(SUM(CASE WHEN s.phase = 'retention' THEN s.revenue END), 0) AS retained_revenue,
         COALESCE(SUM(CASE WHEN s.phase = 'retention' THEN s.cost END), 0) AS servicing_cost,
         COALESCE(SUM(CASE WHEN s.phase = 'churn' THEN s.customers END), 0) AS churned_customers,
         COALESCE(SUM(CASE WHEN s.phase = 'churn' THEN s.revenue END), 0) AS churned_revenue
  FROM (SELECT period, g1 FROM periods CROSS JOIN (SELECT DISTINCT g1 FROM phase_sums) AS segments) AS p
  LEFT JOIN phase_sums AS s ON s.period = p.period AND s.g1 = p.g1
  GROUP BY p.period, p.g1
  UNION ALL
  SELECT p.period, CAST(NULL AS TEXT) AS g1,
         COALESCE(SUM(CASE WHEN s.phase = 'acquisition' THEN s.customers END), 0) AS new_customers,
         COALESCE(SUM(CASE WHEN s.phase = 'acquisition' THEN s.revenue END), 0) AS new_revenue,
         COALESCE(SUM(CASE WHEN s.phase = 'acquisition' THEN s.cost END), 0) AS acquisition_cost,
         COALESCE(SUM(CASE WHEN s.phase = 'retention' THEN s.customers END), 0) AS retained_customers,
         COALESCE(SUM(CASE WHEN s.phase = 'retention' THEN s.revenue END), 0) AS retained_revenue,
         COALESCE(SUM(CASE WHEN s.phase = 'retention' THEN s.cost END), 0) AS servicing_cost,
         COALESCE(SUM(CASE WHEN s.phase = 'churn' THEN s.customers END), 0) AS churned_customers,
         COALESCE(SUM(CASE WHEN s.phase = 'churn' THEN s.revenue END), 0) AS churned_revenue
  FROM (SELECT period, g1 FROM periods CROSS JOIN (SELECT DISTINCT g1 FROM phase_sums) AS segments) AS p
  LEFT JOIN phase_sums AS s ON s.period = p.period AND s.g1 = p.g1
  GROUP BY p.period
)
SELECT *
FROM (
  SELECT CAST(s.period AS TEXT) AS period,
         s.period AS fiscal_year,
         s.g1 AS "region", s.new_customers, s.new_revenue, s.acquisition_cost,
         s.new_revenue - s.acquisition_cost AS acquisition_equity,
         s.retained_customers, s.retained_revenue, s.servicing_cost,
         s.retained_revenue - s.servicing_cost AS retention_equity,
         s.churned_customers, s.churned_revenue,
         -s.churned_revenue AS churn_equity,
         (s.new_revenue - s.acquisition_cost) + (s.retained_revenue - s.servicing_cost) - s.churned_revenue AS customer_equity,
         s.period AS period_number
  FROM sums AS s
  CROSS JOIN checked
  WHERE checked.refused = 0
) AS summary
ORDER BY period_number, "region" IS NULL, "region";
