/**
 * gammaGammaEdge (src/model/value/gamma-gamma.ts), the rule by which the Gamma-Gamma fit is
 * refused as having left the data's reach, at u = (ln p, ln q, ln γ) chosen by hand around each
 * threshold: q and γ "run off together" when both pass e^8 and one passes e^18 (e^8 once Newton has
 * stalled); otherwise one coordinate beyond ±20 "runs off" alone, to infinity or to 0. The
 * printed pγ/q is e^(u₀ + u₂ − u₁), worked out here by hand. Issue 33: the mutation run of
 * model-clv-value found the rule's single-parameter branch and its lower bound checked by no test
 * (no data make q alone, or γ alone, run off in a test-sized fit).
 *
 * Also fitGammaGamma's refusal when the likelihood is a number nowhere (a mean spend that is not a
 * number, which the summary never gives: the simplex's own refusal, with the model's name).
 */
import { describe, expect, it } from "vitest";
import { fitGammaGamma, gammaGammaEdge } from "../../../src/model/value/gamma-gamma.js";

const ALONE = " (the data have no maximum of the likelihood)";
const together = (ratio: string) =>
  `q and γ run off to infinity together, with pγ/q = ${ratio}: the likelihood is highest where every customer has the same expected spend per purchase, which Gamma-Gamma's mixing reaches only in the limit (the log's customers may be too alike, such as a generated log)`;

describe("gammaGammaEdge: q and γ running off together", () => {
  it("ln q = 19 and ln γ = 10: both past 8, one past 18, so together, with pγ/q = e^(0 + 10 − 19) = e^−9 = 0.0001234", () => {
    expect(gammaGammaEdge([0, 19, 10])).toBe(together("0.0001234"));
    // The other way round: ln q = 10, ln γ = 19, p = e: pγ/q = e^(1 + 19 − 10) = e^10 = 22026.47.
    expect(gammaGammaEdge([1, 10, 19])).toBe(together("2.203e+4"));
  });

  it("the larger at exactly 18 is not past 18: nothing (and nothing alone, 18 being within ±20)", () => {
    expect(gammaGammaEdge([0, 18, 10])).toBeNull();
    expect(gammaGammaEdge([0, 10, 18])).toBeNull();
  });

  it("the smaller at or below 8 is not together, however far the other has gone within ±20", () => {
    expect(gammaGammaEdge([0, 19, 8])).toBeNull();
    expect(gammaGammaEdge([0, 19, 5])).toBeNull();
    expect(gammaGammaEdge([0, 5, 19.9])).toBeNull();
    expect(gammaGammaEdge([0, -3, 19])).toBeNull();
  });

  it("once Newton has stalled, the larger need only pass 8: ln q = 9, ln γ = 10 gives pγ/q = e^1 = 2.718", () => {
    expect(gammaGammaEdge([0, 9, 10], true)).toBe(together("2.718"));
    expect(gammaGammaEdge([0, 9, 10])).toBeNull();
    // Stalled with the smaller at exactly 8: not together.
    expect(gammaGammaEdge([0, 8, 10], true)).toBeNull();
  });

  it("both past 20 is together, not one of them alone", () => {
    expect(gammaGammaEdge([0, 21, 21])).toBe(together("1.000"));
  });
});

describe("gammaGammaEdge: one parameter running off alone", () => {
  it("each of p, q, γ past +20 runs off to infinity, named", () => {
    expect(gammaGammaEdge([21, 0, 0])).toBe(`p runs off to infinity${ALONE}`);
    expect(gammaGammaEdge([0, 21, 5])).toBe(`q runs off to infinity${ALONE}`);
    expect(gammaGammaEdge([0, 5, 21])).toBe(`γ runs off to infinity${ALONE}`);
  });

  it("each of p, q, γ past −20 runs off to 0, named", () => {
    expect(gammaGammaEdge([-21, 0, 0])).toBe(`p runs off to 0${ALONE}`);
    expect(gammaGammaEdge([0, -21, 5])).toBe(`q runs off to 0${ALONE}`);
    expect(gammaGammaEdge([0, 5, -21])).toBe(`γ runs off to 0${ALONE}`);
  });

  it("exactly ±20 is within reach: nothing", () => {
    expect(gammaGammaEdge([20, 0, 0])).toBeNull();
    expect(gammaGammaEdge([0, -20, 5])).toBeNull();
    expect(gammaGammaEdge([0, 5, 20], true)).toBeNull();
  });

  it("the first past ±20 is the one named", () => {
    expect(gammaGammaEdge([-25, 21, 0])).toBe(`p runs off to 0${ALONE}`);
  });
});

describe("fitGammaGamma: a likelihood that is a number nowhere", () => {
  it("a mean spend that is not a number: refused by the simplex, naming the model", () => {
    expect(() => fitGammaGamma([{ x: 2, mean: Number.NaN }])).toThrow(
      /^the Gamma-Gamma fit did not converge: the likelihood is not a number anywhere the optimizer went$/,
    );
  });
});
