/**
 * Issue 26, the value models: results past 10^21 (point 2), DERL at a tiny discount rate (point 6),
 * a fit with no finite maximum (point 8) and --by with --cohorts (point 9). Each failed before its fix.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hyp2f1 } from "../../../src/model/numeric.js";
import { derl, FitError, fitSbg } from "../../../src/model/sbg.js";
import { sbgRetention } from "../../../src/model/value.js";
import { fromDouble, toFixed } from "../../../src/money.js";
import { realLiteral } from "../../../src/render/json.js";
import { cli } from "../../support/capture.js";
import { DEMO, folder } from "../../support/helpers.js";

const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];
const survivalFile = (counts: number[]) => `cohort,period,customers\n${counts.map((n, t) => `0,${t},${n}`).join("\n")}\n`;

/** DERL(n) summed term by term, the survival series itself: Σ_{k≥1} S(n+k)/S(n) / (1+d)^(k−1), sorted small to large. */
function derlBySummation(alpha: number, beta: number, d: number, n: number): number {
  const terms: number[] = [];
  let alive = 1;
  for (let k = 1; ; k++) {
    alive *= (beta + n + k - 1) / (alpha + beta + n + k - 1);
    const term = alive / (1 + d) ** (k - 1);
    terms.push(term);
    if (term < 1e-18) break;
  }
  return terms.reverse().reduce((s, t) => s + t, 0);
}

