/**
 * Customer ids to dense indexes, exact: each id's UTF-8 bytes are kept once in an arena, and an
 * open-addressing table of indexes is probed by a 32-bit hash of the bytes. The hash only finds
 * candidates; an id matches only when its bytes are equal, so two different ids are never merged.
 * No string is made per row: the fast path looks ids up straight from the line's bytes.
 */
const EMPTY = -1;

/** FNV-1a over a byte range. */
function hash(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h >>> 0;
}

export class IdIndex {
  private arena = Buffer.alloc(1 << 16);
  private used = 0;
  private starts = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private hashes = new Uint32Array(1024);
  private slots = new Int32Array(2048).fill(EMPTY);
  size = 0;

  /** The index of the id whose bytes are `bytes[start, end)`, added if it is new. */
  indexOf(bytes: Uint8Array, start: number, end: number): number {
    const h = hash(bytes, start, end);
    const mask = this.slots.length - 1;
    const length = end - start;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const i = this.slots[s]!;
      if (i === EMPTY) {
        this.slots[s] = this.add(bytes, start, end, h);
        if (this.size * 2 > this.slots.length) this.rehash();
        return this.size - 1;
      }
      if (this.hashes[i] === h && this.lengths[i] === length && this.equal(i, bytes, start)) return i;
    }
  }

  /** The index of an id given as text (the slow path's rows). */
  indexOfText(id: string): number {
    const bytes = Buffer.from(id, "utf8");
    return this.indexOf(bytes, 0, bytes.length);
  }

  /** The id of an index, as text. */
  idOf(i: number): string {
    return this.arena.toString("utf8", this.starts[i]!, this.starts[i]! + this.lengths[i]!);
  }

  private equal(i: number, bytes: Uint8Array, start: number): boolean {
    const at = this.starts[i]!;
    for (let k = 0, n = this.lengths[i]!; k < n; k++) if (this.arena[at + k] !== bytes[start + k]) return false;
    return true;
  }

  private add(bytes: Uint8Array, start: number, end: number, h: number): number {
    const i = this.size++;
    if (i === this.starts.length) {
      this.starts = grow(this.starts);
      this.lengths = grow(this.lengths);
      this.hashes = grow(this.hashes);
    }
    const length = end - start;
    if (this.used + length > this.arena.length) {
      const bigger = Buffer.alloc(Math.max(this.arena.length * 2, this.used + length));
      this.arena.copy(bigger, 0, 0, this.used);
      this.arena = bigger;
    }
    this.arena.set(bytes.subarray(start, end), this.used);
    this.starts[i] = this.used;
    this.lengths[i] = length;
    this.hashes[i] = h;
    this.used += length;
    return i;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let i = 0; i < this.size; i++) {
      let s = this.hashes[i]! & mask;
      while (slots[s] !== EMPTY) s = (s + 1) & mask;
      slots[s] = i;
    }
    this.slots = slots;
  }
}

function grow<T extends Int32Array | Uint32Array>(array: T): T {
  const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}
