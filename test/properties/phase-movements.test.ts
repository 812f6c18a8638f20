/**
 * Revenue movements from phase exports with customer ids (model/phase-movements.ts), against an
 * independent computation: random customer histories are written out as the three exports would
 * hold them, and the movements the model finds from those rows are checked, in integer cents,
 * against the definitions applied to the histories themselves.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exportMovements, isFollowed, type IdRow } from "../../src/model/phase-movements.js";
import { decimal, roundedCoef, toFixed, type Decimal } from "../../src/money.js";

const RUNS = process.env.CEQ_DEEP === "1" ? 2000 : 150;
const PERIODS = 5;

/** A customer's cents per period, or null when not active there, and their segment per period. */
interface Customer {
  revenue: (number | null)[];
  group: string[];
}

const customerArb: fc.Arbitrary<Customer> = fc.record({
  revenue: fc.array(fc.option(fc.integer({ min: -5_000, max: 2_000_000 }), { nil: null, freq: 3 }), { minLength: PERIODS, maxLength: PERIODS }),
  group: fc.array(fc.constantFrom("a", "b"), { minLength: PERIODS, maxLength: PERIODS }),
});

const money = (cents: number): Decimal => decimal(BigInt(cents), 2);
const cents = (d: Decimal) => Number(roundedCoef(d, 2));

/** The rows the exports hold: won-back customers on new rows, or on retained rows (`--reactivated retention`). */
function exportRows(customers: readonly Customer[], backAsRetained: boolean): IdRow[] {
  const rows: IdRow[] = [];
  customers.forEach((c, i) => {
    const id = `C${i}`;
    let ever = false;
    for (let p = 0; p < PERIODS; p++) {
      const now = c.revenue[p] ?? null;
      const before = p > 0 ? (c.revenue[p - 1] ?? null) : null;
      if (now !== null) {
        const phase = before !== null ? "retention" : ever && backAsRetained ? "retention" : "acquisition";
        rows.push({ phase, period: p, id, revenue: money(now), cost: money(Math.abs(now) % 997), group: c.group[p]! });
        ever = true;
      } else if (before !== null) rows.push({ phase: "churn", period: p, id, revenue: money(before), cost: money(0), group: c.group[p - 1]! });
    }
  });
  // Exports list rows by file and then in any order
  return rows.sort((a, b) => (a.id < b.id ? 1 : -1));
}

interface Expected {
  newRevenue: number;
  reactivatedRevenue: number;
  reactivatedCost: number;
  expansion: number;
  contraction: number;
  churned: number;
  base: number;
  kept: number;
  capped: number;
}

/** The definitions, customer by customer, from the histories (not from the rows). */
function expected(customers: readonly Customer[], p: number, group: string | null): Expected {
  const e: Expected = { newRevenue: 0, reactivatedRevenue: 0, reactivatedCost: 0, expansion: 0, contraction: 0, churned: 0, base: 0, kept: 0, capped: 0 };
  for (const c of customers) {
    const now = c.revenue[p] ?? null;
    const before = c.revenue[p - 1] ?? null;
    if (before !== null && (group === null || c.group[p - 1] === group)) {
      e.base += before;
      if (now === null) e.churned += before;
      else {
        e.kept += now;
        e.capped += Math.min(now, before);
        if (now > before) e.expansion += now - before;
        else e.contraction += before - now;
      }
    }
    if (now !== null && before === null && (group === null || c.group[p] === group)) {
      if (c.revenue.slice(0, p).some((r) => r !== null)) {
        e.reactivatedRevenue += now;
        e.reactivatedCost += Math.abs(now) % 997;
      } else e.newRevenue += now;
    }
  }
  return e;
}

const rate = (num: number, den: number) => toFixed({ num: decimal(BigInt(num)), den: decimal(BigInt(den)) }, 8);

