import type { Triple } from "../../src/model/value/summary.js";
import { random, simulateCustomer } from "../../scripts/simulate-clv.mjs";

/**
 * The distinct (x, t_x, T) of `n` customers drawn from BG/NBD (r 0.8, α 8, a 1.5, b 6) with
 * `seed`, each observed for a whole number of weeks from `weeks[0]` to `weeks[1]`, t_x rounded to
 * whole days (so that some triples repeat), each with its count.
 */
export function drawnTriples(n: number, seed: number, [from, to]: readonly [number, number]): Triple[] {
  const u = random(seed);
  const byKey = new Map<string, Triple>();
  for (let i = 0; i < n; i++) {
    const T = from + Math.floor(u() * (to - from + 1));
    const { times } = simulateCustomer(u, { r: 0.8, alpha: 8, a: 1.5, b: 6 }, T);
    const x = times.length;
    const tx = x > 0 ? Math.round(times[x - 1]! * 7) / 7 : 0;
    const key = `${x}:${tx}:${T}`;
    const seen = byKey.get(key);
    if (seen) seen.count++;
    else byKey.set(key, { x, tx, T, count: 1 });
  }
  return [...byKey.values()];
}