describe("point 2: model results of 10^21 and more print every digit, never an exponent", () => {
  it("fromDouble spells out the double's shortest digits; realLiteral rounds them once", () => {
    expect(toFixed(fromDouble(1.1e30), 2)).toBe("1100000000000000000000000000000.00");
    expect(toFixed(fromDouble(4.125e29), 2)).toBe("412500000000000000000000000000.00");
    expect(toFixed(fromDouble(-2.5e-7), 8)).toBe("-0.00000025");
    expect(toFixed(fromDouble(266.6666666666667), 2)).toBe("266.67");
    expect(realLiteral(1e21, 2)!.text).toBe("1000000000000000000000");
    expect(realLiteral(1.2833333333333334e32, 2)!.text).toBe("128333333333333340000000000000000");
    expect(realLiteral(-0.001, 2)!.text).toBe("0");
  });

  // CLV = m·r/(1+i−r) = 4.125e29 × 0.8 / 0.3 = 3.3e29 / 0.3 = 1.1e30, by hand.
  const args = ["value", "--dir", DEMO, "--margin", "412500000000000000000000000000", "--retention", "0.8", "--discount-rate", "0.1"];

  it("JSON: clv 1100000000000000000000000000000 and the margin as given", async () => {
    const run = await cli([...args, "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/"clv": 1100000000000000000000000000000,\n/);
    expect(run.stdout).toMatch(/"margin": 412500000000000000000000000000,\n/);
    expect(run.stdout).not.toMatch(/\de[+-]?\d/);
  });

  it("CSV: the same figures with the currency's two decimals", async () => {
    const run = await cli([...args, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("\nclv,1100000000000000000000000000000.00\n");
    expect(run.stdout).toContain("\nmargin,412500000000000000000000000000.00\n");
    expect(run.stdout).not.toMatch(/\de[+-]?\d/);
  });

  it("table: thousands separators over all 31 digits", async () => {
    const run = await cli([...args, "--wide"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("$1,100,000,000,000,000,000,000,000,000,000.00");
    expect(run.stdout).toContain("$412,500,000,000,000,000,000,000,000,000.00");
  });
});

describe("point 6: DERL at a tiny discount rate converges (Fader & Hardie 2007 high-end data)", () => {
  it("₂F₁'s continued fraction agrees with the series where the series converges, and with summation where it crawls", () => {
    for (const [b, c, z] of [[1.182, 1.886, 0.5], [4.8, 5.47, 1 / 1.1], [30, 30.3, 0.99], [1, 2, 0.9]] as const) {
      let sum = 1;
      let term = 1;
      for (let k = 0; k < 100_000; k++) sum += term *= ((b + k) / (c + k)) * z;
      expect(hyp2f1(b, c, z) / sum).toBeCloseTo(1, 12);
    }
    // α 0.668, β 3.806 at i = 0.00001: millions of the series' terms, a few thousand of the fraction's steps.
    for (const n of [0, 3, 7]) expect(derl(0.668, 3.806, 1e-5, n) / derlBySummation(0.668, 3.806, 1e-5, n)).toBeCloseTo(1, 10);
  });

  it("the scaled retention of the sensitivity sums its tail in closed form once a rate reaches 1", () => {
    const settings = { discountRate: 1e-9, timing: "start" as const, horizon: null };
    // β/(α+β) scaled by 1.01 passes 1 after a few renewals; the rest is Σ v^k = (1+d)/d times what is alive.
    const value = sbgRetention(0.668, 3.806, 1.01).multiple(0, settings);
    expect(value).toBeGreaterThan(1e8);
    let alive = 1;
    let sum = 0;
    let k = 1;
    for (; ; k++) {
      const rate = (1.01 * (3.806 + k - 1)) / (0.668 + 3.806 + k - 1);
      if (rate >= 1) break;
      alive *= rate;
      sum += alive / (1 + 1e-9) ** (k - 1);
    }
    expect(value / (sum + (alive * (1 + 1e-9) ** -(k - 1) * (1 + 1e-9)) / 1e-9)).toBeCloseTo(1, 6);
  });

  it("ceq value --model sbg --discount-rate 0.00001: exit 0 and DERL(0) 280.15 (summed independently in python3: 280.1548)", async () => {
    const dir = folder({ "high.csv": survivalFile(HIGH_END) });
    const run = await cli(["value", "--cohorts", join(dir, "high.csv"), "--model", "sbg", "--discount-rate", "0.00001", "--margin", "1", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    const doc = JSON.parse(run.stdout) as { sbg: { alpha: number; beta: number; derl: { renewals: number; value: number }[] } };
    // python3, direct summation with math.fsum of the survival series at α 0.6681, β 3.8061: 280.15479810199224.
    expect(doc.sbg.derl[0]!.value).toBeCloseTo(280.15, 1);
    expect(doc.sbg.derl[0]!.value).toBeCloseTo(derlBySummation(doc.sbg.alpha, doc.sbg.beta, 1e-5, 0), 1);
  });

  it("below the documented floor (1e-9 a period) the sbg model refuses the rate by name, exit 2", async () => {
    const dir = folder({ "high.csv": survivalFile(HIGH_END) });
    const run = await cli(["value", "--cohorts", join(dir, "high.csv"), "--model", "sbg", "--discount-rate", "0.000000000001", "--margin", "1"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/--discount-rate 1e-12 is below 1e-9/);
  });
});

describe("point 8: survival that falls at a constant rate is no sBG fit", () => {
  it("1000, 500, 250, 125, 62: an error naming the constant rate 937/1875 = 0.4997", () => {
    expect(() => fitSbg([[1000, 500, 250, 125, 62]])).toThrow(FitError);
    expect(() => fitSbg([[1000, 500, 250, 125, 62]])).toThrow(/constant retention rate r = 0\.4997 \(937 of 1,875/);
    // Fader & Hardie 2007's high-end data still fits α 0.668, β 3.806.
    const high = fitSbg([HIGH_END]);
    expect(high.alpha).toBeCloseTo(0.668, 3);
    expect(high.beta).toBeCloseTo(3.806, 3);
  });

  it("through the binary: exit 1, the rate named, nothing on standard output", async () => {
    const dir = folder({ "geo.csv": survivalFile([1000, 500, 250, 125, 62]) });
    const run = await cli(["value", "--cohorts", join(dir, "geo.csv"), "--model", "sbg", "--discount-rate", "0.1", "--margin", "10"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/a constant retention rate r = 0\.4997/);
  });
});

describe("point 9: --by with --cohorts is a usage error, as with --transactions", () => {
  it("exit 2, nothing on standard output", async () => {
    const dir = folder({ "high.csv": survivalFile(HIGH_END) });
    const run = await cli(["value", "--cohorts", join(dir, "high.csv"), "--by", "x", "--model", "sbg", "--discount-rate", "0.1", "--margin", "1"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/--by is for ceq calc/);
  });
});

