/**
 * The distinct (x, t) of Pareto/NBD's triples, numbered (A₀'s two terms are worked out once a pair,
 * not once a triple), and a table of a function's values kept by (x, t).
 */
import type { IndexedTriples } from "./summary.js";

/** The distinct (x, t) of the triples, t being one of their t_x or T: each pair's x and t (as indices) and each triple's pair. */
export interface Pairs {
  x: Int32Array;
  t: Int32Array;
  index: Int32Array;
}

/** A table of this many places (16 MB) at most numbers the pairs; past it, a Map. */
const PAIR_TABLE_LIMIT = 1 << 22;

/** The pairs of (x, `times`), numbered in the order they first appear among the triples. */
export function pairsOf(d: IndexedTriples, times: Int32Array, distinctTimes: number): Pairs {
  const n = times.length;
  const index = new Int32Array(n);
  let count = 0;
  if (d.xs.length * distinctTimes <= PAIR_TABLE_LIMIT) {
    const table = new Int32Array(d.xs.length * distinctTimes).fill(-1);
    for (let i = 0; i < n; i++) {
      const key = d.x[i]! * distinctTimes + times[i]!;
      const k = table[key]!;
      index[i] = k >= 0 ? k : (table[key] = count++);
    }
  } else {
    const table = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const key = d.x[i]! * distinctTimes + times[i]!;
      const k = table.get(key);
      if (k === undefined) table.set(key, count);
      index[i] = k ?? count++;
    }
  }
  // Each pair's x and t, from its triples (a second pass: no column of the triples' length for them).
  const [px, pt] = [new Int32Array(count), new Int32Array(count)];
  for (let i = 0; i < n; i++) {
    px[index[i]!] = d.x[i]!;
    pt[index[i]!] = times[i]!;
  }
  return { x: px, t: pt, index };
}

/** A table of a function's values kept by (x, t), with no object an entry: x, t and the value in columns, by open addressing. */
export function keptTerms(term: (x: number, t: number) => number): (x: number, t: number) => number {
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  let [xs, ts, values] = [new Float64Array(0), new Float64Array(0), new Float64Array(0)];
  let [size, mask] = [0, -1];
  const slotOf = (x: number, t: number): number => {
    bits[0] = t;
    let slot = Math.imul(words[0]! ^ Math.imul(words[1]!, 0x9e3779b1) ^ Math.imul(x | 0, 0x85ebca6b), 0xc2b2ae35) & mask;
    while (!Number.isNaN(xs[slot]!) && (xs[slot] !== x || ts[slot] !== t)) slot = (slot + 1) & mask;
    return slot;
  };
  const grow = () => {
    const [oldX, oldT, oldV] = [xs, ts, values];
    const capacity = Math.max(1024, 2 * oldX.length);
    [xs, ts, values, mask] = [new Float64Array(capacity).fill(Number.NaN), new Float64Array(capacity), new Float64Array(capacity), capacity - 1];
    for (let k = 0; k < oldX.length; k++) {
      if (Number.isNaN(oldX[k]!)) continue;
      const slot = slotOf(oldX[k]!, oldT[k]!);
      [xs[slot], ts[slot], values[slot]] = [oldX[k]!, oldT[k]!, oldV[k]!];
    }
  };
  return (x, t) => {
    if (2 * (size + 1) > xs.length) grow();
    const slot = slotOf(x, t);
    if (!Number.isNaN(xs[slot]!)) return values[slot]!;
    const value = term(x, t);
    xs[slot] = x;
    ts[slot] = t;
    values[slot] = value;
    size++;
    return value;
  };
}
