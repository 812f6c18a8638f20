/**
 * The compact id table against a plain model (a Map from id to the set of phase-years seen):
 * the same duplicates, the same lookups, and the same tally of conflicts and missing history,
 * whether ids arrive one by one or as a worker's hash log, in calendar order of years or not,
 * with more years than fit one bit word, and with enough ids to grow every shard many times.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HashLog, IdTable } from "../../../src/read/id-table.js";
import { runs } from "../../support/runs.js";

type Op = { id: string; phase: number; year: number };

/** What the table must say, worked out the slow and obvious way. */
function model(ops: Op[]) {
  const seen = new Map<string, Set<string>>();
  let duplicates = 0;
  const dup = new Set<string>();
  for (const { id, phase, year } of ops) {
    const set = seen.get(id) ?? new Set<string>();
    seen.set(id, set);
    const key = `${year}:${phase}`;
    if (set.has(key)) {
      duplicates++;
      dup.add(id);
    }
    set.add(key);
  }
  const years = [...new Set(ops.map((o) => o.year))].sort((a, b) => a - b);
  let conflicts = 0;
  let withoutHistory = 0;
  for (const set of seen.values()) {
    let activeBefore = false;
    years.forEach((year, k) => {
      const [n, r, c] = [0, 1, 2].map((p) => set.has(`${year}:${p}`));
      if (n && r) conflicts++;
      if (r && c) conflicts++;
      if (k > 0 && !activeBefore) withoutHistory += (r ? 1 : 0) + (c ? 1 : 0);
      if (n || r) activeBefore = true;
    });
  }
  return { seen, duplicates, dup, conflicts, withoutHistory };
}

function check(table: IdTable, ops: Op[]): void {
  const m = model(ops);
  expect(table.count).toBe(m.seen.size);
  expect(table.duplicates).toBe(m.duplicates);
  expect(table.tally()).toEqual({ conflicts: m.conflicts, withoutHistory: m.withoutHistory });
  const years = [...new Set(ops.map((o) => o.year))];
  // Every id of a small case; a spread sample of a big one.
  const every = Math.max(1, Math.floor(m.seen.size / 500));
  for (const [id, set] of [...m.seen].filter((_, i) => i % every === 0)) {
    const entry = table.lookup(id)!;
    expect(entry.duplicate).toBe(m.dup.has(id));
    for (const year of years) for (const phase of [0, 1, 2]) expect(entry.bits(year, phase)).toBe(set.has(`${year}:${phase}`));
    expect(entry.bits(1999, 0)).toBe(false);
  }
  expect(table.lookup("never-seen-id")).toBeUndefined();
}

const opArb = fc.record({
  id: fc.oneof(fc.integer({ min: 0, max: 30 }).map((n) => `C${n}`), fc.string({ maxLength: 6 })),
  phase: fc.integer({ min: 0, max: 2 }),
  year: fc.integer({ min: 2000, max: 2014 }),
});

describe("IdTable", () => {
  it("agrees with a Map model, added one by one or as a hash log", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 120 }), fc.boolean(), (ops, asLog) => {
        const table = new IdTable();
        if (asLog) {
          const log = new HashLog();
          for (const o of ops) log.add(o.id, o.phase, o.year);
          table.addLog(log.take());
        } else {
          for (const o of ops) table.add(o.id, o.phase, o.year);
        }
        check(table, ops);
      }),
      { numRuns: runs(100, 500) },
    );
  });

  it("reads an ASCII id from bytes exactly as from a string", () => {
    const a = new IdTable();
    const bytes = Buffer.from("x,C123,y");
    a.addBytes(bytes, 2, 6, 1, 2020);
    expect(a.lookup("C123")!.bits(2020, 1)).toBe(true);
    a.add("C123", 1, 2020);
    expect(a.duplicates).toBe(1);
  });

  it("keeps every id through many growths, with years out of order and more than ten of them", () => {
    const ops: Op[] = [];
    for (let i = 0; i < 60_000; i++) {
      // Years arrive newest first and span 14 years: two bit words per slot.
      ops.push({ id: `C${i % 25_000}`, phase: i % 3, year: 2024 - (i % 14) });
    }
    const table = new IdTable();
    for (const o of ops) table.add(o.id, o.phase, o.year);
    check(table, ops);
  });

  it("tallies the same when years arrive in calendar order (the whole-word path)", () => {
    const ops: Op[] = [];
    for (let i = 0; i < 30_000; i++) ops.push({ id: `C${(i * 7) % 9_000}`, phase: (i >> 3) % 3, year: 2015 + Math.floor(i / 3_000) });
    const table = new IdTable();
    for (const o of ops) table.add(o.id, o.phase, o.year);
    check(table, ops);
  });
});
