/**
 * The rules by which the BG/NBD and Pareto/NBD fits are refused as having left the data's reach
 * (bgnbdEdge, paretoEdge in src/model/value/), at points u chosen by hand around each threshold,
 * and the fits' refusals naming their model. BG/NBD's u = (ln r, ln α, logit a/(a+b), ln 1/(a+b)):
 * a and b "run off together" when a + b passes e^18 (e^8 once Newton has stalled), and a/(a+b) is
 * then 1/(1 + e^−u₂). Pareto/NBD's u = (ln r, ln α, ln s, ln β): s and β (then r and α) run off
 * together when both pass e^8 and one passes e^18 (e^8 once stalled), printing s/β = e^(u₂ − u₃)
 * (r/α = e^(u₀ − u₁)). Otherwise a coordinate beyond ±20 runs off alone, to infinity or to 0.
 * Issue 33: the mutation run of model-clv found these rules' branches, and the models' names in
 * the fits' errors, checked by no test.
 */
import { describe, expect, it } from "vitest";
import { bgnbdEdge, fitBgNbd } from "../../../src/model/value/bgnbd.js";
import { refusal } from "../../support/fit-refusal.js";
import { fitParetoNbd, paretoEdge } from "../../../src/model/value/pareto-nbd.js";

const ALONE = " (the data have no maximum of the likelihood: too few repeat purchases)";

describe("bgnbdEdge", () => {
  const together = (ratio: string) =>
    `a and b run off to infinity together, with a/(a+b) = ${ratio}: the likelihood is highest where every customer has the same dropout probability, which BG/NBD's Beta mixing reaches only in the limit (the log's customers may be too alike, such as a generated log)`;

  it("a + b past e^18 is a and b together, with a/(a+b) = 1/(1 + e^−u₂): 0.5 at u₂ = 0, 0.75 at u₂ = ln 3", () => {
    expect(bgnbdEdge([0, 0, 0, -19])).toBe(together("0.5000"));
    expect(bgnbdEdge([0, 0, Math.log(3), -18.5])).toBe(together("0.7500"));
    // Before r or α running off alone.
    expect(bgnbdEdge([25, 0, 0, -19])).toBe(together("0.5000"));
  });

  it("a + b at exactly e^18, or past e^8 only, is nothing until Newton has stalled", () => {
    expect(bgnbdEdge([0, 0, 0, -18])).toBeNull();
    expect(bgnbdEdge([0, 0, 0, -9])).toBeNull();
    expect(bgnbdEdge([0, 0, 0, -9], true)).toBe(together("0.5000"));
    expect(bgnbdEdge([0, 0, 0, -8], true)).toBeNull();
  });

  it("r or α past ±20 runs off alone, named, to infinity or to 0; exactly ±20 is within reach", () => {
    expect(bgnbdEdge([21, 0, 0, 0])).toBe(`r runs off to infinity${ALONE}`);
    expect(bgnbdEdge([-21, 0, 0, 0])).toBe(`r runs off to 0${ALONE}`);
    expect(bgnbdEdge([0, 21, 0, 0])).toBe(`α runs off to infinity${ALONE}`);
    expect(bgnbdEdge([0, -21, 0, 0])).toBe(`α runs off to 0${ALONE}`);
    expect(bgnbdEdge([20, -20, 0, 0])).toBeNull();
    expect(bgnbdEdge([0, -20, 0, 0], true)).toBeNull();
    // r first when both have.
    expect(bgnbdEdge([-21, 21, 0, 0])).toBe(`r runs off to 0${ALONE}`);
  });
});

