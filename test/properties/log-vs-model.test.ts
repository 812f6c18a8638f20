/**
 * ceq's reading and classification of random transaction logs against an independent model in
 * this file: a plain Map of customer to period sums in integer cents, periods found by walking
 * the calendar month by month, classes decided by set membership. Every period kind and fiscal
 * start; rows in any order, refunds, free purchases, gaps.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Ledger } from "../../src/model/equity.js";
import { source } from "../../src/io/source.js";
import { classifyCustomers } from "../../src/read/customer-periods.js";
import { summarizeClassified } from "../../src/model/transactions.js";
import { toExactString } from "../../src/money.js";
import { DEFAULT_CELLS } from "../../src/read/options.js";
import { readTransactions } from "../../src/read/transactions.js";
import type { PeriodKind } from "../../src/schema/period.js";
import { folder } from "../support/helpers.js";
import { runs } from "../support/runs.js";

interface Tx {
  id: string;
  y: number;
  m: number;
  d: number;
  cents: number;
  cost: number;
}

/** The model's name for the period of a date. */
function label(kind: PeriodKind, fys: number, y: number, m: number): string {
  const fy = fys > 1 && m >= fys ? y + 1 : y;
  if (kind === "year") return String(fy);
  if (kind === "month") return `${y}-${String(m).padStart(2, "0")}`;
  return `${fy}-Q${Math.floor(((m - fys + 12) % 12) / 3) + 1}`;
}

interface Figures {
  newC: number; newR: number; newCost: number;
  retC: number; retR: number; retCost: number;
  churnC: number; churnR: number;
  react: number; inC: number; inR: number;
}

/** The independent model: every period's figures, by name, in order. */
function model(txs: Tx[], kind: PeriodKind, fys: number, reactivatedAs: "acquisition" | "retention"): [string, Figures][] {
  const months = txs.map((t) => t.y * 12 + t.m - 1);
  const names: string[] = [];
  for (let a = Math.min(...months); a <= Math.max(...months); a++) {
    const name = label(kind, fys, Math.floor(a / 12), (a % 12) + 1);
    if (names[names.length - 1] !== name) names.push(name);
  }
  const at = new Map(names.map((n, i) => [n, i]));
  const sums = new Map<string, Map<number, { cents: number; cost: number; active: boolean }>>();
  for (const t of txs) {
    const p = at.get(label(kind, fys, t.y, t.m))!;
    const mine = sums.get(t.id) ?? new Map();
    sums.set(t.id, mine);
    const s = mine.get(p) ?? { cents: 0, cost: 0, active: false };
    mine.set(p, { cents: s.cents + t.cents, cost: s.cost + t.cost, active: s.active || t.cents >= 0 });
  }
  const out: Figures[] = names.map(() => ({ newC: 0, newR: 0, newCost: 0, retC: 0, retR: 0, retCost: 0, churnC: 0, churnR: 0, react: 0, inC: 0, inR: 0 }));
  for (const mine of sums.values()) {
    const active = new Set([...mine].filter(([, s]) => s.active).map(([p]) => p));
    for (const [p, s] of mine) {
      const f = out[p]!;
      if (!s.active) {
        f.inC++;
        f.inR += s.cents;
        continue;
      }
      const earlier = [...active].some((q) => q < p);
      const asNew = !earlier || (!active.has(p - 1) && reactivatedAs === "acquisition");
      if (earlier && !active.has(p - 1)) f.react++;
      if (asNew) [f.newC, f.newR, f.newCost] = [f.newC + 1, f.newR + s.cents, f.newCost + s.cost];
      else [f.retC, f.retR, f.retCost] = [f.retC + 1, f.retR + s.cents, f.retCost + s.cost];
      if (p + 1 < names.length && !active.has(p + 1)) [out[p + 1]!.churnC, out[p + 1]!.churnR] = [out[p + 1]!.churnC + 1, out[p + 1]!.churnR + s.cents];
    }
  }
  return names.map((n, i) => [n, out[i]!]);
}

