/**
 * `ceq value --model pareto-nbd | bgnbd` on one thread and on two give the same bytes, on a log
 * big enough for the second modelling thread (at least ASIDE_FROM, 100,000, repeat customers): it
 * fits the spend model, follows Pareto/NBD's Newton passes on all triples (src/model/value/team.ts)
 * and takes chunks of the valuing, and every number it works out is the one this thread would.
 * The log is drawn by scripts/simulate-clv.mjs (BG/NBD purchases, Gamma-Gamma spend), 800,000 rows.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { simulateLog } from "../../scripts/simulate-clv.mjs";
import { ceq, folder } from "../support/helpers.js";

let path = "";
beforeAll(async () => {
  path = join(folder(), "log.csv");
  await simulateLog(path, 800_000);
}, 60_000);

describe("ceq value on one thread and two", () => {
  for (const model of ["pareto-nbd", "bgnbd"]) {
    it(`--model ${model}: the same bytes; over 100,000 repeat customers, so the second thread works`, async () => {
      const args = ["value", "--transactions", path, "--model", model, "--discount-rate", "0.1", "-f", "json"];
      const [one, two] = [await ceq(args, { env: { CEQ_THREADS: "1" } }), await ceq(args, { env: { CEQ_THREADS: "2" } })];
      expect(one.code, one.stderr).toBe(0);
      expect(two.code, two.stderr).toBe(0);
      expect(two.stdout).toBe(one.stdout);
      expect(two.stderr).toBe(one.stderr);
      const doc = JSON.parse(two.stdout) as { summary: { repeatCustomers: number }; customerEquity: number };
      expect(doc.summary.repeatCustomers).toBeGreaterThan(100_000);
      expect(doc.customerEquity).toBeGreaterThan(0);
    }, 60_000);
  }
});
