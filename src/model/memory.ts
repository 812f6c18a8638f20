/**
 * A bound on the memory a transaction log's per-customer tables may take (`--max-memory`), so that
 * a log too big for this machine is an error naming the size it needs and the way out, never an
 * out-of-memory crash. Pure: the tables report their bytes, the reader says how far it has read.
 *
 * The tables (ids, chains of customer-periods, sums) are typed arrays that double when full, so
 * the most they hold at once is at their next growth: all they hold now, plus the doubled copy of
 * the array that grows (the old one is freed only after the copy). A thread checks that peak, for
 * both threads together, before it reads on: a log that fits is never refused, and one that does
 * not is stopped before the allocation that would not fit.
 */
import { InputError } from "../errors.js";

/** What a thread's tables hold now, and what their next growth adds at its peak (2× the largest). */
export interface TableBytes {
  held: number;
  largest: number;
}

/** Each thread's figures in a shared Int32Array, in KiB (2 TiB fit): [held, headroom] per thread. */
const KIB = 1024;
export const GUARD_WORDS = 4;

const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };

/** `512MB`, `1.5GB`, `800MiB`, `2 GiB` as bytes (KB/MB/GB are powers of 1,000; KiB/MiB/GiB of 1,024); undefined when not a size. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]i?b|b)\s*$/i.exec(text);
  if (!m) return undefined;
  const bytes = Math.round(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
  return bytes >= 1 && Number.isSafeInteger(bytes) ? bytes : undefined;
}

/** Bytes for a message: `1.2 GB`, `340 MB`, `12 KB`, `900 B` (powers of 1,000, as parseSize reads them). */
export function formatSize(bytes: number): string {
  for (const [unit, size] of [["TB", 1e12], ["GB", 1e9], ["MB", 1e6], ["KB", 1e3]] as const) {
    if (bytes >= size) return `${(bytes / size).toFixed(bytes >= 10 * size ? 0 : 1)} ${unit}`;
  }
  return `${Math.round(bytes)} B`;
}

/**
 * The bound when none is given: half the machine's memory, or of the container's limit when it
 * has one (`process.constrainedMemory()`, 0 or absurdly large when there is none). The tables are
 * typed arrays, outside V8's heap, so the heap's own limit does not bound them: physical memory
 * does. Half leaves room for the rest of the run (the heap, the read buffers, the report) and for
 * other programs.
 */
export function defaultMaxMemory(totalMemory: number, constrained: number | undefined): number {
  const limit = constrained !== undefined && constrained > 0 && constrained < totalMemory ? constrained : totalMemory;
  return Math.floor(limit / 2);
}

/** Where the reader is, for the message: the file, how far into it, and the customers so far. */
export interface ReadPlace {
  file: string;
  /** Bytes read of `size`; size undefined when unknown (standard input, a workbook). */
  read: number;
  size: number | undefined;
  customers: number;
}

/** The way out of the bound for the yearly report and the cohorts, which a database can compute. */
export const WAY_OUT =
  "give a larger --max-memory if this machine has the memory free (the default is half of it), or let a database do the work: ceq sql --transactions TABLE prints the same computation as SQL, and ceq --warehouse URL --transactions TABLE runs it there (see docs/big-exports.md)";

/**
 * The shared check. `shared` holds both threads' figures (a SharedArrayBuffer's view when a
 * worker holds a shard; a plain array on one thread); `thread` is the slot this side writes.
 */
export class MemoryGuard {
  constructor(
    readonly max: number,
    readonly shared: Int32Array = new Int32Array(GUARD_WORDS),
    private readonly thread = 0,
    /** The error's hint: a larger bound, or a database (WAY_OUT); a command whose work no database does gives its own. */
    private readonly wayOut = WAY_OUT,
  ) {}

  /** Publishes this thread's tables; answers whether both threads' peak at a next growth exceeds the bound. */
  over(tables: TableBytes): boolean {
    Atomics.store(this.shared, 2 * this.thread, Math.ceil(tables.held / KIB));
    Atomics.store(this.shared, 2 * this.thread + 1, Math.ceil((2 * tables.largest) / KIB));
    return this.peak() > this.max;
  }

  /** Both threads' bytes held now, and at the peak of a next growth. */
  held(): number {
    return (Atomics.load(this.shared, 0) + Atomics.load(this.shared, 2)) * KIB;
  }

  peak(): number {
    let kib = 0;
    for (let i = 0; i < GUARD_WORDS; i++) kib += Atomics.load(this.shared, i);
    return kib * KIB;
  }

  /** Throws the error when over(): the size needed, how it was found, and the ways out. */
  check(tables: TableBytes, place: ReadPlace): void {
    if (this.over(tables)) throw this.error(place, tables.held);
  }

  /** The error, `own` being the bytes of this thread's tables (which hold `place.customers`). */
  error(place: ReadPlace, own: number): InputError {
    const held = this.held();
    const peak = this.peak();
    const share = place.size ? place.read / place.size : undefined;
    const perCustomer = place.customers > 0 ? ` (${Math.round(own / place.customers)} bytes a customer)` : "";
    // The tables grow with distinct customer-periods, which grow at most as fast as rows, so the
    // share read so far gives an estimate for the whole file (high when customers repeat).
    const whole = share !== undefined && share > 0 && share < 1 ? `; at this rate the whole file needs about ${formatSize(Math.max(peak, held / share))}` : "";
    const where = share !== undefined ? `after ${(100 * Math.min(share, 1)).toFixed(share < 0.1 ? 1 : 0)}% of the file` : "so far";
    return new InputError(
      `${place.file}: the log's customer tables need more memory than the bound of ${formatSize(this.max)}: they hold ${formatSize(held)} ${where}${perCustomer}, and their next growth needs ${formatSize(peak)}${whole}`,
      this.wayOut,
    );
  }
}
