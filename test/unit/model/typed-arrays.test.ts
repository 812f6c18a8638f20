import { describe, expect, it } from "vitest";
import { APPEND_GROWTH, grown } from "../../../src/model/typed-arrays.js";

describe("grown", () => {
  it("doubles by default, filling the new part", () => {
    const a = grown(Int32Array.from([1, 2, 3, 4]), 5, -1);
    expect([...a]).toEqual([1, 2, 3, 4, -1, -1, -1, -1]);
  });

  it("multiplies by the factor as often as needed, keeping what was held", () => {
    expect(APPEND_GROWTH).toBe(4);
    const a = grown(Float64Array.from([0.5, 1.5]), 3, 0, APPEND_GROWTH);
    expect([...a]).toEqual([0.5, 1.5, 0, 0, 0, 0, 0, 0]);
    // 1,024 to hold 70,000: 4,096, 16,384, 65,536, 262,144.
    expect(grown(new Int32Array(1024), 70_000, 0, 4).length).toBe(262_144);
    expect(grown(new Int32Array(1024), 70_000).length).toBe(131_072);
  });
});

describe("grown: no more room than needed (issue 33: model-flows' survivors)", () => {
  it("doubles only until the size fits: 4 to 8, not 16", () => {
    expect(grown(new Float64Array(4), 8).length).toBe(8);
    expect(grown(new Int32Array(3), 13, 0, 4).length).toBe(48);
  });
});
