/**
 * Each customer's exact sums per period, compact: memory grows with distinct customer-periods,
 * not with rows. A customer is found by their id's bytes themselves (IdIndex: two ids are never
 * merged); their periods form a chain of entries in typed arrays, most recent first; the amounts
 * sit in UnitSums slots (revenue at 2 × entry, cost at 2 × entry + 1). With --by, each entry
 * also holds the customer's segment in that period: the group of their latest row there.
 */
import { PeriodAccumulator, classifyHistory, type PeriodTotals, type Reactivated } from "../model/classify.js";
import { ZERO, type Decimal } from "../money.js";
import { APPEND_GROWTH, grown } from "../model/typed-arrays.js";
import { UnitSums } from "../model/unit-sums.js";
import { IdIndex, type IdBytes } from "./id-index.js";
import type { TableBytes } from "../model/memory.js";

/** A customer's periods in ascending order, their activity, and each one's entry. */
export interface CustomerHistory {
  /** The customer's index: their id is idOf(customer). */
  customer: number;
  periods: number[];
  active: boolean[];
  entries: number[];
}

/** Rows queueUnits() adds at a time. */
const AHEAD = 16;
/** Entries a block of chain links holds once the first has grown to it (192 KiB). */
const LINK_SHIFT = 14;
const LINK_BLOCK = 1 << LINK_SHIFT;
const IN_LINK_BLOCK = LINK_BLOCK - 1;
/** An entry's first word in its block (see CustomerPeriods.links). */
const wordOf = (e: number): number => 3 * (e & IN_LINK_BLOCK);

export class CustomerPeriods {
  private readonly ids = new IdIndex();
  /** The customer's most recent entry (-1: none). */
  private head = new Int32Array(1024).fill(-1);
  /** Three words an entry, together so that walking a customer's chain touches one place a step:
   * its period, the customer's entry before it (-1: none), and whether they were active then.
   * Entry e is in block e >>> LINK_SHIFT at wordOf(e). The first block grows by copying (×4) up
   * to LINK_BLOCK entries; past it, blocks are added and never copied, so that a big log's chains
   * never hold an old copy beside the new one, nor more unused room than a block. */
  private links: Int32Array[] = [new Int32Array(3 * 1024)];
  private linkCapacity = 1024;
  private entryCount = 0;
  /** Each entry's revenue, and its cost beside it once a row has had one (revenueSlot, costSlot). */
  sums = new UnitSums(1024);
  /** Slots an entry: 1 until a row has a cost (a log without a cost column keeps none: 8 bytes an
   * entry, about 30 of a customer's 200), then 2, side by side, so adding a row reads one place. */
  private stride = 1;
  /** With --by, two words an entry: its group, and the date order of the row that set it (-1:
   * none yet); made at the first group set, so a run without --by carries none. */
  private segments: Int32Array | undefined;
  /** With trackLines(), each customer's first line (the smallest line number a row of theirs
   * came with): a log read by two threads puts its customers back in the order one thread meets
   * them (see read/day-summary.ts). */
  private lines: Float64Array | undefined;

  /** Keeps each customer's first line from now on (see `lines`). */
  trackLines(): void {
    this.lines ??= new Float64Array(1024).fill(Infinity);
  }

  /** A customer's first line (trackLines()), Infinity when no row gave one. */
  firstLine(customer: number): number {
    const lines = this.lines;
    return lines && customer < lines.length ? lines[customer]! : Infinity;
  }

  /** Notes that a row of line `line` is the customer's, with trackLines(). */
  private noteLine(customer: number, line: number): void {
    let lines = this.lines;
    if (!lines) return;
    if (customer >= lines.length) lines = this.lines = grown(lines, customer + 1, Infinity);
    if (line < lines[customer]!) lines[customer] = line;
  }

  get customers(): number {
    return this.ids.size;
  }

  /**
   * Frees every table but the ids' (idOf() still answers; nothing else may be asked): a log read
   * per day keeps only its customers' ids once they are summarized (read/day-summary.ts).
   */
  keepIdsOnly(): void {
    this.head = new Int32Array(0);
    this.links = [];
    this.linkCapacity = 0;
    this.entryCount = 0;
    this.sums = new UnitSums(0);
    this.stride = 1;
    this.segments = undefined;
    this.lines = undefined;
  }

  /** The bytes its tables hold, and the largest one's: what their next growth adds (see model/memory.ts). */
  tables(): TableBytes {
    const arrays = [...this.ids.arrays, this.head.byteLength, 12 * this.linkCapacity, this.sums.bytes, this.segments?.byteLength ?? 0];
    // The chains and sums grow by a block, or by copying their first block while it is small.
    const growths = [...this.ids.arrays, this.head.byteLength, this.linkGrowing(), this.sums.growing, this.segments?.byteLength ?? 0];
    return { held: arrays.reduce((a, b) => a + b, 0), largest: Math.max(...growths) };
  }

