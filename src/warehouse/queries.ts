/**
 * The two queries --warehouse runs, built from the same steps as `ceq sql`'s query (log_rows: each
 * row read with the engine's safe casts, its period and day; the segment of a customer's latest
 * row in a period), so that what the engine reads is what `ceq sql` would have it read:
 *
 * 1. the check, first: how many rows ceq would refuse (an empty customer id; an amount, cost or
 *    date that is empty or does not parse: an empty or NULL cost too, as ceq refuses one in a
 *    file), the rows, and the first and last day;
 * 2. the log reduced in the engine to one row per customer and period (and segment): their
 *    revenue and cost, exact, as text, and whether they were active (a row with an amount >= 0).
 *
 * ceq classifies those rows itself, with the code that classifies a file: so every format, the
 * dashboard's cohorts and the revenue movements included, is the same as from the exported log.
 */
import { DIALECT } from "../sql/dialects.js";
import { logSteps, type QueryOptions } from "../sql/query.js";
import { amount, amountOk, dateOk, day, isoText, periodOf, text } from "../sql/clickhouse-parts.js";
import type { WarehouseKind } from "./url.js";

export interface WarehouseQueries {
  /** One row, by position: rows ceq would refuse, rows, first day, last day (YYYY-MM-DD). */
  check: string;
  /** Columns by position: customer id, period, each --by segment, revenue, cost, active (1/0): one row per customer and period. */
  customerPeriods: string;
  /** What the check counts, for the refusal's message. */
  what: string;
  /** With --by: every segment value of the log's rows, as ceq meets them in a file (a segment a
   * customer left within a period still has its row, of zeros); undefined without --by. */
  segments?: string;
}

export function warehouseQueries(kind: WarehouseKind, o: QueryOptions): WarehouseQueries {
  return kind === "clickhouse" ? clickhouseQueries(o) : windowQueries(kind, o);
}

function windowQueries(kind: "duckdb" | "postgres", o: QueryOptions): WarehouseQueries {
  const d = DIALECT[kind];
  const { logRows, bad, what, grouped, g } = logSteps(d, o);
  const withRows = `WITH log_rows AS (\n${logRows.replace(/^/gm, "  ")}\n)\n`;
  const check = `${withRows}SELECT CAST(SUM(CASE WHEN ${bad} THEN 1 ELSE 0 END) AS ${d.text}) AS bad, CAST(COUNT(*) AS ${d.text}) AS ${d.quote("rows")},
       CAST(MIN(day) AS ${d.text}) AS first_day, CAST(MAX(day) AS ${d.text}) AS last_day
FROM log_rows`;
  const customerPeriods = `${withRows}SELECT customer_id, CAST(period AS ${d.text}) AS period, ${g.map((a) => `${a}, `).join("")}CAST(SUM(amount) AS ${d.text}) AS revenue, CAST(SUM(cost) AS ${d.text}) AS cost,
       CAST(MAX(CASE WHEN amount >= 0 THEN 1 ELSE 0 END) AS ${d.text}) AS active
FROM ${grouped}
GROUP BY customer_id, period${g.map((a) => `, ${a}`).join("")}`;
  const segments = g.length === 0 ? undefined : `${withRows}SELECT DISTINCT ${g.join(", ")}\nFROM log_rows\nORDER BY ${g.join(", ")}`;
  return { check, customerPeriods, what, ...(segments && { segments }) };
}

/**
 * ClickHouse (18.16 and later): each query is one GROUP BY on the table, so that on a Distributed
 * table the shards do the work and send their sums; every expression is written out in full, as in
 * clickhouse.ts. The segment of a customer's latest row in a period is argMax over (day, value).
 */
function clickhouseQueries(o: QueryOptions): WarehouseQueries {
  const c = o.columns;
  const iso = isoText(text(c.date), o.dateFormat);
  const D = day(iso);
  const P = periodOf(D, o.period, o.fiscalYearStart);
  const AMT = amount(text(c.amount));
  const COST = c.cost === undefined ? "toDecimal128(0, 6)" : amount(text(c.cost));
  const ok = [`${text(c.id)} != ''`, dateOk(iso), amountOk(text(c.amount)), ...(c.cost === undefined ? [] : [amountOk(text(c.cost))])].join(" AND ");
  const what = c.cost === undefined ? "customer id, amount or date" : "customer id, amount, cost or date";
  const check = `SELECT toString(countIf(NOT (${ok}))) AS ceq_bad, toString(count()) AS ceq_rows,
       toString(minIf(${D}, ${ok})) AS ceq_first_day, toString(maxIf(${D}, ${ok})) AS ceq_last_day
FROM ${o.source}`;
  const segments = c.by.map((b, i) => `,\n       argMax(${text(b)}, (${D}, ${text(b)})) AS ceq_g${i + 1}`).join("");
  // Aliases of their own (ceq_…): an alias named as the column it reads is a cyclic alias to ClickHouse.
  const customerPeriods = `SELECT ${text(c.id)} AS ceq_customer, toString(${P}) AS ceq_period${segments},
       toString(sum(${AMT})) AS ceq_revenue, toString(sum(${COST})) AS ceq_cost, toString(max(${AMT} >= 0)) AS ceq_active
FROM ${o.source}
GROUP BY ceq_customer, ceq_period`;
  const aliases = c.by.map((_, i) => `ceq_s${i + 1}`);
  const segmentValues = c.by.length === 0 ? undefined : `SELECT ${c.by.map((b, i) => `${text(b)} AS ${aliases[i]}`).join(", ")}\nFROM ${o.source}\nGROUP BY ${aliases.join(", ")}\nORDER BY ${aliases.join(", ")}`;
  return { check, customerPeriods, what, ...(segmentValues && { segments: segmentValues }) };
}
