/**
 * `ceq sql --dialect clickhouse` for phase exports (new, retained and churned tables): each phase's
 * customers, revenue and cost summed per period (and segment), as phases.ts computes them for the
 * other dialects, without WITH subqueries (ClickHouse 18.16). A row is one customer, or with a
 * count column that many; no per-customer work, so a Distributed table needs no setting.
 */
import type { Phase } from "../schema/row.js";
import { EXPLAIN, type PhaseSource, type PhasesOptions } from "./phases.js";
import { amount, amountOk, dateOk, day, explained, indent, isoText, labels, periodOf, quote, refuseBad, text, ZERO } from "./clickhouse-parts.js";

const ORDER: Phase[] = ["acquisition", "retention", "churn"];

/**
 * One phase's rows: ceq_period, each segment (g1, …), ceq_phase, ceq_customers, ceq_revenue,
 * ceq_cost, and ceq_bad (1 for a row ceq would refuse, whose figures are then 0). Shared by the
 * query and --warehouse.
 */
export function clickhousePhaseRows(o: Pick<PhasesOptions, "dateFormat" | "period" | "fiscalYearStart">, phase: Phase, src: PhaseSource): string {
  const c = src.columns;
  const ok: string[] = [];
  let period: string;
  if (c.date !== undefined) {
    const iso = isoText(text(c.date), o.dateFormat);
    ok.push(dateOk(iso));
    period = periodOf(day(iso), o.period, o.fiscalYearStart);
  } else {
    ok.push(`match(${text(c.year!)}, '^[0-9]{4}$')`);
    period = `toInt32(toInt32OrZero(${text(c.year!)}))`;
  }
  let customers = "materialize(toInt64(1))";
  if (c.count !== undefined) {
    ok.push(`match(${text(c.count)}, '^[0-9]+$')`);
    customers = `toInt64(toInt64OrZero(${text(c.count)}))`;
  }
  const revenueText = text(c.avgRevenue ?? c.revenue!);
  ok.push(amountOk(revenueText));
  const revenue = c.avgRevenue !== undefined ? `${amount(revenueText)} * ${customers}` : amount(revenueText);
  const hasCost = phase !== "churn" && c.cost !== undefined;
  if (hasCost) ok.push(amountOk(text(c.cost!)));
  const groups = c.by.map((column, i) => `${text(column)} AS g${i + 1}, `).join("");
  return `SELECT ${period} AS ceq_period, ${groups}materialize('${phase}') AS ceq_phase,
       ${customers} AS ceq_customers,
       ${revenue} AS ceq_revenue,
       ${hasCost ? amount(text(c.cost!)) : `materialize(${ZERO})`} AS ceq_cost,
       toUInt8(NOT (${ok.join(" AND ")})) AS ceq_bad
FROM ${src.from}`;
}

