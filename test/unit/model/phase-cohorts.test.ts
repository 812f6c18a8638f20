/**
 * Phase exports' cohorts from rows by period (model/phase-cohorts.ts): cells worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { idRowsOf, type IdRow } from "../../../src/model/phase-movements.js";
import { phaseCohortCells } from "../../../src/model/phase-cohorts.js";
import { toFixed, ZERO } from "../../../src/money.js";
import { decimalText } from "../../support/decimal-text.js";

const row = (phase: IdRow["phase"], period: number, id: string, revenue: string): IdRow => ({ phase, period, id, revenue: decimalText(revenue), cost: ZERO, group: "" });

const cells = (rows: IdRow[]) => {
  const { cells, unwon } = phaseCohortCells(idRowsOf(rows));
  return { cells: cells.map(([cohort, period, customers, revenue]) => `${cohort} ${period}: ${customers} ${toFixed(revenue, 5)}`).sort(), unwon };
};

describe("phaseCohortCells", () => {
  it("counts each customer once a period in the cohort of their first new row, from then on", () => {
    const rows = [
      // A: won 2020 (10.00), retained 2021 (12.50), churned 2022: in 2020's cohort in 2020 and 2021
      row("acquisition", 2020, "A", "10.00"),
      row("retention", 2021, "A", "12.50"),
      row("churn", 2022, "A", "12.50"),
      // B: its retained row of 2021 comes before its new row of 2021 (row order is not period
      // order); both in 2021's cohort, counted once with 7.00 + 3.00005
      row("retention", 2021, "B", "3.00005"),
      row("acquisition", 2021, "B", "7.00"),
      // C: retained in 2020 before it was won in 2021: the 2020 row is before its cohort
      row("retention", 2020, "C", "4.00"),
      row("acquisition", 2021, "C", "5.00"),
      row("retention", 2022, "C", "6.00"),
      // D: retained only (won before the exports begin): in no cohort; E and F: churned only, not counted
      row("retention", 2021, "D", "9.00"),
      row("churn", 2021, "E", "1.00"),
      row("churn", 2022, "F", "1.00"),
    ];
    expect(cells(rows)).toEqual({
      cells: ["2020 2020: 1 10.00000", "2020 2021: 1 12.50000", "2021 2021: 2 15.00005", "2021 2022: 1 6.00000"],
      unwon: 1,
    });
  });

  it("a customer won twice stays in the cohort of the first new row", () => {
    const rows = [row("acquisition", 2022, "A", "2.00"), row("acquisition", 2020, "A", "1.00")];
    expect(cells(rows)).toEqual({ cells: ["2020 2020: 1 1.00000", "2020 2022: 1 2.00000"], unwon: 0 });
  });

  it("holds more cells than its sums' first block: 46 cohorts, each followed to the last period", () => {
    // Customer k is new in period k and retained with 1.00 in every period after, to 45:
    // 46 + 45 + … + 1 = 1,081 cells of one customer and 1.00
    const rows: IdRow[] = [];
    for (let k = 0; k <= 45; k++) for (let p = k; p <= 45; p++) rows.push(row(p === k ? "acquisition" : "retention", p, `C${k}`, "1.00"));
    const { cells, unwon } = phaseCohortCells(idRowsOf(rows));
    expect([cells.length, unwon]).toEqual([1081, 0]);
    expect(cells.every(([cohort, period, customers, revenue]) => period >= cohort && customers === 1 && toFixed(revenue, 2) === "1.00")).toBe(true);
  });

  it("no rows, no cells", () => {
    expect(cells([])).toEqual({ cells: [], unwon: 0 });
  });
});
