/**
 * `ceq sql --dialect clickhouse` for a transaction log: the classification of SPEC "From
 * transactions" without window functions or WITH subqueries, which ClickHouse 18.16 lacks. A
 * Distributed table sends only the innermost SELECT to its shards, so all the per-customer work
 * is one GROUP BY customer there: each customer's periods, active periods (groupUniqArray),
 * revenue and cost per period (sumMap, which drops a key whose sum is 0: absent means 0) and the
 * segment of their latest row per period. The initiator turns each customer into classified rows
 * with arrays (arraySort, arrayJoin) and sums them per period and segment. 18.16 drops a subquery's
 * column that only a lambda uses (and any that came through `*`): so columns are named, never `*`,
 * and each one the lambdas use is also named in a WHERE that is always true.
 * groupArray over a Decimal(38, 6) crashed 18.16 (issue 31): no decimal is ever collected in one.
 */
import { DEFINITIONS, type QueryOptions } from "./query.js";
import { amount, amountOk, dateOk, day, explained, indent, isoText, labels, periodOf, quote, refuseBad, text, ZERO } from "./clickhouse-parts.js";

export interface ClickHouseOptions extends QueryOptions {
  /** The table is sharded by the customer id: each shard's per-customer rows are final, none is merged. */
  shardedByCustomer: boolean;
}

const SHARDED = `-- --sharded-by-customer: distributed_group_by_no_merge = 1 makes each shard's per-customer rows final,
-- unmerged. That is right ONLY when all of a customer's rows are on one shard: a Distributed table
-- sharded by the customer id (e.g. cityHash64(customer_id)). Sharded any other way (rand()), a
-- customer split over shards is counted once per shard and the figures are wrong.
`;