  /** Bytes of the chains' part that grows next (see UnitSums.growing). */
  private linkGrowing(): number {
    return 12 * (this.links.length === 1 ? this.linkCapacity : LINK_BLOCK);
  }

  /** Makes room for entries below `size`. */
  private ensureLinks(size: number): void {
    while (size > this.linkCapacity) {
      const first = this.links[0]!;
      if (this.links.length === 1 && this.linkCapacity < LINK_BLOCK) {
        const bigger = new Int32Array(3 * Math.min(LINK_BLOCK, this.linkCapacity * APPEND_GROWTH));
        bigger.set(first);
        this.links[0] = bigger;
        this.linkCapacity = bigger.length / 3;
      } else {
        this.links.push(new Int32Array(3 * LINK_BLOCK));
        this.linkCapacity = this.links.length * LINK_BLOCK;
      }
    }
  }

  /** A customer's id as text; every id as bytes (IdIndex.idBytes). */
  idOf = (customer: number): string => this.ids.idOf(customer);
  idBytes = (): IdBytes => this.ids.idBytes();

  /**
   * Adds a plain row's whole units to its customer's period, as addUnits(entryOf(…)) does, but
   * later: rows are queued and added AHEAD at a time (or at flush()), so that the random reads of
   * big tables they need (the id's slot, the customer's latest entry, the entry's sums) are made
   * for all of them at once, where a CPU fetches the cache lines side by side, instead of one miss
   * after another. `bytes` must not change until the row is added: call flush() before reusing it.
   * With --by, `group` and `order` are the row's group and date order, set as setGroup() does;
   * `line` is the row's line, kept with trackLines().
   */
  queueUnits(bytes: Uint8Array, start: number, end: number, hashed: number, period: number, amount: number, cost: number, group = -1, order = 0, line = 0): void {
    if (bytes !== this.queuedBytes) {
      this.flush();
      this.queuedBytes = bytes;
    }
    const q = this.queued;
    const k = this.queuedCount++;
    q.starts[k] = start;
    q.ends[k] = end;
    q.hashes[k] = hashed;
    q.periods[k] = period;
    q.amounts[k] = amount;
    q.costs[k] = cost;
    q.groups[k] = group;
    q.orders[k] = order;
    q.lines[k] = line;
    if (this.queuedCount === AHEAD) this.flush();
  }

  /** Adds the rows queued so far (see queueUnits), in the order they came. */
  flush(): void {
    const n = this.queuedCount;
    const bytes = this.queuedBytes;
    if (n === 0 || !bytes) return;
    this.queuedCount = 0;
    const { starts, ends, hashes, periods, amounts, costs, customers, entries, groups, orders, lines } = this.queued;
    // Each step first reads what the next needs, for all the rows; the results are kept only so
    // that those reads are not optimized away.
    let touched = 0;
    for (let k = 0; k < n; k++) touched ^= this.ids.touch(hashes[k]!);
    let top = 0;
    for (let k = 0; k < n; k++) top = Math.max(top, (customers[k] = this.ids.indexOf(bytes, starts[k]!, ends[k]!, hashes[k]!)));
    if (top >= this.head.length) this.head = grown(this.head, top + 1, -1);
    const head = this.head;
    const links = this.links;
    for (let k = 0; k < n; k++) touched ^= head[customers[k]!]!;
    for (let k = 0; k < n; k++) {
      const e = head[customers[k]!]!;
      if (e !== -1) touched ^= links[e >>> LINK_SHIFT]![wordOf(e)]!;
    }
    for (let k = 0; k < n; k++) entries[k] = this.entryAt(customers[k]!, periods[k]!);
    for (let k = 0; k < n; k++) touched ^= this.sums.touch(this.stride * entries[k]!);
    for (let k = 0; k < n; k++) this.addUnits(entries[k]!, amounts[k]!, costs[k]!);
    // In the order the rows came, so that of two rows of one date the later line names the group.
    for (let k = 0; k < n; k++) if (groups[k]! >= 0) this.setGroup(entries[k]!, groups[k]!, orders[k]!);
    if (this.lines) for (let k = 0; k < n; k++) this.noteLine(customers[k]!, lines[k]!);
    this.touched = touched;
  }

  /** Rows queued by queueUnits, and what each one's steps found. */
  private readonly queued = {
    starts: new Int32Array(AHEAD),
    ends: new Int32Array(AHEAD),
    hashes: new Int32Array(AHEAD),
    periods: new Int32Array(AHEAD),
    amounts: new Float64Array(AHEAD),
    costs: new Float64Array(AHEAD),
    customers: new Int32Array(AHEAD),
    entries: new Int32Array(AHEAD),
    groups: new Int32Array(AHEAD),
    orders: new Int32Array(AHEAD),
    lines: new Float64Array(AHEAD),
  };
  private queuedCount = 0;
  private queuedBytes: Uint8Array | undefined;
  /** See flush(). */
  touched = 0;

