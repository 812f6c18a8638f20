/**
 * The rows a worker's range hands to a RowVisitor (the revenue movements and the cohorts of phase
 * exports, read/phase-movements.ts), written down in order to be handed over again on the main
 * thread, which takes the ranges' results in file order: so the visitor sees every row in the
 * order one thread would, while the reading itself is shared. Plain lines as numbers, their ids
 * numbered within the range, a run of rows of one id (an export sorted by customer) under one
 * number, so that the main thread looks its id up once; rows the schema read as they were given.
 */
import type { Phase } from "../../schema/row.js";
import type { RowVisitor } from "../phase-rows.js";
import { APPEND_GROWTH, grown } from "../../model/typed-arrays.js";

type SchemaRow = Parameters<RowVisitor["row"]>[2];

/** A row's ints: phase (−1: a row of `schema`, its index next), period, customers, the range's
 * customer number (−1: no id), group, line (from the range's first). */
export const FOLLOWED_INTS = 6;

/** A range's ids, in number order: id k is bytes[spans[2k], spans[2k] + spans[2k + 1]). */
export interface RangeIds {
  bytes: Uint8Array;
  spans: Int32Array;
}

/** What crosses from a worker: transferable arrays, the groups' keys, the schema's rows. */
export interface FollowedRows {
  ints: Int32Array;
  /** Revenue and cost of each row, in units. */
  amounts: Float64Array;
  ids: RangeIds;
  groups: string[];
  schema: { phase: Phase; period: number; row: SchemaRow }[];
}

export class FollowLog implements RowVisitor {
  private ints = new Int32Array(FOLLOWED_INTS * 1024);
  private amounts = new Float64Array(2 * 1024);
  private idBytes = new Uint8Array(1 << 14);
  private idSpans = new Int32Array(2 * 1024);
  private used = 0;
  private numbered = 0;
  private rows = 0;
  private readonly groupNumbers = new Map<string, number>();
  private readonly groups: string[] = [];
  private readonly schema: FollowedRows["schema"] = [];

  readonly row: RowVisitor["row"] = (phase, period, row) => {
    const i = FOLLOWED_INTS * this.next();
    this.ints[i] = -1;
    this.ints[i + 1] = this.schema.length;
    this.schema.push({ phase, period, row });
  };

  readonly line = (phase: number, period: number, customers: number, revenueUnits: number, costUnits: number, bytes: Uint8Array, idStart: number, idEnd: number, group: string, _file: string, line: number): void => {
    const at = this.next();
    const ints = this.ints;
    const i = FOLLOWED_INTS * at;
    ints[i] = phase;
    ints[i + 1] = period;
    ints[i + 2] = customers;
    ints[i + 3] = idStart < 0 ? -1 : this.number(bytes, idStart, idEnd);
    let g = this.groupNumbers.get(group);
    if (g === undefined) {
      this.groupNumbers.set(group, (g = this.groups.length));
      this.groups.push(group);
    }
    ints[i + 4] = g;
    ints[i + 5] = line;
    this.amounts[2 * at] = revenueUnits;
    this.amounts[2 * at + 1] = costUnits;
  };

  /** The range's number of an id: the last one's when it is the same id, else the next. */
  private number(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    const k = this.numbered - 1;
    if (k >= 0 && this.idSpans[2 * k + 1] === length) {
      const at = this.idSpans[2 * k]!;
      let same = true;
      for (let j = 0; j < length && same; j++) same = this.idBytes[at + j] === bytes[start + j];
      if (same) return k;
    }
    if (this.used + length > this.idBytes.length) {
      const bigger = new Uint8Array(Math.max(this.idBytes.length * APPEND_GROWTH, this.used + length));
      bigger.set(this.idBytes.subarray(0, this.used));
      this.idBytes = bigger;
    }
    if (2 * this.numbered + 2 > this.idSpans.length) this.idSpans = grown(this.idSpans, 2 * this.numbered + 2, 0, APPEND_GROWTH);
    for (let j = 0; j < length; j++) this.idBytes[this.used + j] = bytes[start + j]!;
    this.idSpans[2 * this.numbered] = this.used;
    this.idSpans[2 * this.numbered + 1] = length;
    this.used += length;
    return this.numbered++;
  }

  private next(): number {
    const at = this.rows++;
    if (FOLLOWED_INTS * (at + 1) > this.ints.length) {
      this.ints = grown(this.ints, FOLLOWED_INTS * (at + 1), 0, APPEND_GROWTH);
      this.amounts = grown(this.amounts, 2 * (at + 1), 0, APPEND_GROWTH);
    }
    return at;
  }

  /** The rows so far, their arrays cut to what is used (to be transferred). */
  take(): FollowedRows {
    return { ints: this.ints.slice(0, FOLLOWED_INTS * this.rows), amounts: this.amounts.slice(0, 2 * this.rows), ids: { bytes: this.idBytes.slice(0, this.used), spans: this.idSpans.slice(0, 2 * this.numbered) }, groups: this.groups, schema: this.schema };
  }
}

/** The arrays a FollowedRows transfers. */
export const transferables = (rows: FollowedRows): ArrayBuffer[] => [rows.ints.buffer, rows.amounts.buffer, rows.ids.bytes.buffer, rows.ids.spans.buffer] as ArrayBuffer[];
