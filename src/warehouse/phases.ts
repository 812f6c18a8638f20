/**
 * Phase exports (new, retained and churned tables) read from a warehouse. Each phase's rows are
 * read with the same steps as `ceq sql`'s phase query (phaseRows, clickhousePhaseRows: the
 * engine's safe casts), and two queries run on each table:
 *
 * 1. the check, first: how many rows ceq would refuse (a period, count, revenue or cost that is
 *    empty or does not parse), and how many rows there are;
 * 2. the table summed in the engine per period (and segment): customers, revenue and cost, exact,
 *    as text.
 *
 * The sums go where a file's rows go (a ledger per segment), so that ceq summarizes and renders
 * them as it does a file's. A table with a customer id column is read row by row instead
 * (phase-source.ts), as ceq checks each id and follows customers for the revenue movements.
 */
import { InputError } from "../errors.js";
import type { Issue } from "../issues.js";
import { GROUP_SEPARATOR, type Segments } from "../model/segments.js";
import { PHASE_INDEX } from "../read/identities.js";
import { fileState, YEARS, type FileState } from "../read/phase-rows.js";
import type { Phase } from "../schema/row.js";
import { clickhousePhaseRows } from "../sql/clickhouse-phases.js";
import { DIALECT } from "../sql/dialects.js";
import { BAD_PHASE_ROW, phaseRows, type PhaseSource, type PhasesOptions } from "../sql/phases.js";
import type { Engine } from "./engines.js";
import { exact } from "./read.js";
import type { WarehouseKind } from "./url.js";

export interface PhaseQueries {
  /** One row, by position: rows ceq would refuse, rows. */
  check: string;
  /** Columns by position: period, each --by segment, customers, revenue, cost: one row per period and segment. */
  sums: string;
}

type Periods = Pick<PhasesOptions, "dateFormat" | "period" | "fiscalYearStart" | "from" | "to">;

export function phaseQueries(kind: WarehouseKind, o: Periods, phase: Phase, src: PhaseSource): PhaseQueries {
  const g = src.columns.by.map((_, i) => `g${i + 1}`);
  if (kind === "clickhouse") {
    // One GROUP BY over the rows: on a Distributed table the shards read and cast, the initiator sums.
    const rows = `(\n${clickhousePhaseRows(o, phase, src)}\n)`;
    return {
      check: `SELECT toString(sum(ceq_bad)) AS ceq_bad, toString(count()) AS ceq_rows\nFROM ${rows}`,
      sums: `SELECT toString(ceq_period) AS ceq_p, ${g.map((a) => `${a}, `).join("")}toString(sum(ceq_customers)) AS ceq_c, toString(sum(ceq_revenue)) AS ceq_r, toString(sum(ceq_cost)) AS ceq_k\nFROM ${rows}\nGROUP BY ceq_period${g.map((a) => `, ${a}`).join("")}`,
    };
  }
  const d = DIALECT[kind];
  const rows = `(\n${phaseRows(d, o, phase, src)}\n) AS phase_rows`;
  const text = (x: string) => `CAST(${x} AS ${d.text})`;
  return {
    check: `SELECT ${text(`SUM(CASE WHEN ${BAD_PHASE_ROW.bad} THEN 1 ELSE 0 END)`)} AS bad, ${text("COUNT(*)")} AS ${d.quote("rows")}\nFROM ${rows}`,
    sums: `SELECT ${text("period")} AS period, ${g.map((a) => `${a}, `).join("")}${text("SUM(customers)")} AS customers, ${text("SUM(revenue)")} AS revenue, ${text("SUM(cost)")} AS cost\nFROM ${rows}\nGROUP BY period${g.map((a) => `, ${a}`).join("")}`,
  };
}

/** The check query's answer: rows ceq would refuse, and rows. */
export async function badRows(engine: Engine, check: string): Promise<{ bad: number; rows: number }> {
  const checked = (await engine.query(check)).rows[0] ?? [];
  return { bad: Number(checked[0] ?? 0), rows: Number(checked[1] ?? 0) };
}

/** A table with rows ceq would refuse: an error, no figure. */
export function refusal(name: string, { bad, rows }: { bad: number; rows: number }): InputError {
  return new InputError(`ceq refuses ${name}: ${bad} of its ${rows} rows ${bad === 1 ? "has a" : "have a"} ${BAD_PHASE_ROW.what} that is empty or does not parse; no figure is given`, "find them in the warehouse (ceq sql --dialect … --explain shows how each cell is read), mend or filter them in a view, and run again");
}

/**
 * Checks one phase's table and adds its sums to the segments' ledgers; the file state it returns
 * says which periods it has rows in (for ceq's "has no rows for 2023" warnings) and how many rows.
 * A row ceq would refuse stops the run: an error, no figure.
 */
export async function readPhaseTable(engine: Engine, queries: PhaseQueries, name: string, phase: Phase, by: number, segments: Segments, warn: (issue: Issue) => void): Promise<FileState> {
  const state = fileState(name, phase);
  const { bad, rows } = await badRows(engine, queries.check);
  if (bad > 0) throw refusal(name, { bad, rows });
  state.records = rows;
  for (const row of (await engine.query(queries.sums)).rows) {
    const period = Number(row[0]);
    const key = row.slice(1, 1 + by).map((v) => v ?? "").join(GROUP_SEPARATOR);
    const customers = Number(row[1 + by]);
    segments.of(key).add(phase, period, customers, exact(row[2 + by] ?? null, "revenue"), exact(row[3 + by] ?? null, "cost"));
    if (period >= 0 && period < YEARS) state.seen[PHASE_INDEX[phase] * YEARS + period] = 1;
    state.rows += customers;
  }
  if (rows === 0) warn({ severity: "warning", code: "no-rows", file: name });
  return state;
}
