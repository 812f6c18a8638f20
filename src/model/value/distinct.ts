/**
 * The distinct values of a column of numbers, numbered in the order each first appears: the (x, T)
 * pairs the valuing works per, and the distinct x, t_x and T a likelihood computes its terms for.
 * An open-addressing table of the values' bits, linear in the column. Sorting the column and
 * searching each value in it, the way before, took n log n steps with a cache miss each: 1.7 s of
 * the 10M-row log's 1.6M customers. The customers' (x, t_x, T) keys are counted by tallyWhole, a
 * radix sort, since they need no numbering of each customer, only each key's count.
 */
import { plainInt32, type Int32Of } from "../typed-arrays.js";

export interface Distinct {
  /** The distinct values, in the order each first appears. */
  values: Float64Array;
  /** Each element's number: the index of its value in `values`. */
  index: Int32Array;
}

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** MurmurHash3's 32-bit finalizer: every bit of `h` moves about half of the result's. */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** A double's 64 bits hashed to 32. */
function hash(value: number): number {
  bits[0] = value;
  return mix(words[0]! ^ mix(words[1]!));
}

/** The column's distinct values by first appearance, and each element's number; −0 is 0, as in a
 * Map (NaN is not a value here). */
export function distinctInOrder(column: ArrayLike<number>): Distinct {
  const n = column.length;
  let size = 16;
  while (size < 2 * n) size *= 2;
  const mask = size - 1;
  // Each slot holds the number of the value in it, plus 1 (0: empty).
  const slots = new Int32Array(size);
  const values = new Float64Array(n);
  const index = new Int32Array(n);
  let count = 0;
  for (let k = 0; k < n; k++) {
    const value = column[k]! + 0;
    let at = hash(value) & mask;
    for (;;) {
      const held = slots[at]! - 1;
      if (held === -1) {
        slots[at] = count + 1;
        values[count] = value;
        index[k] = count++;
        break;
      }
      if (values[held] === value) {
        index[k] = held;
        break;
      }
      at = (at + 1) & mask;
    }
  }
  return { values: values.slice(0, count), index };
}

/** The column's distinct values in ascending order, and each element's index among them. */
export function distinctSorted(column: ArrayLike<number>, int32: Int32Of = plainInt32): Distinct {
  const seen = distinctInOrder(column);
  const sorted = seen.values.slice().sort();
  // Where each value seen lands in the sorted ones (they are few: the x, t_x or T of a log).
  const place = new Int32Array(sorted.length);
  for (let j = 0; j < sorted.length; j++) {
    const v = seen.values[j]!;
    let [lo, hi] = [0, sorted.length - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    place[j] = lo;
  }
  const index = int32 === plainInt32 ? seen.index : int32(seen.index.length);
  for (let k = 0; k < index.length; k++) index[k] = place[seen.index[k]!]!;
  return { values: sorted, index };
}

/** Distinct values and how many times each appears. */
export interface Tally {
  values: Float64Array;
  count: Float64Array;
}

/** Bits sorted a pass of tallyWhole(): a table of 2,048 places, in the first level of the cache. */
const DIGIT_BITS = 11;
const DIGITS = 1 << DIGIT_BITS;

/**
 * The distinct values of a column of whole numbers from 0 to `top` (at most 2^53), ascending,
 * with how many times each appears: a least-significant-digit radix sort, 11 bits a pass (a
 * 29-bit key, 1.6 million of them: three passes, 60 ms, where numbering them by a hash table
 * took 0.4 s), then the runs of equal values counted. The column is the sort's first buffer, and
 * one more of its length is made: `values` and `count` are views of the two (fresh memory costs
 * more than the sort on the bench's machine, 3.5 ms a MB), so the column is not to be read after.
 */
export function tallyWhole(column: Float64Array, top: number): Tally {
  const n = column.length;
  let from: Float64Array = column;
  let to: Float64Array = new Float64Array(n);
  const starts = new Int32Array(DIGITS);
  // A digit is the whole number divided by a power of 2 (exact), cut to 32 bits by `&`: its low 11.
  for (let scale = 1; scale <= top; scale *= DIGITS) {
    starts.fill(0);
    for (let k = 0; k < n; k++) {
      const digit = (from[k]! / scale) & (DIGITS - 1);
      starts[digit] = starts[digit]! + 1;
    }
    for (let digit = 0, at = 0; digit < DIGITS; digit++) {
      const size = starts[digit]!;
      starts[digit] = at;
      at += size;
    }
    for (let k = 0; k < n; k++) {
      const value = from[k]!;
      const digit = (value / scale) & (DIGITS - 1);
      to[starts[digit]!] = value;
      starts[digit] = starts[digit]! + 1;
    }
    [from, to] = [to, from];
  }
  // The runs: each distinct value moved down to its place (never past the one read), its count in the other buffer.
  let m = 0;
  for (let k = 0; k < n; k++) {
    const value = from[k]!;
    if (k > 0 && value === from[m - 1]) {
      to[m - 1]!++;
      continue;
    }
    from[m] = value;
    to[m++] = 1;
  }
  return { values: from.subarray(0, m), count: to.subarray(0, m) };
}

/** The largest whole number distinctOnGrid() takes (a table of this many places: 16 MB). */
const GRID_LIMIT = 1 << 22;

/**
 * distinctSorted() for a column whose values are whole numbers divided by `per` (a log's x with
 * per = 1; t_x and T, whole days divided by the days of the time unit): each value's whole number
 * marks a place in a table as long as the largest, and the places taken, in order, are the sorted
 * values, found with no hashing or sorting. The same values and indices as distinctSorted();
 * undefined when a value is not such a number (w / per gives it back to the last bit) or is
 * beyond GRID_LIMIT.
 */
export function distinctOnGrid(column: ArrayLike<number>, per: number, int32: Int32Of = plainInt32): Distinct | undefined {
  const n = column.length;
  const index = int32(n);
  let top = 0;
  for (let k = 0; k < n; k++) {
    const value = column[k]!;
    const whole = Math.round(value * per);
    if (!(whole >= 0 && whole <= GRID_LIMIT) || whole / per !== value) return undefined;
    index[k] = whole;
    if (whole > top) top = whole;
  }
  // Each whole number's place among those taken, plus 1 (0: not taken).
  const rank = new Int32Array(top + 1);
  for (let k = 0; k < n; k++) rank[index[k]!] = 1;
  let count = 0;
  for (let whole = 0; whole <= top; whole++) if (rank[whole] !== 0) rank[whole] = ++count;
  const values = new Float64Array(count);
  for (let whole = 0; whole <= top; whole++) if (rank[whole] !== 0) values[rank[whole]! - 1] = whole / per;
  for (let k = 0; k < n; k++) index[k] = rank[index[k]!]! - 1;
  return { values, index };
}