export function clickhouseTransactions(o: ClickHouseOptions): string {
  const c = o.columns;
  const iso = isoText(text(c.date), o.dateFormat);
  const d = day(iso);
  const P = periodOf(d, o.period, o.fiscalYearStart);
  const AMT = amount(text(c.amount));
  const COST = c.cost === undefined ? ZERO : amount(text(c.cost));
  const G = c.by.map((b) => text(b));
  const g = G.map((_, i) => `g${i + 1}`);
  const ok = [`${text(c.id)} != ''`, dateOk(iso), amountOk(text(c.amount)), ...(c.cost === undefined ? [] : [amountOk(text(c.cost))])].join(" AND ");
  const what = c.cost === undefined ? "amount, date or customer id" : "amount, cost, date or customer id";

  // On the shards: one row per customer. Every expression is written out in full: 18.16 rewrites
  // what it sends to a shard, and aliases or tupleElement(...)[i] did not survive it.
  const perCustomer = `SELECT ${text(c.id)} AS ceq_customer,
       groupUniqArray(${P}) AS ceq_periods,
       groupUniqArrayIf(${P}, ${AMT} >= 0) AS ceq_active,
       sumMap([${P}], [${AMT}]) AS ceq_revenue,
       sumMap([${P}], [${COST}]) AS ceq_cost${G.map((x, i) => `,\n       groupUniqArray((${P}, ${d}, ${x})) AS ceq_seg${i + 1}`).join("")}
FROM ${o.source}
GROUP BY ceq_customer`;

  // On the initiator: a customer's figures in period p, from the arrays above.
  const get = (map: string, p: string) => `if(has(tupleElement(${map}, 1), ${p}), arrayElement(tupleElement(${map}, 2), indexOf(tupleElement(${map}, 1), ${p})), ${ZERO})`;
  // The segment of their latest row in p (the greatest day, then the greatest value, as the other dialects' FIRST_VALUE).
  const seg = (i: number, p: string) => `tupleElement(arrayElement(arrayReverseSort(arrayFilter(x -> tupleElement(x, 1) = ${p}, ceq_seg${i + 1})), 1), 3)`;
  const segs = (p: string) => g.map((_, i) => `, ${seg(i, p)}`).join("");
  const row = (p: string, cls: string, revenue: string, costOf: string, at = p) => `(toInt32(${p}), ${cls}, ${revenue}, ${costOf}${segs(at)})`;
  const a = "ceq_a";
  const enumerate = `arrayEnumerate(${a})`;
  const lists = [
    `arrayMap(i -> ${row(`${a}[i]`, `if(i = 1, 'new', if(${a}[i - 1] = ${a}[i] - 1, 'retained', 'reactivated'))`, get("ceq_revenue", `${a}[i]`), get("ceq_cost", `${a}[i]`))}, ${enumerate})`,
    // Churned in the period after an active one that is not followed by another; a churn after the last period falls outside the grid.
    `arrayMap(i -> ${row(`${a}[i] + 1`, "'churned'", get("ceq_revenue", `${a}[i]`), ZERO, `${a}[i]`)}, arrayFilter(i -> i = length(${a}) OR ${a}[i + 1] > ${a}[i] + 1, ${enumerate}))`,
    `arrayMap(p -> ${row("p", "'inactive'", get("ceq_revenue", "p"), get("ceq_cost", "p"))}, arrayFilter(p -> NOT has(${a}, p), ceq_periods))`,
  ];
  if (g.length > 0) {
    // A customer retained in another segment than the period before's has moved: in the new one's moved_in, the old one's moved_out.
    const moved = `arrayFilter(i -> i > 1 AND ${a}[i - 1] = ${a}[i] - 1 AND (${g.map((_, k) => `${seg(k, `${a}[i - 1]`)} != ${seg(k, `${a}[i]`)}`).join(" OR ")}), ${enumerate})`;
    lists.push(`arrayMap(i -> ${row(`${a}[i]`, "'moved_in'", ZERO, ZERO)}, ${moved})`);
    lists.push(`arrayMap(i -> ${row(`${a}[i]`, "'moved_out'", ZERO, ZERO, `${a}[i - 1]`)}, ${moved})`);
  }
  const classified = `SELECT arrayJoin(arrayConcat(
         ${lists.join(",\n         ")})) AS ceq_row
FROM (
  SELECT ceq_periods, ceq_revenue, ceq_cost, ${g.map((_, i) => `ceq_seg${i + 1}, `).join("")}arraySort(ceq_active) AS ${a}
  FROM (
${indent(indent(perCustomer))}
  )
)
WHERE ${["ceq_periods", "ceq_revenue.1", "ceq_cost.1", ...g.map((_, i) => `ceq_seg${i + 1}`)].map((x) => `length(${x}) >= 0`).join(" AND ")}`;

  // Each row counted twice: in its segment and in the company's (ceq_all = 1), so that one pass gives both.
  const acquisition = o.reactivated === "acquisition" ? "('new', 'reactivated')" : "('new')";
  const retention = o.reactivated === "acquisition" ? "('retained')" : "('retained', 'reactivated')";
  const cls = "tupleElement(ceq_row, 2)";
  const count = (set: string) => `toUInt64(countIf(${cls} IN ${set}))`;
  const sum = (set: string, k: number) => `sumIf(tupleElement(ceq_row, ${k}), ${cls} IN ${set})`;
  const keys = ["ceq_period", "ceq_all", ...g].join(", ");
  const sums = `SELECT toInt32(tupleElement(ceq_row, 1)) AS ceq_period, ceq_all${g.map((a2, i) => `, if(ceq_all = 1, '', tupleElement(ceq_row, ${i + 5})) AS ${a2}`).join("")},
       ${count(acquisition)} AS new_customers,
       ${count("('reactivated')")} AS reactivated_customers,
       ${sum(acquisition, 3)} AS new_revenue,
       ${sum(acquisition, 4)} AS acquisition_cost,
       ${count(retention)} AS retained_customers,
       ${sum(retention, 3)} AS retained_revenue,
       ${sum(retention, 4)} AS servicing_cost,
       ${count("('churned')")} AS churned_customers,
       ${sum("('churned')", 3)} AS churned_revenue,
       ${count("('inactive')")} AS inactive_customers,
       ${sum("('inactive')", 3)} AS inactive_revenue,
       ${sum("('inactive')", 4)} AS inactive_cost${g.length ? `,\n       ${count("('moved_in')")} AS moved_in,\n       ${count("('moved_out')")} AS moved_out` : ""}
FROM (
${indent(classified)}
)
ARRAY JOIN [0${g.length ? ", 1" : ""}] AS ceq_all
GROUP BY ${keys}`;

  // Every period from the first to the last (gaps included) and every segment of any row, with the
  // count of rows that do not parse: the query stops there when it is not 0.
  // An empty log has no period (min() of nothing is 0 in 18.16, not NULL). Unmerged, a shard without rows gives min() = 0 (18.16 has no NULL there): only shards with rows count.
  const bounds = `SELECT sum(ceq_n) AS ceq_rows, minIf(ceq_lo, ceq_n > 0) AS ceq_first, maxIf(ceq_hi, ceq_n > 0) AS ceq_last, groupUniqArrayArray(ceq_segments) AS ceq_segments, sum(ceq_bad) AS ceq_bad
FROM (
  SELECT count() AS ceq_n, min(${P}) AS ceq_lo, max(${P}) AS ceq_hi, groupUniqArray(tuple(${G.length ? G.join(", ") : "''"})) AS ceq_segments, countIf(NOT (${ok})) AS ceq_bad
  FROM ${o.source}
)`;
  const segments = g.length === 0 ? "[(0, tuple(''))]" : "arrayPushBack(arrayMap(s -> (0, s), ceq_segments), (1, tuple(" + g.map(() => "''").join(", ") + ")))";
  const grid = `SELECT ceq_period, tupleElement(ceq_segment, 1) AS ceq_all${g.map((a2, i) => `, tupleElement(tupleElement(ceq_segment, 2), ${i + 1}) AS ${a2}`).join("")}
FROM (
  SELECT toInt32(ceq_first + ceq_k) AS ceq_period, ceq_segments
  FROM (
${indent(indent(bounds))}
  )
  ARRAY JOIN range(toUInt32(ceq_last - ceq_first + 1)) AS ceq_k
  WHERE ${refuseBad("ceq_bad", what)} AND ceq_rows > 0
)
ARRAY JOIN ${segments} AS ceq_segment`;

  // The period's number is ceq_period until the end: an alias is seen by the whole SELECT in ClickHouse.
  const { label, fiscalYear } = labels("ceq_period", o.period, o.fiscalYearStart);
  const outKeys = c.by.map((b, i) => `if(ceq_all = 1, NULL, g${i + 1}) AS ${quote(b)}, `).join("");
  const range = [o.from !== undefined ? `fiscal_year >= ${o.from}` : "", o.to !== undefined ? `fiscal_year <= ${o.to}` : ""].filter(Boolean);
  const select = `SELECT ${label} AS period,
       toInt32(${fiscalYear}) AS fiscal_year,
       ${outKeys}new_customers, reactivated_customers, new_revenue, acquisition_cost,
       new_revenue - acquisition_cost AS acquisition_equity,
       retained_customers, retained_revenue, servicing_cost,
       retained_revenue - servicing_cost AS retention_equity,
       churned_customers, churned_revenue,
       -churned_revenue AS churn_equity,
       inactive_customers, inactive_revenue, inactive_cost,
       (new_revenue - acquisition_cost) + (retained_revenue - servicing_cost) - churned_revenue AS customer_equity${g.length ? ",\n       moved_in AS moved_in_customers,\n       moved_out AS moved_out_customers" : ""},
       ceq_period AS period_number
FROM (
${indent(grid)}
) AS ceq_grid
ANY LEFT JOIN (
${indent(sums)}
) AS ceq_sums USING (${keys})`;
  const order = ["period_number", ...c.by.flatMap((b) => [`isNull(${quote(b)})`, quote(b)])].join(", ");
  const header = `-- Customer equity per ${o.period} from a transaction log, classified as ceq classifies it
-- (ceq sql --dialect clickhouse, for ClickHouse 18.16 and later, a Distributed table included).
-- Money is Decimal(38, 6): sums are exact. A row whose ${what} does not parse stops the query.
${o.shardedByCustomer ? SHARDED : ""}${o.explain ? explained(DEFINITIONS) : ""}`;
  return `${header}SELECT *
FROM (
${indent(select)}
)${range.length ? `\nWHERE ${range.join(" AND ")}` : ""}
ORDER BY ${order}${o.shardedByCustomer ? "\nSETTINGS distributed_group_by_no_merge = 1" : ""};
`;
}
