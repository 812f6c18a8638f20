/**
 * The query `ceq sql` writes: a transaction log classified as SPEC "From transactions" defines it,
 * one named CTE a step, summed per period (and per segment with --by) into the columns of the
 * JSON's fields. The same plan for every dialect; dialects.ts holds what differs.
 */
import type { PeriodKind } from "../schema/period.js";
import type { DateFormat } from "../schema/row.js";
import type { Dialect } from "./dialects.js";
import { checkBody, STRICT } from "./strict.js";

export interface QueryOptions {
  /** The FROM item of the log: a table, a dbt ref()/source(), or (DuckDB) read_csv(...). */
  source: string;
  columns: { id: string; date: string; amount: string; cost: string | undefined; by: readonly string[] };
  dateFormat: DateFormat;
  period: PeriodKind;
  fiscalYearStart: number;
  reactivated: "acquisition" | "retention";
  from: number | undefined;
  to: number | undefined;
  /** Comments that map each step to its definition in the spec. */
  explain: boolean;
}

/** Each CTE's definition in SPEC "From transactions", for --explain. */
export const DEFINITIONS: Record<string, string> = {
  log_rows: "Each row of the log: its customer id, its period (--period; years are fiscal years, quarters fiscal quarters named by their fiscal year, months calendar months), its amount and its cost, as exact decimals.",
  customer_periods: "In each period P a customer's revenue is the sum of their amounts in P (and so is their cost). They are **active** in P when at least one of their rows in P has an amount >= 0 (a purchase, even a free one); refunds alone do not make a customer active.",
  active_periods: "The periods in which each customer is active, with the one before and the one after in which they are active.",
  checked: "Strict as ceq: a row whose customer id is empty or whose amount, cost or date does not parse stops the query with an error that counts them; no figure is given.",
  bounds: "The periods run from the first to the last period that holds a row, gaps included.",
  classified: "**new**: active in P and in no earlier period. **reactivated**: active in P, not in the period before, but in some earlier one. **retained**: active in P and in the period before. **churned**: active in the period before P and not in P; churned revenue is their revenue in that period before. **inactive**: rows in P but not active (refunds only).",
  periods: "Every period from the first to the last, gaps included, so that a period with no rows is kept with zeros.",
  sums: "Per period: acquisition = new, and reactivated unless --reactivated retention (reported apart as a count either way); retention = retained; churn; inactive amounts, so that acquisition revenue + retention revenue + inactive revenue = the sum of all amounts in P.",
};

export const indent = (text: string) => text.replace(/^/gm, "  ");

/** A period as a whole number from a date `d` (fiscal years and quarters, calendar months), its label, its fiscal year, and --from/--to. */
export function periodSql(d: Dialect, o: Pick<QueryOptions, "period" | "fiscalYearStart" | "from" | "to">): { periodOf: string; label: string; fiscalYearOf: string; range: string[] } {
  const s = o.fiscalYearStart;
  const fiscal = s === 1 ? d.year("d") : `${d.year("d")} + CASE WHEN ${d.month("d")} >= ${s} THEN 1 ELSE 0 END`;
  const periodOf =
    o.period === "year" ? fiscal : o.period === "month" ? `${d.year("d")} * 12 + ${d.month("d")} - 1` : `(${fiscal}) * 4 + CAST(FLOOR(MOD(${d.month("d")} - ${s} + 12, 12) / 3.0) AS ${d.int})`;
  const label =
    o.period === "year"
      ? `CAST(period AS ${d.text})`
      : o.period === "quarter"
        ? `CONCAT(CAST(CAST(FLOOR(period / 4.0) AS ${d.int}) AS ${d.text}), '-Q', CAST(MOD(period, 4) + 1 AS ${d.text}))`
        : `CONCAT(CAST(CAST(FLOOR(period / 12.0) AS ${d.int}) AS ${d.text}), '-', LPAD(CAST(MOD(period, 12) + 1 AS ${d.text}), 2, '0'))`;
  const fiscalYearOf =
    o.period === "year" ? "period" : o.period === "quarter" ? `CAST(FLOOR(period / 4.0) AS ${d.int})` : s === 1 ? `CAST(FLOOR(period / 12.0) AS ${d.int})` : `CAST(FLOOR(period / 12.0) AS ${d.int}) + CASE WHEN MOD(period, 12) + 1 >= ${s} THEN 1 ELSE 0 END`;
  const range = [o.from !== undefined ? `fiscal_year >= ${o.from}` : "", o.to !== undefined ? `fiscal_year <= ${o.to}` : ""].filter(Boolean);
  return { periodOf, label, fiscalYearOf, range };
}

