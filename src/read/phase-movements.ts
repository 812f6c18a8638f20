/**
 * Collects what the revenue movements of phase exports need (model/phase-movements.ts): every
 * row with a customer id, and the periods with a row that cannot be followed by id (no id
 * column, or a row counting several customers). A RowVisitor that sees the fast path's lines as
 * well as the schema's rows, and the rows of ranges other threads read (replay), so that following
 * customers costs no row its plain reading.
 *
 * The rows are held in columns, one set a period: per row its customer (an IdIndex number), its
 * phase and segment, and its revenue and cost as whole units of 10^-4 (an amount with more
 * decimals, or converted by an exchange rate, is kept exactly beside). 24 bytes a row, and an id's
 * bytes once (the 10M-row export: about 800 MB at its peak, not the 3.9 GB that row objects took;
 * docs/big-exports.md).
 */
import { PHASE_INDEX } from "./identities.js";
import { hash, IdIndex } from "./id-index.js";
import { APPEND_GROWTH, grown } from "../model/typed-arrays.js";
import { exportMovements, type ExportMovements, type IdRows, type PeriodRows } from "../model/phase-movements.js";
import { toUnits } from "../model/unit-sums.js";
import type { Decimal } from "../money.js";
import { InputError } from "../errors.js";
import { formatSize, MemoryGuard } from "../model/memory.js";
import { periodLabel, type Periods } from "../schema/period.js";
import type { RowVisitor } from "./phase-rows.js";
import { FOLLOWED_INTS, type FollowedRows } from "./parallel/follow-log.js";

/** Ids looked up together (see numbers()), and the longest plain line's id queued. */
const AHEAD = 16;
const QUEUED_BYTES = 64;
/** The rows a period's columns first hold. */
const FIRST_ROWS = 1024;
/** Rows between two checks of the bound (see checkMemory). */
const CHECK_EVERY = 1 << 14;

/**
 * One period's rows in columns: customer, and segment × 4 + phase; revenue and cost as units (NaN:
 * the amount is exact in `exact`, at 2 × row, and + 1 for the cost). They grow by 4 (see
 * model/typed-arrays.ts: what is not written yet costs no memory).
 */
class PeriodColumns implements PeriodRows {
  ints = new Int32Array(2 * FIRST_ROWS);
  amounts = new Float64Array(2 * FIRST_ROWS);
  readonly exact = new Map<number, Decimal>();
  length = 0;

  push(customer: number, phase: number, group: number): number {
    const at = this.length++;
    if (2 * at + 2 > this.ints.length) {
      this.ints = grown(this.ints, 2 * at + 2, 0, APPEND_GROWTH);
      this.amounts = grown(this.amounts, 2 * at + 2, 0, APPEND_GROWTH);
    }
    this.ints[2 * at] = customer;
    this.ints[2 * at + 1] = group * 4 + phase;
    return at;
  }

  customer(row: number): number {
    return this.ints[2 * row]!;
  }

  phase(row: number): number {
    return this.ints[2 * row + 1]! & 3;
  }

  group(row: number): number {
    return this.ints[2 * row + 1]! >>> 2;
  }

  revenue(row: number): number | Decimal {
    const units = this.amounts[2 * row]!;
    return Number.isNaN(units) ? this.exact.get(2 * row)! : units;
  }

  cost(row: number): number | Decimal {
    const units = this.amounts[2 * row + 1]!;
    return Number.isNaN(units) ? this.exact.get(2 * row + 1)! : units;
  }
}

export class MovementRows implements IdRows, RowVisitor {
  private readonly ids = new IdIndex();
  private readonly groupNumbers = new Map<string, number>([["", 0]]);
  private readonly groupKeys: string[] = [""];
  /** Each period's rows, by period (a sparse array: periods are small integers). */
  private readonly columns: (PeriodColumns | undefined)[] = [];
  private readonly blocked = new Map<number, string>();
  /** Per file, the line of its first row with no customer id, and of its first counting several customers. */
  readonly withoutId = new Map<string, number>();
  readonly aggregated = new Map<string, number>();

  /** `bound`: the bytes these tables may take (`--max-memory`); more is an error, never a crash. */
  constructor(
    private readonly periods: Periods,
    bound = Infinity,
  ) {
    this.guard = new MemoryGuard(bound);
  }

  private readonly guard: MemoryGuard;
  private rows = 0;

  get customers(): number {
    return this.ids.size;
  }

