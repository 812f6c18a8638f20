/**
 * IdIndex gives each distinct id one dense index and never merges two ids: checked against a Map
 * on random ids, short (compared in their slot) and long (compared in the arena), also when every
 * id is given the same hash, so that each lookup walks past the others and only the bytes decide.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IdIndex } from "../../../src/read/id-index.js";
import { runs } from "../../support/runs.js";

// Lengths on both sides of the 20 bytes a slot holds, and ids that differ in one late byte.
const id = fc.oneof(
  fc.string({ minLength: 0, maxLength: 26 }),
  fc.integer({ min: 0, max: 30 }).map((n) => `cus_${"0".repeat(n)}`),
  fc.tuple(fc.integer({ min: 15, max: 24 }), fc.constantFrom("a", "b")).map(([n, last]) => `${"x".repeat(n)}${last}`),
);

describe("IdIndex", () => {
  for (const [name, sameHash] of [["its own hashes", false], ["one hash for every id", true]] as const) {
    it(`indexes ids exactly as a Map does, with ${name}`, () => {
      fc.assert(
        fc.property(fc.array(id, { maxLength: sameHash ? 200 : 3000 }), (ids) => {
          const index = new IdIndex();
          const reference = new Map<string, number>();
          for (const text of ids) {
            const bytes = Buffer.from(`,${text},`);
            const got = index.indexOf(bytes, 1, bytes.length - 1, sameHash ? 12345 : undefined);
            if (!reference.has(text)) reference.set(text, reference.size);
            expect(got).toBe(reference.get(text));
            expect(index.idOf(got)).toBe(text);
          }
          expect(index.size).toBe(reference.size);
        }),
        { numRuns: runs(20, 60) },
      );
    });
  }

  it("ids that share their first 20 bytes stay apart", () => {
    const index = new IdIndex();
    const a = Buffer.from("cus_0000000000000000a");
    const b = Buffer.from("cus_0000000000000000b");
    expect(index.indexOf(a, 0, a.length, 7)).toBe(0);
    expect(index.indexOf(b, 0, b.length, 7)).toBe(1);
    expect(index.indexOf(a, 0, a.length, 7)).toBe(0);
    expect(index.indexOf(a, 0, 20, 7)).toBe(2); // its first 20 bytes are another id
  });

  it("dropLookups frees the lookup table and keeps every id's text (a summarized day tally's ids)", () => {
    const index = new IdIndex();
    const ids = Array.from({ length: 5_000 }, (_, k) => `cus_${k}${k % 3 === 0 ? "-with-a-long-tail-past-20" : ""}`);
    for (const text of ids) {
      const bytes = Buffer.from(text);
      index.indexOf(bytes, 0, bytes.length);
    }
    const [arena, spans, slots] = index.arrays;
    // 5,000 ids past 7 in 10 of 4,096 slots: 8,192 slots of 32 bytes.
    expect(slots).toBe(8_192 * 32);
    index.dropLookups();
    expect(index.arrays).toEqual([arena, spans, 0]);
    expect(ids.map((_, k) => index.idOf(k))).toEqual(ids);
    expect(index.size).toBe(5_000);
  });
});
