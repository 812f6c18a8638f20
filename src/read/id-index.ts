/**
 * Customer ids to dense indexes, exact: each id's UTF-8 bytes are kept once in an arena, and an
 * open-addressing table of indexes is probed by a 32-bit hash of the bytes. The hash only finds
 * candidates; an id matches only when its bytes are equal, so two different ids are never merged.
 * A short id's bytes are in its slot too, where they are compared.
 * No string is made per row: the fast path looks ids up straight from the line's bytes.
 */
import { APPEND_GROWTH, grown } from "../model/typed-arrays.js";

/** A slot's index word when empty: it holds index + 1, so that a fresh table is all empty as the
 * system hands it over (zeros), with no pass to fill it. */
const EMPTY = 0;

/** FNV-1a over a byte range. */
export function hash(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/** The main thread's share of the hash space, 7/16: it also checks and reports every line of the
 * log, so the worker takes more customers (at 1/2 it waited about 0.4 s for the main thread). */
const MAIN_SHARD_BELOW = 0x7000_0000;
/** Read per customer and day (`ceq value --model bgnbd`), half: the worker's part of the summary
 * is the longer (it builds the id string and its days' chains are longer), and at 7/16 the main
 * thread waited about a second for it on the 10M-row log. */
const DAYS_MAIN_SHARD_BELOW = 0x8000_0000;

/** Which of two threads owns a customer with this id hash (0: the main thread), by its top bits
 * (the probe table uses the low ones); `days`: the log is read per customer and day. */
export const shardOfHash = (h: number, days = false): number => ((h >>> 0) < (days ? DAYS_MAIN_SHARD_BELOW : MAIN_SHARD_BELOW) ? 0 : 1);

/** Which of two threads owns a customer. */
export function shardOf(bytes: Uint8Array, start: number, end: number, days = false): number {
  return shardOfHash(hash(bytes, start, end), days);
}

/** Id bytes kept in a slot itself, so that most lookups touch nothing else: ids like
 * `cus_8f3a01c2000b1f` (18 bytes) fit; longer ones are compared in the arena. */
const INLINE_BYTES = 20;
const INLINE_WORDS = INLINE_BYTES / 4;
/** A slot's words: the id's hash, its index + 1 (0: empty), its length, then INLINE_WORDS of its bytes. */
const SLOT = 3 + INLINE_WORDS;

/**
 * The slots double once more than 7 in 10 are taken. At 1/2, a thread's table of a million
 * customers just past half of 2^21 slots took 2^22 (128 MiB, 120 B a customer: the worker at 10M
 * rows; docs/benchmark.md, "Memory per customer"); linear probing at 0.7 still finds an absent id
 * in about 6 slots, three cache lines read in order, and a present one in about 2.
 */
const MAX_FILL_TENTHS = 7;

/** A hash's bits that pick its home slot in a table of `slots` (a power of two of them). */
const slotMask = (slots: Int32Array): number => slots.length / SLOT - 1;

/** The ids of an IdIndex as bytes (see idBytes()). */
export interface IdBytes {
  /** Every id's UTF-8 bytes, one after the other. */
  arena: Uint8Array;
  /** Index i's id starts at spans[2i] of the arena and has spans[2i + 1] bytes. */
  spans: Int32Array;
}

/** The text of each index's id in `ids`. */
export function idTexts({ arena, spans }: IdBytes): (i: number) => string {
  const bytes = Buffer.from(arena.buffer, arena.byteOffset, arena.byteLength);
  return (i) => bytes.toString("utf8", spans[2 * i]!, spans[2 * i]! + spans[2 * i + 1]!);
}

export class IdIndex {
  private arena = Buffer.alloc(1 << 16);
  private used = 0;
  /** Per id: where its bytes start in the arena, and how many there are (for idOf, and long ids). */
  private spans = new Int32Array(2048);
  /** Open addressing, SLOT words a slot (32 bytes: half a cache line), so that finding a short
   * id, or finding it absent, reads one place: each random read of a big table is a cache miss. */
  private slots = new Int32Array(1024 * SLOT);
  /** The id looked up, packed four bytes a word as a slot holds it. */
  private readonly packed = new Int32Array(INLINE_WORDS);
  size = 0;

  /** The index of the id whose bytes are `bytes[start, end)`, added if it is new; `hashed` is
   * hash() of those bytes when the caller has it already. */
  indexOf(bytes: Uint8Array, start: number, end: number, hashed = hash(bytes, start, end)): number {
    const h = hashed | 0;
    const length = end - start;
    const inline = length <= INLINE_BYTES;
    const packed = this.packed;
    if (inline) pack(bytes, start, end, packed);
    const slots = this.slots;
    const mask = slotMask(slots);
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const at = s * SLOT;
      const i = slots[at + 1]! - 1;
      if (i === EMPTY - 1) {
        slots[at] = h;
        slots[at + 1] = this.add(bytes, start, end) + 1;
        slots[at + 2] = length;
        if (inline) for (let w = 0; w < INLINE_WORDS; w++) slots[at + 3 + w] = packed[w]!;
        if (this.size * 10 > (slots.length / SLOT) * MAX_FILL_TENTHS) this.rehash();
        return this.size - 1;
      }
      if (slots[at] !== h || slots[at + 2] !== length) continue;
      if (inline ? sameWords(slots, at + 3, packed) : this.equal(i, bytes, start, end)) return i;
    }
  }

  /** Reads the home slot of an id with this hash(), so that it is in the cache when indexOf()
   * looks for it; returns what it read. */
  touch(hashed: number): number {
    const slots = this.slots;
    return slots[(hashed & slotMask(slots)) * SLOT + 1]!;
  }

  /**
   * Every id's bytes and where each is (start and length, two numbers an index), to post to
   * another thread, which makes an id's text when asked (read/day-summary.ts): no string an id
   * here. Each is an array of its own memory, so that it can be handed over, not copied; once
   * handed over, nothing here may be asked again.
   */
  idBytes(): IdBytes {
    // Buffer.alloc() gives each arena its own memory; should one share it, its bytes are copied.
    const arena = this.arena;
    const own = arena.byteOffset === 0 && arena.byteLength === arena.buffer.byteLength;
    return { arena: own ? new Uint8Array(arena.buffer, 0, this.used) : Uint8Array.prototype.slice.call(arena, 0, this.used), spans: this.spans };
  }

  /** Frees the lookup table once every id is in: idOf() still answers; indexOf() may no longer be asked. */
  dropLookups(): void {
    this.slots = new Int32Array(0);
  }

  /** The index of an id given as text (the slow path's rows). */
  indexOfText(id: string): number {
    const bytes = Buffer.from(id, "utf8");
    return this.indexOf(bytes, 0, bytes.length);
  }

  /** The bytes its arrays hold, and its largest array's (see model/memory.ts). */
  get arrays(): readonly number[] {
    return [this.arena.length, this.spans.byteLength, this.slots.byteLength];
  }

  /** The id of an index, as text. */
  idOf(i: number): string {
    const at = this.spans[2 * i]!;
    return this.arena.toString("utf8", at, at + this.spans[2 * i + 1]!);
  }

  private equal(i: number, bytes: Uint8Array, start: number, end: number): boolean {
    const at = this.spans[2 * i]!;
    const length = this.spans[2 * i + 1]!;
    if (length !== end - start) return false;
    const arena = this.arena;
    for (let k = 0; k < length; k++) if (arena[at + k] !== bytes[start + k]) return false;
    return true;
  }

  private add(bytes: Uint8Array, start: number, end: number): number {
    const i = this.size++;
    if (2 * i + 1 >= this.spans.length) this.spans = grown(this.spans, 2 * i + 2, 0, APPEND_GROWTH);
    const length = end - start;
    if (this.used + length > this.arena.length) {
      const bigger = Buffer.alloc(Math.max(this.arena.length * APPEND_GROWTH, this.used + length));
      this.arena.copy(bigger, 0, 0, this.used);
      this.arena = bigger;
    }
    // Byte by byte: ids are short, and a subarray() an id costs more than copying it.
    const arena = this.arena;
    for (let k = 0, at = this.used; k < length; k++) arena[at + k] = bytes[start + k]!;
    this.spans[2 * i] = this.used;
    this.spans[2 * i + 1] = length;
    this.used += length;
    return i;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slotMask(slots);
    for (let from = 0; from < old.length; from += SLOT) {
      if (old[from + 1] === EMPTY) continue;
      let t = old[from]! & mask;
      while (slots[t * SLOT + 1] !== EMPTY) t = (t + 1) & mask;
      // Word by word: a subarray() a slot to copy from was most of the cost (0.8 s of a worker's 10M-row read).
      const to = t * SLOT;
      for (let w = 0; w < SLOT; w++) slots[to + w] = old[from + w]!;
    }
    this.slots = slots;
  }
}

/** bytes[start, end) (at most INLINE_BYTES) into words, four bytes each, the rest zero. */
function pack(bytes: Uint8Array, start: number, end: number, out: Int32Array): void {
  for (let w = 0; w < INLINE_WORDS; w++) {
    const at = start + 4 * w;
    let word = 0;
    for (let k = 0; k < 4 && at + k < end; k++) word |= bytes[at + k]! << (8 * k);
    out[w] = word;
  }
}

function sameWords(slots: Int32Array, at: number, packed: Int32Array): boolean {
  for (let w = 0; w < INLINE_WORDS; w++) if (slots[at + w] !== packed[w]) return false;
  return true;
}
