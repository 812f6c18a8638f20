-- Customer equity per year from a transaction log, classified as ceq classifies it
-- (ceq sql --dialect clickhouse, for ClickHouse 18.16 and later, a Distributed table included).
-- Money is Decimal(38, 6): sums are exact. A row whose amount, date or customer id does not parse stops the query.
SELECT *
FROM (
  SELECT toString(ceq_period) AS period,
         toInt32(ceq_period) AS fiscal_year,
         new_customers, reactivated_customers, new_revenue, acquisition_cost,
         new_revenue - acquisition_cost AS acquisition_equity,
         retained_customers, retained_revenue, servicing_cost,
         retained_revenue - servicing_cost AS retention_equity,
         churned_customers, churned_revenue,
         -churned_revenue AS churn_equity,
         inactive_customers, inactive_revenue, inactive_cost,
         (new_revenue - acquisition_cost) + (retained_revenue - servicing_cost) - churned_revenue AS customer_equity,
         ceq_period AS period_number
  FROM (
    SELECT ceq_period, tupleElement(ceq_segment, 1) AS ceq_all
    FROM (
      SELECT toInt32(ceq_first + ceq_k) AS ceq_period, ceq_segments
      FROM (
        SELECT sum(ceq_n) AS ceq_rows, minIf(ceq_lo, ceq_n > 0) AS ceq_first, maxIf(ceq_hi, ceq_n > 0) AS ceq_last, groupUniqArrayArray(ceq_segments) AS ceq_segments, sum(ceq_bad) AS ceq_bad
        FROM (
          SELECT count() AS ceq_n, min(toInt32(toInt32(toYear(toDateOrZero(if(length(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-')) = 7, concat(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), '-01'), substring(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), 1, 10))))))) AS ceq_lo, max(toInt32(toInt32(toYear(toDateOrZero(if(length(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-')) = 7, concat(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), '-01'), substring(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), 1, 10))))))) AS ceq_hi, groupUniqArray(tuple('')) AS ceq_segments, countIf(NOT (replaceRegexpAll(ifNull(toString(`customer_id`), ''), '^[[:space:]]+|[[:space:]]+$', '') != '' AND (match(if(length(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-')) = 7, concat(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), '-01'), substring(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), 1, 10)), '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') AND toString(toDateOrZero(if(length(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-')) = 7, concat(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), '-01'), substring(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), 1, 10)))) = if(length(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-')) = 7, concat(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), '-01'), substring(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), 1, 10))) AND match(replaceRegexpAll(ifNull(toString(`amount`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'))) AS ceq_bad
          FROM shop.orders
        )
      )
      ARRAY JOIN range(toUInt32(ceq_last - ceq_first + 1)) AS ceq_k
      WHERE toUInt8(if(ceq_bad > 0, concat('ceq refuses this log: ', toString(ceq_bad), ' rows whose amount, date or customer id is empty or does not parse; no figure is given'), '0')) = 0 AND ceq_rows > 0
    )
    ARRAY JOIN [(0, tuple(''))] AS ceq_segment
  ) AS ceq_grid
  ANY LEFT JOIN (
    SELECT toInt32(tupleElement(ceq_row, 1)) AS ceq_period, ceq_all,
           toUInt64(countIf(tupleElement(ceq_row, 2) IN ('new', 'reactivated'))) AS new_customers,
           toUInt64(countIf(tupleElement(ceq_row, 2) IN ('reactivated'))) AS reactivated_customers,
           sumIf(tupleElement(ceq_row, 3), tupleElement(ceq_row, 2) IN ('new', 'reactivated')) AS new_revenue,
           sumIf(tupleElement(ceq_row, 4), tupleElement(ceq_row, 2) IN ('new', 'reactivated')) AS acquisition_cost,
           toUInt64(countIf(tupleElement(ceq_row, 2) IN ('retained'))) AS retained_customers,
           sumIf(tupleElement(ceq_row, 3), tupleElement(ceq_row, 2) IN ('retained')) AS retained_revenue,
           sumIf(tupleElement(ceq_row, 4), tupleElement(ceq_row, 2) IN ('retained')) AS servicing_cost,
           toUInt64(countIf(tupleElement(ceq_row, 2) IN ('churned'))) AS churned_customers,
           sumIf(tupleElement(ceq_row, 3), tupleElement(ceq_row, 2) IN ('churned')) AS churned_revenue,
           toUInt64(countIf(tupleElement(ceq_row, 2) IN ('inactive'))) AS inactive_customers,
           sumIf(tupleElement(ceq_row, 3), tupleElement(ceq_row, 2) IN ('inactive')) AS inactive_revenue,
           sumIf(tupleElement(ceq_row, 4), tupleElement(ceq_row, 2) IN ('inactive')) AS inactive_cost
    FROM (
      SELECT arrayJoin(arrayConcat(
               arrayMap(i -> (toInt32(ceq_a[i]), if(i = 1, 'new', if(ceq_a[i - 1] = ceq_a[i] - 1, 'retained', 'reactivated')), if(has(tupleElement(ceq_revenue, 1), ceq_a[i]), arrayElement(tupleElement(ceq_revenue, 2), indexOf(tupleElement(ceq_revenue, 1), ceq_a[i])), toDecimal128(0, 6)), if(has(tupleElement(ceq_cost, 1), ceq_a[i]), arrayElement(tupleElement(ceq_cost, 2), indexOf(tupleElement(ceq_cost, 1), ceq_a[i])), toDecimal128(0, 6))), arrayEnumerate(ceq_a)),
               arrayMap(i -> (toInt32(ceq_a[i] + 1), 'churned', if(has(tupleElement(ceq_revenue, 1), ceq_a[i]), arrayElement(tupleElement(ceq_revenue, 2), indexOf(tupleElement(ceq_revenue, 1), ceq_a[i])), toDecimal128(0, 6)), toDecimal128(0, 6)), arrayFilter(i -> i = length(ceq_a) OR ceq_a[i + 1] > ceq_a[i] + 1, arrayEnumerate(ceq_a))),
               arrayMap(p -> (toInt32(p), 'inactive', if(has(tupleElement(ceq_revenue, 1), p), arrayElement(tupleElement(ceq_revenue, 2), indexOf(tupleElement(ceq_revenue, 1), p)), toDecimal128(0, 6)), if(has(tupleElement(ceq_cost, 1), p), arrayElement(tupleElement(ceq_cost, 2), indexOf(tupleElement(ceq_cost, 1), p)), toDecimal128(0, 6))), arrayFilter(p -> NOT has(ceq_a, p), ceq_periods)))) AS ceq_row
      FROM (
        SELECT ceq_periods, ceq_revenue, ceq_cost, arraySort(ceq_active) AS ceq_a
        FROM (
          SELECT replaceRegexpAll(ifNull(toString(`customer_id`), ''), '^[[:space:]]+|[[:space:]]+$', '') AS ceq_customer,
                 groupUniqArray(toInt32(toInt32(toYear(toDateOrZero(if(length(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-')) = 7, concat(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), '-01'), substring(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), 1, 10))))))) AS ceq_periods,
                 groupUniqArrayIf(toInt32(toInt32(toYear(toDateOrZero(if(length(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-')) = 7, concat(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), '-01'), substring(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), 1, 10)))))), toDecimal128(if(match(replaceRegexpAll(ifNull(toString(`amount`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'), replaceRegexpAll(ifNull(toString(`amount`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '0'), 6) >= 0) AS ceq_active,
                 sumMap([toInt32(toInt32(toYear(toDateOrZero(if(length(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-')) = 7, concat(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), '-01'), substring(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), 1, 10))))))], [toDecimal128(if(match(replaceRegexpAll(ifNull(toString(`amount`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '^-?[0-9]+([.][0-9]{1,6})?$'), replaceRegexpAll(ifNull(toString(`amount`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '0'), 6)]) AS ceq_revenue,
                 sumMap([toInt32(toInt32(toYear(toDateOrZero(if(length(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-')) = 7, concat(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), '-01'), substring(replaceAll(replaceRegexpAll(ifNull(toString(`date`), ''), '^[[:space:]]+|[[:space:]]+$', ''), '/', '-'), 1, 10))))))], [toDecimal128(0, 6)]) AS ceq_cost
          FROM shop.orders
          GROUP BY ceq_customer
        )
      )
      WHERE length(ceq_periods) >= 0 AND length(ceq_revenue.1) >= 0 AND length(ceq_cost.1) >= 0
    )
    ARRAY JOIN [0] AS ceq_all
    GROUP BY ceq_period, ceq_all
  ) AS ceq_sums USING (ceq_period, ceq_all)
)
ORDER BY period_number;
