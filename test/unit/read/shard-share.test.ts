/**
 * How the customers of a big log are shared between the two reading threads (src/read/id-index.ts):
 * by the top bits of the id's hash, 7/16 to the main thread for the reports (it also checks and
 * reports every line), 1/2 for a log read per customer and day (`ceq value --model bgnbd`), where
 * the worker's part of the summary was the longer.
 */
import { describe, expect, it } from "vitest";
import { hash, shardOf, shardOfHash } from "../../../src/read/id-index.js";

describe("the two threads' shares of the customers", () => {
  it("the reports: the main thread owns hashes below 0x70000000 (7/16 of them)", () => {
    expect([0, 0x6fff_ffff, 0x7000_0000, 0x7fff_ffff, 0xffff_ffff].map((h) => shardOfHash(h))).toEqual([0, 0, 1, 1, 1]);
  });

  it("per customer and day: the main thread owns hashes below 0x80000000 (half)", () => {
    expect([0, 0x6fff_ffff, 0x7000_0000, 0x7fff_ffff, 0x8000_0000, 0xffff_ffff].map((h) => shardOfHash(h, true))).toEqual([0, 0, 0, 0, 1, 1]);
    // A hash given as a signed 32-bit number is read as the unsigned one.
    expect([shardOfHash(-1, true), shardOfHash(-1)]).toEqual([1, 1]);
  });

  it("on 100,000 ids like a billing system's, the shares come out near 7/16 and 1/2", () => {
    const ids = Array.from({ length: 100_000 }, (_, k) => Buffer.from(`cus_${(k * 2654435761) % 4294967296}`));
    const mains = (days: boolean) => ids.filter((b) => shardOf(b, 0, b.length, days) === 0).length / ids.length;
    expect(Math.abs(mains(false) - 7 / 16)).toBeLessThan(0.01);
    expect(Math.abs(mains(true) - 1 / 2)).toBeLessThan(0.01);
    // shardOf is shardOfHash of the id's hash.
    for (const b of ids.slice(0, 100)) expect(shardOf(b, 0, b.length, true)).toBe(shardOfHash(hash(b, 0, b.length), true));
  });
});
