/**
 * fitGammaGamma's rule for q and γ running off together (src/model/value/gamma-gamma.ts): customers
 * whose spend rate ν has no spread (simulated with q = 4e9, γ = 1e10: ν = 0.4, and p = 6, so every
 * customer's mean spend per purchase is p/ν = 15). The likelihood then rises as q and γ grow
 * together; the fit is refused once both pass e^8 and one passes e^18 (e^8 where Newton stalls), with
 * the limit pγ/q printed, and accepted below that. How each case ends was found by running the fit
 * (the simulations are seeded); the figures checked are the data's own: the mean spend per repeat
 * purchase. Issue 33: the mutation run of model-clv-value found the rule's parts, the printed value
 * and the model's name in the message checked by no test.
 */
import { describe, expect, it } from "vitest";
import { fitGammaGamma } from "../../../src/model/value/gamma-gamma.js";
import { random, simulateCustomer } from "../../../scripts/simulate-clv.mjs";

/** n simulated customers over 52 weeks; the repeat customers' x and mean repeat spend. */
function alike(n: number, seed: number): { x: number; mean: number }[] {
  const u = random(seed);
  return Array.from({ length: n }, () => simulateCustomer(u, { r: 1, alpha: 2, a: 1, b: 20 }, 52, { p: 6, q: 4e9, gamma: 1e10 }).amounts!)
    .filter((a) => a.length > 1)
    .map((a) => ({ x: a.length - 1, mean: a.slice(1).reduce((s, v) => s + v, 0) / (a.length - 1) }));
}
/** The mean spend per repeat purchase over all of them. */
const meanSpend = (d: { x: number; mean: number }[]) => d.reduce((s, c) => s + c.x * c.mean, 0) / d.reduce((s, c) => s + c.x, 0);

const REFUSED = /^the Gamma-Gamma fit did not converge: q and γ run off to infinity together, with pγ\/q = (\d+\.\d+): the likelihood is highest where every customer has the same expected spend per purchase/;

describe("Gamma-Gamma on customers who all spend alike: q and γ run off together", () => {
  it("4,783 repeat customers (all fitted at once): refused, naming the model and the limit pγ/q, which is the mean spend", () => {
    const data = alike(5_000, 4);
    expect(data.length).toBe(4_783);
    const message = (() => {
      try {
        fitGammaGamma(data);
      } catch (error) {
        return (error as Error).message;
      }
      return "no error";
    })();
    expect(message).toMatch(REFUSED);
    // pγ/q printed to 4 digits: the mean spend per repeat purchase, 14.985 (p/ν = 15 in the simulation)
    expect(Math.abs(Number(REFUSED.exec(message)![1]) / meanSpend(data) - 1)).toBeLessThan(0.002);
  });

  it("7,681 repeat customers: q and γ found between e^8 and e^18, where the fit is accepted", () => {
    const data = alike(8_000, 5);
    expect(data.length).toBe(7_681);
    const { p, q, gamma } = fitGammaGamma(data);
    // q ≈ 3,900 and γ ≈ 9,400 (ln 8.27 and 9.15): ν's spread 1/√q about 1.6%, below e^18 yet above e^8
    for (const v of [q, gamma]) {
      expect(Math.log(v)).toBeGreaterThan(8);
      expect(Math.log(v)).toBeLessThan(18);
    }
    // E[spend per purchase] = pγ/(q − 1): the data's mean spend, to 1%
    expect(Math.abs((p * gamma) / (q - 1) / meanSpend(data) - 1)).toBeLessThan(0.01);
  });
});