/** An exact decimal in cents (the log's amounts have two decimals; sums stay far below 2^53). */
const toCents = (d: { coef: bigint; scale: number }) => Number(d.coef * 100n) / 10 ** d.scale;

const txArb = fc.record({
  id: fc.constantFrom("C1", "C2", "c1", "C 3", "cus_8f3a", "0042", "42"),
  y: fc.integer({ min: 2019, max: 2022 }),
  m: fc.integer({ min: 1, max: 12 }),
  d: fc.integer({ min: 1, max: 28 }),
  cents: fc.oneof(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: -50_000, max: -1 }), fc.constant(0)),
  cost: fc.integer({ min: 0, max: 2_000 }),
});

const money = (c: number) => `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, "0")}`;

describe("a random log, read and classified, agrees with the independent model", () => {
  it.each(["year", "quarter", "month"] as const)("--period %s, any fiscal start, either place for reactivated customers", async (kind) => {
    const dir = folder();
    await fc.assert(
      fc.asyncProperty(fc.array(txArb, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom("acquisition" as const, "retention" as const), fc.boolean(), async (txs, fys, reactivatedAs, viaSchema) => {
        const path = join(dir, "log.csv");
        // A currency column (all USD) sends every row through the zod schema instead of the plain
        // path: both must read the same sums.
        const currency = viaSchema ? ",USD" : "";
        writeFileSync(path, `customer id,date,amount,cost${viaSchema ? ",currency" : ""}\n${txs.map((t) => `${t.id},${t.y}-${String(t.m).padStart(2, "0")}-${String(t.d).padStart(2, "0")},${money(t.cents)},${money(t.cost)}${currency}`).join("\n")}\n`);
        const periods = { kind, fiscalYearStart: fys };
        const log = await readTransactions({ sources: [source(path)], periods, columns: {}, cells: { ...DEFAULT_CELLS, fiscalYearStart: fys }, skipMissingId: false, maxErrors: 50, strict: false });
        expect(log.log.errorCount).toBe(0);
        const summary = summarizeClassified(classifyCustomers(log.customers, log.first, log.last, reactivatedAs), new Ledger(), periods);
        const got = summary.years.map((y): [string, Figures] => [
          y.period ?? String(y.year),
          {
            newC: y.acquisition.customers, newR: toCents(y.acquisition.revenue), newCost: toCents(y.acquisition.cost),
            retC: y.retention.customers, retR: toCents(y.retention.revenue), retCost: toCents(y.retention.cost),
            churnC: y.churn.customers, churnR: toCents(y.churn.revenue),
            react: y.reactivated!, inC: y.inactive!.customers, inR: toCents(y.inactive!.revenue),
          },
        ]);
        expect(got).toEqual(model(txs, kind, fys, reactivatedAs));
        // The identity: acquisition + retention + inactive revenue = every amount of the period
        for (const [name, f] of got) {
          const all = txs.filter((t) => label(kind, fys, t.y, t.m) === name).reduce((sum, t) => sum + t.cents, 0);
          expect(f.newR + f.retR + f.inR).toBe(all);
        }
      }),
      { numRuns: runs(25, 150) },
    );
    rmSync(dir, { recursive: true });
  });

  it("the unit is exact: amounts that drift in binary floating point sum to the cent", async () => {
    const dir = folder({ "log.csv": `customer id,date,amount\n${Array.from({ length: 10 }, () => "A,2024-01-01,0.10").join("\n")}\nA,2024-02-01,0.20\nB,2024-03-01,0.70\n` });
    const log = await readTransactions({ sources: [source(join(dir, "log.csv"))], periods: { kind: "year", fiscalYearStart: 1 }, columns: {}, cells: DEFAULT_CELLS, skipMissingId: false, maxErrors: 50, strict: false });
    const summary = summarizeClassified(classifyCustomers(log.customers, log.first, log.last, "acquisition"), new Ledger(), { kind: "year", fiscalYearStart: 1 });
    // 10 × 0.10 + 0.20 + 0.70 is 1.9000000000000001 in doubles
    expect(toExactString(summary.years[0]!.acquisition.revenue)).toBe("1.9000");
  });
});
