/**
 * A log read per customer and day (ceq value --model bgnbd | pareto-nbd), kept as each customer's
 * running summary instead of a chain of days: while each customer's rows come in date order (a
 * log sorted by date, or by customer then date, as CDNOW and Online Retail are), a day is over
 * when a later one starts, and what the summary needs of it (a purchase day or not, its
 * total) is folded into a few numbers a customer. 56 bytes a customer, where the chains
 * (read/customer-periods.ts) hold 20 bytes a customer-day, six days a customer on the bench's log.
 *
 * A customer's rows may also come newest first (a log sorted newest first): their earliest
 * purchase day met so far is then held, with its total, until an earlier one makes it a repeat.
 * A row that goes against its customer's order (dated between their days met so far) cannot be
 * placed: whether its day was already counted is gone with the chain. The tally then marks itself
 * `unordered`, ignores the rest, and the caller reads the log again into chains
 * (commands/value-clv.ts): never a guess.
 *
 * The figures are those of summarizeDays() (read/day-summary.ts) on the same rows, to the last bit:
 * a repeat day's total joins the customer's in whole units under the same test, or in the exact
 * part; met newest first, the days are added in the other order, which changes no value (whole
 * units below 2^53 and exact decimals add up exactly in any order; only which part holds a
 * total past 2^53 units could differ).
 */
import { add, decimal, ZERO, type Decimal } from "../money.js";
import { APPEND_GROWTH, grown } from "../model/typed-arrays.js";
import { toUnits, UNITS_SCALE } from "../model/unit-sums.js";
import type { TableBytes } from "../model/memory.js";
import { daySummaryOf, type DaySummary } from "./day-summary.js";
import { IdIndex, type IdBytes } from "./id-index.js";

/** Days are kept as day + BIAS (a day is within 2^22 of 1970), so that 0, what fresh memory
 * holds, is "none yet": the arrays grow by 4 (APPEND_GROWTH) with no pass to fill them, and
 * their room not yet used costs no resident memory. */
const BIAS = 2 ** 30;
/** Rows flush() adds at a time (as CustomerPeriods does). */
const AHEAD = 16;
/** A customer's flags (DayTally.flags): their current day has a purchase (a row ≥ 0); their days come later and later, or earlier and earlier. */
const ACTIVE = 1;
const LATER = 2;
const EARLIER = 4;
/** An entry's customer and day in one number (see entry()). */
const DAY_SPAN = 2 ** 23;
/** Whole units beyond which a day's sum goes to its exact part (as UnitSums). */
const LIMIT = 2 ** 52;

export class DayTally {
  private readonly ids = new IdIndex();
  /** The day of each customer's latest row (+ BIAS; 0: none yet): the day still being summed. */
  private day = new Int32Array(1024);
  /** Whether that day has a row of amount ≥ 0 (ACTIVE: a purchase day, see summarizeDays), and
   * the order of the customer's days once a second one is met (LATER, EARLIER). */
  private flags = new Int32Array(1024);
  /** Newest first: the total of the earliest purchase day met so far (held in `first`), and its exact part. */
  private heldUnits = new Float64Array(1024);
  private readonly heldExact = new Map<number, Decimal>();
  /** That day's sum in whole units (10^-4), while it has no exact part (dayExact). */
  private dayUnits = new Float64Array(1024);
  private readonly dayExact = new Map<number, Decimal>();
  /** The first purchase day (+ BIAS; 0: none yet), the last repeat day up to the end, their counts. */
  private first = new Int32Array(1024);
  private last = new Int32Array(1024);
  private repeats = new Int32Array(1024);
  private holdouts = new Int32Array(1024);
  /** The repeat days' total up to the end in whole units, and its exact part (as summarizeDays). */
  private units = new Float64Array(1024);
  private readonly exact = new Map<number, Decimal>();
  /** With a holdout end: each customer's repeat days up to it. */
  private readonly repeatDays: number[][] | undefined;
  private lines: Float64Array | undefined;
  /** Whether a row went against its customer's order of days: nothing here may be used then. */
  unordered = false;

  /** `end`: the calibration end's day (Infinity: not given, so the log's last, every day then in); `holdoutEnd` when given. */
  constructor(
    private readonly end: number,
    private readonly holdoutEnd: number | undefined,
  ) {
    if (holdoutEnd !== undefined) this.repeatDays = [];
  }

  get customers(): number {
    return this.ids.size;
  }

  idOf = (customer: number): string => this.ids.idOf(customer);
  idBytes = (): IdBytes => this.ids.idBytes();

  trackLines(): void {
    this.lines ??= new Float64Array(1024);
  }

  firstLine(customer: number): number {
    const lines = this.lines;
    return (lines && customer < lines.length && lines[customer]) || Infinity;
  }

  /** Notes that a row of line `line` is the customer's, with trackLines() (0: none noted yet). */
  private noteLine(c: number, line: number): void {
    const lines = this.lines;
    if (lines && line !== Infinity && (lines[c] === 0 || line < lines[c]!)) lines[c] = line;
  }

