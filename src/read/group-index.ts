/**
 * A log's --by groups on the fast path, by their cells' bytes: each line's group is looked up
 * without making its key as a string (groupKey()); the string is made once, when a group is new,
 * and handed to `named`, which gives the group's index as the rest of the reading knows it (the
 * slow path names groups by their strings). The same bytes are the same key, as a plain line is
 * ASCII and groupKey() decodes it byte for byte.
 */
import { groupKey, groupKeyBytes } from "../csv/fast-lines.js";
import { IdIndex } from "./id-index.js";
import { GROUP_SEPARATOR } from "../model/segments.js";

export class GroupIndex {
  private readonly keys = new IdIndex();
  /** The key's index in `keys` -> the index `named` gave it. */
  private indexes = new Int32Array(64);
  private scratch = new Uint8Array(256);

  constructor(
    private readonly by: readonly number[],
    private readonly named: (key: string) => number,
  ) {}

  /** The group of the line whose fields' bounds are in `bounds`. */
  indexOf(bytes: Uint8Array, bounds: Int32Array): number {
    const by = this.by;
    let local: number;
    if (by.length === 1) {
      // One column: its trimmed cell is the key, looked up where it lies.
      let s = bounds[by[0]! * 2]!;
      let e = bounds[by[0]! * 2 + 1]!;
      while (s < e && isSpace(bytes[s]!)) s++;
      while (e > s && isSpace(bytes[e - 1]!)) e--;
      local = this.keys.indexOf(bytes, s, e);
    } else {
      let n = groupKeyBytes(bytes, bounds, by, this.scratch);
      while (n < 0) {
        this.scratch = new Uint8Array(this.scratch.length * 4);
        n = groupKeyBytes(bytes, bounds, by, this.scratch);
      }
      local = this.keys.indexOf(this.scratch, 0, n);
    }
    if (local < this.known) return this.indexes[local]!;
    // New: the first line of its group.
    if (local >= this.indexes.length) {
      const bigger = new Int32Array(this.indexes.length * 4);
      bigger.set(this.indexes);
      this.indexes = bigger;
    }
    this.indexes[local] = this.named(groupKey(bytes, bounds, by));
    this.known = local + 1;
    return this.indexes[local]!;
  }

  private known = 0;
}

/** As String.trim() on ASCII (see groupKey). */
const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13);

/** A row's group: its --by cells, trimmed, joined (see model/segments.ts); "" without --by. */
export function groupOfFields(fields: readonly string[], by: readonly number[]): string {
  if (by.length === 0) return "";
  if (by.length === 1) return fields[by[0]!]!.trim();
  return by.map((i) => fields[i]!.trim()).join(GROUP_SEPARATOR);
}
