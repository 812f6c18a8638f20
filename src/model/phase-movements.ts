/**
 * Revenue movements from phase exports with customer ids. Pure: rows in, movements out.
 *
 * A phase export gives a customer's revenue in a period on their new or retained row there. A
 * customer of period P is followed by id into the period before, P − 1:
 *
 * - active in P − 1 (a new or retained row there) and retained in P: followed; their revenue in
 *   P − 1 is that row's, in P this one's; the difference is expansion (up) or contraction (down);
 * - not active in P − 1, but active in an earlier period: reactivated (won back: a new row, or a
 *   retained row as `ceq derive --reactivated retention` writes them);
 * - never active before: new (a new row).
 *
 * Churned revenue is the churned rows' revenue of P, as exported (the churn phase's revenue), and
 * the base B = Σ followed customers' revenue in P − 1 + churned revenue. So
 * K = B − churned + expansion − contraction exactly (K: the followed customers' revenue in P), as
 * from a log; on consistent exports (each customer of P − 1 either retained or churned in P, with
 * their P − 1 revenue) B is P − 1's new and retained revenue, the log's base.
 *
 * A period's movements are not computed (a reason instead) when the customers cannot all be
 * followed: a row without an id or counting several customers in P or P − 1, P − 1 not in the
 * exports (the first period), a retained customer with no earlier row, a new customer who was
 * active in P − 1, or a customer active in P − 1 with no row in P at all (neither retained nor
 * churned: their revenue in P − 1 belongs in the base, but whether it was kept is not known).
 * Nothing is guessed.
 *
 * With segments, a followed customer counts in the segment of their P − 1 row (the segment whose
 * customers are followed, as from a log); new and reactivated revenue in the segment of their row
 * in P; churned revenue in the churned row's.
 */
import type { Summary } from "./equity.js";
import { add, compare, subtract, ZERO, type Decimal } from "../money.js";
import { periodLabel, type Periods } from "../schema/period.js";
import type { Phase } from "../schema/row.js";
import type { PeriodFlows } from "./classify.js";
import { movementsOf, pooledMovements, type Movements } from "./movements.js";
import { GROUP_SEPARATOR } from "./segments.js";

/** One phase-export row with a customer id, counting one customer. */
export interface IdRow {
  phase: Phase;
  period: number;
  id: string;
  revenue: Decimal;
  cost: Decimal;
  /** The row's segment key ("" without --by). */
  group: string;
}

/** Why a period's movements are not computed. */
export interface NotFollowed {
  reason: string;
}

export type PeriodMovements = Movements | NotFollowed;

export const isFollowed = (m: PeriodMovements | undefined): m is Movements => m !== undefined && !("reason" in m);

export interface ExportMovements {
  /** Per period: the company's movements, or why there are none. */
  company: Map<number, PeriodMovements>;
  /** Per segment key and period (only with segments). */
  groups: Map<string, Map<number, PeriodMovements>>;
}

interface Active {
  revenue: Decimal;
  group: string;
}

const emptyFlows = (): PeriodFlows => ({ newRevenue: ZERO, reactivatedRevenue: ZERO, reactivatedCost: ZERO, kept: ZERO, expansion: ZERO, contraction: ZERO });

/**
 * The movements of every period in `periods` (the periods of the summary, ascending, gaps
 * included where the summary fills them). `blocked` names the periods with a row that cannot be
 * followed (no id, or several customers), with why. `segmented`: also per segment.
 */