  /** A row the schema read. */
  readonly row: RowVisitor["row"] = (phase, period, row) => {
    if (this.unfollowed(period, row.id !== undefined, row.customers, row.file, row.line)) return;
    const columns = this.columnsOf(period, row.file);
    const at = columns.push(this.ids.indexOfText(row.id!), PHASE_INDEX[phase], this.groupNumber(row.group));
    columns.amounts[2 * at] = units(columns.exact, 2 * at, row.revenue);
    columns.amounts[2 * at + 1] = units(columns.exact, 2 * at + 1, row.cost);
  };

  /** A plain line the fast path read (see FastLines' sink): amounts in units, the id as bytes. */
  readonly line = (phase: number, period: number, customers: number, revenueUnits: number, costUnits: number, bytes: Uint8Array, idStart: number, idEnd: number, group: string, file: string, line: number): void => {
    if (this.unfollowed(period, idStart >= 0, customers, file, line)) return;
    const columns = this.columnsOf(period, file);
    const queued = idEnd - idStart <= QUEUED_BYTES;
    const at = columns.push(queued ? -1 : this.ids.indexOf(bytes, idStart, idEnd), phase, this.groupNumber(group));
    columns.amounts[2 * at] = revenueUnits;
    columns.amounts[2 * at + 1] = costUnits;
    if (queued) this.queue(bytes, idStart, idEnd, columns, at);
  };

  /**
   * The rows of a range another thread read, in order: each of the range's ids (a run of one id
   * counts once) looked up AHEAD at a time, their slots read first; then its rows placed by them.
   */
  readonly replay = (rows: FollowedRows, file: string, line: number): void => {
    const { bytes, spans } = rows.ids;
    const customers = new Int32Array(spans.length / 2);
    this.numbers(bytes, spans, customers.length, customers);
    const groups = rows.groups.map((g) => this.groupNumber(g));
    const { ints, amounts } = rows;
    for (let at = 0; at < amounts.length / 2; at++) {
      const i = FOLLOWED_INTS * at;
      if (ints[i] === -1) {
        const { phase, period, row } = rows.schema[ints[i + 1]!]!;
        this.row(phase, period, { ...row, line: row.line + line - 1 });
        continue;
      }
      const period = ints[i + 1]!;
      const customer = ints[i + 3]!;
      if (this.unfollowed(period, customer >= 0, ints[i + 2]!, file, ints[i + 5]! + line - 1)) continue;
      const columns = this.columnsOf(period, file);
      const row = columns.push(customers[customer]!, ints[i]!, groups[ints[i + 4]!]!);
      columns.amounts[2 * row] = amounts[2 * at]!;
      columns.amounts[2 * row + 1] = amounts[2 * at + 1]!;
    }
  };

  private columnsOf(period: number, file: string): PeriodColumns {
    if (++this.rows % CHECK_EVERY === 0) this.checkMemory(file);
    return (this.columns[period] ??= new PeriodColumns());
  }

  /**
   * Refuses to read on when the tables, at their next growth, would pass the bound: what they
   * hold (ids, and each period's columns), plus the largest array grown again (see
   * model/memory.ts; the columns grow by 4, the id index by 2).
   */
  private checkMemory(file: string): void {
    let held = 0;
    let largest = 0;
    for (const bytes of this.ids.arrays) {
      held += bytes;
      largest = Math.max(largest, bytes);
    }
    for (const columns of this.columns) {
      if (!columns) continue;
      const bytes = columns.ints.byteLength + columns.amounts.byteLength;
      held += bytes;
      largest = Math.max(largest, 2 * bytes);
    }
    if (!this.guard.over({ held, largest })) return;
    throw new InputError(
      `${file}: following each customer by id needs more memory than the bound of ${formatSize(this.guard.max)}: the ${this.rows.toLocaleString("en")} rows read so far hold ${formatSize(held)} (${Math.round(held / this.rows)} bytes a row), and their next growth needs ${formatSize(this.guard.peak())}`,
      `the revenue movements (JSON, HTML, a workbook, --movements) and ceq cohorts and value follow each customer by id. Give a larger --max-memory if this machine has the memory free (the default is half of it), or print the report without them (--format csv or table), or let a database do the work (ceq sql, see docs/big-exports.md)`,
    );
  }

  private groupNumber(group: string): number {
    if (group === "") return 0;
    let g = this.groupNumbers.get(group);
    if (g === undefined) {
      this.groupNumbers.set(group, (g = this.groupKeys.length));
      this.groupKeys.push(group);
    }
    return g;
  }

