/**
 * The dashboard's cohorts (`ceq --transactions log.csv -f html`): the log read on both threads,
 * each tallying its own customers' cohorts (classifyWithCohorts, as `ceq cohorts` does), gives the
 * table worked out by hand, as one thread does. Until the tenth session the dashboard read every
 * log on one thread to tally them, so an html run took 1.6 times a JSON run's wall time.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyWithCohorts } from "../../../src/commands/base.js";
import type { InputFlags } from "../../../src/commands/inputs.js";
import { roundedCoef } from "../../../src/money.js";
import type { CohortTable } from "../../../src/model/cohorts.js";
import { folder } from "../../support/helpers.js";

const flags = (path: string): InputFlags => ({ transactions: [path], period: "year", fiscalYearStart: 1, currency: "USD", maxGroups: 50, maxErrors: 50, reactivated: "acquisition" });

/** Each cohort's cells as [period, customers, revenue in cents]. */
const cells = (table: CohortTable | undefined) => table?.cohorts.map((c) => [c.period, c.cells.map((cell) => [cell.period, cell.customers, roundedCoef(cell.revenue!, 2)])]);

describe("the dashboard's cohorts on two threads", () => {
  // FNV-1a puts ann and cy on the main thread, bob and dee on the worker (below 0x70000000 or not).
  const LOG = "customer_id,date,amount\nann,2022-03-01,10.00\nbob,2022-05-01,20.00\nann,2023-02-01,5.00\ncy,2023-04-01,7.50\ndee,2023-06-01,3.30\n";
  // By hand. Won in 2022: ann and bob, 30.00 then; in 2023 ann alone, 5.00. Won in 2023: cy and dee, 10.80.
  const WANT = [
    [2022, [[2022, 2, 3000n], [2023, 1, 500n]]],
    [2023, [[2023, 2, 1080n]]],
  ];

  for (const threads of [1, 2]) {
    it(`${threads === 1 ? "one thread" : "two threads, split however small the log"}: the table by hand`, async () => {
      const path = join(folder(), "log.csv");
      writeFileSync(path, LOG);
      const got = await classifyWithCohorts(flags(path), { inputs: {}, parallel: { minBytes: 0 }, env: { CEQ_THREADS: String(threads) } }, {}, true);
      expect(got.log.errorCount).toBe(0);
      expect(got.read.shard !== undefined).toBe(threads === 2);
      // The worker held two of the four customers: the table adds both threads' cells.
      expect(got.read.customers.customers).toBe(threads === 2 ? 2 : 4);
      expect(cells(got.cohortTable)).toEqual(WANT);
    });
  }

  it("no table when none is asked for", async () => {
    const path = join(folder(), "log.csv");
    writeFileSync(path, LOG);
    const got = await classifyWithCohorts(flags(path), { inputs: {}, parallel: { minBytes: 0 }, env: { CEQ_THREADS: "2" } }, {}, false);
    expect(got.cohortTable).toBeUndefined();
    expect(got.summary).toBeDefined();
  });
});