  /** The entry of a customer's period, made when new; the customer is named by their id's UTF-8
   * bytes (and their hash(), when the caller has it). */
  entryOf(bytes: Uint8Array, start: number, end: number, period: number, hashed?: number): number {
    return this.entryAt(this.ids.indexOf(bytes, start, end, hashed), period);
  }

  /** The entry of a customer's period, the customer named by their id as text (and the row's line, with trackLines()). */
  entry(id: string, period: number, line = 0): number {
    const customer = this.ids.indexOfText(id);
    this.noteLine(customer, line);
    return this.entryAt(customer, period);
  }

  private entryAt(customer: number, period: number): number {
    if (customer >= this.head.length) this.head = grown(this.head, customer + 1, -1);
    const links = this.links;
    for (let e = this.head[customer]!; e !== -1; ) {
      const block = links[e >>> LINK_SHIFT]!;
      const at = wordOf(e);
      if (block[at] === period) return e;
      e = block[at + 1]!;
    }
    const e = this.entryCount++;
    if (e >= this.linkCapacity) this.ensureLinks(e + 1);
    this.sums.ensure(this.stride * (e + 1));
    const block = this.links[e >>> LINK_SHIFT]!;
    const at = wordOf(e);
    block[at] = period;
    block[at + 1] = this.head[customer]!;
    block[at + 2] = 0;
    this.head[customer] = e;
    return e;
  }

  /**
   * Sets an entry's group to a row's, unless a row of a later date has set it: the latest row
   * (by date, then by line, as rows come in line order) names the customer's segment.
   */
  setGroup(entry: number, group: number, order: number): void {
    let segments = this.segments;
    if (!segments || 2 * entry + 1 >= segments.length) segments = this.segments = grown(segments ?? new Int32Array(0), 2 * entry + 2, -1);
    if (order >= segments[2 * entry + 1]!) {
      segments[2 * entry] = group;
      segments[2 * entry + 1] = order;
    }
  }

  /** An entry's group (0 without --by). */
  groupOf = (entry: number): number => (this.segments && 2 * entry < this.segments.length ? Math.max(0, this.segments[2 * entry]!) : 0);

  /** Adds a plain row's whole units to an entry. */
  addUnits(entry: number, amount: number, cost: number): void {
    this.sums.addUnits(this.stride * entry, amount);
    if (cost !== 0) this.addCost(entry, cost);
    if (amount >= 0) this.links[entry >>> LINK_SHIFT]![wordOf(entry) + 2] = 1;
  }

  /** Adds a row: its amount and cost (whole units, or exact decimals), and whether the amount is ≥ 0. */
  add = (id: string, period: number, amount: number | Decimal, cost: number | Decimal, nonNegative: boolean): void => this.addTo(this.entry(id, period), amount, cost, nonNegative);

  /** Adds a row to an entry: its amount and cost (whole units, or exact decimals), and whether the amount is ≥ 0. */
  addTo(e: number, amount: number | Decimal, cost: number | Decimal, nonNegative: boolean): void {
    if (typeof amount === "number") this.sums.addUnits(this.stride * e, amount);
    else this.sums.add(this.stride * e, amount);
    if (typeof cost !== "number" || cost !== 0) this.addCost(e, cost);
    if (nonNegative) this.links[e >>> LINK_SHIFT]![wordOf(e) + 2] = 1;
  }

  revenue = (entry: number): Decimal => this.sums.value(this.stride * entry);
  cost = (entry: number): Decimal => (this.stride === 1 ? ZERO : this.sums.value(2 * entry + 1));
  /** The slot of an entry's revenue in `sums`, and of its cost (undefined: no row has had one). */
  revenueSlot = (entry: number): number => this.stride * entry;
  costSlot = (entry: number): number | undefined => (this.stride === 1 ? undefined : 2 * entry + 1);
  /** Adds a cost, beside the entry's revenue: at the first, the revenues move to every other slot
   * of sums grown from 2,048 as a table with costs from the first row would be. */
  private addCost(entry: number, cost: number | Decimal): void {
    if (this.stride === 1) {
      const [old, n] = [this.sums, this.entryCount];
      this.sums = new UnitSums(2048);
      this.sums.ensure(2 * n);
      for (let e = 0; e < n; e++) move(old, e, this.sums, 2 * e);
      this.stride = 2;
    }
    if (typeof cost === "number") this.sums.addUnits(2 * entry + 1, cost);
    else this.sums.add(2 * entry + 1, cost);
  }

