/**
 * Pareto/NBD where its dropout mixing has no maximum (every customer's dropout rate alike): the
 * fit is refused with that diagnosis while it is cheap to say (about a second), not after minutes
 * of ₂F₁ series ending in "did not converge in ten million terms". Not in model-clv's mutation
 * tests (scripts/mutate-modules.mjs): with the ₂F₁ loops instrumented it runs past two minutes.
 */
import { describe, expect, it } from "vitest";
import { FitError } from "../../../src/model/value/fit.js";
import { fitParetoNbd } from "../../../src/model/value/pareto-nbd.js";
import { drawnTriples } from "../../support/drawn-triples.js";

describe("Pareto/NBD's dropout rates running off together", () => {
  it("a base drawn from BG/NBD, observed 39 to 78 weeks: refused as s and β running off, with their ratio", () => {
    let error: unknown;
    try {
      fitParetoNbd(drawnTriples(300, 11, [39, 78]));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FitError);
    expect((error as Error).message).toMatch(/^the Pareto\/NBD fit did not converge: s and β run off to infinity together, with s\/β = 0\.0\d+: the likelihood is highest where every customer has the same dropout rate/);
  });
});
