/**
 * `ceq --explain` on the demo: each formula of 2024 with the figures fixtures/demo/EXPECTED.md
 * works out by hand (read from that file here, not copied).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ceq, DEMO } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

/** The bold figures of EXPECTED.md's section for a year, in order, with thousands separators as ceq prints them. */
function handWorked(year: string): string[] {
  const text = readFileSync(join(DEMO, "EXPECTED.md"), "utf8");
  const section = text.split(`### ${year}`)[1]!.split("###")[0]!;
  return [...section.matchAll(/\*\*(-?[\d.]+)\*\*/g)].map((m) => {
    const [int, frac] = m[1]!.split(".");
    return `${int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}.${frac}`;
  });
}

describe("--explain", () => {
  it("fills 2024's formulas with the hand-worked figures of EXPECTED.md", async () => {
    const [acqRevenue, acqCost, acqEquity, retRevenue, retCost, retEquity, churned, equity] = handWorked("2024");
    expect(equity).toBe("133,392.06");
    const run = await ceq(["--dir", DEMO, "--explain"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.split("How the figures are computed:\n")[1]!.trimEnd().split("\n").map((l) => l.trim());
    expect(lines).toEqual([
      "customer equity 2024, formula by formula:",
      `acquisition equity 2024 = revenue − acquisition cost = ${acqRevenue} − ${acqCost} = ${acqEquity} (11 new, 1,801.70 each on average)`,
      `retention equity 2024 = revenue − servicing cost = ${retRevenue} − ${retCost} = ${retEquity} (38 retained, 3,567.91 each on average)`,
      `churned revenue 2024 = ${churned} (7 churned, 1,914.49 each on average)`,
      `customer equity 2024 = ${acqEquity} + ${retEquity} − ${churned} = ${equity}`,
      "change 2024 = 133,392.06 − 114,510.75 = 18,881.31; relative: 18,881.31 ÷ |114,510.75| = 0.1649",
      "churn rate 2024 = churned ÷ (retained + churned) = 7 ÷ (38 + 7) = 0.1556; retention rate = 38 ÷ 45 = 0.8444",
      "acquisition cost per new customer 2024 = 3,802.10 ÷ 11 = 345.65",
      "net customer change 2024 = new − churned = 11 − 7 = 4",
    ]);
  });

  it("--year picks the period; its change is against the year before even outside the range; JSON carries the lines", async () => {
    const run = await cli(["--dir", DEMO, "--explain", "--year", "2022", "-f", "json"]);
    const doc = JSON.parse(run.stdout) as { explain: string[] };
    const h = handWorked("2022");
    expect(doc.explain[4]).toBe(`customer equity 2022 = ${h[2]} + ${h[5]} − ${h[6]} = ${h[7]}`);
    expect(doc.explain[5]).toBe("change 2022 = 100,251.34 − 82,764.31 = 17,487.03; relative: 17,487.03 ÷ |82,764.31| = 0.2113");
    const first = JSON.parse((await cli(["--dir", DEMO, "--explain", "--year", "2021", "-f", "json"])).stdout) as { explain: string[] };
    expect(first.explain[5]).toBe("change 2021: none (no period before)");
  });

  it("is a usage error with CSV", async () => {
    const run = await cli(["--dir", DEMO, "--explain", "-f", "csv"]);
    expect([run.code, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toContain("--explain has no place in CSV's rows");
  });
});
