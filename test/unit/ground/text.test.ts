/** The text helpers of the ground: the bounded edit distance agrees with the full one. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { editDistance, withinEdits } from "../../../src/text.js";

const runs = process.env.CEQ_DEEP === "1" ? 20_000 : 2_000;

describe("withinEdits", () => {
  it("is editDistance(a, b) <= k for every pair and bound", () => {
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c", "d", "é"), maxLength: 10 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, k) => withinEdits(a, b, k) === editDistance(a, b) <= k),
      { numRuns: runs },
    );
  });

  it("counts by hand: one change, one insertion, a swap is two", () => {
    expect(withinEdits("revenue", "revenu", 1)).toBe(true);
    expect(withinEdits("revenue", "revanue", 1)).toBe(true);
    expect(withinEdits("amount", "amuont", 1)).toBe(false);
    expect(withinEdits("amount", "amuont", 2)).toBe(true);
    expect(withinEdits("col149999", "revenue", 2)).toBe(false);
  });
});
