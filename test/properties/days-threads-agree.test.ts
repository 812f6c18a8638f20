/**
 * `ceq value --model bgnbd | pareto-nbd` reads a log per customer and day on two threads (issue
 * 29): the summary from one thread, from two (a worker holding a share of the customers, merged
 * back in the order of their first line), and from the rows tallied here through the model's own
 * Summarizer agree, customer by customer and in the same order. Random logs with customers'
 * rows interleaved, padded and non-ASCII ids (lines the fast path leaves to the schema, handed to
 * the worker after its own lines), refunds, zero amounts, a calibration end and a holdout end.
 * In-process; the worker is tsc's build (npm run build).
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { add, approximate, decimal, ratio, roundedCoef, ZERO, type Decimal } from "../../src/money.js";
import { customerColumns, summarize, type Summary } from "../../src/model/value/summary.js";
import { daySummary, meanSpendOf } from "../../src/read/day-summary.js";
import { folder } from "../support/helpers.js";
import { readDays } from "../support/read-days.js";
import { runs } from "../support/runs.js";

interface Row {
  id: string;
  year?: number;
  month: number;
  day: number;
  cents: number;
}

const row: fc.Arbitrary<Row> = fc.record({
  id: fc.constantFrom("cus_01", " cus_01", "cus_02", "c3", "ü6", "Tobias", "cus_04 ", "c5", "c6", "c7"),
  month: fc.integer({ min: 1, max: 3 }),
  day: fc.integer({ min: 1, max: 4 }),
  cents: fc.integer({ min: -3_000, max: 9_000 }),
});

const dateOf = (month: number, day: number, year = 2020) => `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
const dayOf = (month: number, day: number, year = 2020) => Date.UTC(year, month - 1, day) / 86_400_000;

/** c7's amounts have a fifth decimal (…005): read on the slow path, and kept exact, not in 10^-4 units. */
const fifth = (r: Row) => r.id === "c7";

const line = (r: Row): string => {
  const cents = Math.abs(r.cents);
  return `${r.id},${dateOf(r.month, r.day, r.year)},${r.cents < 0 ? "-" : ""}${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}${fifth(r) ? "005" : ""}`;
};

/**
 * The summary of the log read on `threads`; `tallied`: as each customer's running summary (read/
 * day-tally.ts) made up to that end (Infinity: the calibration end not given), undefined when a
 * customer's rows came out of date order.
 */
async function summaryOf(path: string, threads: number, end: number, holdoutEnd: number | undefined, tallied?: number) {
  const read = await readDays(path, threads, tallied, holdoutEnd);
  try {
    const worker = read.shard !== undefined;
    const summary = await daySummary(read, end, holdoutEnd);
    expect(read.tally !== undefined).toBe(tallied !== undefined);
    if (!summary) return undefined;
    // The mean spend as a number, without a Decimal where the total is in whole units: the same double.
    for (const c of summary.customers) if (c.x > 0) expect(meanSpendOf(c)).toBe(approximate(ratio(c.repeatTotal, decimal(BigInt(c.x)))!));
    return { summary: plain(summary), worker };
  } finally {
    read.shard?.close();
  }
}

/**
 * The summary tallied from the rows: a customer's purchase days are the days with a row of amount
 * ≥ 0, each day's total is all its rows' amounts; customers in the order of their first line.
 */
function tally(rows: readonly Row[], end: number, holdoutEnd: number | undefined): Summary {
  const byId = new Map<string, Map<number, { total: Decimal; active: boolean }>>();
  for (const r of rows) {
    const id = r.id.trim();
    if (!byId.has(id)) byId.set(id, new Map());
    const days = byId.get(id)!;
    const d = dayOf(r.month, r.day, r.year);
    const was = days.get(d) ?? { total: ZERO, active: false };
    const amount = fifth(r) ? decimal(BigInt(r.cents) * 1000n + (r.cents < 0 ? -5n : 5n), 5) : decimal(BigInt(r.cents), 2);
    days.set(d, { total: add(was.total, amount), active: was.active || r.cents >= 0 });
  }
  const customers = [...byId].map(([id, days]) => {
    const active = [...days].filter(([, v]) => v.active).sort((a, b) => a[0] - b[0]);
    return { id, days: active.map(([d]) => d), totals: active.map(([, v]) => v.total) };
  });
  return summarize(customers, end, holdoutEnd);
}

