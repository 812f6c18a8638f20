/**
 * Many exact sums kept cheaply: each slot of a Float64Array holds a sum of integer units of
 * 10^-4, exact while its magnitude stays below 2^52; what does not fit (an amount with more than
 * four decimals, or a sum grown past that) is moved into an exact decimal beside the slot. A
 * slot's value is the two added. No binary fraction is ever formed.
 */
import { add, decimal, ZERO, type Decimal } from "../money.js";
import { APPEND_GROWTH, grown } from "./typed-arrays.js";

export const UNITS_SCALE = 4;
const SCALE_UP = [10_000, 1_000, 100, 10, 1];
const LIMIT = 2 ** 52;

/** An amount as whole units, or undefined when it has more decimals or is too large. */
export function toUnits(amount: Decimal): number | undefined {
  if (amount.scale > UNITS_SCALE) return undefined;
  const units = Number(amount.coef) * SCALE_UP[amount.scale]!;
  return units < LIMIT && units > -LIMIT ? units : undefined;
}

export class UnitSums {
  private units: Float64Array;
  private readonly exact = new Map<number, Decimal>();

  constructor(capacity = 1024) {
    this.units = new Float64Array(capacity);
  }

  /** Bytes held by the slots (the exact decimals beside them are few and not counted). */
  get bytes(): number {
    return this.units.byteLength;
  }

  /** Makes room for slots below `size`, new slots at zero. */
  ensure(size: number): void {
    if (size > this.units.length) this.units = grown(this.units, size, 0, APPEND_GROWTH);
  }

  /** Reads a slot, so that it is in the cache when added to; returns what it read. */
  touch(slot: number): number {
    return this.units[slot]!;
  }

  addUnits(slot: number, units: number): void {
    const sum = this.units[slot]! + units;
    if (sum < LIMIT && sum > -LIMIT) {
      this.units[slot] = sum;
      return;
    }
    this.addExact(slot, decimal(BigInt(this.units[slot]!), UNITS_SCALE));
    this.units[slot] = units;
  }

  addExact(slot: number, amount: Decimal): void {
    this.exact.set(slot, add(this.exact.get(slot) ?? ZERO, amount));
  }

  add(slot: number, amount: Decimal): void {
    const units = toUnits(amount);
    if (units === undefined) this.addExact(slot, amount);
    else this.addUnits(slot, units);
  }

  /** The units of a slot, or undefined when part of it is held exactly (read it with value()). */
  unitsOf(slot: number): number | undefined {
    return this.exact.has(slot) ? undefined : this.units[slot]!;
  }

  value(slot: number): Decimal {
    const units = this.units[slot]!;
    const fromUnits = units === 0 ? ZERO : decimal(BigInt(units), UNITS_SCALE);
    const exact = this.exact.get(slot);
    return exact === undefined ? fromUnits : add(exact, fromUnits);
  }
}
