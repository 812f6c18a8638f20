/**
 * "sBG without money" (issue 29): `ceq value --cohorts FILE --model sbg` with no --margin prints
 * the fit, the projection and DERL, and leaves the money figures out, in every format, through
 * the built binary. The figures are Fader & Hardie's published ones for their "high end" survivors
 * ("How to project customer retention", 2007: α = 0.668, β = 3.806; "Customer-base valuation in
 * a contractual setting", 2010: DERL after 7 renewals at i = 0.1 is 7.530).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../support/capture.js";
import { ceq, folder } from "../support/helpers.js";

const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];
const dir = folder({ "high.csv": `cohort,period,customers\n${HIGH_END.map((n, t) => `0,${t},${n}`).join("\n")}\n` });
const run = (...args: string[]) => cli(["value", "--cohorts", join(dir, "high.csv"), "--model", "sbg", "--discount-rate", "0.1", ...args]);

type Doc = {
  inputs: { margin: number | null; acquisitionCost: number | null };
  clv: number | null;
  currentCustomers: number;
  currentValue: number | null;
  futureValue: number | null;
  customerEquity: number | null;
  sensitivity: unknown[];
  sbg: { alpha: number; beta: number; survival: number[]; retention: number[]; derl: { renewals: number; value: number; customers: number }[] };
};

describe("sBG from a cohorts file without --margin", () => {
  it("JSON: the published α, β and DERL(7); every money figure null, no sensitivity", async () => {
    const r = await run("-f", "json");
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as Doc;
    expect([doc.sbg.alpha.toFixed(3), doc.sbg.beta.toFixed(3)]).toEqual(["0.668", "3.806"]);
    const seven = doc.sbg.derl.find((d) => d.renewals === 7)!;
    expect([seven.value.toFixed(3), seven.customers]).toEqual(["7.530", 491]);
    expect([doc.inputs.margin, doc.inputs.acquisitionCost, doc.clv, doc.currentValue, doc.futureValue, doc.customerEquity]).toEqual([null, null, null, null, null, null]);
    expect(doc.sensitivity).toEqual([]);
    expect(doc.currentCustomers).toBe(491);
    // The projection: survival(t) = Π retention, with retention(1) = β/(α+β) (Fader & Hardie 2007, eq. 4).
    expect(doc.sbg.retention[0]).toBeCloseTo(3.806 / (0.668 + 3.806), 3);
  });

  it("the same figures as with --margin, which only adds the money", async () => {
    const without = JSON.parse((await run("-f", "json")).stdout) as Doc;
    const withMargin = JSON.parse((await run("--margin", "100", "--acquisition-cost", "0", "-f", "json")).stdout) as Doc;
    expect(without.sbg).toEqual(withMargin.sbg);
    // CLV = m × DERL(0) with the margin: the DERL printed without it is that multiple.
    expect(withMargin.clv).toBeCloseTo(100 * without.sbg.derl[0]!.value, 1);
  });

  it("table, markdown, CSV and HTML print α, β, the projection and DERL, and no money", async () => {
    // The JSON's figures (checked against the papers above), at the 4 decimals every format prints.
    const doc = JSON.parse((await run("-f", "json")).stdout) as Doc;
    const four = (x: number) => x.toFixed(4);
    const expected = [four(doc.sbg.alpha), four(doc.sbg.beta), four(doc.sbg.derl[7]!.value), four(doc.sbg.survival[12]!)];
    expect(expected.slice(0, 3)).toEqual(["0.6681", "3.8061", "7.5296"]);
    for (const format of ["table", "markdown", "csv", "html"]) {
      const r = await run("-f", format);
      expect(r.code, `${format}: ${r.stderr}`).toBe(0);
      const out = r.stdout;
      for (const figure of expected) expect(out, `${format}: ${figure}`).toContain(figure);
      if (format !== "html") {
        expect(out, format).not.toContain("$");
        expect(out, format).not.toMatch(/customer_equity|Lifetime customer equity|clv|CLV of/);
      }
    }
    const csv = (await run("-f", "csv")).stdout;
    expect(csv).toContain("derl_7,7.5296\n");
    expect(csv).toContain("survival_0,1.0000\n");
    const html = (await run("-f", "html")).stdout;
    expect(html).toContain("No --margin: CLV and customer equity are left out.");
    expect(html).toContain("<h2>DERL</h2>");
    // The page's visible text has no money; its embedded JSON has nulls for it.
    expect(html.replace(/<script[\s\S]*?<\/script>/g, "")).not.toMatch(/\$\d/);
  });

  it("--acquisition-cost without --margin is refused, not ignored; the constant model still needs --margin", async () => {
    const cost = await run("--acquisition-cost", "50");
    expect([cost.code, cost.stdout]).toEqual([2, ""]);
    expect(cost.stderr).toContain("--acquisition-cost is weighed against the margin: give --margin too");
    const constant = await ceq(["value", "--cohorts", join(dir, "high.csv"), "--discount-rate", "0.1"]);
    expect([constant.code, constant.stdout]).toEqual([2, ""]);
    expect(constant.stderr).toContain("a cohorts file has survivors only: give --margin");
  });

  it("cohorts with no finite fit (1% leave at once, the rest never) are an input error, exit 1, not an internal one", async () => {
    const odd = folder({ "odd.csv": "cohort,period,customers\n0,0,1000\n0,1,990\n0,2,990\n0,3,990\n" });
    const r = await cli(["value", "--cohorts", join(odd, "odd.csv"), "--model", "sbg", "--discount-rate", "0.1"]);
    expect([r.code, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toContain("the shifted-beta-geometric fit did not converge");
    expect(r.stderr).not.toContain("internal error");
  });
});