/** Whether every customer's rows (by id as the reader trims it) come in date order, or in reverse date order. */
function inOrder(rows: readonly Row[]): boolean {
  const seen = new Map<string, { day: number; order: number }>();
  for (const r of rows) {
    const [id, d] = [r.id.trim(), dayOf(r.month, r.day, r.year)];
    const was = seen.get(id);
    if (!was) seen.set(id, { day: d, order: 0 });
    else if (d !== was.day) {
      const order = Math.sign(d - was.day);
      if (was.order !== 0 && order !== was.order) return false;
      seen.set(id, { day: d, order });
    }
  }
  return true;
}

/** The customers as plain objects (the summary makes their id and total when asked); its columns, which the fits read, are theirs. */
function plain(s: Summary): Summary {
  const list = [...s.customers];
  expect(list.length).toBe(s.customers.length);
  expect(s.columns).toEqual(customerColumns(list));
  const customers = list.map((c) => ({ id: c.id, x: c.x, txDays: c.txDays, tDays: c.tDays, first: c.first, repeatTotal: c.repeatTotal, holdout: c.holdout }));
  return { customers, columns: s.columns, repeatCustomers: s.repeatCustomers, repeatDays: s.repeatDays };
}

/** Decimals compared by value (the reader sums in 10^-4 units, the tally in cents). */
const cents = (s: Summary) => ({ ...s, customers: [...s.customers].map((c) => ({ ...c, repeatTotal: Number(roundedCoef(c.repeatTotal, 2)) })) });

