/** The phase owners' part of a period in JSON: `owners`, `bridge` and `movements` (SPEC, "Phase owners"). */
import type { YearSummary } from "../model/equity.js";
import { bridge } from "../model/bridge.js";
import { ownersOf } from "../model/owners.js";
import { toLiteral, type Decimal, type Ratio } from "../money.js";
import { Literal, type Json } from "./json.js";
import { RATE_DECIMALS } from "./values.js";

export function ownersJson(y: YearSummary, decimals: number): { [key: string]: Json } {
  const money = (v: Decimal | Ratio | null): Json => (v === null ? null : new Literal(toLiteral(v, decimals)));
  const rate = (v: Ratio | null): Json => (v === null ? null : new Literal(toLiteral(v, RATE_DECIMALS)));
  const owners: { [key: string]: Json } = {};
  for (const o of ownersOf(y)) {
    owners[o.owner] = {
      outcome: money(o.outcome),
      customers: o.customers,
      revenue: money(o.revenue),
      averageRevenue: money(o.averageRevenue),
      ...(o.owner === "churn" ? {} : { costPerCustomer: money(o.costPerCustomer) }),
    };
  }
  const steps = y.previous && y.change !== null ? bridge(y.previous, y, decimals) : null;
  const m = y.movements;
  return {
    owners,
    bridge: steps === null ? null : steps.map((s) => ({ phase: s.phase, driver: s.driver, amount: money(s.amount) })),
    movements: m
      ? {
          newRevenue: money(m.newRevenue),
          reactivatedRevenue: money(m.reactivatedRevenue),
          expansion: money(m.expansion),
          contraction: money(m.contraction),
          churnedRevenue: money(m.churnedRevenue),
          netRevenueRetention: rate(m.netRevenueRetention),
          grossRevenueRetention: rate(m.grossRevenueRetention),
        }
      : null,
  };
}