  /**
   * A plain row, as CustomerPeriods.queueUnits takes it (`period` is its day; no cost, group or
   * order is kept: the models read revenue alone, and ceq value refuses --by). Rows are added
   * AHEAD at a time, their ids' slots read first, side by side (see CustomerPeriods.flush).
   */
  queueUnits(bytes: Uint8Array, start: number, end: number, hashed: number, period: number, amount: number, _cost?: number, _group?: number, _order?: number, line = 0): void {
    if (bytes !== this.queuedBytes) {
      this.flush();
      this.queuedBytes = bytes;
    }
    const q = this.queued;
    const k = this.queuedCount++;
    [q.starts[k], q.ends[k], q.hashes[k], q.days[k], q.amounts[k], q.lines[k]] = [start, end, hashed, period, amount, line];
    if (this.queuedCount === AHEAD) this.flush();
  }

  /** Adds the rows queued so far, in the order they came. */
  flush(): void {
    const n = this.queuedCount;
    const bytes = this.queuedBytes;
    if (n === 0 || !bytes) return;
    this.queuedCount = 0;
    const { starts, ends, hashes, days, amounts, lines, customers } = this.queued;
    let touched = 0;
    for (let k = 0; k < n; k++) touched ^= this.ids.touch(hashes[k]!);
    for (let k = 0; k < n; k++) customers[k] = this.ids.indexOf(bytes, starts[k]!, ends[k]!, hashes[k]!);
    for (let k = 0; k < n; k++) this.addRow(customers[k]!, days[k]!, amounts[k]!, amounts[k]! >= 0, lines[k]!);
    this.touched = touched;
  }

  private readonly queued = {
    starts: new Int32Array(AHEAD),
    ends: new Int32Array(AHEAD),
    hashes: new Int32Array(AHEAD),
    days: new Int32Array(AHEAD),
    amounts: new Float64Array(AHEAD),
    lines: new Float64Array(AHEAD),
    customers: new Int32Array(AHEAD),
  };
  private queuedCount = 0;
  private queuedBytes: Uint8Array | undefined;
  /** See flush(). */
  touched = 0;

  /**
   * The slow path's row, in two steps as CustomerPeriods takes it: entry() names the customer and
   * the day, addTo() adds the amount to them. The entry is the customer's index and the day, in
   * one number (a day is within 2^22 of 1970: every year from 0 to 9999).
   */
  entry(id: string, period: number, line = 0): number {
    const customer = this.ids.indexOfText(id);
    this.ensure(customer);
    this.noteLine(customer, line);
    return customer * DAY_SPAN + (period + DAY_SPAN / 2);
  }

  addTo(entry: number, amount: number | Decimal, _cost: number | Decimal, nonNegative: boolean): void {
    const customer = Math.floor(entry / DAY_SPAN);
    this.addRow(customer, (entry % DAY_SPAN) - DAY_SPAN / 2, amount, nonNegative, Infinity);
  }

  setGroup(): void {
    throw new Error("a log tallied by day has no groups (ceq value refuses --by)");
  }

  /** The bytes its tables hold, and the largest one's: what their next growth adds (see model/memory.ts). */
  tables(): TableBytes {
    const perCustomer = [this.day, this.flags, this.dayUnits, this.heldUnits, this.first, this.last, this.repeats, this.holdouts, this.units, this.lines].map((a) => a?.byteLength ?? 0);
    const arrays = [...this.ids.arrays, ...perCustomer];
    return { held: arrays.reduce((a, b) => a + b, 0), largest: Math.max(...this.ids.arrays, perCustomer.reduce((a, b) => a + b, 0)) };
  }

  /** Frees every table but the ids' (idOf() still answers), once summarized. */
  keepIdsOnly(): void {
    this.day = this.flags = this.first = this.last = this.repeats = this.holdouts = new Int32Array(0);
    this.dayUnits = this.heldUnits = this.units = new Float64Array(0);
    this.lines = undefined;
  }

  /**
   * The customers summarized as summarizeDays() does (once every row is in: no row may follow), up to `end` (the calibration end: when the
   * tally was made with Infinity, every day is before it). With `withIds`, the ids as text, for
   * the main thread (see DaySummary).
   */
  summarize(end: number, withIds = false): DaySummary {
    if (this.unordered) throw new Error("an unordered log's tally was summarized");
    // Every row is in: the ids' lookup table goes before the columns are made (a third of a
    // thread's tables on the bench's log), their text stays for idOf().
    this.ids.dropLookups();
    const n = this.customers;
    for (let c = 0; c < n; c++) if (this.day[c] !== 0) this.close(c);
    const summary = daySummaryOf(n, this, end, withIds, this.repeatDays !== undefined);
    for (let customer = 0; customer < n; customer++) {
      if (this.first[customer] === 0) continue;
      const day0 = this.first[customer]! - BIAS;
      if (day0 > end) continue;
      const repeats = this.repeats[customer]!;
      // Met newest first, their repeat days were noted in that order.
      const days = (this.flags[customer]! & EARLIER) !== 0 ? this.repeatDays?.[customer]?.reverse() : this.repeatDays?.[customer];
      summary.add(customer, repeats, repeats > 0 ? this.last[customer]! : day0, day0, this.holdouts[customer]!, this.units[customer]!, this.exact.get(customer), days);
    }
    return summary.done();
  }