/**
 * The steps every query on a log starts with: its rows read with the safe casts (log_rows), the
 * condition that marks a row ceq would refuse, and what the customer_periods step groups (with
 * --by, each row with its customer's segment in the period). Shared by the query and --warehouse.
 * An empty or NULL cost is refused as a bad amount is, as ceq refuses an empty cost cell.
 */
export function logSteps(d: Dialect, o: QueryOptions): { logRows: string; bad: string; what: string; grouped: string; g: string[] } {
  const q = d.quote;
  const strict = STRICT[d.name as keyof typeof STRICT];
  const date = strict.date(`CAST(${q(o.columns.date)} AS ${d.text})`, o.dateFormat);
  const { periodOf } = periodSql(d, o);
  // An empty cell is a segment of its own (''), as in ceq; NULL is left for the company's rows.
  const groups = o.columns.by.map((c, i) => [`COALESCE(TRIM(CAST(${q(c)} AS ${d.text})), '')`, `g${i + 1}`] as const);
  const g = groups.map(([, alias]) => alias);
  const money = (x: string) => `CAST(${x} AS ${d.money})`;
  const what = o.columns.cost === undefined ? "customer id, amount or date" : "customer id, amount, cost or date";
  // By segment: a customer's segment in a period is that of their latest row there.
  const segmentOf = g.length === 0 ? "" : `,\n${g.map((a) => `FIRST_VALUE(${a}) OVER (PARTITION BY customer_id, period ORDER BY day DESC, ${a} DESC) AS ${a}`).join(",\n")}`;
  // The row's period and day, computed from its date once.
  const logRows = `SELECT customer_id,
       ${periodOf} AS period,
       d AS day,
       amount,
       cost${g.length ? `,\n       ${g.join(",\n       ")}` : ""}
FROM (
  SELECT TRIM(CAST(${q(o.columns.id)} AS ${d.text})) AS customer_id,
         ${date} AS d,
         ${strict.money(`TRIM(CAST(${q(o.columns.amount)} AS ${d.text}))`)} AS amount,
         ${o.columns.cost === undefined ? money("0") : strict.money(`TRIM(CAST(${q(o.columns.cost)} AS ${d.text}))`)} AS cost${groups.map(([expr, alias]) => `,\n         ${expr} AS ${alias}`).join("")}
  FROM ${o.source}
) AS typed`;
  const grouped = g.length ? `(\n  SELECT customer_id, period, amount, cost${segmentOf.replace(/\n/g, "\n    ")}\n  FROM log_rows\n) AS segmented` : "log_rows";
  return { logRows, bad: "customer_id IS NULL OR customer_id = '' OR day IS NULL OR amount IS NULL OR cost IS NULL", what, grouped, g };
}