describe("ceq value's summary per day: one thread, two threads and the rows agree", () => {
  it("on random logs with interleaved customers, padded and non-ASCII ids, refunds, holdouts", async () => {
    const dir = folder();
    let workers = 0;
    const endDay = fc.record({ month: fc.integer({ min: 1, max: 3 }), day: fc.integer({ min: 1, max: 4 }) });
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), endDay, fc.boolean(), async (rows, at, holdout) => {
        const path = join(dir, "log.csv");
        writeFileSync(path, `customer_id,date,amount\n${rows.map(line).join("\n")}\n`);
        const end = dayOf(at.month, at.day);
        const holdoutEnd = holdout ? dayOf(3, 31) + 1 : undefined;
        const [one, two] = [await summaryOf(path, 1, end, holdoutEnd), await summaryOf(path, 2, end, holdoutEnd)];
        if (two!.worker) workers++;
        // To the last bit, and in the same order: the fits sum over customers in this order.
        expect(two!.summary).toEqual(one!.summary);
        expect(cents(one!.summary)).toEqual(cents(tally(rows, end, holdoutEnd)));
        // Tallied: on one thread, refused exactly when a customer's rows change direction in time; else,
        // and on two threads whenever it is not refused, the same summary to the last bit.
        const back = inOrder(rows) ? undefined : "refused";
        const [oneTallied, twoTallied] = [await summaryOf(path, 1, end, holdoutEnd, end), await summaryOf(path, 2, end, holdoutEnd, end)];
        expect(oneTallied === undefined ? "refused" : undefined).toBe(back);
        if (oneTallied) expect(oneTallied.summary).toEqual(one!.summary);
        if (twoTallied) expect(twoTallied.summary).toEqual(one!.summary);
        // The same rows sorted by date, and newest first: tallied on one thread, never refused, the same as their days.
        const newestFirst = [...rows].sort((a, b) => dayOf(b.month, b.day, b.year) - dayOf(a.month, a.day, a.year));
        writeFileSync(path, `customer_id,date,amount\n${newestFirst.map(line).join("\n")}\n`);
        expect((await summaryOf(path, 1, end, holdoutEnd, end))!.summary).toEqual((await summaryOf(path, 1, end, holdoutEnd))!.summary);
        const sorted = [...rows].sort((a, b) => dayOf(a.month, a.day, a.year) - dayOf(b.month, b.day, b.year));
        writeFileSync(path, `customer_id,date,amount\n${sorted.map(line).join("\n")}\n`);
        const days = (await summaryOf(path, 1, end, holdoutEnd))!.summary;
        expect((await summaryOf(path, 1, end, holdoutEnd, end))!.summary).toEqual(days);
        // No calibration end given: tallied up to Infinity, summarized at the log's last day.
        const last = Math.max(...rows.map((r) => dayOf(r.month, r.day, r.year)));
        expect((await summaryOf(path, 1, last, undefined, Infinity))!.summary).toEqual((await summaryOf(path, 1, last, undefined))!.summary);
        if (twoTallied || !back) {
          const twoSorted = await summaryOf(path, 2, end, holdoutEnd, end);
          if (twoSorted) expect(twoSorted.summary).toEqual(days);
        }
      }),
      // A worker's customer (cus_04: the worker holds it, c3 too) first met on the slow path (a
      // padded id), then on the fast path after c3's first line: the worker meets cus_04 after c3,
      // gets the first line after its own, and must still place cus_04 first, by that line. A log
      // of refunds only: no customer.
      {
        numRuns: runs(12, 200),
        examples: [
          [
            [
              { id: "cus_04 ", month: 1, day: 1, cents: 100 },
              { id: "c3", month: 1, day: 2, cents: 200 },
              { id: "cus_04", month: 1, day: 3, cents: 250 },
              { id: " cus_01", month: 2, day: 1, cents: 300 },
              { id: "cus_01", month: 2, day: 3, cents: 350 },
              { id: "c3", month: 3, day: 1, cents: -50 },
            ],
            { month: 2, day: 4 },
            true,
          ],
          [[{ id: "c5", month: 1, day: 1, cents: -100 }], { month: 3, day: 4 }, false],
          // c5's days go back, then forth by one day: between two days met, the tally cannot
          // tell whether that day was counted, and refuses; c6's rows of one day change nothing.
          [
            [
              { id: "c6", month: 1, day: 2, cents: 100 },
              { id: "c5", month: 1, day: 3, cents: 100 },
              { id: "c6", month: 1, day: 2, cents: -40 },
              { id: "c5", month: 1, day: 1, cents: 100 },
              { id: "c5", month: 1, day: 2, cents: 100 },
            ],
            { month: 3, day: 4 },
            false,
          ],
          // Newest first, with a refund-only day before the first purchase and a holdout day:
          // the earliest purchase day is held until an earlier one comes, or none does.
          [
            [
              { id: "c6", month: 3, day: 4, cents: 700 },
              { id: "c6", month: 2, day: 2, cents: 500 },
              { id: "c6", month: 2, day: 2, cents: -200 },
              { id: "c6", month: 1, day: 3, cents: 300 },
              { id: "c6", month: 1, day: 1, cents: -100 },
            ],
            { month: 2, day: 4 },
            true,
          ],
        ],
      },
    );
    // The worker read the logs (a line with a quote would send it back to one thread; none has one).
    expect(workers).toBeGreaterThan(0);
    rmSync(dir, { recursive: true });
  });

  it("a bigger log, customers' rows spread over it: the worker holds half of them, the order is one thread's", async () => {
    const dir = folder();
    const path = join(dir, "log.csv");
    const rows: Row[] = [];
    for (let i = 0; i < 20_000; i++) {
      const c = (i * 7919) % 3000;
      // Every 97th line padded: read by the schema, and a worker's handed over after its lines.
      rows.push({ id: `${i % 97 === 0 ? " " : ""}cus_${String(c).padStart(5, "0")}`, year: 2015 + (i % 6), month: 1 + (i % 12), day: 1 + (i % 28), cents: ((i % 89) - 5) * 100 + (i % 100) });
    }
    writeFileSync(path, `customer_id,date,amount\n${rows.map(line).join("\n")}\n`);
    const end = dayOf(6, 30, 2019);
    const holdoutEnd = dayOf(12, 31, 2020);
    const [one, two] = [(await summaryOf(path, 1, end, holdoutEnd))!, (await summaryOf(path, 2, end, holdoutEnd))!];
    expect(two.worker).toBe(true);
    expect(two.summary).toEqual(one.summary);
    expect(cents(one.summary)).toEqual(cents(tally(rows, end, holdoutEnd)));
    expect(one.summary.customers.length).toBeGreaterThan(2000);
    // Its rows go back in time for most customers: the tally refuses it, on either thread.
    expect(await summaryOf(path, 1, end, holdoutEnd, end)).toBeUndefined();
    expect(await summaryOf(path, 2, end, holdoutEnd, end)).toBeUndefined();
    rmSync(dir, { recursive: true });
  });
});
