/**
 * The query for phase exports (new, retained and churned tables): each phase's sums per period
 * (and segment), as ceq computes them from --new/--retained/--churned. A row is one customer, or
 * with a count column that many; revenue is the row's total, or its average × its count.
 */
import type { PeriodKind } from "../schema/period.js";
import type { DateFormat, Phase } from "../schema/row.js";
import type { Dialect } from "./dialects.js";
import { indent, periodSql } from "./query.js";
import { checkBody, STRICT } from "./strict.js";

export interface PhaseSource {
  from: string;
  columns: { year?: string | undefined; date?: string | undefined; revenue?: string | undefined; avgRevenue?: string | undefined; count?: string | undefined; cost?: string | undefined; by: readonly string[] };
}

export interface PhasesOptions {
  phases: Partial<Record<Phase, PhaseSource>>;
  dateFormat: DateFormat;
  period: PeriodKind;
  fiscalYearStart: number;
  by: readonly string[];
  from: number | undefined;
  to: number | undefined;
  explain: boolean;
}

const NAMES: Record<Phase, string> = { acquisition: "new_rows", retention: "retained_rows", churn: "churned_rows" };

export const EXPLAIN: Record<string, string> = {
  new_rows: "acquisition: new customers won in the period, their revenue and acquisition cost (a row is one customer, or a count column's number of them).",
  retained_rows: "retention: customers active before the period and still active in it, their revenue and servicing cost.",
  churned_rows: "churn: customers active before the period who left in it, with the revenue they brought (their last year's revenue as exported); churned rows carry no cost.",
  checked: "Strict as ceq: a row whose period, count, revenue or cost is empty or does not parse stops the query with an error that counts them; no figure is given.",
  phase_sums: "Per period and phase: customers, revenue and cost summed.",
  periods: "Years are those that hold a row; quarters and months run from the first to the last, gaps included.",
  sums: "customer equity = (new revenue − acquisition cost) + (retained revenue − servicing cost) − churned revenue, per period (and segment, then the company).",
};

/**
 * One phase's rows, read with the safe casts: period, each segment (g1, …), customers, revenue and
 * cost, NULL where a cell does not parse. Shared by the query and --warehouse.
 */
export function phaseRows(d: Dialect, o: Pick<PhasesOptions, "dateFormat" | "period" | "fiscalYearStart" | "from" | "to">, phase: Phase, src: PhaseSource): string {
  const q = d.quote;
  const strict = STRICT[d.name as keyof typeof STRICT];
  const { periodOf } = periodSql(d, o);
  const money = (x: string) => `CAST(${x} AS ${d.money})`;
  const c = src.columns;
  const text = (column: string) => `TRIM(CAST(${q(column)} AS ${d.text}))`;
  const customers = c.count === undefined ? "1" : strict.int(text(c.count));
  const revenue = c.avgRevenue !== undefined ? `${strict.money(text(c.avgRevenue))} * ${customers}` : strict.money(text(c.revenue!));
  const cost = phase === "churn" || c.cost === undefined ? money("0") : strict.money(text(c.cost));
  const period = c.date !== undefined ? periodOf.replace(/\bd\b/g, strict.date(`CAST(${q(c.date)} AS ${d.text})`, o.dateFormat)) : strict.int(text(c.year!));
  const groups = c.by.map((column, i) => `COALESCE(${text(column)}, '') AS g${i + 1}`);
  return `SELECT ${[`${period} AS period`, ...groups, `${customers} AS customers`, `${revenue} AS revenue`, `${cost} AS cost`].join(",\n       ")}\nFROM ${src.from}`;
}

/** What marks a phase row ceq would refuse, and how the refusal names it. */
export const BAD_PHASE_ROW = { bad: "period IS NULL OR customers IS NULL OR revenue IS NULL OR cost IS NULL", what: "period, count, revenue or cost" };

