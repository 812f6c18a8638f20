/**
 * src/model/value/special.ts on its own: ln ₂F₁ by its scaled series of positive terms (lnHyp2f1), the
 * tail ₂F₁ − 1 whose terms may change sign (hyp2f1Tail), and logAddExp. Issue 33: the mutation run
 * of model-clv found special.ts reached only through the models' tests, with 61 of its mutants
 * surviving and 3 reached by no test. Here each domain refusal and each error is checked with its
 * message, each value against an evaluation made apart from the code, and each stopping rule where
 * it decides: at the ten-million-term limit, past −a and −b, and where a sum overflows.
 *
 * Reference values: Python's mpmath 1.3.0 with mp.dps = 40, the expression beside each figure. A
 * double argument is passed to mpmath as it is (mpf(0.999996) is the double nearest 0.999996), so
 * the figure is the exact value at the double the code receives.
 *
 * Tolerances, no looser than what each function delivers:
 * - lnHyp2f1 adds positive terms, each addition rounded, so its error grows with their number: 1e-15 of
 *   ln F over some thousands of terms, 2e-12 of ln F (1e-11 of F) over ten million at z = 0.999996;
 * - hyp2f1Tail stops once the rest is below 1e-17 of 1 + tail, so it is held to 1e-17 of 1 + tail
 *   where its terms are few and exact, to a few ulps of its largest term where they cancel (a < 0),
 *   and to the rounding of its sum where it runs to thousands or millions of terms;
 * - logAddExp: one exp, one log and an addition, 1e-15 relative.
 */
import { describe, expect, it } from "vitest";
import { hyp2f1Tail, lnHyp2f1, logAddExp, SeriesError } from "../../../src/model/value/special.js";

/** The error f throws; the test fails if it throws none. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error("expected a SeriesError, and nothing was thrown");
}

/** f refuses with a SeriesError whose message is exactly this. */
function expectSeriesError(f: () => unknown, message: string): void {
  const error = thrown(f);
  expect(error).toBeInstanceOf(SeriesError);
  expect((error as Error).message).toBe(message);
}

/** |got − exact| ≤ tolerance (NaN fails). */
function expectNear(got: number, exact: number, tolerance: number): void {
  expect(Math.abs(got - exact), `got ${got}, mpmath ${exact}`).toBeLessThanOrEqual(tolerance);
}

describe("lnHyp2f1: its domain a, b, c > 0 and 0 <= z < 1", () => {
  it("refuses a, b or c at 0 or below, z below 0, z = 1 and NaN, with the domain in the message", () => {
    for (const [a, b, c, z] of [
      [0, 1, 1, 0.5],
      [-1, 1, 1, 0.5],
      [1, 0, 1, 0.5],
      [1, -1, 1, 0.5],
      [1, 1, 0, 0.5],
      [1, 1, -1, 0.5],
      [1, 1, 1, -0.1],
      [1, 1, 1, 1],
      [1, 1, 1, Number.NaN],
      [Number.NaN, 1, 1, 0.5],
    ] as const) {
      expectSeriesError(() => lnHyp2f1(a, b, c, z), `2F1(${a}, ${b}; ${c}; ${z}) is outside a, b, c > 0 and 0 <= z < 1`);
    }
  });

  it("takes z = 0, the edge of its domain: ln 1 = 0", () => {
    expect(lnHyp2f1(2, 3, 4, 0)).toBe(0);
  });
});