  /**
   * Holds a plain line's id to be looked up with the next AHEAD (at flush(), by numbers()). The
   * id's bytes are copied (the line's buffer is reused); the row's customer is written at flush().
   */
  private queue(bytes: Uint8Array, start: number, end: number, columns: PeriodColumns, row: number): void {
    const k = this.queued++;
    this.queuedColumns[k] = columns;
    this.queuedRows[k] = row;
    this.queuedSpans[2 * k + 1] = end - start;
    const to = this.queuedBytes;
    for (let i = start, j = k * QUEUED_BYTES; i < end; i++, j++) to[j] = bytes[i]!;
    if (this.queued === AHEAD) this.flush();
  }

  /** Looks up the ids queued, and writes each row's customer. */
  private flush(): void {
    const n = this.queued;
    this.numbers(this.queuedBytes, this.queuedSpans, n, this.queuedNumbers);
    for (let k = 0; k < n; k++) this.queuedColumns[k]!.ints[2 * this.queuedRows[k]!] = this.queuedNumbers[k]!;
    this.queued = 0;
  }

  /**
   * The customer numbers of `count` ids into `out`, id k being bytes[spans[2k], spans[2k] +
   * spans[2k + 1]). An id's slot in a big index is a random read: AHEAD at a time, the slots are
   * first read in one loop, so that the CPU fetches them side by side instead of one miss after
   * another (as CustomerPeriods.flush() does); what they held is kept only so that the reads are
   * not optimized away.
   */
  private numbers(bytes: Uint8Array, spans: Int32Array, count: number, out: Int32Array): void {
    const hashes = this.hashes;
    let touched = 0;
    for (let from = 0; from < count; from += AHEAD) {
      const to = Math.min(count, from + AHEAD);
      for (let k = from; k < to; k++) touched ^= this.ids.touch((hashes[k - from] = hash(bytes, spans[2 * k]!, spans[2 * k]! + spans[2 * k + 1]!)));
      for (let k = from; k < to; k++) out[k] = this.ids.indexOf(bytes, spans[2 * k]!, spans[2 * k]! + spans[2 * k + 1]!, hashes[k - from]!);
    }
    this.touched = touched;
  }

  private queued = 0;
  /** See numbers(). */
  touched = 0;
  private readonly hashes = new Int32Array(AHEAD);
  private readonly queuedColumns: PeriodColumns[] = [];
  private readonly queuedRows = new Int32Array(AHEAD);
  private readonly queuedNumbers = new Int32Array(AHEAD);
  /** Queued id k's bytes are at k × QUEUED_BYTES, its length at 2k + 1. */
  private readonly queuedSpans = Int32Array.from({ length: 2 * AHEAD }, (_, i) => (i % 2 === 0 ? (i / 2) * QUEUED_BYTES : 0));
  private readonly queuedBytes = new Uint8Array(AHEAD * QUEUED_BYTES);

  /** Notes why a period cannot be followed (the first such row); true when this row is one. */
  private unfollowed(period: number, hasId: boolean, customers: number, file: string, line: number): boolean {
    if (hasId && customers === 1) return false;
    const files = hasId ? this.aggregated : this.withoutId;
    if (!files.has(file)) files.set(file, line);
    if (!this.blocked.has(period)) {
      const what = !hasId ? "has no customer id" : `counts ${customers} customers`;
      this.blocked.set(period, `${file}:${line} ${what}: the customers of ${periodLabel(period, this.periods)} cannot be followed by id`);
    }
    return true;
  }

  periodsWithRows(): number[] {
    const periods: number[] = [];
    this.columns.forEach((_, p) => periods.push(p));
    return periods;
  }

  rowsIn(period: number): PeriodRows | undefined {
    return this.columns[period];
  }

  groupKey(group: number): string {
    return this.groupKeys[group]!;
  }

  id(customer: number): string {
    return this.ids.idOf(customer);
  }

  /** The rows, every id looked up (the last ones queued are looked up here). */
  complete(): this {
    this.flush();
    return this;
  }

  /** The movements over the summary's periods (keys of the company's ledger; gaps filled for quarters and months). */
  movements(keys: Iterable<number>, segmented: boolean): ExportMovements {
    this.complete();
    const sorted = [...keys].sort((a, b) => a - b);
    const periods = this.periods.kind === "year" || sorted.length === 0 ? sorted : Array.from({ length: sorted.at(-1)! - sorted[0]! + 1 }, (_, i) => sorted[0]! + i);
    return exportMovements(this, periods, this.blocked, segmented, (p) => periodLabel(p, this.periods));
  }
}

/** An amount as units, or NaN with the amount kept exactly in `exact` at `key`. */
function units(exact: Map<number, Decimal>, key: number, amount: Decimal): number {
  const u = toUnits(amount);
  if (u !== undefined) return u;
  exact.set(key, amount);
  return NaN;
}
