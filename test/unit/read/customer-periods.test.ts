/**
 * CustomerPeriods.queueUnits() adds rows in batches, reading ahead for each batch: checked
 * against adding the same rows one at a time (entryOf, then addUnits), on random rows, with
 * batches cut by a change of buffer, by flush() (due before a buffer is written over), and by
 * rows added on the slow path between them.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decimal, toExactString } from "../../../src/money.js";
import { hash } from "../../../src/read/id-index.js";
import { CustomerPeriods } from "../../../src/read/customer-periods.js";
import { runs } from "../../support/runs.js";

const row = fc.record({
  // A few customers, so that one comes back within a batch; some ids longer than a slot holds.
  id: fc.oneof(fc.integer({ min: 0, max: 40 }).map((n) => `C${n}`), fc.integer({ min: 0, max: 5 }).map((n) => `cus_${"0".repeat(20)}${n}`)),
  period: fc.integer({ min: 2015, max: 2020 }),
  amount: fc.integer({ min: -50_000, max: 1_000_000 }),
  cost: fc.constantFrom(0, 0, 125, 99_999),
  // What comes after the row: nothing, a flush, a new buffer, or a slow-path row.
  then: fc.constantFrom("next", "next", "next", "next", "flush", "buffer", "slow"),
});

/** Every customer's periods, activity and sums, in a form to compare. */
function contents(store: CustomerPeriods): string[] {
  const out: string[] = [];
  store.forEach(({ customer, periods, active, entries }) => {
    const sums = entries.map((e) => `${store.revenue(e).coef}e-${store.revenue(e).scale}/${store.cost(e).coef}e-${store.cost(e).scale}`);
    out.push(`${store.idOf(customer)}: ${periods.join(",")} ${active.map(Number).join("")} ${sums.join(" ")}`);
  });
  return out;
}

describe("CustomerPeriods.queueUnits", () => {
  it("adds rows as entryOf and addUnits do, one at a time", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 400 }), (rows) => {
        const one = new CustomerPeriods();
        const queued = new CustomerPeriods();
        // One buffer reused for many rows, as a reader reuses its block.
        let buffer = Buffer.alloc(64);
        for (const r of rows) {
          const text = `,${r.id},`;
          const at = buffer.indexOf(0);
          const start = at === -1 || at + text.length > buffer.length ? -1 : at;
          if (start === -1) {
            queued.flush();
            buffer.fill(0);
          }
          const from = start === -1 ? 0 : start;
          buffer.write(text, from);
          const [s, e] = [from + 1, from + text.length - 1];
          one.addUnits(one.entryOf(buffer, s, e, r.period), r.amount, r.cost);
          queued.queueUnits(buffer, s, e, hash(buffer, s, e), r.period, r.amount, r.cost);
          if (r.then === "flush") queued.flush();
          // Rows of a buffer left unchanged are added before those of the next, with no flush().
          if (r.then === "buffer") buffer = Buffer.alloc(64);
          if (r.then === "slow") {
            queued.flush();
            one.add(r.id, r.period + 1, 7, 0, true);
            queued.add(r.id, r.period + 1, 7, 0, true);
          }
        }
        queued.flush();
        expect(contents(queued)).toEqual(contents(one));
        expect(queued.customers).toBe(one.customers);
      }),
      { numRuns: runs(40, 200) },
    );
  });

  it("keeps rows queued until a batch is full or flushed", () => {
    const store = new CustomerPeriods();
    const bytes = Buffer.from("A,B");
    store.queueUnits(bytes, 0, 1, hash(bytes, 0, 1), 2020, 10_000, 0);
    store.queueUnits(bytes, 2, 3, hash(bytes, 2, 3), 2021, 25_000, 500);
    expect(store.customers).toBe(0);
    store.flush();
    expect(contents(store)).toEqual(["A: 2020 1 10000e-4/0e-0", "B: 2021 1 25000e-4/500e-4"]);
  });
});

