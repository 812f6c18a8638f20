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
 * active in P − 1, a customer with two new or retained rows in P (an error the reader reports
 * too), or a customer active in P − 1 with no row in P at all (neither retained nor
 * churned: their revenue in P − 1 belongs in the base, but whether it was kept is not known).
 * Nothing is guessed.
 *
 * With segments, a followed customer counts in the segment of their P − 1 row (the segment whose
 * customers are followed, as from a log); new and reactivated revenue in the segment of their row
 * in P; churned revenue in the churned row's.
 */
import type { Summary } from "./equity.js";
import { add, isNegative, negate, subtract, ZERO, type Decimal } from "../money.js";
import { periodLabel, type Periods } from "../schema/period.js";
import { PHASES, type Phase } from "../schema/row.js";
import type { PeriodFlows } from "./classify.js";
import { movementsOf, pooledMovements, type Movements } from "./movements.js";
import { GROUP_SEPARATOR } from "./segments.js";
import { toUnits, UnitSums, UNITS_SCALE } from "./unit-sums.js";

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

/**
 * A period's rows held in columns (read/phase-movements.ts keeps ten million rows in typed
 * arrays), in the order they were read: row i's phase (its index in PHASES), customer (numbered
 * from 0), segment (numbered from 0), and its amounts as whole units of 10^-4 when they have them
 * (a number), else as exact decimals.
 */
export interface PeriodRows {
  readonly length: number;
  phase(row: number): number;
  customer(row: number): number;
  revenue(row: number): number | Decimal;
  cost(row: number): number | Decimal;
  group(row: number): number;
}

/** Rows with customer ids, by period. */
export interface IdRows {
  /** Customers are numbered 0 … customers − 1. */
  readonly customers: number;
  /** The periods that have rows, ascending. */
  periodsWithRows(): number[];
  rowsIn(period: number): PeriodRows | undefined;
  /** A segment number's key, and a customer number's id. */
  groupKey(group: number): string;
  id(customer: number): string;
}