export function exportMovements(rows: readonly IdRow[], periods: readonly number[], blocked: ReadonlyMap<number, string>, segmented: boolean, label: (period: number) => string): ExportMovements {
  const known = new Set(periods);
  const active = new Map<number, Map<string, Active>>();
  const first = new Map<string, number>();
  for (const row of rows) {
    if (row.phase === "churn") continue;
    let map = active.get(row.period);
    if (!map) active.set(row.period, (map = new Map()));
    const before = map.get(row.id);
    map.set(row.id, { revenue: before ? add(before.revenue, row.revenue) : row.revenue, group: row.group });
    first.set(row.id, Math.min(first.get(row.id) ?? row.period, row.period));
  }
  const byPeriod = new Map<number, IdRow[]>();
  for (const row of rows) {
    let list = byPeriod.get(row.period);
    if (!list) byPeriod.set(row.period, (list = []));
    list.push(row);
  }

  const company = new Map<number, PeriodMovements>();
  const groups = new Map<string, Map<number, PeriodMovements>>();
  for (const p of periods) {
    const reason = blocked.get(p) ?? blocked.get(p - 1) ?? (known.has(p - 1) ? undefined : p === periods[0] ? `${label(p)} is the first period of the exports: the period before is not in them` : `the exports have no row in ${label(p - 1)}, the period before ${label(p)}`);
    const flows = new Map<string | null, { flows: PeriodFlows; base: Decimal; churned: Decimal }>();
    const at = (group: string | null) => {
      let f = flows.get(group);
      if (!f) flows.set(group, (f = { flows: emptyFlows(), base: ZERO, churned: ZERO }));
      return f;
    };
    const keys = (group: string): (string | null)[] => (segmented ? [null, group] : [null]);
    let why = reason;
    const previous = active.get(p - 1);
    const seen = new Set<string>();
    for (const row of why === undefined ? (byPeriod.get(p) ?? []) : []) {
      seen.add(row.id);
      if (row.phase === "churn") {
        for (const k of keys(row.group)) {
          const f = at(k);
          f.churned = add(f.churned, row.revenue);
          f.base = add(f.base, row.revenue);
        }
        continue;
      }
      const before = previous?.get(row.id);
      if (before) {
        if (row.phase === "acquisition") {
          why = `customer ${row.id} is new in ${label(p)} but has a new or retained row in ${label(p - 1)}`;
          break;
        }
        const change = subtract(row.revenue, before.revenue);
        for (const k of keys(before.group)) {
          const f = at(k).flows;
          at(k).base = add(at(k).base, before.revenue);
          f.kept = add(f.kept, row.revenue);
          if (compare(change, ZERO) > 0) f.expansion = add(f.expansion, change);
          else f.contraction = subtract(f.contraction, change);
        }
      } else if (first.get(row.id)! < p - 1) {
        for (const k of keys(row.group)) {
          const f = at(k).flows;
          f.reactivatedRevenue = add(f.reactivatedRevenue, row.revenue);
          f.reactivatedCost = add(f.reactivatedCost, row.cost);
        }
      } else if (row.phase === "retention") {
        why = `retained customer ${row.id} of ${label(p)} has no new or retained row in ${label(p - 1)} nor earlier`;
        break;
      } else {
        for (const k of keys(row.group)) at(k).flows.newRevenue = add(at(k).flows.newRevenue, row.revenue);
      }
    }
    if (why === undefined && previous) {
      for (const id of previous.keys()) {
        if (seen.has(id)) continue;
        why = `customer ${id} has a new or retained row in ${label(p - 1)} but no row in ${label(p)}, neither retained nor churned`;
        break;
      }
    }
    if (why !== undefined) {
      company.set(p, { reason: why });
      continue;
    }
    at(null);
    for (const [key, f] of flows) {
      const m = movementsOf(f.flows, f.churned, f.base);
      if (key === null) company.set(p, m);
      else {
        let g = groups.get(key);
        if (!g) groups.set(key, (g = new Map()));
        g.set(p, m);
      }
    }
  }
  return { company, groups };
}

/** A segment's movements in a period: none computed (the reason), or zeros where it has no rows. */
export function segmentMovements(result: ExportMovements, group: string, period: number): PeriodMovements | undefined {
  const company = result.company.get(period);
  if (!isFollowed(company)) return company;
  return result.groups.get(group)?.get(period) ?? movementsOf(emptyFlows(), ZERO, ZERO);
}

/**
 * Puts the movements on a phase-export summary's entries (each period, each segment's, and the
 * totals when every period in range has them); returns the reasons of the periods in range that
 * have none, in order.
 */
export function attachExportMovements(summary: Summary, result: ExportMovements, periods: Periods): string[] {
  const keyOf = new Map<string, number>();
  for (const p of result.company.keys()) keyOf.set(periodLabel(p, periods), p);
  const reasons: string[] = [];
  const pooled = new Map<string | null, Movements[] | null>();
  for (const y of summary.years) {
    const p = keyOf.get(y.period ?? String(y.year));
    const group = y.group === null ? null : summary.by.map((c) => y.group![c] ?? "").join(GROUP_SEPARATOR);
    const m = p === undefined ? undefined : group === null ? result.company.get(p) : segmentMovements(result, group, p);
    if (isFollowed(m)) y.movements = m;
    else if (group === null) reasons.push(m?.reason ?? `${y.period ?? y.year}: not followed`);
    const list = pooled.has(group) ? pooled.get(group)! : [];
    if (list !== null && isFollowed(m)) list.push(m);
    pooled.set(group, isFollowed(m) ? list : null);
  }
  const totals = [summary.total, ...summary.groupTotals];
  for (const t of totals) {
    const group = t.group === null ? null : summary.by.map((c) => t.group![c] ?? "").join(GROUP_SEPARATOR);
    const list = pooled.get(group);
    if (list) t.movements = pooledMovements(list);
  }
  return reasons;
}