describe("lnHyp2f1: values", () => {
  it("at moderate a, b, c, z, to 1e-15 of ln F", () => {
    // mp.log(mp.hyp2f1(2.5, 3.5, 4.5, 0.7))
    expectNear(lnHyp2f1(2.5, 3.5, 4.5, 0.7), 2.231381078319736676238834, 1e-15 * 2.23);
    // mp.log(mp.hyp2f1(0.5, 0.5, 1.5, 0.25)); ln F near 0, so held to 1e-15 absolute: a sum near 1 (its log loses relative digits)
    expectNear(lnHyp2f1(0.5, 0.5, 1.5, 0.25), 0.04611759718129048274818211, 1e-15);
  });

  it("with a, b in the hundreds the sum passes 1e250 and is rescaled (ln F ≈ 2000 and 6231: F itself would overflow)", () => {
    // mp.log(mp.hyp2f1(400, 300, 10, 0.9)): F ≈ 1e868, 8,719 terms
    expectNear(lnHyp2f1(400, 300, 10, 0.9), 1998.776568387658539868202, 1e-15 * 1998.8);
    // mp.log(mp.hyp2f1(1000, 800, 50, 0.95)): F ≈ 1e2706, 41,051 terms
    expectNear(lnHyp2f1(1000, 800, 50, 0.95), 6230.939650676826329559728, 1e-15 * 6231);
  });

  it("converges with 2% of its ten million terms to spare at z = 0.999996 (9,785,968 terms), to 2e-12 of ln F", () => {
    // mp.log(mp.hyp2f1(1, 1, 1, mpf(0.999996))) = −ln(1 − z); its terms are z^k, and the rest falls below
    // 1e-17 of the sum at term 9,785,968. A rule 1e-17 / sum in place of 1e-17 · sum would need 6 million more.
    expectNear(lnHyp2f1(1, 1, 1, 0.999996), 12.42921619684338339637290264426712303571, 2e-12 * 12.43);
  });
});

describe("lnHyp2f1: a sum that does not converge is refused", () => {
  it("at z = 0.9999960856132 the rest first falls below 1e-17 of the sum at term 10,000,001: refused", () => {
    // Terms z^k: the stopping rule z^(k+1)/(1 − z) <= 1e-17 · sum first holds at k = 10,000,000, one past the last
    // k the loop allows (found by running the rule without a limit: it holds first at that k for z in a range
    // 3.9e-13 wide, and this z sits mid-way in it).
    expectSeriesError(() => lnHyp2f1(1, 1, 1, 0.9999960856132), "2F1(1, 1; 1; 0.9999960856132) did not converge in ten million terms");
  });

  it("a first term past the largest double (a·z/c ≈ 5e326) is refused, never returned as Infinity", () => {
    // a = 9,999,999, b = 1, c = 1e-320, z = 0.5: the ratio of terms 0.5 (a + k)/(c + k) is Infinity at k = 0,
    // then above 1 down to exactly 1 at k = 9,999,999 (0.5 · 19,999,998 · 10^7 / (9,999,999 · 10^7), each
    // product exact): the sum is Infinity from its first term and never meets ratio < 1. ln F itself is
    // about 6.93e6 (mp.log(a*z/c) + (a + 1)*mp.log(2), its limit as c → 0), out of this sum's reach.
    expectSeriesError(() => lnHyp2f1(9_999_999, 1, 1e-320, 0.5), "2F1(9999999, 1; 1e-320; 0.5) overflows: a term passed the largest double");
  });

  it("a sum that overflows and then meets its stopping rule (Infinity <= 1e-17 × Infinity) is refused too", () => {
    // Found by the mutation run's helper: before the check, both returned Infinity, a number to the caller.
    // ln F is finite for both (about 6.93e6 for the second, as above).
    expectSeriesError(() => lnHyp2f1(1e5, 1e5, 1e-300, 0.5), "2F1(100000, 100000; 1e-300; 0.5) overflows: a term passed the largest double");
    expectSeriesError(() => lnHyp2f1(9_999_999, 1, 1e-320, 0.4), "2F1(9999999, 1; 1e-320; 0.4) overflows: a term passed the largest double");
  });
});