/** Rows as objects, by period (small inputs, and the tests). */
export function idRowsOf(rows: readonly IdRow[]): IdRows {
  const customers = new Map<string, number>();
  const groups = new Map<string, number>();
  const number = (map: Map<string, number>, key: string) => void (map.has(key) || map.set(key, map.size));
  const byPeriod = new Map<number, IdRow[]>();
  for (const row of rows) {
    number(customers, row.id);
    number(groups, row.group);
    const list = byPeriod.get(row.period);
    if (list) list.push(row);
    else byPeriod.set(row.period, [row]);
  }
  const ids = [...customers.keys()];
  const keys = [...groups.keys()];
  const columns = (list: readonly IdRow[]): PeriodRows => ({
    length: list.length,
    phase: (i) => PHASES.indexOf(list[i]!.phase),
    customer: (i) => customers.get(list[i]!.id)!,
    revenue: (i) => toUnits(list[i]!.revenue) ?? list[i]!.revenue,
    cost: (i) => toUnits(list[i]!.cost) ?? list[i]!.cost,
    group: (i) => groups.get(list[i]!.group)!,
  });
  return {
    customers: ids.length,
    periodsWithRows: () => [...byPeriod.keys()].sort((x, y) => x - y),
    rowsIn: (p) => {
      const list = byPeriod.get(p);
      return list && columns(list);
    },
    groupKey: (g) => keys[g]!,
    id: (c) => ids[c]!,
  };
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

const CHURN = PHASES.indexOf("churn");
const ACQUISITION = PHASES.indexOf("acquisition");
const RETENTION = PHASES.indexOf("retention");

/** A flow's sums: slot FLOWS × key + one of these (key 0: the company, 1 + g: segment g). */
const [NEW, REACTIVATED, REACTIVATED_COST, KEPT, EXPANSION, CONTRACTION, BASE, CHURNED, FLOWS] = [0, 1, 2, 3, 4, 5, 6, 7, 8];

const emptyFlows = (): PeriodFlows => ({ newRevenue: ZERO, reactivatedRevenue: ZERO, reactivatedCost: ZERO, kept: ZERO, expansion: ZERO, contraction: ZERO });

const toDecimal = (amount: number | Decimal): Decimal => (typeof amount === "number" ? { coef: BigInt(amount), scale: UNITS_SCALE } : amount);

/** Adds an amount (units or a decimal) to a sum slot. */
function addTo(sums: UnitSums, slot: number, amount: number | Decimal): void {
  if (typeof amount === "number") sums.addUnits(slot, amount);
  else sums.add(slot, amount);
}


/**
 * Each customer's latest period with a new or retained row, as periods are walked in order: the
 * period (+ 1; 0: none), the revenue there (units, or exact beside), and with segments the segment
 * of its last such row. Side by side in one array, so that a row reads one cache line.
 */
class Latest {
  /** Per customer: the latest period + 1, the revenue there, the last period + 1 with a row of any phase. */
  private readonly words: Float64Array;
  private readonly exact = new Map<number, Decimal>();
  private readonly groups: Int32Array | undefined;

  constructor(customers: number, segmented: boolean) {
    this.words = new Float64Array(3 * customers);
    this.groups = segmented ? new Int32Array(customers) : undefined;
  }

  /** The period (+ 1; 0: none) of customer c's latest new or retained row. */
  stamp(c: number): number {
    return this.words[3 * c]!;
  }

  revenue(c: number): number | Decimal {
    const units = this.words[3 * c + 1]!;
    return Number.isNaN(units) ? this.exact.get(c)! : units;
  }

  group(c: number): number {
    return this.groups![c]!;
  }

  /** Whether customer c has a row of any phase in period p, once the walk has passed it. */
  seenIn(c: number, p: number): boolean {
    return this.words[3 * c + 2] === p + 1;
  }

  see(c: number, p: number): void {
    this.words[3 * c + 2] = p + 1;
  }

  /** A new or retained row of customer c in period p; a second one in p adds its revenue. */
  activate(c: number, p: number, revenue: number | Decimal, group: number): void {
    const w = 3 * c;
    // A second row in p (which leaves p unfollowed) adds up exactly, for the period after.
    const amount = this.words[w] === p + 1 ? add(toDecimal(this.revenue(c)), toDecimal(revenue)) : revenue;
    this.words[w] = p + 1;
    if (typeof amount === "number") {
      this.words[w + 1] = amount;
      this.exact.delete(c);
    } else {
      this.words[w + 1] = NaN;
      this.exact.set(c, amount);
    }
    if (this.groups) this.groups[c] = group;
  }
}

const NO_ROWS: PeriodRows = { length: 0, phase: () => 0, customer: () => 0, revenue: () => 0, cost: () => 0, group: () => 0 };

/**
 * The movements of every period in `periods` (the periods of the summary, ascending, gaps
 * included where the summary fills them). `blocked` names the periods with a row that cannot be
 * followed (no id, or several customers), with why. `segmented`: also per segment.
 *
 * Periods are walked in order, each period's rows once, each customer's latest period kept in
 * arrays (see Latest): a few numbers a customer, and the rows read in the order they are held.
 */
export function exportMovements(given: readonly IdRow[] | IdRows, periods: readonly number[], blocked: ReadonlyMap<number, string>, segmented: boolean, label: (period: number) => string): ExportMovements {
  const rows = Array.isArray(given) ? idRowsOf(given as readonly IdRow[]) : (given as IdRows);
  const latest = new Latest(rows.customers, segmented);
  const known = new Set(periods);
  const company = new Map<number, PeriodMovements>();
  const groups = new Map<string, Map<number, PeriodMovements>>();
  for (const p of [...new Set([...periods, ...rows.periodsWithRows()])].sort((a, b) => a - b)) {
    const m = walk(p);
    if (m === undefined) continue;
    if ("reason" in m) company.set(p, m);
    else {
      for (const [key, movements] of m.flows) {
        if (key === null) company.set(p, movements);
        else {
          let g = groups.get(key);
          if (!g) groups.set(key, (g = new Map()));
          g.set(p, movements);
        }
      }
    }
  }
  return { company, groups };

  /**
   * Walks period p's rows: its movements when p is one of `periods` (from the customers' latest
   * periods before p), and p's new and retained rows become the customers' latest.
   */
  function walk(p: number): NotFollowed | { flows: Map<string | null, Movements> } | undefined {
    let why = !known.has(p) ? undefined : (blocked.get(p) ?? blocked.get(p - 1) ?? (known.has(p - 1) ? undefined : p === periods[0] ? `${label(p)} is the first period of the exports: the period before is not in them` : `the exports have no row in ${label(p - 1)}, the period before ${label(p)}`));
    let open = known.has(p) && why === undefined;
    const sums = new UnitSums(FLOWS * 4);
    // Sum key per segment number, key 0 being the company.
    const keyOf = new Map<number, number>();
    const company = [0];
    const both = [0, 0];
    // The keys a row's amounts go to (the array is reused: read it before the next call).
    const keys = (g: number): number[] => {
      if (!segmented) return company;
      let key = keyOf.get(g);
      if (key === undefined) keyOf.set(g, (key = keyOf.size + 1));
      sums.ensure(FLOWS * (key + 1));
      both[1] = key;
      return both;
    };
    const list = rows.rowsIn(p) ?? NO_ROWS;
    for (let i = 0; i < list.length; i++) {
      const c = list.customer(i);
      const phase = list.phase(i);
      const revenue = list.revenue(i);
      if (open) {
        latest.see(c, p);
        const stamp = latest.stamp(c);
        if (phase === CHURN) {
          for (const key of keys(segmented ? list.group(i) : 0)) {
            addTo(sums, FLOWS * key + CHURNED, revenue);
            addTo(sums, FLOWS * key + BASE, revenue);
          }
        } else if (stamp === p + 1) {
          // A second new or retained row in p (which the reader reports as an error): which of them was kept is not known.
          why = `customer ${rows.id(c)} has two new or retained rows in ${label(p)}`;
        } else if (stamp === p) {
          // Active in p − 1: followed, in the segment of their row there.
          if (phase === ACQUISITION) why = `customer ${rows.id(c)} is new in ${label(p)} but has a new or retained row in ${label(p - 1)}`;
          else for (const key of keys(segmented ? latest.group(c) : 0)) follow(sums, FLOWS * key, revenue, latest.revenue(c));
        } else if (stamp > 0) {
          // Active before p − 1 only: won back.
          for (const key of keys(segmented ? list.group(i) : 0)) {
            addTo(sums, FLOWS * key + REACTIVATED, revenue);
            addTo(sums, FLOWS * key + REACTIVATED_COST, list.cost(i));
          }
        } else if (phase === RETENTION) {
          why = `retained customer ${rows.id(c)} of ${label(p)} has no new or retained row in ${label(p - 1)} nor earlier`;
        } else {
          for (const key of keys(segmented ? list.group(i) : 0)) addTo(sums, FLOWS * key + NEW, revenue);
        }
        open = why === undefined;
      }
      if (phase !== CHURN) latest.activate(c, p, revenue, segmented ? list.group(i) : 0);
    }
    if (open) {
      // Every customer active in p − 1 has a row in p (the first one missing named, in the rows' order).
      const before = rows.rowsIn(p - 1) ?? NO_ROWS;
      for (let i = 0; i < before.length; i++) {
        const c = before.customer(i);
        if (before.phase(i) !== CHURN && !latest.seenIn(c, p)) {
          why = `customer ${rows.id(c)} has a new or retained row in ${label(p - 1)} but no row in ${label(p)}, neither retained nor churned`;
          break;
        }
      }
    }
    if (!known.has(p)) return undefined;
    if (why !== undefined) return { reason: why };
    const flows = new Map<string | null, Movements>([[null, movementsAt(sums, 0)]]);
    for (const [group, key] of keyOf) flows.set(rows.groupKey(group), movementsAt(sums, FLOWS * key));
    return { flows };
  }
}

/** A customer followed from the period before: kept revenue, and the change as expansion or contraction. */
function follow(sums: UnitSums, at: number, now: number | Decimal, before: number | Decimal): void {
  addTo(sums, at + BASE, before);
  addTo(sums, at + KEPT, now);
  // Stryker disable next-line BlockStatement: a shortcut; without it the exact path below turns the units into decimals and UnitSums.add turns them back into the same units
  if (typeof now === "number" && typeof before === "number") {
    const change = now - before;
    if (change > 0) sums.addUnits(at + EXPANSION, change);
    else sums.addUnits(at + CONTRACTION, -change);
    return;
  }
  const change = subtract(toDecimal(now), toDecimal(before));
  if (isNegative(change)) sums.add(at + CONTRACTION, negate(change));
  else sums.add(at + EXPANSION, change);
}

function movementsAt(sums: UnitSums, at: number): Movements {
  const flows: PeriodFlows = { newRevenue: sums.value(at + NEW), reactivatedRevenue: sums.value(at + REACTIVATED), reactivatedCost: sums.value(at + REACTIVATED_COST), kept: sums.value(at + KEPT), expansion: sums.value(at + EXPANSION), contraction: sums.value(at + CONTRACTION) };
  return movementsOf(flows, sums.value(at + CHURNED), sums.value(at + BASE));
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
