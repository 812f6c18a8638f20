/** Growing the typed arrays that hold per-customer and per-entry sums. */

/**
 * A copy of `array` with room for at least `size` elements, its length multiplied by `factor` as
 * often as needed (so growing one element at a time costs amortized constant time); the new
 * elements are `fill`.
 *
 * Arrays filled from the front (a log's chains and sums) grow by 4 (APPEND_GROWTH): each growth
 * copies what is held into fresh memory, and on these machines first touching memory is the cost
 * (the 10M-row log spent a third of its reading thread in growing, doubling). By 4, the copies add
 * up to a third of the final array instead of all of it. The part beyond what is written is
 * zeros the system has not handed over yet, so it costs no resident memory until used (unless
 * `fill` is not 0: those arrays double).
 */
export const APPEND_GROWTH = 4;

/** Where an Int32Array of n elements is made: the heap, or shared memory that a second thread reads as it is. */
export type Int32Of = (n: number) => Int32Array;
export const plainInt32: Int32Of = (n) => new Int32Array(n);
export const sharedInt32: Int32Of = (n) => new Int32Array(new SharedArrayBuffer(n * Int32Array.BYTES_PER_ELEMENT));

/** A copy of a column on shared memory, which a second thread reads as it is. */
export function sharedCopy(from: Float64Array): Float64Array {
  const to = new Float64Array(new SharedArrayBuffer(from.length * Float64Array.BYTES_PER_ELEMENT));
  to.set(from);
  return to;
}

export function grown<T extends Int32Array | Float64Array>(array: T, size: number, fill = 0, factor = 2): T {
  let capacity = Math.max(1, array.length);
  while (capacity < size) capacity *= factor;
  const bigger = new (array.constructor as new (n: number) => T)(capacity);
  bigger.set(array);
  if (fill !== 0) bigger.fill(fill, array.length);
  return bigger;
}