describe("revenue movements from phase exports with ids", () => {
  it("equal the definitions applied to random customers' histories, for the company and each segment", () => {
    fc.assert(
      fc.property(fc.array(customerArb, { minLength: 1, maxLength: 25 }), fc.boolean(), (customers, backAsRetained) => {
        const periods = Array.from({ length: PERIODS }, (_, p) => p);
        const result = exportMovements(exportRows(customers, backAsRetained), periods, new Map(), true, String);
        expect(result.company.get(0)).toEqual({ reason: "0 is the first period of the exports: the period before is not in them" });
        for (let p = 1; p < PERIODS; p++) {
          for (const group of [null, "a", "b"]) {
            const m = group === null ? result.company.get(p) : (result.groups.get(group)?.get(p) ?? undefined);
            const e = expected(customers, p, group);
            if (m === undefined) {
              // A segment with no row in the period: nothing moved there
              expect(e).toEqual({ newRevenue: 0, reactivatedRevenue: 0, reactivatedCost: 0, expansion: 0, contraction: 0, churned: 0, base: 0, kept: 0, capped: 0 });
              continue;
            }
            if (!isFollowed(m)) throw new Error(`period ${p}: ${m.reason}`);
            expect([m.newRevenue, m.reactivatedRevenue, m.reactivatedCost, m.expansion, m.contraction, m.churnedRevenue, m.base, m.kept].map(cents)).toEqual([e.newRevenue, e.reactivatedRevenue, e.reactivatedCost, e.expansion, e.contraction, e.churned, e.base, e.kept]);
            if (e.base > 0) {
              expect(toFixed(m.netRevenueRetention!, 8)).toBe(rate(e.kept, e.base));
              expect(toFixed(m.grossRevenueRetention!, 8)).toBe(rate(Math.min(e.capped, e.base), e.base));
            } else expect([m.netRevenueRetention, m.grossRevenueRetention]).toEqual([null, null]);
          }
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("are not computed where a customer cannot be followed: no id, the first period, a retained customer with no past, a new one active before, one who vanished", () => {
    const row = (phase: IdRow["phase"], period: number, id: string, cents: number): IdRow => ({ phase, period, id, revenue: money(cents), cost: money(0), group: "" });
    const base = [row("acquisition", 0, "A", 100_00), row("retention", 1, "A", 150_00), row("retention", 2, "A", 90_00)];
    const label = (p: number) => String(2022 + p);
    const plain = exportMovements(base, [0, 1, 2], new Map(), false, label);
    expect([0, 1, 2].map((p) => isFollowed(plain.company.get(p)))).toEqual([false, true, true]);
    const blocked = exportMovements(base, [0, 1, 2], new Map([[1, "new.csv:3 has no customer id"]]), false, label);
    // A period without ids blocks itself and the next one, whose customers' revenue before it hides
    expect([1, 2].map((p) => blocked.company.get(p))).toEqual([{ reason: "new.csv:3 has no customer id" }, { reason: "new.csv:3 has no customer id" }]);
    const stranger = exportMovements([...base, row("retention", 2, "B", 10_00)], [0, 1, 2], new Map(), false, label);
    expect(stranger.company.get(2)).toEqual({ reason: "retained customer B of 2024 has no new or retained row in 2023 nor earlier" });
    const again = exportMovements([...base, row("acquisition", 2, "C", 5_00), row("acquisition", 1, "C", 5_00)], [0, 1, 2], new Map(), false, label);
    expect(again.company.get(2)).toEqual({ reason: "customer C is new in 2024 but has a new or retained row in 2023" });
    // A customer of 2023 who is in none of 2024's exports: their 2023 revenue is in the base, but
    // whether it was kept is not known, so 2024 has no movements rather than a base without them
    const vanished = exportMovements([...base, row("acquisition", 1, "D", 40_00)], [0, 1, 2], new Map(), false, label);
    expect(isFollowed(vanished.company.get(1))).toBe(true);
    expect(vanished.company.get(2)).toEqual({ reason: "customer D has a new or retained row in 2023 but no row in 2024, neither retained nor churned" });
    const churned = exportMovements([...base, row("acquisition", 1, "D", 40_00), row("churn", 2, "D", 40_00)], [0, 1, 2], new Map(), false, label);
    expect(isFollowed(churned.company.get(2))).toBe(true);
    // Years are the periods the exports have: 2023 missing leaves 2024 with no period before
    const gap = exportMovements([row("acquisition", 0, "A", 100_00), row("acquisition", 2, "B", 100_00)], [0, 2], new Map(), false, label);
    expect(gap.company.get(2)).toEqual({ reason: "the exports have no row in 2023, the period before 2024" });
  });
});
