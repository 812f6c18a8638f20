/**
 * The chains and sums of a log's customer tables grow in fixed blocks past their first (16,384
 * entries of links, 65,536 sums), never copied: values on either side of a block's edge are kept,
 * and the bytes counted for --max-memory are the blocks', computed here by hand.
 */
import { describe, expect, it } from "vitest";
import { CustomerPeriods } from "../../../src/read/customer-periods.js";
import { UnitSums } from "../../../src/model/unit-sums.js";
import { decimal } from "../../../src/money.js";

const KiB = 1024;

describe("UnitSums in blocks", () => {
  it("grows its first block by copying up to 65,536 slots, then adds blocks; every slot keeps its sum", () => {
    const sums = new UnitSums(2048);
    expect(sums.bytes).toBe(16 * KiB);
    sums.addUnits(2047, 5);
    sums.ensure(3000);
    // 2,048 × 4 = 8,192 doubles, copied: the slot's sum is still there.
    expect(sums.bytes).toBe(64 * KiB);
    expect(sums.unitsOf(2047)).toBe(5);
    sums.ensure(200_000);
    // The first block at 65,536 doubles (512 KiB), then 3 more: 262,144 slots, 2 MiB.
    expect(sums.bytes).toBe(2048 * KiB);
    expect(sums.growing).toBe(512 * KiB);
    for (const slot of [0, 65_535, 65_536, 131_071, 131_072, 199_999]) sums.addUnits(slot, slot + 1);
    sums.add(65_536, decimal(12345n, 5)); // 0.12345: more decimals than units hold
    expect([0, 65_535, 131_071, 131_072, 199_999].map((s) => sums.unitsOf(s))).toEqual([1, 65_536, 131_072, 131_073, 200_000]);
    expect(sums.unitsOf(65_536)).toBeUndefined();
    // 65,537 units of 10^-4 and 0.12345: 6.5537 + 0.12345 = 6.67715.
    expect(sums.value(65_536)).toEqual(decimal(667715n, 5));
    expect(sums.unitsOf(200_001)).toBe(0);
  });
});

describe("CustomerPeriods in blocks", () => {
  it("40,000 customers: sums and periods across the blocks' edges, and the tables' bytes by hand", () => {
    const store = new CustomerPeriods();
    const n = 40_000;
    // Customer i: 2020 with i + 1 units, and 2021 with a refund of 3 units (not active then) for every tenth.
    for (let i = 0; i < n; i++) store.addUnits(store.entry(`c${i}`, 2020), i + 1, 0);
    for (let i = 0; i < n; i += 10) store.addTo(store.entry(`c${i}`, 2021), -3, 0, false);
    let customers = 0;
    let total = 0;
    const wrong: string[] = [];
    store.forEach(({ customer, periods, active, entries }) => {
      const i = Number(store.idOf(customer).slice(1));
      const refunded = i % 10 === 0;
      const got = `${periods.join(",")} ${active.join(",")} ${entries.map((e) => `${store.revenue(e).coef}e-${store.revenue(e).scale}`).join(" ")}`;
      const want = refunded ? `2020,2021 true,false ${i + 1}e-4 -3e-4` : `2020 true ${i + 1}e-4`;
      if (got !== want) wrong.push(`c${i}: ${got}, not ${want}`);
      customers++;
      total += i + 1;
    });
    expect(wrong).toEqual([]);
    expect(customers).toBe(n);
    expect(total).toBe((n * (n + 1)) / 2);
    // 44,000 entries. By hand: id slots double past 7 in 10 full, so 40,000 ids fit in 65,536 of
    // 32 bytes (2 MiB; up to 45,875 ids); the arena holds 228,890 bytes of ids (c0…c39999),
    // 65,536 × 4 = 256 KiB; spans 2,048 × 4 × 4
    // × 4 = 131,072 words (512 KiB); heads double to 65,536 words (256 KiB); links: the first block
    // of 16,384 entries and 2 more, 49,152 entries of 12 bytes (576 KiB); revenue sums: 44,000
    // slots, in the first block grown to 65,536 doubles (512 KiB); no cost, no cost sums. The
    // largest part to grow is the id slots.
    expect(store.tables()).toEqual({ held: (2048 + 256 + 512 + 256 + 576 + 512) * KiB, largest: 2048 * KiB });
  });
});