/** The query's text for one dialect. */
export function transactionsQuery(d: Dialect, o: QueryOptions): string {
  const q = d.quote;
  const cte = (name: string, body: string, definition = DEFINITIONS[name]!) => `${o.explain ? `-- ${definition.replace(/\*\*/g, "")}\n` : ""}${name} AS (\n${indent(body.trim())}\n)`;
  const { label, fiscalYearOf, range } = periodSql(d, o);
  const { logRows, bad, what, grouped, g } = logSteps(d, o);
  const list = (prefix: string) => g.map((a) => `${prefix}${a}, `).join("");
  const acquisition = o.reactivated === "acquisition" ? "'new', 'reactivated'" : "'new'";
  const retention = o.reactivated === "acquisition" ? "'retained'" : "'retained', 'reactivated'";
  const sum = (cls: string, what: string) => `COALESCE(SUM(CASE WHEN c.class IN (${cls}) THEN ${what} END), 0)`;
  const count = (cls: string) => `SUM(CASE WHEN c.class IN (${cls}) THEN 1 ELSE 0 END)`;
  const money = (x: string) => `CAST(${x} AS ${d.money})`;
  const ctes = [cte("log_rows", logRows), cte("checked", checkBody(d, "log_rows", bad, what))];
  ctes.push(
    cte(
      "customer_periods",
      `SELECT customer_id, period, ${list("")}SUM(amount) AS revenue, SUM(cost) AS cost, MAX(CASE WHEN amount >= 0 THEN 1 ELSE 0 END) AS active
FROM ${grouped}
GROUP BY customer_id, period${g.length ? `, ${g.join(", ")}` : ""}`,
    ),
    cte(
      "active_periods",
      `SELECT customer_id, period, ${list("")}revenue, cost,
       LAG(period) OVER (PARTITION BY customer_id ORDER BY period) AS active_before,
       LEAD(period) OVER (PARTITION BY customer_id ORDER BY period) AS active_after${g.map((a) => `,\n       LAG(${a}) OVER (PARTITION BY customer_id ORDER BY period) AS ${a}_before`).join("")}
FROM customer_periods
WHERE active = 1`,
    ),
    cte("bounds", "SELECT MIN(period) AS first_period, MAX(period) AS last_period FROM customer_periods"),
    cte(
      "classified",
      `SELECT period, ${list("")}CASE WHEN active_before IS NULL THEN 'new' WHEN active_before = period - 1 THEN 'retained' ELSE 'reactivated' END AS class,
       customer_id, revenue, cost${g.length ? `,\n       CASE WHEN active_before = period - 1 AND (${g.map((a) => `${a}_before <> ${a}`).join(" OR ")}) THEN 1 ELSE 0 END AS moved_in` : ""}
FROM active_periods
UNION ALL
SELECT active_periods.period + 1, ${list("active_periods.")}'churned', customer_id, revenue, ${money("0")}${g.length ? ", 0" : ""}
FROM active_periods CROSS JOIN bounds
WHERE (active_after IS NULL OR active_after > active_periods.period + 1) AND active_periods.period < bounds.last_period
UNION ALL
SELECT period, ${list("")}'inactive', customer_id, revenue, cost${g.length ? ", 0" : ""}
FROM customer_periods
WHERE active = 0`,
    ),
    cte("periods", `SELECT ${d.series.period} AS period FROM ${d.series.from}`),
  );
  const movedOut =
    g.length === 0
      ? ""
      : `,\n${cte(
          "moves_out",
          `SELECT period, ${g.map((a) => `${a}_before AS ${a}`).join(", ")}, COUNT(*) AS moved_out
FROM active_periods
WHERE active_before = period - 1 AND (${g.map((a) => `${a}_before <> ${a}`).join(" OR ")})
GROUP BY period, ${g.map((a) => `${a}_before`).join(", ")}`,
          "By segment: a customer retained in another segment than the period before's has moved: counted in the new one's moved_in and the old one's moved_out.",
        )}`;
  const grid = g.length === 0 ? "periods" : `periods CROSS JOIN (SELECT DISTINCT ${g.join(", ")} FROM log_rows) AS segments`;
  const on = ["c.period = p.period", ...g.map((a) => `c.${a} = p.${a}`)].join(" AND ");
  const keys = ["p.period", ...g.map((a) => `p.${a}`)];
  const measures = `${count(acquisition)} AS new_customers,
       ${count("'reactivated'")} AS reactivated_customers,
       ${sum(acquisition, "c.revenue")} AS new_revenue,
       ${sum(acquisition, "c.cost")} AS acquisition_cost,
       ${count(retention)} AS retained_customers,
       ${sum(retention, "c.revenue")} AS retained_revenue,
       ${sum(retention, "c.cost")} AS servicing_cost,
       ${count("'churned'")} AS churned_customers,
       ${sum("'churned'", "c.revenue")} AS churned_revenue,
       ${count("'inactive'")} AS inactive_customers,
       ${sum("'inactive'", "c.revenue")} AS inactive_revenue,
       ${sum("'inactive'", "c.cost")} AS inactive_cost${g.length ? `,\n       COALESCE(SUM(c.moved_in), 0) AS moved_in` : ""}`;
  const joined = `FROM (SELECT ${["period", ...g].join(", ")} FROM ${grid}) AS p\nLEFT JOIN classified AS c ON ${on}`;
  // By segment, each segment's sums and then the company's, in the same columns (NULL segment).
  const sums = cte(
    "sums",
    g.length === 0
      ? `SELECT p.period,\n       ${measures}\n${joined}\nGROUP BY p.period`
      : `SELECT ${keys.join(", ")},\n       ${measures}\n${joined}\nGROUP BY ${keys.join(", ")}\nUNION ALL\nSELECT p.period, ${g.map((a) => `CAST(NULL AS ${d.text}) AS ${a}`).join(", ")},\n       ${measures}\n${joined}\nGROUP BY p.period`,
  );
  const outKeys = g.length === 0 ? "" : o.columns.by.map((c, i) => `s.g${i + 1} AS ${q(c)}, `).join("");
  const moves = g.length === 0 ? "" : `,\n       s.moved_in AS moved_in_customers,\n       COALESCE(m.moved_out, ${g.length ? `CASE WHEN ${g.map((a) => `s.${a} IS NULL`).join(" AND ")} THEN s.moved_in ELSE 0 END` : "0"}) AS moved_out_customers`;
  const moveJoin = g.length === 0 ? "" : `\nLEFT JOIN (SELECT period, ${g.join(", ")}, SUM(moved_out) AS moved_out FROM moves_out GROUP BY period, ${g.join(", ")}) AS m ON m.period = s.period AND ${g.map((a) => `m.${a} = s.${a}`).join(" AND ")}`;
  const select = `SELECT ${label.replace(/period/g, "s.period")} AS period,
       ${fiscalYearOf.replace(/period/g, "s.period")} AS fiscal_year,
       ${outKeys}s.new_customers, s.reactivated_customers, s.new_revenue, s.acquisition_cost,
       s.new_revenue - s.acquisition_cost AS acquisition_equity,
       s.retained_customers, s.retained_revenue, s.servicing_cost,
       s.retained_revenue - s.servicing_cost AS retention_equity,
       s.churned_customers, s.churned_revenue,
       -s.churned_revenue AS churn_equity,
       s.inactive_customers, s.inactive_revenue, s.inactive_cost,
       (s.new_revenue - s.acquisition_cost) + (s.retained_revenue - s.servicing_cost) - s.churned_revenue AS customer_equity${moves},
       s.period AS period_number
FROM sums AS s${moveJoin}
CROSS JOIN checked
WHERE checked.refused = 0`;
  const ordered = `SELECT *\nFROM (\n${indent(select)}\n) AS summary${range.length ? `\nWHERE ${range.join(" AND ")}` : ""}\nORDER BY period_number${g.length ? `, ${o.columns.by.map((c) => `${q(c)} IS NULL, ${q(c)}`).join(", ")}` : ""}`;
  const header = `-- Customer equity per ${o.period} from a transaction log, classified as ceq classifies it\n-- (ceq sql --dialect ${d.name}). Money is ${d.money}: sums are exact.\n`;
  return `${header}WITH\n${[...ctes, sums].join(",\n")}${movedOut}\n${ordered};\n`;
}