  /** Room for customer `c`. */
  private ensure(c: number): void {
    if (c < this.day.length) return;
    const size = c + 1;
    const more = <T extends Int32Array | Float64Array>(a: T): T => grown(a, size, 0, APPEND_GROWTH);
    [this.day, this.flags, this.first, this.last, this.repeats, this.holdouts] = [more(this.day), more(this.flags), more(this.first), more(this.last), more(this.repeats), more(this.holdouts)];
    [this.dayUnits, this.heldUnits, this.units] = [more(this.dayUnits), more(this.heldUnits), more(this.units)];
    if (this.lines) this.lines = more(this.lines);
  }

  /** A customer's row: its day, its amount (whole units, or an exact decimal) and whether it is ≥ 0. */
  private addRow(c: number, day: number, amount: number | Decimal, nonNegative: boolean, line: number): void {
    if (this.unordered) return;
    this.ensure(c);
    this.noteLine(c, line);
    const current = this.day[c]!;
    const stored = day + BIAS;
    if (stored !== current) {
      if (current !== 0) {
        // The customer's second day sets their order; a day against it cannot be placed.
        const order = stored > current ? LATER : EARLIER;
        const was = this.flags[c]! & (LATER | EARLIER);
        if (was !== 0 && was !== order) {
          this.unordered = true;
          return;
        }
        this.flags[c] = this.flags[c]! | order;
        this.close(c);
      }
      this.day[c] = stored;
    }
    if (nonNegative) this.flags[c] = this.flags[c]! | ACTIVE;
    const units = typeof amount === "number" ? amount : toUnits(amount);
    const exact = this.dayExact.get(c);
    if (units === undefined || exact !== undefined) {
      this.dayExact.set(c, add(exact ?? ZERO, typeof amount === "number" ? toDecimal(amount) : amount));
      return;
    }
    const sum = this.dayUnits[c]! + units;
    if (sum < LIMIT && sum > -LIMIT) this.dayUnits[c] = sum;
    else {
      this.dayExact.set(c, add(toDecimal(this.dayUnits[c]!), toDecimal(units)));
      this.dayUnits[c] = 0;
    }
  }

  /**
   * Folds customer c's day into their summary, as summarizeDays counts it, and empties it. Days
   * met in date order: the first purchase day is the first met, each later one a repeat. Met
   * newest first: the earliest purchase day met so far is held (as `first`, its total beside it)
   * until an earlier one shows it was a repeat.
   */
  private close(c: number): void {
    const day = this.day[c]! - BIAS;
    const dayExact = this.dayExact.get(c);
    const dayUnits = this.dayUnits[c]!;
    if (dayExact !== undefined) this.dayExact.delete(c);
    this.dayUnits[c] = 0;
    const flags = this.flags[c]!;
    if ((flags & ACTIVE) === 0) return;
    this.flags[c] = flags & ~ACTIVE;
    const held = this.first[c]!;
    if ((flags & EARLIER) !== 0 && held !== 0) {
      // Newest first: the day held was not the first purchase day after all.
      const heldExact = this.heldExact.get(c);
      if (heldExact !== undefined) this.heldExact.delete(c);
      this.repeat(c, held - BIAS, this.heldUnits[c]!, heldExact);
    }
    if ((flags & EARLIER) !== 0 || held === 0) {
      // The first purchase day (so far, newest first): its total is not a repeat's.
      this.first[c] = day + BIAS;
      this.heldUnits[c] = dayUnits;
      if (dayExact !== undefined) this.heldExact.set(c, dayExact);
      return;
    }
    this.repeat(c, day, dayUnits, dayExact);
  }

  /** A repeat purchase day of customer c: counted up to the end (its total summed), or in the holdout. */
  private repeat(c: number, day: number, dayUnits: number, dayExact: Decimal | undefined): void {
    if (day <= this.end) {
      if (this.repeats[c] === 0 || day > this.last[c]!) this.last[c] = day;
      this.repeats[c]!++;
      if (dayExact === undefined && Number.isSafeInteger(this.units[c]! + dayUnits)) this.units[c]! += dayUnits;
      else this.exact.set(c, add(this.exact.get(c) ?? ZERO, dayExact === undefined ? toDecimal(dayUnits) : add(dayExact, toDecimal(dayUnits))));
    } else if (this.holdoutEnd !== undefined && day <= this.holdoutEnd) this.holdouts[c]!++;
    if (this.repeatDays && day <= this.holdoutEnd!) (this.repeatDays[c] ??= []).push(day);
  }
}

/** Whole units (10^-4) as an exact decimal, as UnitSums.value() makes them. */
const toDecimal = (units: number): Decimal => (units === 0 ? ZERO : decimal(BigInt(units), UNITS_SCALE));
