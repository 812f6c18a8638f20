/**
 * Cohort tables from tallied cells, and the owners' panels (issue 33: the `model-flows` module's
 * survivors). Values worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { cohortSize, cohortsOfCells, currentByRenewals } from "../../../src/model/cohorts.js";
import { Ledger, summarize } from "../../../src/model/equity.js";
import { ownersOf } from "../../../src/model/owners.js";
import { decimal, toFixed } from "../../../src/money.js";

const cents = (n: number) => decimal(BigInt(n), 2);

describe("cohortsOfCells: cells tallied by reading threads", () => {
  // cohorts met out of order (2021, 2019, 2020); two threads' cells for cohort 2019 in 2019.
  // Built inside each test, so that Stryker counts the code it runs as covered by the test.
  const build = () =>
    cohortsOfCells(
      [
        [2021, 2021, 4, cents(400)],
        [2019, 2019, 3, cents(1000)],
        [2020, 2020, 2, cents(200)],
        [2019, 2019, 2, cents(500)],
        [2019, 2021, 1, cents(50)],
      ],
      2021,
    );

  it("adds the cells of the same cohort and period, and orders the cohorts", () => {
    const table = build();
    expect(table.cohorts.map((c) => c.period)).toEqual([2019, 2020, 2021]);
    const first = table.cohorts[0]!;
    expect(first.cells.map((c) => [c.period, c.customers, toFixed(c.revenue!, 2)])).toEqual([
      [2019, 5, "15.00"],
      [2020, 0, "0.00"],
      [2021, 1, "0.50"],
    ]);
    expect(cohortSize(first)).toBe(5);
  });

  it("customers in the last period by renewals: a cohort with none there is left out", () => {
    // 2019: 1 customer two periods on; 2020: none in 2021 (left out); 2021: 4 at 0 renewals
    expect(currentByRenewals(build())).toEqual([
      [2, 1],
      [0, 4],
    ]);
  });

  it("an empty cohort has size 0", () => {
    expect(cohortSize({ period: 2022, cells: [] })).toBe(0);
  });
});

describe("ownersOf", () => {
  it("acquisition and retention carry a cost per customer, churn none", () => {
    const ledger = new Ledger();
    ledger.add("acquisition", 2024, 2, cents(10000), cents(1000)); // cost 10.00 for 2: 5.00 a customer
    ledger.add("retention", 2024, 4, cents(20000), cents(1200)); // cost 12.00 for 4: 3.00 a customer
    ledger.add("churn", 2024, 1, cents(500), cents(0));
    const owners = ownersOf(summarize(ledger).years[0]!);
    expect(owners.map((o) => [o.owner, o.costPerCustomer === null ? null : toFixed(o.costPerCustomer, 2)])).toEqual([
      ["acquisition", "5.00"],
      ["retention", "3.00"],
      ["churn", null],
    ]);
  });
});
