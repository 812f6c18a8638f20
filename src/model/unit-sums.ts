/**
 * Many exact sums kept cheaply: each slot of a Float64Array holds a sum of integer units of
 * 10^-4, exact while its magnitude stays below 2^52; what does not fit (an amount with more than
 * four decimals, or a sum grown past that) is moved into an exact decimal beside the slot. A
 * slot's value is the two added. No binary fraction is ever formed.
 */
import { add, decimal, ZERO, type Decimal } from "../money.js";
import { APPEND_GROWTH } from "./typed-arrays.js";

export const UNITS_SCALE = 4;
const SCALE_UP = [10_000, 1_000, 100, 10, 1];
const LIMIT = 2 ** 52;

/** An amount as whole units, or undefined when it has more decimals or is too large. */
export function toUnits(amount: Decimal): number | undefined {
  if (amount.scale > UNITS_SCALE) return undefined;
  const units = Number(amount.coef) * SCALE_UP[amount.scale]!;
  return units < LIMIT && units > -LIMIT ? units : undefined;
}

/** Slots a block holds once the first has grown to it (512 KiB of doubles). */
export const SUM_BLOCK_SHIFT = 16;
const BLOCK = 1 << SUM_BLOCK_SHIFT;
const IN_BLOCK = BLOCK - 1;

export class UnitSums {
  /**
   * The slots, in blocks: the first grows by copying (×4) up to a block, so that a small table
   * stays small; past it, blocks of BLOCK slots are added and never copied, so that a big table
   * never holds an old copy beside the new one, nor room it has not used beyond a block.
   */
  private blocks: Float64Array[];
  private capacity: number;
  private readonly exact = new Map<number, Decimal>();

  constructor(capacity = 1024) {
    this.blocks = [new Float64Array(Math.min(Math.max(1, capacity), BLOCK))];
    this.capacity = this.blocks[0]!.length;
    this.ensure(capacity);
  }

  /** Bytes held by the slots (the exact decimals beside them are few and not counted). */
  get bytes(): number {
    return 8 * this.capacity;
  }

  /** Bytes of the part that grows next, as model/memory.ts counts it (twice it bounds what the
   * growth allocates): the first block while it grows by copying, else one block. */
  get growing(): number {
    return 8 * (this.blocks.length === 1 ? this.capacity : BLOCK);
  }

  /** Makes room for slots below `size`, new slots at zero. */
  ensure(size: number): void {
    while (size > this.capacity) {
      const first = this.blocks[0]!;
      if (this.blocks.length === 1 && first.length < BLOCK) {
        const bigger = new Float64Array(Math.min(BLOCK, first.length * APPEND_GROWTH));
        bigger.set(first);
        this.blocks[0] = bigger;
        this.capacity = bigger.length;
      } else {
        this.blocks.push(new Float64Array(BLOCK));
        this.capacity = this.blocks.length * BLOCK;
      }
    }
  }

  /** Reads a slot, so that it is in the cache when added to; returns what it read. */
  touch(slot: number): number {
    return this.blocks[slot >>> SUM_BLOCK_SHIFT]![slot & IN_BLOCK]!;
  }

  addUnits(slot: number, units: number): void {
    const block = this.blocks[slot >>> SUM_BLOCK_SHIFT]!;
    const at = slot & IN_BLOCK;
    const sum = block[at]! + units;
    if (sum < LIMIT && sum > -LIMIT) {
      block[at] = sum;
      return;
    }
    this.addExact(slot, decimal(BigInt(block[at]!), UNITS_SCALE));
    block[at] = units;
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
    return this.exact.has(slot) ? undefined : this.blocks[slot >>> SUM_BLOCK_SHIFT]![slot & IN_BLOCK]!;
  }

  value(slot: number): Decimal {
    const units = this.blocks[slot >>> SUM_BLOCK_SHIFT]![slot & IN_BLOCK]!;
    const fromUnits = units === 0 ? ZERO : decimal(BigInt(units), UNITS_SCALE);
    const exact = this.exact.get(slot);
    return exact === undefined ? fromUnits : add(exact, fromUnits);
  }
}
