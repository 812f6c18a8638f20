/**
 * `ceq cohorts` and `ceq value` take a log's cohorts from the reading's own customer-period table,
 * each thread tallying the customers it holds (read/cohort-cells.ts, shardedCohorts). Here that
 * table equals an independent tally written out in the test from the log's lines: a customer's
 * cohort is the first period with a row of amount ≥ 0, and they count, with their whole revenue
 * of the period (refunds included), in each period from then on with such a row. On random logs,
 * one thread and two (a worker holding a share of the customers), by year, quarter and month.
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shardedCohorts } from "../../src/commands/base.js";
import { totalsOf } from "../../src/commands/transactions.js";
import { source } from "../../src/io/source.js";
import { roundedCoef } from "../../src/money.js";
import { shardOf } from "../../src/read/id-index.js";
import { DEFAULT_CELLS } from "../../src/read/options.js";
import { readTransactions } from "../../src/read/transactions.js";
import type { PeriodKind } from "../../src/schema/period.js";
import { folder } from "../support/helpers.js";
import { runs } from "../support/runs.js";

const IDS = ["cus_01", "cus_02", "cus_03", "cus_04", "Tobias", "C 5", "ü9", "c6", "c7", "c8"];
const row = fc.record({ id: fc.constantFrom(...IDS), y: fc.integer({ min: 2019, max: 2022 }), m: fc.integer({ min: 1, max: 12 }), cents: fc.integer({ min: -30_000, max: 90_000 }) });
type Row = { id: string; y: number; m: number; cents: number };

/** The period of a date, written out here (fiscal years start in January). */
function periodOf(kind: PeriodKind, y: number, m: number): number {
  if (kind === "year") return y;
  if (kind === "quarter") return y * 4 + Math.floor((m - 1) / 3);
  return y * 12 + m - 1;
}

/** Cohort → period → [customers, revenue in cents], every cohort followed to the log's last period. */
function tally(rows: readonly Row[], kind: PeriodKind): Map<number, Map<number, [number, number]>> {
  const customers = new Map<string, Map<number, { cents: number; active: boolean }>>();
  let last = -Infinity;
  for (const r of rows) {
    const p = periodOf(kind, r.y, r.m);
    last = Math.max(last, p);
    let periods = customers.get(r.id);
    if (!periods) customers.set(r.id, (periods = new Map()));
    const held = periods.get(p) ?? { cents: 0, active: false };
    held.cents += r.cents;
    held.active ||= r.cents >= 0;
    periods.set(p, held);
  }
  const table = new Map<number, Map<number, [number, number]>>();
  for (const periods of customers.values()) {
    const active = [...periods].filter(([, v]) => v.active).sort((a, b) => a[0] - b[0]);
    if (active.length === 0) continue;
    const cohort = active[0]![0];
    if (!table.has(cohort)) {
      const cells = new Map<number, [number, number]>();
      for (let p = cohort; p <= last; p++) cells.set(p, [0, 0]);
      table.set(cohort, cells);
    }
    for (const [p, { cents }] of active) {
      const cell = table.get(cohort)!.get(p)!;
      cell[0]++;
      cell[1] += cents;
    }
  }
  return table;
}

const text = (cents: number) => `${cents < 0 ? "-" : ""}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, "0")}`;

describe("a log's cohorts, from the reading's table, equal a tally of its lines", () => {
  it("one thread and two, by year, quarter and month", async () => {
    const dir = folder();
    const path = join(dir, "log.csv");
    // Both threads hold customers from this list: the worker's share is not empty.
    expect(new Set(IDS.map((id) => shardOf(Buffer.from(id), 0, Buffer.byteLength(id)))).size).toBe(2);
    let workerHeld = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 80 }), fc.constantFrom<PeriodKind>("year", "quarter", "month"), fc.constantFrom(1, 2), async (rows, kind, threads) => {
        writeFileSync(path, `customer_id,date,amount\n${rows.map((r) => `${r.id},${r.y}-${String(r.m).padStart(2, "0")}-07,${text(r.cents)}`).join("\n")}\n`);
        const read = await readTransactions({ sources: [source(path)], periods: { kind, fiscalYearStart: 1 }, columns: {}, cells: DEFAULT_CELLS, skipMissingId: false, maxErrors: 10, strict: false, threads, minBytes: 0 });
        try {
          expect(read.log.errorCount).toBe(0);
          expect(read.shard !== undefined).toBe(threads === 2);
          await totalsOf(read, "acquisition");
          const table = await shardedCohorts(read);
          const distinct = new Set(rows.map((r) => r.id)).size;
          if (read.customers.customers < distinct) workerHeld++;
          const got = new Map(table.cohorts.map((c) => [c.period, new Map(c.cells.map((cell) => [cell.period, [cell.customers, Number(roundedCoef(cell.revenue!, 2))] as [number, number]]))]));
          expect(got).toEqual(tally(rows, kind));
        } finally {
          read.shard?.close();
        }
      }),
      { numRuns: runs(20, 200) },
    );
    // The worker held customers in some of the runs, so the two threads' cells were added up.
    expect(workerHeld).toBeGreaterThan(0);
    rmSync(dir, { recursive: true });
  });
});