describe("paretoEdge", () => {
  const dropout = (ratio: string) =>
    `s and β run off to infinity together, with s/β = ${ratio}: the likelihood is highest where every customer has the same dropout rate, which Pareto/NBD's Gamma mixing reaches only in the limit (the log's customers may be too alike, such as a generated log)`;
  const purchase = (ratio: string) =>
    `r and α run off to infinity together, with r/α = ${ratio}: the likelihood is highest where every customer has the same purchase rate, which Pareto/NBD's Gamma mixing reaches only in the limit (the log's customers may be too alike, such as a generated log)`;

  it("s and β together with s/β = e^(u₂ − u₃), r and α together with r/α = e^(u₀ − u₁), s and β named first", () => {
    expect(paretoEdge([0, 0, 19, 10])).toBe(dropout("8103")); // e^9 = 8103.08
    expect(paretoEdge([0, 0, 10, 19])).toBe(dropout("0.0001234")); // e^−9
    expect(paretoEdge([10, 19, 0, 0])).toBe(purchase("0.0001234"));
    expect(paretoEdge([19, 10, 0, 0])).toBe(purchase("8103"));
    expect(paretoEdge([19, 10, 19, 10])).toBe(dropout("8103"));
  });

  it("the larger at exactly 18, or the smaller at or below 8, is not together", () => {
    expect(paretoEdge([0, 0, 18, 10])).toBeNull();
    expect(paretoEdge([0, 0, 19, 8])).toBeNull();
    expect(paretoEdge([0, 0, 5, 19])).toBeNull();
    expect(paretoEdge([18, 10, 0, 0])).toBeNull();
    expect(paretoEdge([8, 19, 0, 0])).toBeNull();
  });

  it("once Newton has stalled, the larger need only pass 8: s/β = e^−1 = 0.3679", () => {
    expect(paretoEdge([0, 0, 9, 10], true)).toBe(dropout("0.3679"));
    expect(paretoEdge([0, 0, 9, 10])).toBeNull();
    expect(paretoEdge([0, 0, 8, 10], true)).toBeNull();
  });

  it("each of r, α, s, β past ±20 runs off alone, named; exactly ±20 is within reach", () => {
    expect(paretoEdge([21, 5, 0, 0])).toBe(`r runs off to infinity${ALONE}`);
    expect(paretoEdge([5, 21, 0, 0])).toBe(`α runs off to infinity${ALONE}`);
    expect(paretoEdge([0, 0, 21, 5])).toBe(`s runs off to infinity${ALONE}`);
    expect(paretoEdge([0, 0, 5, 21])).toBe(`β runs off to infinity${ALONE}`);
    expect(paretoEdge([-21, 0, 0, 0])).toBe(`r runs off to 0${ALONE}`);
    expect(paretoEdge([0, -21, 0, 0])).toBe(`α runs off to 0${ALONE}`);
    expect(paretoEdge([0, 0, -21, 0])).toBe(`s runs off to 0${ALONE}`);
    expect(paretoEdge([0, 0, 0, -21])).toBe(`β runs off to 0${ALONE}`);
    expect(paretoEdge([20, -20, 20, -20])).toBeNull();
    expect(paretoEdge([0, 0, 0, 0], true)).toBeNull();
  });
});

describe("the purchase fits' refusals name the model", () => {
  const nobody = [
    { x: 0, tx: 0, T: 10, count: 50 },
    { x: 0, tx: 0, T: 20, count: 30 },
  ];

  it("BG/NBD on customers of whom none bought again: r runs off to 0", () => {
    expect(refusal(() => fitBgNbd(nobody))).toBe(`the BG/NBD fit did not converge: r runs off to 0${ALONE}`);
  });

  it("Pareto/NBD on the same: refused before the optimizer, whose ₂F₁ series stops converging on the way to r = 0", () => {
    expect(refusal(() => fitParetoNbd(nobody))).toBe(
      "the Pareto/NBD fit did not converge: no customer made a repeat purchase in the calibration period (the data have no maximum of the likelihood)",
    );
    // A repeat customer counted zero times is none.
    expect(refusal(() => fitParetoNbd([...nobody, { x: 2, tx: 5, T: 20, count: 0 }]))).toMatch(/^the Pareto\/NBD fit did not converge: no customer made a repeat purchase/);
  });

  it("Pareto/NBD refused by Newton: 100 customers who bought 5 times up to week 50 of 52 and 100 who never bought again, s runs off to 0", () => {
    const base = [
      { x: 5, tx: 50, T: 52, count: 100 },
      { x: 0, tx: 0, T: 52, count: 100 },
    ];
    expect(refusal(() => fitParetoNbd(base))).toBe(`the Pareto/NBD fit did not converge: s runs off to 0${ALONE}`);
  });

  it("a likelihood that is a number nowhere (a count that is not a number): the simplex's refusal, naming each model", () => {
    const broken = [
      { x: 2, tx: 5, T: 20, count: 3 },
      { x: 0, tx: 0, T: 20, count: Number.NaN },
    ];
    expect(refusal(() => fitBgNbd(broken))).toBe("the BG/NBD fit did not converge: the likelihood is not a number anywhere the optimizer went");
    expect(refusal(() => fitParetoNbd(broken))).toBe("the Pareto/NBD fit did not converge: the likelihood is not a number anywhere the optimizer went");
  });
});