describe("CustomerPeriods.tables", () => {
  /** `n` customers c0, c1, …, each in the given periods. */
  function filled(n: number, periods: number[]): CustomerPeriods {
    const store = new CustomerPeriods();
    for (let i = 0; i < n; i++) for (const p of periods) store.addUnits(store.entry(`c${i}`, p), 100, 0);
    return store;
  }
  const KiB = 1024;

  it("counts every array by hand: the id slots double, the arrays filled from the front grow by 4", () => {
    // 3,000 ids: id slots double past half full, 1,024 → 8,192 of 32 bytes (256 KiB); the id
    // arena stays at 64 KiB; spans 2,048 → 8,192 words (32 KiB); heads 1,024 → 4,096 (16 KiB);
    // 3,000 entries: links 3,072 → 12,288 words (48 KiB), revenue sums 1,024 → 4,096 doubles
    // (32 KiB), one an entry; no cost was given, so no cost sums.
    expect(filled(3000, [2020]).tables()).toEqual({ held: (256 + 64 + 32 + 16 + 48 + 32) * KiB, largest: 256 * KiB });
    // 6,000 entries: links 49,152 words (192 KiB), sums 16,384 doubles (128 KiB); doubling would give 96 and 64.
    expect(filled(3000, [2020, 2021]).tables()).toEqual({ held: (256 + 64 + 32 + 16 + 192 + 128) * KiB, largest: 256 * KiB });
  });

  it("keeps costs only once a row has one: then beside each revenue, the revenues moved, none lost", () => {
    const store = filled(3000, [2020, 2021]);
    expect(store.costSlot(0)).toBeUndefined();
    const before = store.tables().held;
    // A cost of 0 units makes no room; the 6,002nd entry's cost as a decimal (0.00, as the slow
    // path gives it) spreads the sums: two slots an entry, grown from 2,048 by 4 to 32,768 doubles
    // (256 KiB, where the revenues alone took 16,384).
    store.addUnits(store.entry("c5", 2022), 10_000, 0);
    expect(store.costSlot(0)).toBeUndefined();
    store.addTo(store.entry("c5", 2023), 20_000, decimal(0n, 2), true);
    expect([store.costSlot(0), store.revenueSlot(7)]).toEqual([1, 14]);
    expect(store.tables().held).toBe(before + 128 * KiB);
    const c5 = store.entry("c5", 2023);
    store.addUnits(c5, 0, 125);
    // A later entry's cost, and 3,000 more entries with costs: the spread sums grow with the entries.
    const late = store.entry("c9", 2030);
    store.addTo(late, 1, decimal(123456n, 5), true);
    for (let i = 0; i < 3000; i++) store.addUnits(store.entry(`c${i}`, 2040), 1, 1);
    expect([store.cost(c5), store.cost(late), store.cost(store.entry("c5", 2020)), store.cost(store.entry("c2999", 2040))].map(toExactString)).toEqual(["0.0125", "1.23456", "0", "0.0001"]);
    // The revenues moved with the spread: c5's 2023 entry holds 20,000 units of 10^-4, the 2022
    // one 10,000, and every customer's 2020 and 2021 what filled() gave them.
    expect([store.revenue(c5), store.revenue(store.entry("c5", 2022))].map(toExactString)).toEqual(["2.0000", "1.0000"]);
    const fresh = filled(3000, [2020, 2021]);
    for (const i of [0, 1, 1234, 2999]) for (const year of [2020, 2021]) expect(store.revenue(store.entry(`c${i}`, year))).toEqual(fresh.revenue(fresh.entry(`c${i}`, year)));
  });

  it("keepIdsOnly frees every table but the ids', and the ids still answer", () => {
    // As above, 3,000 customers in two periods: 688 KiB held. The ids' arrays alone stay: slots
    // 256 KiB, arena 64 KiB, spans 32 KiB; the sums keep one double's slot of their own (8 bytes).
    const store = filled(3000, [2020, 2021]);
    store.keepIdsOnly();
    expect(store.tables().held).toBe((256 + 64 + 32) * KiB + 8);
    expect([store.customers, store.idOf(0), store.idOf(2999)]).toEqual([3000, "c0", "c2999"]);
  });
});
