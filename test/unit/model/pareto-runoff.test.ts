/**
 * A₀'s ₂F₁ (Pareto/NBD) through Euler's transformation (A&S 15.3.3) where the direct series first
 * rises for thousands of terms, checked against the direct series itself; the direct series where
 * it falls soon. The refusal this makes cheap is pareto-refusal.test.ts's.
 */
import { describe, expect, it } from "vitest";
import { lnA0Hyp2f1 } from "../../../src/model/value/pareto-nbd.js";
import { lnHyp2f1, SeriesError } from "../../../src/model/value/special.js";

describe("A₀'s hypergeometric function", () => {
  it("by Euler's transformation where the direct series rises first: the direct series' value to 1e-12", () => {
    // (n, b, z) with b < n + 1 (b is s + 1 or r + x, n = r + s + x) and b·z/(1 − z) above 1,000;
    // the direct series still converges within its ten million terms.
    for (const [n, b, z] of [[1300, 1201, 0.5], [4172.5, 4171, 0.3], [2001.2, 2000, 0.9], [3000.4, 2.5, 0.9996], [901.7, 900, 0.75]] as const) {
      expect(b * z).toBeGreaterThan(1000 * (1 - z));
      const direct = lnHyp2f1(n, b, n + 1, z);
      expect(Math.abs(lnA0Hyp2f1(n, b, z) / direct - 1)).toBeLessThan(1e-12);
    }
  });

  it("where the direct series cannot be summed (its terms rise for 15 million), Euler's: a sum worked out here", () => {
    const [n, b, z] = [1501.5, 1500, 0.9999];
    expect(() => lnHyp2f1(n, b, n + 1, z)).toThrow(SeriesError);
    // (1 − z)^(1−b) Σ_k (n + 1 − b)_k / (n + 1)_k z^k, its terms falling from the first.
    let [sum, term] = [1, 1];
    for (let k = 0; term > 1e-18 * sum; k++) sum += term *= ((n + 1 - b + k) / (n + 1 + k)) * z;
    const want = (1 - b) * Math.log1p(-z) + Math.log(sum);
    expect(Math.abs(lnA0Hyp2f1(n, b, z) / want - 1)).toBeLessThan(1e-14);
  });

  it("the direct series where it falls soon: the same number to the bit", () => {
    for (const [n, b, z] of [[2.5, 1.6, 0.3], [30, 21, 0.95], [1.2, 999, 0.5]] as const) {
      expect(b * z).toBeLessThanOrEqual(1000 * (1 - z));
      expect(lnA0Hyp2f1(n, b, z)).toBe(lnHyp2f1(n, b, n + 1, z));
    }
  });
});
