/**
 * The worker of a log read per customer and day (ceq value's models, issue 29) summarizes its
 * customers as soon as it has read its shard, while the main thread still reads (see
 * summarizeEarly in src/read/parallel/log-worker.ts), when no row of its shard can come from the
 * main thread's slow path. With no calibration end given, the log's last day is not known yet:
 * T is made from a day later than any and moved when the main thread asks. Random logs of plain
 * lines in date order, on two threads: the summary is the one of the same log read on one thread
 * into each customer's days, to the last bit and in the same order; a padded id or an amount the
 * fast path leaves to the schema keeps the worker from summarizing early, and changes nothing.
 * In-process; the worker is tsc's build (npm run build).
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { customerColumns, type Summary } from "../../src/model/value/summary.js";
import { daySummary } from "../../src/read/day-summary.js";
import { shardOf } from "../../src/read/id-index.js";
import { folder } from "../support/helpers.js";
import { readDays } from "../support/read-days.js";
import { runs } from "../support/runs.js";

interface Row {
  id: string;
  day: number;
  cents: number;
}

/** Days of 2020 from 1 January; amounts with two decimals, some negative (refunds). */
const row: fc.Arbitrary<Row> = fc.record({
  id: fc.constantFrom("cus_01", "cus_02", "c3", "Tobias", "c5", "c6", "c7", "c8"),
  day: fc.integer({ min: 0, max: 120 }),
  cents: fc.integer({ min: -3_000, max: 9_000 }),
});

const EPOCH_2020 = Date.UTC(2020, 0, 1) / 86_400_000;
const dateOf = (day: number) => new Date((EPOCH_2020 + day) * 86_400_000).toISOString().slice(0, 10);
const amountOf = (cents: number) => `${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}`;

/** The log's lines in date order (each customer's rows then come in order: the tally takes them). */
const logOf = (rows: readonly Row[], odd: string[] = []) =>
  `customer_id,date,amount\n${[...rows].sort((a, b) => a.day - b.day).map((r) => `${r.id},${dateOf(r.day)},${amountOf(r.cents)}`).concat(odd).join("\n")}\n`;

/** The summary of the log: on `threads`, tallied up to `tallyEnd` (Infinity: no calibration end given), or into each customer's days. */
async function summaryOf(path: string, threads: number, end: number, holdoutEnd: number | undefined, tallyEnd?: number) {
  const read = await readDays(path, threads, tallyEnd, holdoutEnd);
  try {
    const early = read.shard ? await read.shard.summarized() : undefined;
    const summary = await daySummary(read, end, holdoutEnd);
    // Without its tally: read again, as when a row came to a worker that had summarized early.
    return { summary: summary && plain(summary), early, tallied: read.tally !== undefined };
  } finally {
    await read.shard?.close();
  }
}

/** The customers as plain objects, and their columns (which the fits read) checked against them. */
function plain(s: Summary) {
  const list = [...s.customers];
  expect(s.columns).toEqual(customerColumns(list));
  return { customers: list.map((c) => ({ id: c.id, x: c.x, txDays: c.txDays, tDays: c.tDays, first: c.first, repeatTotal: c.repeatTotal, holdout: c.holdout })), repeatCustomers: s.repeatCustomers, repeatDays: s.repeatDays };
}

describe("ceq value's worker summarizes its shard once read", () => {
  it("with the calibration end given or not, and a holdout: the summary of one thread, to the bit", async () => {
    const dir = folder();
    const path = join(dir, "log.csv");
    let early = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), fc.integer({ min: 0, max: 120 }), fc.boolean(), async (rows, endDay, holdout) => {
        writeFileSync(path, logOf(rows));
        const last = EPOCH_2020 + Math.max(...rows.map((r) => r.day));
        // No calibration end: the log's last day, which the worker did not know when it summarized.
        const byDays = await summaryOf(path, 1, last, undefined);
        const tallied = await summaryOf(path, 2, last, undefined, Infinity);
        expect(tallied.summary).toEqual(byDays.summary);
        if (tallied.early !== undefined) {
          expect(tallied.early).toBe(true);
          early++;
        }
        // A calibration end, and a holdout up to the log's last day or beyond.
        const end = EPOCH_2020 + endDay;
        const holdoutEnd = holdout ? Math.max(last, end) + 1 : undefined;
        const byDaysEnd = await summaryOf(path, 1, end, holdoutEnd);
        const talliedEnd = await summaryOf(path, 2, end, holdoutEnd, end);
        expect(talliedEnd.summary).toEqual(byDaysEnd.summary);
        if (talliedEnd.early !== undefined) expect(talliedEnd.early).toBe(true);
      }),
      { numRuns: runs(10, 100) },
    );
    // The worker read the logs, and summarized early.
    expect(early).toBeGreaterThan(0);
    rmSync(dir, { recursive: true });
  });

  it("a line the worker leaves to the slow path, or another shard's padded id: not summarized early, the same summary", async () => {
    const dir = folder();
    const path = join(dir, "log.csv");
    const rows: Row[] = [];
    for (let i = 0; i < 4_000; i++) rows.push({ id: `cus_${String((i * 7919) % 900).padStart(4, "0")}`, day: i % 120, cents: ((i % 89) - 5) * 100 + (i % 100) });
    const last = EPOCH_2020 + 119;
    writeFileSync(path, logOf(rows));
    const plainLog = await summaryOf(path, 2, last, undefined, Infinity);
    expect(plainLog.early).toBe(true);
    expect(plainLog.summary).toEqual((await summaryOf(path, 1, last, undefined)).summary);
    // A padded id, whichever shard its bytes hash to: the id the schema reads (trimmed) may be the
    // worker's, handed to it from the main thread's slow path. Each of the four: the bytes' shard
    // (which the worker goes by) and the trimmed id's (which the main thread goes by).
    const worker = (id: string) => shardOf(Buffer.from(id), 0, id.length, true) !== 0;
    const ids = [...new Set(rows.map((r) => r.id))];
    const padded = ids.flatMap((id) => [` ${id}`, `${id} `]);
    const kinds = [true, false].flatMap((bytes) => [true, false].map((trimmed) => padded.find((p) => worker(p) === bytes && worker(p.trim()) === trimmed)));
    expect(kinds.every((p) => p !== undefined)).toBe(true);
    for (const id of kinds) {
      writeFileSync(path, logOf(rows, [`${id},2020-04-29,5.00`]));
      const read = await summaryOf(path, 2, last, undefined, Infinity);
      expect(read.summary).toEqual((await summaryOf(path, 1, last, undefined)).summary);
      expect(read.early).toBe(false);
      expect(read.tallied).toBe(true);
    }
    // An amount with a fifth decimal, read by the schema: it stops the worker's early summary when
    // the customer is the worker's, and not when the main thread keeps them (it never hands them on).
    const [theirs, ours] = [ids.find(worker), ids.find((id) => !worker(id))];
    expect(theirs && ours).toBeDefined();
    for (const id of [theirs!, ours!]) {
      writeFileSync(path, logOf(rows, [`${id},2020-04-29,5.00001`]));
      const slow = await summaryOf(path, 2, last, undefined, Infinity);
      expect(slow.early).toBe(id === ours);
      expect(slow.tallied).toBe(true);
      expect(slow.summary).toEqual((await summaryOf(path, 1, last, undefined)).summary);
    }
    rmSync(dir, { recursive: true });
  });
});