export function phasesQuery(d: Dialect, o: PhasesOptions): string {
  const q = d.quote;
  const { label, fiscalYearOf, range } = periodSql(d, o);
  const money = (x: string) => `CAST(${x} AS ${d.money})`;
  const cte = (name: string, body: string) => `${o.explain ? `-- ${EXPLAIN[name]}\n` : ""}${name} AS (\n${indent(body.trim())}\n)`;
  const g = o.by.map((_, i) => `g${i + 1}`);
  const rows = (Object.keys(NAMES) as Phase[]).map((phase) => {
    const src = o.phases[phase];
    if (!src) return cte(NAMES[phase], `SELECT ${["CAST(NULL AS " + d.int + ") AS period", ...g.map((a) => `CAST(NULL AS ${d.text}) AS ${a}`), `0 AS customers`, `${money("0")} AS revenue`, `${money("0")} AS cost`].join(", ")}\nFROM (SELECT 1 AS x) AS no_file\nWHERE 1 = 0`);
    return cte(NAMES[phase], phaseRows(d, o, phase, src));
  });
  const all = (Object.values(NAMES)).map((name) => `SELECT period, customers, revenue, cost FROM ${name}`).join(" UNION ALL ");
  const checked = cte("checked", checkBody(d, `(${all}) AS all_rows`, BAD_PHASE_ROW.bad, BAD_PHASE_ROW.what, "export"));
  const keys = ["period", ...g].join(", ");
  const phaseSums = cte(
    "phase_sums",
    (Object.keys(NAMES) as Phase[]).map((phase) => `SELECT ${keys}, '${phase}' AS phase, SUM(customers) AS customers, SUM(revenue) AS revenue, SUM(cost) AS cost\nFROM ${NAMES[phase]}\nGROUP BY ${keys}`).join("\nUNION ALL\n"),
  );
  const periods = cte(
    "periods",
    o.period === "year"
      ? "SELECT DISTINCT period FROM phase_sums"
      : `SELECT ${d.series.period} AS period FROM ${d.series.from.replace(/^bounds/, "(SELECT MIN(period) AS first_period, MAX(period) AS last_period FROM phase_sums) AS bounds")}`,
  );
  const grid = g.length === 0 ? "periods" : `periods CROSS JOIN (SELECT DISTINCT ${g.join(", ")} FROM phase_sums) AS segments`;
  const on = ["s.period = p.period", ...g.map((a) => `s.${a} = p.${a}`)].join(" AND ");
  const pick = (phase: Phase, what: string) => `COALESCE(SUM(CASE WHEN s.phase = '${phase}' THEN s.${what} END), 0)`;
  const measures = `${pick("acquisition", "customers")} AS new_customers,
       ${pick("acquisition", "revenue")} AS new_revenue,
       ${pick("acquisition", "cost")} AS acquisition_cost,
       ${pick("retention", "customers")} AS retained_customers,
       ${pick("retention", "revenue")} AS retained_revenue,
       ${pick("retention", "cost")} AS servicing_cost,
       ${pick("churn", "customers")} AS churned_customers,
       ${pick("churn", "revenue")} AS churned_revenue`;
  const joined = `FROM (SELECT ${["period", ...g].join(", ")} FROM ${grid}) AS p\nLEFT JOIN phase_sums AS s ON ${on}`;
  const pkeys = ["p.period", ...g.map((a) => `p.${a}`)].join(", ");
  const sums = cte(
    "sums",
    g.length === 0
      ? `SELECT p.period,\n       ${measures}\n${joined}\nGROUP BY p.period`
      : `SELECT ${pkeys},\n       ${measures}\n${joined}\nGROUP BY ${pkeys}\nUNION ALL\nSELECT p.period, ${g.map((a) => `CAST(NULL AS ${d.text}) AS ${a}`).join(", ")},\n       ${measures}\n${joined}\nGROUP BY p.period`,
  );
  const outKeys = o.by.map((column, i) => `s.g${i + 1} AS ${q(column)}, `).join("");
  const select = `SELECT ${label.replace(/period/g, "s.period")} AS period,
       ${fiscalYearOf.replace(/period/g, "s.period")} AS fiscal_year,
       ${outKeys}s.new_customers, s.new_revenue, s.acquisition_cost,
       s.new_revenue - s.acquisition_cost AS acquisition_equity,
       s.retained_customers, s.retained_revenue, s.servicing_cost,
       s.retained_revenue - s.servicing_cost AS retention_equity,
       s.churned_customers, s.churned_revenue,
       -s.churned_revenue AS churn_equity,
       (s.new_revenue - s.acquisition_cost) + (s.retained_revenue - s.servicing_cost) - s.churned_revenue AS customer_equity,
       s.period AS period_number
FROM sums AS s
CROSS JOIN checked
WHERE checked.refused = 0`;
  const ordered = `SELECT *\nFROM (\n${indent(select)}\n) AS summary${range.length ? `\nWHERE ${range.join(" AND ")}` : ""}\nORDER BY period_number${g.length ? `, ${o.by.map((c) => `${q(c)} IS NULL, ${q(c)}`).join(", ")}` : ""}`;
  const header = `-- Customer equity per ${o.period} from phase exports (new, retained, churned), as ceq computes it\n-- (ceq sql --dialect ${d.name}). Money is ${d.money}: sums are exact.\n`;
  return `${header}WITH\n${[...rows, checked, phaseSums, periods, sums].join(",\n")}\n${ordered};\n`;
}