describe("hyp2f1Tail: its domain c > 0 and 0 <= z < 1, a and b any", () => {
  it("refuses c at 0 or below, z below 0, z = 1 and NaN, with the domain in the message", () => {
    for (const [a, b, c, z] of [
      [1, 1, 0, 0.5],
      [1, 1, -1, 0.5],
      [1, 1, 1, -0.1],
      [-1, 1, 1, 1], // 2F1(−1, 1; 1; z) = 1 − z would be a finite tail −1 at z = 1: still outside
      [1, 1, 1, 1],
      [1, 1, 1, Number.NaN],
      [1, 1, Number.NaN, 0.5],
    ] as const) {
      expectSeriesError(() => hyp2f1Tail(a, b, c, z), `2F1(${a}, ${b}; ${c}; ${z}) is outside c > 0 and 0 <= z < 1`);
    }
  });

  it("takes a and b below 0 and z = 0", () => {
    expect(hyp2f1Tail(-1.5, -2.5, 1, 0)).toBe(0);
    // 2F1(−1, b; c; z) = 1 − b·z/c exactly: the tail −2 · 0.25 / 0.5
    expect(hyp2f1Tail(-1, 2, 0.5, 0.25)).toBe(-1);
  });
});

describe("hyp2f1Tail: values", () => {
  it("with positive terms, to the rounding of their sum", () => {
    // mp.hyp2f1(0.5, 1.5, 2.5, 0.3) - 1: 28 terms, 1e-17 of 1 + tail and an ulp
    expectNear(hyp2f1Tail(0.5, 1.5, 2.5, 0.3), 0.1080625510569319884474498847797613373041, 2e-16 * 1.11);
    // mp.hyp2f1(3, 4, 5, 0.99) - 1: 4,285 terms, 2e-14 of 1 + tail
    expectNear(hyp2f1Tail(3, 4, 5, 0.99), 19633.99936069047726039144949567957720602, 2e-14 * 19635);
  });

  it("with a < 0 the terms change sign: to a few ulps of the largest term", () => {
    // mp.hyp2f1(-1.5, 2.5, 0.5, 0.6) - 1; the largest term is 4.5
    expectNear(hyp2f1Tail(-1.5, 2.5, 0.5, 0.6), -2.454647723677454508518241639034198969508, 4 * 2.2e-16 * 4.5);
  });

  it("near z = 1 the geometric bound decides: z = 0.999 (36,906 terms) to 2e-13 of 1 + tail", () => {
    // mp.hyp2f1(1.5, 2.5, 3.5, 0.999) - 1. The rest after term k is about term_k / (1 − z): a rule that took
    // term · bound · (1 − bound) in place of term · bound / (1 − bound) would leave a rest a million times
    // larger (1e-11 of 1 + tail).
    expectNear(hyp2f1Tail(1.5, 2.5, 3.5, 0.999), 145.9371289770067506734807523481085994157, 2e-13 * 146.94);
  });
});

