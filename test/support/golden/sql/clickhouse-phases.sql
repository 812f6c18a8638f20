-- Customer equity per year from phase exports (new, retained, churned), as ceq computes it
-- (ceq sql --dialect clickhouse, for ClickHouse 18.16 and later). Money is Decimal(38, 6): sums are exact.
-- A row whose period, revenue, count or cost does not parse stops the query.
-- The definitions this query carries out (ceq's phase exports):
-- new_rows: acquisition: new customers won in the period, their revenue and acquisition cost (a row is one customer, or a count column's number of them).
-- retained_rows: retention: customers active before the period and still active in it, their revenue and servicing cost.
-- churned_rows: churn: customers active before the period who left in it, with the revenue they brought (their last year's revenue as exported); churned rows carry no cost.
-- checked: Strict as ceq: a row whose period, count, revenue or cost is empty or does not parse stops the query with an error that counts them; no figure is given.
-- phase_sums: Per period and phase: customers, revenue and cost summed.
-- periods: Years are those that hold a row; quarters and months run from the first to the last, gaps included.
-- sums: customer equity = (new revenue − acquisition cost) + (retained revenue − servicing cost) − churned revenue, per period (and segment, then the company).
SELECT *
FROM (
  SELECT toString(ceq_period) AS period,
         toInt32(ceq_period) AS fiscal_year,
         if(ceq_all = 1, NULL, g1) AS `region`, new_customers, new_revenue, acquisition_cost,
         new_revenue - acquisition_cost AS acquisition_equity,
         retained_customers, retained_revenue, servicing_cost,
         retained_revenue - servicing_cost AS retention_equity,
         churned_customers, churned_revenue,
         -churned_revenue AS churn_equity,
         (new_revenue - acquisition_cost) + (retained_revenue - servicing_cost) - churned_revenue AS customer_equity,
         ceq_period AS period_number
  FROM (
    SELECT ceq_period, tupleElement(ceq_segment, 1) AS ceq_all, tupleElement(tupleElement(ceq_segment, 2), 1) AS g1
    FROM (
      SELECT toInt32(ceq_k) AS ceq_period, ceq_segments
      FROM (
        SELECT count() AS ceq_rows, groupUniqArray(ceq_period) AS ceq_periods, min(ceq_period) AS ceq_first, max(ceq_period) AS ceq_last,
               groupUniqArray(tuple(g1)) AS ceq_segments, sum(ceq_bad) AS ceq_bad
        FROM (
          SELECT ceq_period, g1, ceq_phase, ceq_customers, ceq_revenue, ceq_cost, ceq_bad
          FROM (
            SELECT toInt32(toInt32OrZero(replaceRegexpAll(ifNull(toString(`year`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_period, replaceRegexpAll(ifNull(toString(`region`), ''), '^[[:space:]]+|[[:space:]]+$', '') AS g1, materialize('acquisition') AS ceq_phase,
                   toInt64(toInt64OrZero(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_customers,
                   toDecimal128(if(match(replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'), replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '0'), 6) * toInt64(toInt64OrZero(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_revenue,
                   toDecimal128(if(match(replaceRegexpAll(ifNull(toString(`cost`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'), replaceRegexpAll(ifNull(toString(`cost`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '0'), 6) AS ceq_cost,
                   toUInt8(NOT (match(replaceRegexpAll(ifNull(toString(`year`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^[0-9]{4}$') AND match(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^[0-9]+$') AND match(replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$') AND match(replaceRegexpAll(ifNull(toString(`cost`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'))) AS ceq_bad
            FROM crm.new_customers
            UNION ALL
            SELECT toInt32(toInt32OrZero(replaceRegexpAll(ifNull(toString(`year`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_period, replaceRegexpAll(ifNull(toString(`region`), ''), '^[[:space:]]+|[[:space:]]+$', '') AS g1, materialize('retention') AS ceq_phase,
                   toInt64(toInt64OrZero(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_customers,
                   toDecimal128(if(match(replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'), replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '0'), 6) * toInt64(toInt64OrZero(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_revenue,
                   toDecimal128(if(match(replaceRegexpAll(ifNull(toString(`cost`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'), replaceRegexpAll(ifNull(toString(`cost`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '0'), 6) AS ceq_cost,
                   toUInt8(NOT (match(replaceRegexpAll(ifNull(toString(`year`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^[0-9]{4}$') AND match(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^[0-9]+$') AND match(replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$') AND match(replaceRegexpAll(ifNull(toString(`cost`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'))) AS ceq_bad
            FROM crm.retained_customers
            UNION ALL
            SELECT toInt32(toInt32OrZero(replaceRegexpAll(ifNull(toString(`year`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_period, replaceRegexpAll(ifNull(toString(`region`), ''), '^[[:space:]]+|[[:space:]]+$', '') AS g1, materialize('churn') AS ceq_phase,
                   toInt64(toInt64OrZero(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_customers,
                   toDecimal128(if(match(replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'), replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '0'), 6) * toInt64(toInt64OrZero(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_revenue,
                   materialize(toDecimal128(0, 6)) AS ceq_cost,
                   toUInt8(NOT (match(replaceRegexpAll(ifNull(toString(`year`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^[0-9]{4}$') AND match(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^[0-9]+$') AND match(replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'))) AS ceq_bad
            FROM crm.churned_customers
          )
        )
      )
      ARRAY JOIN ceq_periods AS ceq_k
      WHERE toUInt8(if(ceq_bad > 0, concat('ceq refuses this export: ', toString(ceq_bad), ' rows whose period, count, revenue or cost is empty or does not parse; no figure is given'), '0')) = 0 AND ceq_rows > 0
    )
    ARRAY JOIN arrayPushBack(arrayMap(s -> (0, s), ceq_segments), (1, tuple(''))) AS ceq_segment
  ) AS ceq_grid
  ANY LEFT JOIN (
    SELECT ceq_period, ceq_all, if(ceq_all = 1, '', g1) AS g1,
           toInt64(sumIf(ceq_customers, ceq_phase = 'acquisition')) AS new_customers,
           sumIf(ceq_revenue, ceq_phase = 'acquisition') AS new_revenue,
           sumIf(ceq_cost, ceq_phase = 'acquisition') AS acquisition_cost,
           toInt64(sumIf(ceq_customers, ceq_phase = 'retention')) AS retained_customers,
           sumIf(ceq_revenue, ceq_phase = 'retention') AS retained_revenue,
           sumIf(ceq_cost, ceq_phase = 'retention') AS servicing_cost,
           toInt64(sumIf(ceq_customers, ceq_phase = 'churn')) AS churned_customers,
           sumIf(ceq_revenue, ceq_phase = 'churn') AS churned_revenue
    FROM (
      SELECT ceq_period, g1, ceq_phase, ceq_customers, ceq_revenue, ceq_cost, ceq_bad
      FROM (
        SELECT toInt32(toInt32OrZero(replaceRegexpAll(ifNull(toString(`year`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_period, replaceRegexpAll(ifNull(toString(`region`), ''), '^[[:space:]]+|[[:space:]]+$', '') AS g1, materialize('acquisition') AS ceq_phase,
               toInt64(toInt64OrZero(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_customers,
               toDecimal128(if(match(replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'), replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '0'), 6) * toInt64(toInt64OrZero(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_revenue,
               toDecimal128(if(match(replaceRegexpAll(ifNull(toString(`cost`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'), replaceRegexpAll(ifNull(toString(`cost`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '0'), 6) AS ceq_cost,
               toUInt8(NOT (match(replaceRegexpAll(ifNull(toString(`year`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^[0-9]{4}$') AND match(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^[0-9]+$') AND match(replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$') AND match(replaceRegexpAll(ifNull(toString(`cost`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'))) AS ceq_bad
        FROM crm.new_customers
        UNION ALL
        SELECT toInt32(toInt32OrZero(replaceRegexpAll(ifNull(toString(`year`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_period, replaceRegexpAll(ifNull(toString(`region`), ''), '^[[:space:]]+|[[:space:]]+$', '') AS g1, materialize('retention') AS ceq_phase,
               toInt64(toInt64OrZero(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_customers,
               toDecimal128(if(match(replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'), replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '0'), 6) * toInt64(toInt64OrZero(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_revenue,
               toDecimal128(if(match(replaceRegexpAll(ifNull(toString(`cost`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'), replaceRegexpAll(ifNull(toString(`cost`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '0'), 6) AS ceq_cost,
               toUInt8(NOT (match(replaceRegexpAll(ifNull(toString(`year`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^[0-9]{4}$') AND match(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^[0-9]+$') AND match(replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$') AND match(replaceRegexpAll(ifNull(toString(`cost`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'))) AS ceq_bad
        FROM crm.retained_customers
        UNION ALL
        SELECT toInt32(toInt32OrZero(replaceRegexpAll(ifNull(toString(`year`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_period, replaceRegexpAll(ifNull(toString(`region`), ''), '^[[:space:]]+|[[:space:]]+$', '') AS g1, materialize('churn') AS ceq_phase,
               toInt64(toInt64OrZero(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_customers,
               toDecimal128(if(match(replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'), replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '0'), 6) * toInt64(toInt64OrZero(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''))) AS ceq_revenue,
               materialize(toDecimal128(0, 6)) AS ceq_cost,
               toUInt8(NOT (match(replaceRegexpAll(ifNull(toString(`year`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^[0-9]{4}$') AND match(replaceRegexpAll(ifNull(toString(`customers`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^[0-9]+$') AND match(replaceRegexpAll(ifNull(toString(`avg_revenue`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'))) AS ceq_bad
        FROM crm.churned_customers
      )
    )
    ARRAY JOIN [0, 1] AS ceq_all
    GROUP BY ceq_period, ceq_all, g1
  ) AS ceq_sums USING (ceq_period, ceq_all, g1)
)
ORDER BY period_number, isNull(`region`), `region`;
