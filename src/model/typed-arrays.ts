/** Growing the typed arrays that hold per-customer and per-entry sums. */

/**
 * A copy of `array` with room for at least `size` elements, its length doubled as often as
 * needed (so growing one element at a time costs amortized constant time); the new elements are
 * `fill`.
 */
export function grown<T extends Int32Array | Float64Array>(array: T, size: number, fill = 0): T {
  let capacity = Math.max(1, array.length);
  while (capacity < size) capacity *= 2;
  const bigger = new (array.constructor as new (n: number) => T)(capacity);
  bigger.set(array);
  if (fill !== 0) bigger.fill(fill, array.length);
  return bigger;
}