  /**
   * Reads the entries of customers [from, to) and their sums, down their chains side by side, so
   * that forEach finds them in the cache (see flush()).
   */
  private readAhead(from: number, to: number, walks: Int32Array): void {
    const { links, head } = this;
    const n = to - from;
    let touched = 0;
    let walking = 0;
    for (let k = 0; k < n; k++) if ((walks[k] = head[from + k]!) !== -1) walking++;
    while (walking > 0) {
      for (let k = 0; k < n; k++) {
        const e = walks[k]!;
        if (e !== -1) touched ^= links[e >>> LINK_SHIFT]![wordOf(e) + 1]! ^ this.sums.touch(this.stride * e);
      }
      walking = 0;
      for (let k = 0; k < n; k++) {
        const e = walks[k]!;
        if (e !== -1 && (walks[k] = links[e >>> LINK_SHIFT]![wordOf(e) + 1]!) !== -1) walking++;
      }
    }
    this.touched = touched;
  }

  /** Calls `visit` for every customer with their periods in ascending order (the arrays are reused). */
  forEach(visit: (history: CustomerHistory) => void): void {
    const history: CustomerHistory = { customer: 0, periods: [], active: [], entries: [] };
    const { links } = this;
    const { periods, active, entries } = history;
    const walks = new Int32Array(AHEAD);
    for (let c = 0; c < this.ids.size; c++) {
      if (c % AHEAD === 0) this.readAhead(c, Math.min(this.ids.size, c + AHEAD), walks);
      history.customer = c;
      entries.length = 0;
      periods.length = 0;
      // The chain is in the order rows came, which is any: an insertion sort by period (a
      // customer has few periods), of the entries and their periods together.
      for (let e = this.head[c]!; e !== -1; e = links[e >>> LINK_SHIFT]![wordOf(e) + 1]!) {
        const period = links[e >>> LINK_SHIFT]![wordOf(e)]!;
        let k = entries.length;
        entries.push(e);
        periods.push(period);
        while (k > 0 && periods[k - 1]! > period) {
          entries[k] = entries[k - 1]!;
          periods[k] = periods[k - 1]!;
          k--;
        }
        entries[k] = e;
        periods[k] = period;
      }
      active.length = entries.length;
      for (let k = 0; k < entries.length; k++) {
        const e = entries[k]!;
        active[k] = links[e >>> LINK_SHIFT]![wordOf(e) + 2] === 1;
      }
      visit(history);
    }
  }
}

/** Moves a UnitSums slot's value into another's, in units while it has no exact part. */
function move(from: UnitSums, fromSlot: number, to: UnitSums, toSlot: number): void {
  const units = from.unitsOf(fromSlot);
  if (units === undefined) to.add(toSlot, from.value(fromSlot));
  else if (units !== 0) to.addUnits(toSlot, units);
}

/** A slot's value as whole units while it has no exact part, else as an exact decimal. */
const amountOf = (sums: UnitSums, slot: number): number | Decimal => sums.unitsOf(slot) ?? sums.value(slot);

/**
 * Every period's totals, from the first to the last, classifying each customer (see
 * classifyHistory); one map per group (`groups` of them; one without --by). A customer counts in
 * their segment of the period, and churned in that of the period before; one retained in another
 * segment than the period before's has moved: counted in the new one's movedIn and the old one's
 * movedOut.
 */
export function classifySegments(store: CustomerPeriods, first: number, last: number, reactivated: Reactivated, groups: number): Map<number, PeriodTotals>[] {
  const totals = Array.from({ length: groups }, () => new PeriodAccumulator(first, last));
  store.forEach(({ periods, active, entries }) => {
    classifyHistory(periods, active, last, (period, kind, at) => {
      const entry = entries[at]!;
      const group = totals[store.groupOf(entry)]!;
      if (kind === "retained" && groups > 1) {
        const before = store.groupOf(entries[at - 1]!);
        if (before !== store.groupOf(entry)) {
          group.countMove(period, "in");
          totals[before]!.countMove(period, "out");
        }
      }
      if (kind === "retained") {
        const before = entries[at - 1]!;
        totals[store.groupOf(before)]!.follow(period, amountOf(store.sums, store.revenueSlot(entry)), amountOf(store.sums, store.revenueSlot(before)));
      }
      const slot = group.countIn(period, kind);
      move(store.sums, store.revenueSlot(entry), group.sums, 2 * slot);
      // No cost yet: every cost is zero, and a zero moves nothing.
      const cost = store.costSlot(entry);
      if (kind !== "churned" && cost !== undefined) move(store.sums, cost, group.sums, 2 * slot + 1);
    });
  });
  return totals.map((t) => t.totals(reactivated));
}

/** Every period's totals, from the first to the last, classifying each customer (see classifyHistory). */
export function classifyCustomers(store: CustomerPeriods, first: number, last: number, reactivated: Reactivated): Map<number, PeriodTotals> {
  return classifySegments(store, first, last, reactivated, 1)[0]!;
}
