/**
 * A compact set of customer ids: for each id (as a 64-bit hash) the phases and years it was seen
 * in, as bits. Twelve bytes per slot instead of a string and a Map entry per id, so ten million
 * customers fit in about 200 MB. Hashes can collide, so anything this table flags is confirmed
 * against the real strings before it becomes an error (see identities.ts).
 *
 * The table is split into SHARDS by the hash's top bits, each grown on its own: growing never
 * holds two copies of the whole table, only of one shard, so the peak stays near the table's size.
 * A slot is `stride` 32-bit words side by side (hash high, hash low, then the bit words), so a
 * probe touches one cache line.
 */
import { LAST_PERIOD } from "../schema/row.js";

const PHASE_BITS = 3;
/** Bit 0 of a slot's first bit word: the id was seen twice in one phase and year. */
const DUP_BIT = 1;
const SHARD_BITS = 6;
const SHARDS = 1 << SHARD_BITS;
const INITIAL_SLOTS = 1 << 10;
const EMPTY = 0;
/** Ids addLog() reads ahead of adding them. */
const AHEAD = 16;

// The last hash computed; module state rather than a returned pair, to allocate nothing per row.
let hashHi = 0;
let hashLo = 0;

/** Mixes the running pair into the final hash; never both 0 (0/0 marks an empty slot). The
 * high word's top bits pick the shard and the slot, so it gets a full avalanche. */
function finish(a: number, b: number): void {
  a = Math.imul(a ^ (a >>> 16), 0x85ebca6b);
  a = Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  a ^= a >>> 16;
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  b ^= b >>> 15;
  hashHi = a | 0;
  hashLo = b | 0;
  if (hashHi === EMPTY && hashLo === EMPTY) hashLo = 1;
}

/** Two independent 32-bit hashes of text[start, end) (FNV-1a and a multiply-xorshift). */
function hashRange(text: string, start: number, end: number): void {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x85ebca6b);
    b ^= b >>> 13;
  }
  finish(a, b);
}

/** hashRange() for ASCII bytes: the same hash as the same characters in a string. */
function hashBytes(bytes: Uint8Array, start: number, end: number): void {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x85ebca6b);
    b ^= b >>> 13;
  }
  finish(a, b);
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

export function hashId(id: string): [number, number] {
  hashRange(id, 0, id.length);
  return [hashHi, hashLo];
}

/** Where ids go while a file is read: the table itself, or a log of hashes (a worker's). */
export interface IdSink {
  /** An id given as a string. */
  add(id: string, phase: number, year: number): void;
  /** An ASCII id at bytes[start, end), without decoding it. */
  addBytes(bytes: Uint8Array, start: number, end: number, phase: number, year: number): void;
}

/**
 * Hashes of ids in the order they were read, as (high, low, year × 4 + phase) triples: what a
 * worker thread sends back so that the one table is filled in file order.
 */
export class HashLog implements IdSink {
  private data = new Int32Array(3 * 4096);
  private length = 0;

  add(id: string, phase: number, year: number): void {
    hashRange(id, 0, id.length);
    this.push(phase, year);
  }

  addBytes(bytes: Uint8Array, start: number, end: number, phase: number, year: number): void {
    hashBytes(bytes, start, end);
    this.push(phase, year);
  }

