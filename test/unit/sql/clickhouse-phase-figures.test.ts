/**
 * `ceq sql --dialect clickhouse` on phase exports with what clickhouse-figures.test.ts leaves out:
 * two --by columns (segment rows and the all-segments row, a phase's table left out), a count
 * column beside a row's total revenue, an average-revenue column times the count, and --from/--to.
 * Run in chDB (a child process, test/support/chdb.ts) on tiny tables, against figures worked out
 * by hand in each case's comment. Issue 33: the mutation run of sql-clickhouse found these parts of
 * src/sql/clickhouse-phases.ts reached by no test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChdbChild, chdbChild, chdbPath, clickhouseRows, loadTable, pickColumns } from "../../support/chdb.js";

describe.skipIf(chdbPath() === undefined)("ceq sql --dialect clickhouse on phase exports, run in chDB, by hand", () => {
  let session: ChdbChild | undefined;
  beforeAll(async () => {
    session = await chdbChild();
  });
  afterAll(() => session?.close());

  it("two segment columns, a count beside each row's total, no retained table, only 2022-2023", async () => {
    await loadTable(session!, "new_p", [
      "year,region,channel,n,revenue,cost",
      "2021,EU,web,1,10.00,1.00", // before --from
      "2022,EU,web,2,30.00,4.00", // two customers, 30 between them (not 30 each)
      "2022,US,shop,1,5.00,0.50",
      "2023,EU,web,3,12.00,3.00",
      "2024,US,web,1,100.00,0", // after --to
    ]);
    await loadTable(session!, "churned_p", ["year,region,channel,n,revenue", "2023,US,shop,1,5.00"]);
    const rows = await clickhouseRows(session!, [
      ...["--new", "new_p", "--churned", "churned_p", "--year-column", "year", "--revenue-column", "revenue", "--count-column", "n", "--cost-column", "cost"],
      ...["--by", "region,channel", "--from", "2022", "--to", "2023"],
    ]);
    // Segments: every (region, channel) seen in any year: (EU, web), (US, shop), (US, web); each
    // year of the range has a row for each and the all-segments row (NULLs) last.
    // 2022: EU web 2 new, 30, cost 4: 26. US shop 1 new, 5, cost 0.5: 4.5. All: 3, 35, 4.5: 30.5.
    // 2023: EU web 3 new, 12, cost 3: 9. US shop 1 churned, 5: -5. All: 12 - 3 - 5 = 4.
    const columns = ["period", "fiscal_year", "region", "channel", "new_customers", "new_revenue", "acquisition_cost", "retained_customers", "retained_revenue", "churned_customers", "churned_revenue", "customer_equity"];
    expect(pickColumns(rows, columns)).toEqual([
      ["2022", "2022", "EU", "web", "2", "30", "4", "0", "0", "0", "0", "26"],
      ["2022", "2022", "US", "shop", "1", "5", "0.5", "0", "0", "0", "0", "4.5"],
      ["2022", "2022", "US", "web", "0", "0", "0", "0", "0", "0", "0", "0"],
      ["2022", "2022", null, null, "3", "35", "4.5", "0", "0", "0", "0", "30.5"],
      ["2023", "2023", "EU", "web", "3", "12", "3", "0", "0", "0", "0", "9"],
      ["2023", "2023", "US", "shop", "0", "0", "0", "0", "0", "1", "5", "-5"],
      ["2023", "2023", "US", "web", "0", "0", "0", "0", "0", "0", "0", "0"],
      ["2023", "2023", null, null, "3", "12", "3", "0", "0", "1", "5", "4"],
    ]);
  });

  it("an average revenue times the count; one segment column; --from alone, --to alone", async () => {
    await loadTable(session!, "new_a", ["year,region,n,avg", "2021,EU,4,2.50", "2022,EU,1,3.00"]);
    await loadTable(session!, "retained_a", ["year,region,n,avg", "2021,EU,3,1.10", "2021,US,2,0.25"]);
    const args = ["--new", "new_a", "--retained", "retained_a", "--year-column", "year", "--avg-revenue-column", "avg", "--count-column", "n", "--by", "region"];
    const columns = ["period", "region", "new_customers", "new_revenue", "retained_customers", "retained_revenue", "customer_equity"];
    // 2021: EU 4 new at 2.50 (10) and 3 retained at 1.10 (3.3): 13.3; US 2 retained at 0.25: 0.5;
    // all 4 new, 10, 5 retained, 3.8: 13.8. 2022: EU 1 new at 3: 3; US nothing; all 3.
    const y2021 = [
      ["2021", "EU", "4", "10", "3", "3.3", "13.3"],
      ["2021", "US", "0", "0", "2", "0.5", "0.5"],
      ["2021", null, "4", "10", "5", "3.8", "13.8"],
    ];
    const y2022 = [
      ["2022", "EU", "1", "3", "0", "0", "3"],
      ["2022", "US", "0", "0", "0", "0", "0"],
      ["2022", null, "1", "3", "0", "0", "3"],
    ];
    expect(pickColumns(await clickhouseRows(session!, args), columns)).toEqual([...y2021, ...y2022]);
    expect(pickColumns(await clickhouseRows(session!, [...args, "--from", "2022"]), columns)).toEqual(y2022);
    expect(pickColumns(await clickhouseRows(session!, [...args, "--to", "2021"]), columns)).toEqual(y2021);
  });
});
if (chdbPath() === undefined) describe("ceq sql --dialect clickhouse on phase exports, in chDB", () => it("is skipped: chdb is not installed (npm install --prefix .ci/chdb, 546 MB, or CEQ_CHDB_DIR)", () => {}));