describe("hyp2f1Tail: the bound holds only past k > −a and k > −b", () => {
  // a = −1,000,000.5, b = −0.5, c = 1, z = 1e-12: the first term a·b·z/c = 5.0000025e-7, the second −6.25e-14.
  // Before k passes −a the ratio of terms is not bounded by z: a bound z applied at k = 0 would take the rest
  // as 5e-7 · 1e-12 < 1e-17 and stop, 6.25e-14 off. Past −a is never reached: the sum ends where its terms
  // underflow to 0 (45 terms), exact to the last bit.
  it("a far below 0 (a = −1,000,000.5, b = −0.5)", () => {
    // mp.hyp2f1(-1000000.5, -0.5, 1, mpf(1e-12)) - 1
    expectNear(hyp2f1Tail(-1_000_000.5, -0.5, 1, 1e-12), 5.000001875000104066083604e-7, 1e-17);
  });

  it("b far below 0 (a = −0.5, b = −1,000,000.5)", () => {
    // mp.hyp2f1(-0.5, -1000000.5, 1, mpf(1e-12)) - 1
    expectNear(hyp2f1Tail(-0.5, -1_000_000.5, 1, 1e-12), 5.000001875000104066083604e-7, 1e-17);
  });

  it("a, b > 1 with c < 1: the first bound is taken at k + 1 = 1, where (k + 1 + m)/(k + 1 + c) is 667", () => {
    // mp.hyp2f1(1000, 1000, 0.5, mpf(1e-12)) - 1: first term 2e-6, second 6.68e-13. A bound taken at k − 1 in
    // place of k + 1 (at k = 0 the growth (−1 + 1000)/(−1 + 0.5) is negative) would be z alone and stop after
    // the first term.
    expectNear(hyp2f1Tail(1000, 1000, 0.5, 1e-12), 2.000000668000756049825206e-6, 1e-17);
  });

  it("a = −2 ends the series: the third term is exactly 0 and the sum returns at once", () => {
    // 2F1(−2, b; 1; z) − 1 = −2bz + b(b + 1)z²/2, for b = 1e7, z = 0.5: −1e7 + 12,500,001,250,000 (integers, exact in
    // doubles; mp.hyp2f1(-2, 1e7, 1, 0.5) - 1 = 12499991250000.0). The geometric bound z((k + 1 + b)/(k + 2))² stays
    // above 1 beyond ten million terms, so only the term's being 0 ends the sum.
    expect(hyp2f1Tail(-2, 1e7, 1, 0.5)).toBe(12_499_991_250_000);
  });

  it("a, b = −10.5 at z = 1 − 1e-7: terms falling as k^−23 end the sum after 30 terms, though z is that close to 1", () => {
    // mp.hyp2f1(-10.5, -10.5, 1, mpf(0.9999999)) - 1; all terms positive ((a)_k² ≥ 0), the largest 1.2e5.
    // Past k = 10.5 the bound is z·1 (the growth (k + 1)/(k + 2) is below 1); a growth taken as
    // (k + 1)/(k + 1 − c) would be above 1/√z for 20 million terms and never let the sum stop.
    expectNear(hyp2f1Tail(-10.5, -10.5, 1, 0.9999999), 360820.0544386763418203227271145425886163, 1e-15 * 360821);
  });

  it("with 1 + tail near 0 (a = −10.5, z = 0.9: F = 0.1^10.5) the rest is weighed against 1 + tail, to a few ulps of the largest term", () => {
    // mp.hyp2f1(-10.5, 1, 1, 0.9) - 1 = (1 − z)^10.5 − 1; the largest term is 203. A rule against
    // 1e-17 / |1 + tail| (3e-7 here, in place of 3e-28) would stop 8e-10 off.
    expectNear(hyp2f1Tail(-10.5, 1, 1, 0.9), -0.9999999999683772233983162804075139046663, 4 * 2.2e-16 * 203.4);
  });
});

describe("hyp2f1Tail: at its ten-million-term limit", () => {
  // a = b = 0.5, c = 1 (F = 2K(z)/π): m = 0.5 < 1, so the bound is z itself; the terms fall like z^k/(πk).
  // Each z below was found by running the stopping rule without a limit; the stopping term moves by one for a
  // change of 3.3e-13 in z, and each z sits mid-way in its range.
  it("at z = 0.99999670842175 the rest first falls below 1e-17 of 1 + tail at the last term allowed (k = 9,999,999)", () => {
    // mp.hyp2f1(0.5, 0.5, 1, mpf(0.99999670842175)) - 1: ten million terms, each rounded: 2e-11 of 1 + tail (9e-12 found).
    // A stricter rule (term/bound in place of term·bound, 1e-17/|1 + tail|, |1 − tail|, or a growth
    // (k + 1 + m)/(k + 1 − c) above 1) needs more terms and is refused.
    expectNear(hyp2f1Tail(0.5, 0.5, 1, 0.99999670842175), 3.900935557555704508685803867769025340699, 2e-11 * 4.9);
  });

  it("at z = 0.99999670842208 the rest falls below 1e-17 of 1 + tail only at k = 10,000,000, one past the limit: refused", () => {
    // A looser rule (1 + bound in place of 1 − bound, term · bound · (1 − bound), the growth squared even
    // below 1) or one more term would return a value.
    expectSeriesError(() => hyp2f1Tail(0.5, 0.5, 1, 0.99999670842208), "2F1(0.5, 0.5; 1; 0.99999670842208) did not converge");
  });
});

