/**
 * Customer ids to dense indexes, exact: each id's UTF-8 bytes are kept once in an arena, and an
 * open-addressing table of indexes is probed by a 32-bit hash of the bytes. The hash only finds
 * candidates; an id matches only when its bytes are equal, so two different ids are never merged.
 * No string is made per row: the fast path looks ids up straight from the line's bytes.
 */
import { grown } from "../typed-arrays.js";

const EMPTY = -1;

/** FNV-1a over a byte range. */
export function hash(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

/** Which of two threads owns a customer with this id hash: its top bit (the probe table uses the low ones). */
export const shardOfHash = (h: number): number => h >>> 31;

/** Which of two threads owns a customer. */
export function shardOf(bytes: Uint8Array, start: number, end: number): number {
  return shardOfHash(hash(bytes, start, end));
}

export class IdIndex {
  private arena = Buffer.alloc(1 << 16);
  private used = 0;
  /** Per id: where its bytes start in the arena, and how many there are. */
  private spans = new Int32Array(2048);
  /** Open addressing, two words a slot: the id's hash and its index (-1: empty). Together, so
   * that a probe touches one place until the bytes are compared. */
  private slots = new Int32Array(4096).fill(EMPTY);
  size = 0;

  /** The index of the id whose bytes are `bytes[start, end)`, added if it is new; `hashed` is
   * hash() of those bytes when the caller has it already. */
  indexOf(bytes: Uint8Array, start: number, end: number, hashed = hash(bytes, start, end)): number {
    const h = hashed | 0;
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const i = slots[2 * s + 1]!;
      if (i === EMPTY) {
        slots[2 * s] = h;
        slots[2 * s + 1] = this.add(bytes, start, end);
        if (this.size * 4 > slots.length) this.rehash();
        return this.size - 1;
      }
      if (slots[2 * s] === h && this.equal(i, bytes, start, end)) return i;
    }
  }

  /** The index of an id given as text (the slow path's rows). */
  indexOfText(id: string): number {
    const bytes = Buffer.from(id, "utf8");
    return this.indexOf(bytes, 0, bytes.length);
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
    if (2 * i + 1 >= this.spans.length) this.spans = grown(this.spans, 2 * i + 2);
    const length = end - start;
    if (this.used + length > this.arena.length) {
      const bigger = Buffer.alloc(Math.max(this.arena.length * 2, this.used + length));
      this.arena.copy(bigger, 0, 0, this.used);
      this.arena = bigger;
    }
    this.arena.set(bytes.subarray(start, end), this.used);
    this.spans[2 * i] = this.used;
    this.spans[2 * i + 1] = length;
    this.used += length;
    return i;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2).fill(EMPTY);
    const mask = (slots.length >> 1) - 1;
    for (let s = 0; s < old.length; s += 2) {
      if (old[s + 1] === EMPTY) continue;
      let t = old[s]! & mask;
      while (slots[2 * t + 1] !== EMPTY) t = (t + 1) & mask;
      slots[2 * t] = old[s]!;
      slots[2 * t + 1] = old[s + 1]!;
    }
    this.slots = slots;
  }
}
