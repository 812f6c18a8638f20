/**
 * A compact set of customer ids: for each id (as a 64-bit hash) the phases and years it was seen
 * in, as bits. Sixteen bytes or so per customer instead of a string and a Map entry each, so ten
 * million customers fit in a few hundred MB. Hashes can collide, so anything this table flags is
 * confirmed against the real strings before it becomes an error (see identities.ts).
 */
const PHASE_BITS = 3;
const EMPTY = 0;

// The last hash computed; module state rather than a returned pair, to allocate nothing per row.
let hashHi = 0;
let hashLo = 0;

/** Two independent 32-bit hashes of text[start, end) (FNV-1a and a multiply-xorshift), never both 0. */
function hashRange(text: string, start: number, end: number): void {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x85ebca6b);
    b ^= b >>> 13;
  }
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  b ^= b >>> 15;
  hashHi = a >>> 0;
  hashLo = b >>> 0;
  if (hashHi === EMPTY && hashLo === EMPTY) hashLo = 1;
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
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  b ^= b >>> 15;
  hashHi = a >>> 0;
  hashLo = b >>> 0;
  if (hashHi === EMPTY && hashLo === EMPTY) hashLo = 1;
}

export function hashId(id: string): [number, number] {
  hashRange(id, 0, id.length);
  return [hashHi, hashLo];
}

export class IdTable {
  private capacity: number;
  private size = 0;
  private hi: Uint32Array;
  private lo: Uint32Array;
  /** `words` Uint32 words of phase-year bits per slot. */
  private bits: Uint32Array;
  private words: number;
  /** Slots whose id was seen twice in one phase and year. */
  private dup: Uint8Array;
  readonly years: number[] = [];
  private readonly yearIndex = new Map<number, number>();
  duplicates = 0;

  constructor(capacity = 1 << 16, words = 1) {
    this.capacity = capacity;
    this.words = words;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.bits = new Uint32Array(capacity * words);
    this.dup = new Uint8Array(capacity);
  }

  get count(): number {
    return this.size;
  }

  private bitOf(year: number, phase: number): number {
    let y = this.yearIndex.get(year);
    if (y === undefined) {
      y = this.years.length;
      this.years.push(year);
      this.yearIndex.set(year, y);
      if ((y + 1) * PHASE_BITS > this.words * 32) this.rebuild(this.capacity, this.words + 1);
    }
    return y * PHASE_BITS + phase;
  }

  /** The slot of a hash: where it is, or the empty slot where it would go. */
  private slot(h: number, l: number): number {
    const mask = this.capacity - 1;
    let i = (h ^ Math.imul(l, 0x27d4eb2d)) & mask;
    while (true) {
      const sh = this.hi[i]!;
      const sl = this.lo[i]!;
      if ((sh === h && sl === l) || (sh === EMPTY && sl === EMPTY)) return i;
      i = (i + 1) & mask;
    }
  }

  private rebuild(capacity: number, words: number): void {
    const { hi, lo, bits, dup, words: oldWords } = this;
    this.capacity = capacity;
    this.words = words;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.bits = new Uint32Array(capacity * words);
    this.dup = new Uint8Array(capacity);
    for (let i = 0; i < hi.length; i++) {
      const h = hi[i]!;
      const l = lo[i]!;
      if (h === EMPTY && l === EMPTY) continue;
      const j = this.slot(h, l);
      this.hi[j] = h;
      this.lo[j] = l;
      for (let w = 0; w < oldWords; w++) this.bits[j * words + w] = bits[i * oldWords + w]!;
      this.dup[j] = dup[i]!;
    }
  }

  /** Records an id in a phase (0 new, 1 retained, 2 churned) and year; false if it was there. */
  add(id: string, phase: number, year: number): boolean {
    return this.addRange(id, 0, id.length, phase, year);
  }

  /** add() for an ASCII id at bytes[start, end), without decoding it. */
  addBytes(bytes: Uint8Array, start: number, end: number, phase: number, year: number): boolean {
    hashBytes(bytes, start, end);
    return this.addHashed(phase, year);
  }

  /** add() for the id text[start, end), without cutting it out of the line. */
  addRange(text: string, start: number, end: number, phase: number, year: number): boolean {
    hashRange(text, start, end);
    return this.addHashed(phase, year);
  }

  /** Records the hash last computed. */
  private addHashed(phase: number, year: number): boolean {
    const h = hashHi;
    const l = hashLo;
    const bit = this.bitOf(year, phase);
    let i = this.slot(h, l);
    if (this.hi[i] === EMPTY && this.lo[i] === EMPTY) {
      if ((this.size + 1) * 10 > this.capacity * 7) {
        this.rebuild(this.capacity * 2, this.words);
        i = this.slot(h, l);
      }
      this.hi[i] = h;
      this.lo[i] = l;
      this.size++;
    }
    const at = i * this.words + (bit >>> 5);
    const flag = 1 << (bit & 31);
    if ((this.bits[at]! & flag) !== 0) {
      this.dup[i] = 1;
      this.duplicates++;
      return false;
    }
    this.bits[at] = this.bits[at]! | flag;
    return true;
  }

  /** The phase bits of an id per year index, or undefined if never seen. */
  lookup(id: string): { bits: (year: number, phase: number) => boolean; duplicate: boolean } | undefined {
    const [h, l] = hashId(id);
    const i = this.slot(h, l);
    if (this.hi[i] === EMPTY && this.lo[i] === EMPTY) return undefined;
    return { bits: (year, phase) => this.has(i, year, phase), duplicate: this.dup[i] === 1 };
  }

  private has(slot: number, year: number, phase: number): boolean {
    const y = this.yearIndex.get(year);
    if (y === undefined) return false;
    const bit = y * PHASE_BITS + phase;
    return (this.bits[slot * this.words + (bit >>> 5)]! & (1 << (bit & 31))) !== 0;
  }

  /**
   * Counts what the table suggests: ids in two exclusive phases of one year, and retained or
   * churned ids with no earlier new or retained year. Counts are of (id, year) pairs.
   */
  tally(): { conflicts: number; withoutHistory: number } {
    // Bit positions of each year's new bit, in calendar order.
    const order = this.years.map((year, index) => [year, index * PHASE_BITS] as const).sort((a, b) => a[0] - b[0]);
    const bases = order.map(([, base]) => base);
    const { words, bits } = this;
    const bit = (slot: number, b: number): boolean => (bits[slot * words + (b >>> 5)]! & (1 << (b & 31))) !== 0;
    let conflicts = 0;
    let withoutHistory = 0;
    for (let i = 0; i < this.capacity; i++) {
      if (this.hi[i] === EMPTY && this.lo[i] === EMPTY) continue;
      let activeBefore = false;
      for (let k = 0; k < bases.length; k++) {
        const base = bases[k]!;
        const n = bit(i, base);
        const r = bit(i, base + 1);
        const c = bit(i, base + 2);
        if (n && r) conflicts++;
        if (r && c) conflicts++;
        if (k > 0 && !activeBefore) withoutHistory += (r ? 1 : 0) + (c ? 1 : 0);
        if (n || r) activeBefore = true;
      }
    }
    return { conflicts, withoutHistory };
  }

  /** Bytes held, for the benchmark's memory notes. */
  get bytes(): number {
    return this.hi.byteLength + this.lo.byteLength + this.bits.byteLength + this.dup.byteLength;
  }
}