  private push(phase: number, year: number): void {
    if (this.length + 3 > this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = hashHi;
    this.data[this.length++] = hashLo;
    this.data[this.length++] = year * 4 + phase;
  }

  /** Forgets the triples so far. */
  clear(): void {
    this.length = 0;
  }

  /** The triples so far; the log starts over. */
  take(): Int32Array {
    const out = this.data.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

/**
 * The table as the main thread's plain lines fill it: their ids are hashed into a HashLog and
 * added in batches by addLog(), which reads each batch's slots ahead (an id's slot in a table of
 * millions is a cache miss; one after another they took 2 s of a 10M-row export read on one
 * thread). The table holds every id once flush() has run: CustomerIds flushes before it asks.
 */
export class BatchedIds implements IdSink {
  private readonly pending = new HashLog();
  private count = 0;

  constructor(private readonly table: IdTable) {}

  add(id: string, phase: number, year: number): void {
    this.table.add(id, phase, year);
  }

  addBytes(bytes: Uint8Array, start: number, end: number, phase: number, year: number): void {
    this.pending.addBytes(bytes, start, end, phase, year);
    if (++this.count === BATCH) this.flush();
  }

  flush(): void {
    if (this.count === 0) return;
    this.table.addLog(this.pending.take());
    this.count = 0;
  }
}

/** Ids a BatchedIds holds before adding them. */
const BATCH = 4096;

/** One shard's slots and how many are taken. */
interface Shard {
  slots: Int32Array;
  capacity: number;
  /** 32 − log2(capacity): a hash's home slot is the high word's bits after the shard's. */
  shift: number;
  size: number;
}

/** The first slot a hash's probe looks at in its shard: the high word's bits after the shard's. */
const home = (shard: Shard, h: number): number => (h << SHARD_BITS) >>> shard.shift;

export class IdTable implements IdSink {
  private readonly shards: Shard[] = [];
  /** 32-bit words of phase-year bits per slot, and words per slot in all. */
  private words = 1;
  private stride = 3;
  private size = 0;
  readonly years: number[] = [];
  /** Each year's index in `years`, or -1. */
  private readonly yearIndex = new Int32Array(LAST_PERIOD + 1).fill(-1);
  duplicates = 0;

  constructor() {
    for (let s = 0; s < SHARDS; s++) this.shards.push({ slots: new Int32Array(INITIAL_SLOTS * this.stride), capacity: INITIAL_SLOTS, shift: 32 - Math.log2(INITIAL_SLOTS), size: 0 });
  }

  get count(): number {
    return this.size;
  }

  private bitOf(year: number, phase: number): number {
    let y = this.yearIndex[year]!;
    if (y === -1) {
      y = this.years.length;
      this.years.push(year);
      this.yearIndex[year] = y;
      // Doubled, not grown a word at a time: each widening copies the whole table.
      if (DUP_BIT + (y + 1) * PHASE_BITS > this.words * 32) this.widen(this.words * 2);
    }
    return DUP_BIT + y * PHASE_BITS + phase;
  }

  /** The slot of a hash in a shard: where it is, or the empty slot where it would go. */
  private static find(shard: Shard, stride: number, h: number, l: number): number {
    const mask = shard.capacity - 1;
    const slots = shard.slots;
    let i = home(shard, h);
    while (true) {
      const at = i * stride;
      const sh = slots[at]!;
      const sl = slots[at + 1]!;
      if ((sh === h && sl === l) || (sh === EMPTY && sl === EMPTY)) return at;
      i = (i + 1) & mask;
    }
  }

  /** Copies a shard's slots into `capacity` slots of `stride` words. */
  private static regrow(shard: Shard, oldStride: number, capacity: number, stride: number): void {
    const old = shard.slots;
    const oldCapacity = shard.capacity;
    shard.slots = new Int32Array(capacity * stride);
    shard.capacity = capacity;
    shard.shift = 32 - Math.log2(capacity);
    for (let i = 0; i < oldCapacity; i++) {
      const from = i * oldStride;
      const h = old[from]!;
      const l = old[from + 1]!;
      if (h === EMPTY && l === EMPTY) continue;
      const to = IdTable.find(shard, stride, h, l);
      for (let w = 0; w < oldStride; w++) shard.slots[to + w] = old[from + w]!;
    }
  }

  /** More bit words per slot, for more years than fit. */
  private widen(words: number): void {
    const oldStride = this.stride;
    this.words = words;
    this.stride = 2 + words;
    for (const shard of this.shards) IdTable.regrow(shard, oldStride, shard.capacity, this.stride);
  }

  add(id: string, phase: number, year: number): void {
    hashRange(id, 0, id.length);
    this.addHash(hashHi, hashLo, phase, year);
  }

  addBytes(bytes: Uint8Array, start: number, end: number, phase: number, year: number): void {
    hashBytes(bytes, start, end);
    this.addHash(hashHi, hashLo, phase, year);
  }

  /**
   * Years to know before their rows arrive, in calendar order. Bits are given to years in the
   * order they are first seen, and tally() is quickest when that is calendar order.
   */
  noteYears(years: readonly number[]): void {
    for (const year of [...years].sort((a, b) => a - b)) this.bitOf(year, 0);
  }

  /**
   * Adds a HashLog's triples, in order, AHEAD at a time: each id's home slot is first read
   * for all of them, loads that do not wait on one another, so that the CPU fetches their cache
   * lines at once rather than one miss after another; then each is added, from the cache.
   */
  addLog(triples: Int32Array): void {
    const shards = this.shards;
    let touched = 0;
    for (let from = 0; from < triples.length; from += 3 * AHEAD) {
      const to = Math.min(triples.length, from + 3 * AHEAD);
      const stride = this.stride;
      for (let i = from; i < to; i += 3) {
        const h = triples[i]!;
        const shard = shards[h >>> (32 - SHARD_BITS)]!;
        touched ^= shard.slots[home(shard, h) * stride]!;
      }
      for (let i = from; i < to; i += 3) {
        const code = triples[i + 2]!;
        this.addHash(triples[i]!, triples[i + 1]!, code & 3, code >>> 2);
      }
    }
    this.touched = touched;
  }

  /** What addLog's early reads found, kept so that they are not optimized away. */
  touched = 0;

  /** Records a hashed id in a phase (0 new, 1 retained, 2 churned) and year. */
  addHash(h: number, l: number, phase: number, year: number): void {
    const bit = this.bitOf(year, phase);
    const shard = this.shards[h >>> (32 - SHARD_BITS)]!;
    const stride = this.stride;
    let at = IdTable.find(shard, stride, h, l);
    if (shard.slots[at] === EMPTY && shard.slots[at + 1] === EMPTY) {
      if ((shard.size + 1) * 10 > shard.capacity * 7) {
        IdTable.regrow(shard, stride, shard.capacity * 2, stride);
        at = IdTable.find(shard, stride, h, l);
      }
      shard.slots[at] = h;
      shard.slots[at + 1] = l;
      shard.size++;
      this.size++;
    }
    const word = at + 2 + (bit >>> 5);
    const flag = 1 << (bit & 31);
    const slots = shard.slots;
    if ((slots[word]! & flag) !== 0) {
      slots[at + 2] = slots[at + 2]! | DUP_BIT;
      this.duplicates++;
      return;
    }
    slots[word] = slots[word]! | flag;
  }

  /** The phase bits of an id per year, or undefined if never seen. */
  lookup(id: string): { bits: (year: number, phase: number) => boolean; duplicate: boolean } | undefined {
    const [h, l] = hashId(id);
    const shard = this.shards[h >>> (32 - SHARD_BITS)]!;
    const at = IdTable.find(shard, this.stride, h, l);
    const slots = shard.slots;
    if (slots[at] === EMPTY && slots[at + 1] === EMPTY) return undefined;
    const has = (year: number, phase: number): boolean => {
      const y = year >= 0 && year <= LAST_PERIOD ? this.yearIndex[year]! : -1;
      if (y === -1) return false;
      const bit = DUP_BIT + y * PHASE_BITS + phase;
      return (slots[at + 2 + (bit >>> 5)]! & (1 << (bit & 31))) !== 0;
    };
    return { bits: has, duplicate: (slots[at + 2]! & DUP_BIT) !== 0 };
  }

  /**
   * Counts what the table suggests: ids in two exclusive phases of one year, and retained or
   * churned ids with no earlier new or retained year. Counts are of (id, year) pairs.
   */
  tally(): { conflicts: number; withoutHistory: number } {
    const inOrder = this.years.every((year, i) => i === 0 || this.years[i - 1]! < year);
    if (this.words === 1 && inOrder) return this.tallyWords();
    // Bit positions of each year's new bit, in calendar order.
    const bases = this.years
      .map((year, index) => [year, DUP_BIT + index * PHASE_BITS] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, base]) => base);
    const stride = this.stride;
    let conflicts = 0;
    let withoutHistory = 0;
    for (const { slots, capacity } of this.shards) {
      const bit = (at: number, b: number): boolean => (slots[at + 2 + (b >>> 5)]! & (1 << (b & 31))) !== 0;
      for (let at = 0; at < capacity * stride; at += stride) {
        if (slots[at] === EMPTY && slots[at + 1] === EMPTY) continue;
        let activeBefore = false;
        for (let k = 0; k < bases.length; k++) {
          const base = bases[k]!;
          const n = bit(at, base);
          const r = bit(at, base + 1);
          const c = bit(at, base + 2);
          if (n && r) conflicts++;
          if (r && c) conflicts++;
          if (k > 0 && !activeBefore) withoutHistory += (r ? 1 : 0) + (c ? 1 : 0);
          if (n || r) activeBefore = true;
        }
      }
    }
    return { conflicts, withoutHistory };
  }

  /**
   * tally() for the usual table: one bit word per slot, years first seen in calendar order, so
   * year k's new, retained and churned bits are 1 + 3k, 2 + 3k and 3 + 3k. Whole words at once.
   */
  private tallyWords(): { conflicts: number; withoutHistory: number } {
    let newBits = 0;
    for (let k = 0; k < this.years.length; k++) newBits |= 1 << (DUP_BIT + k * PHASE_BITS);
    const afterFirstYear = newBits & ~(1 << DUP_BIT);
    let conflicts = 0;
    let withoutHistory = 0;
    for (const { slots, capacity } of this.shards) {
      for (let at = 0; at < capacity * 3; at += 3) {
        if (slots[at] === EMPTY && slots[at + 1] === EMPTY) continue;
        const w = slots[at + 2]!;
        const n = w & newBits;
        const r = (w >>> 1) & newBits;
        const c = (w >>> 2) & newBits;
        conflicts += popcount(n & r) + popcount(r & c);
        // Retained or churned in a year after the first, up to and including the first year
        // the customer is new or retained: no earlier record.
        const active = n | r;
        const upTo = active === 0 ? afterFirstYear : afterFirstYear & ((active & -active) * 2 - 1);
        withoutHistory += popcount(r & upTo) + popcount(c & upTo);
      }
    }
    return { conflicts, withoutHistory };
  }

  /** Bytes held, for the benchmark's memory notes. */
  get bytes(): number {
    return this.shards.reduce((sum, s) => sum + s.slots.byteLength, 0);
  }
}