describe("hyp2f1Tail: a sum that overflows is refused", () => {
  it("a = 520, b = 506.27, c = 0.5, z = 0.25 (F − 1 = 2.93e308, past the largest double): overflows where the bound is exactly 1", () => {
    // mp.hyp2f1(520, 506.27, 0.5, 0.25) - 1 = 2.928e308. The tail first overflows at k = 518, where the growth
    // (519 + 520)/(519 + 0.5) is exactly 2 and the bound 0.25 · 4 exactly 1: not below 1, so the overflow is caught.
    // (b found by varying it: from 506.258 to 506.297 the tail first overflows at k = 518.)
    expectSeriesError(() => hyp2f1Tail(520, 506.27, 0.5, 0.25), "2F1(520, 506.27; 0.5; 0.25) did not converge");
  });

  it("a polynomial whose one term overflows (−b·z/c = −1.00001e309) is refused, with a or b = −1", () => {
    // 2F1(−1, b; c; z) − 1 = −b·z/c: mpf(1e10) * mpf(1e-21) / mpf(1e-320) = 1.0000111e309 (c = 1e-320 is the
    // subnormal 9.99989e-321). At k = 0 the sum is not yet past −a = 1, so the overflow is caught before any bound.
    expectSeriesError(() => hyp2f1Tail(-1, 1e10, 1e-320, 1e-21), "2F1(-1, 10000000000; 1e-320; 1e-21) did not converge");
    expectSeriesError(() => hyp2f1Tail(1e10, -1, 1e-320, 1e-21), "2F1(10000000000, -1; 1e-320; 1e-21) did not converge");
  });

  it("a tail that overflows after its bound has fallen below 1 is refused, never returned as Infinity", () => {
    // mp.hyp2f1(520, 506, 0.5, 0.25) - 1 = 2.42e308, past the largest double. Before the fix the overflowed tail
    // met the stopping rule (Infinity <= 1e-17 × Infinity) and came back as Infinity.
    expectSeriesError(() => hyp2f1Tail(520, 506, 0.5, 0.25), "2F1(520, 506; 0.5; 0.25) did not converge");
  });
});

describe("logAddExp", () => {
  it("−Infinity on either side gives the other, both −Infinity gives −Infinity, and +Infinity wins", () => {
    expect(logAddExp(-Infinity, 3)).toBe(3);
    expect(logAddExp(3, -Infinity)).toBe(3);
    expect(logAddExp(-Infinity, -Infinity)).toBe(-Infinity);
    expect(logAddExp(Infinity, -Infinity)).toBe(Infinity);
    expect(logAddExp(-Infinity, Infinity)).toBe(Infinity);
    // +Infinity beside a number or itself (NaN before: the shift made it ∞ − ∞)
    expect(logAddExp(0, Infinity)).toBe(Infinity);
    expect(logAddExp(Infinity, 0)).toBe(Infinity);
    expect(logAddExp(Infinity, Infinity)).toBe(Infinity);
  });

  it("shifts by the larger of x and y, either way round: ln(e^0 + e^800) = 800 (e^800 alone overflows)", () => {
    // mp.log(mp.exp(0) + mp.exp(800)) = 800 + 3.7e-348, which is 800 in doubles
    expect(logAddExp(0, 800)).toBe(800);
    expect(logAddExp(800, 0)).toBe(800);
  });

  it("at 1000 and 1000.5, where e^x overflows: 1000.974076984180106680873, to 1e-15", () => {
    // mp.log(mp.exp(1000) + mp.exp(1000.5))
    expectNear(logAddExp(1000, 1000.5), 1000.97407698418010668087299735508117075, 1e-15 * 1001);
    expectNear(logAddExp(1000.5, 1000), 1000.97407698418010668087299735508117075, 1e-15 * 1001);
  });
});