export function clickhousePhases(o: PhasesOptions): string {
  const g = o.by.map((_, i) => `g${i + 1}`);
  const branches = ORDER.map((phase) => {
    const src = o.phases[phase];
    if (!src) return `SELECT materialize(toInt32(0)) AS ceq_period, ${g.map((a) => `materialize('') AS ${a}, `).join("")}materialize('${phase}') AS ceq_phase, materialize(toInt64(0)) AS ceq_customers, materialize(${ZERO}) AS ceq_revenue, materialize(${ZERO}) AS ceq_cost, materialize(toUInt8(0)) AS ceq_bad\nFROM system.one\nWHERE 0`;
    return clickhousePhaseRows(o, phase, src);
  });
  // UNION ALL in 18.16 wants each column constant in every branch or in none: constants are materialize()d.
  const rows = `SELECT ceq_period, ${g.map((a) => `${a}, `).join("")}ceq_phase, ceq_customers, ceq_revenue, ceq_cost, ceq_bad
FROM (
${indent(branches.join("\nUNION ALL\n"))}
)`;

  const keys = ["ceq_period", "ceq_all", ...g].join(", ");
  const pick = (phase: Phase, what: string) => `sumIf(${what}, ceq_phase = '${phase}')`;
  const sums = `SELECT ceq_period, ceq_all${g.map((a) => `, if(ceq_all = 1, '', ${a}) AS ${a}`).join("")},
       toInt64(${pick("acquisition", "ceq_customers")}) AS new_customers,
       ${pick("acquisition", "ceq_revenue")} AS new_revenue,
       ${pick("acquisition", "ceq_cost")} AS acquisition_cost,
       toInt64(${pick("retention", "ceq_customers")}) AS retained_customers,
       ${pick("retention", "ceq_revenue")} AS retained_revenue,
       ${pick("retention", "ceq_cost")} AS servicing_cost,
       toInt64(${pick("churn", "ceq_customers")}) AS churned_customers,
       ${pick("churn", "ceq_revenue")} AS churned_revenue
FROM (
${indent(rows)}
)
ARRAY JOIN [0${g.length ? ", 1" : ""}] AS ceq_all
GROUP BY ${keys}`;

  // Years are those that hold a row; quarters and months run from the first to the last, gaps included.
  const bounds = `SELECT count() AS ceq_rows, groupUniqArray(ceq_period) AS ceq_periods, min(ceq_period) AS ceq_first, max(ceq_period) AS ceq_last,
       groupUniqArray(tuple(${g.length ? g.join(", ") : "''"})) AS ceq_segments, sum(ceq_bad) AS ceq_bad
FROM (
${indent(rows)}
)`;
  const series = o.period === "year" ? "ARRAY JOIN ceq_periods AS ceq_k" : "ARRAY JOIN range(toUInt32(ceq_last - ceq_first + 1)) AS ceq_k";
  const segments = g.length === 0 ? "[(0, tuple(''))]" : `arrayPushBack(arrayMap(s -> (0, s), ceq_segments), (1, tuple(${g.map(() => "''").join(", ")})))`;
  const grid = `SELECT ceq_period, tupleElement(ceq_segment, 1) AS ceq_all${g.map((a, i) => `, tupleElement(tupleElement(ceq_segment, 2), ${i + 1}) AS ${a}`).join("")}
FROM (
  SELECT toInt32(${o.period === "year" ? "ceq_k" : "ceq_first + ceq_k"}) AS ceq_period, ceq_segments
  FROM (
${indent(indent(bounds))}
  )
  ${series}
  WHERE ${refuseBad("ceq_bad", "period, count, revenue or cost", "export")} AND ceq_rows > 0
)
ARRAY JOIN ${segments} AS ceq_segment`;

  const { label, fiscalYear } = labels("ceq_period", o.period, o.fiscalYearStart);
  const outKeys = o.by.map((b, i) => `if(ceq_all = 1, NULL, g${i + 1}) AS ${quote(b)}, `).join("");
  const range = [o.from !== undefined ? `fiscal_year >= ${o.from}` : "", o.to !== undefined ? `fiscal_year <= ${o.to}` : ""].filter(Boolean);
  const select = `SELECT ${label} AS period,
       toInt32(${fiscalYear}) AS fiscal_year,
       ${outKeys}new_customers, new_revenue, acquisition_cost,
       new_revenue - acquisition_cost AS acquisition_equity,
       retained_customers, retained_revenue, servicing_cost,
       retained_revenue - servicing_cost AS retention_equity,
       churned_customers, churned_revenue,
       -churned_revenue AS churn_equity,
       (new_revenue - acquisition_cost) + (retained_revenue - servicing_cost) - churned_revenue AS customer_equity,
       ceq_period AS period_number
FROM (
${indent(grid)}
) AS ceq_grid
ANY LEFT JOIN (
${indent(sums)}
) AS ceq_sums USING (${keys})`;
  const order = ["period_number", ...o.by.flatMap((b) => [`isNull(${quote(b)})`, quote(b)])].join(", ");
  const header = `-- Customer equity per ${o.period} from phase exports (new, retained, churned), as ceq computes it
-- (ceq sql --dialect clickhouse, for ClickHouse 18.16 and later). Money is Decimal(38, 6): sums are exact.
-- A row whose period, revenue, count or cost does not parse stops the query.
${o.explain ? explained(EXPLAIN).replace("SPEC \"From transactions\"", "ceq's phase exports") : ""}`;
  return `${header}SELECT *
FROM (
${indent(select)}
)${range.length ? `\nWHERE ${range.join(" AND ")}` : ""}
ORDER BY ${order};
`;
}
