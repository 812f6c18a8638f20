/**
 * What `ceq sql --dialect clickhouse` computes, run in chDB (a current ClickHouse, in-process) on
 * tiny tables written here, checked against figures worked out by hand (each case's comment gives
 * the working). The golden files (test/e2e/sql-dialects-golden.test.ts) pin the text of four option
 * sets; these run what they leave out: the date layouts DD/MM/YYYY, DD.MM.YYYY and YYYYMMDD, months
 * with a fiscal year from April, --sharded-by-customer, segments with a customer who moves, and
 * phase exports by date and quarter, a row a customer, with a phase left out.
 * chdb is no dependency (546 MB, docs/sql.md "ClickHouse today: chDB"): it is loaded from
 * CEQ_CHDB_DIR, else .ci/chdb; where neither has it, the suite says it is skipped.
 * Issue 33's mutation run of `sql-clickhouse` lists this file (scripts/mutate-modules.mjs). chDB runs
 * in a child process (chdbChild): Stryker runs tests in a worker thread, and chDB loaded in one
 * crashes the process when the thread ends.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../../support/capture.js";
import { type ChdbChild, chdbChild, chdbPath, clickhouseRows, loadTable, pickColumns } from "../../support/chdb.js";

const installed = chdbPath() !== undefined;

const pick = pickColumns;

describe.skipIf(!installed)("ceq sql --dialect clickhouse run in chDB, by hand", () => {
  let session: ChdbChild | undefined;
  beforeAll(async () => {
    session = await chdbChild();
  });
  afterAll(() => session?.close());
  const load = (name: string, lines: string[]) => loadTable(session!, name, lines);
  const sqlRows = (args: string[]) => clickhouseRows(session!, args);

  /**
   * The log of sql-figures.test.ts, by hand (calendar years):
   * - A buys in 2021 (10, cost 1) and 2022 (5, cost 2), nothing in 2023, again in 2024 (7, cost 3);
   * - B buys in 2022 (20, cost 4) and refunds 5 in the same year; in 2023 only a refund (-3, cost 1):
   *   inactive, and churned from 2022;
   * - C's one row in 2024 is free (0, cost 0.5): active and new.
   * Segments: A in N in 2021, S from 2022; B's 2022 rows in N then S (the later row's is B's); C in N.
   */
  const LOG: [string, number, number, number, string, string, string][] = [
    ["A", 2021, 5, 1, "10.00", "1.00", "N"],
    ["A", 2022, 2, 1, "5.00", "2.00", "S"],
    ["B", 2022, 3, 1, "20.00", "4.00", "N"],
    ["B", 2022, 6, 1, "-5.00", "0.00", "S"],
    ["B", 2023, 4, 1, "-3.00", "1.00", "S"],
    ["A", 2024, 1, 10, "7.00", "3.00", "S"],
    ["C", 2024, 8, 20, "0.00", "0.50", "N"],
  ];
  const two = (x: number) => String(x).padStart(2, "0");
  const loadLog = (write: (y: number, m: number, d: number) => string) =>
    load("tx", ["id,date,amount,cost,region", ...LOG.map(([id, y, mo, d, a, c, r]) => [id, write(y, mo, d), a, c, r].join(","))]);
  const flags = ["--transactions", "tx", "--id-column", "id", "--date-column", "date", "--revenue-column", "amount"];

  it("each class and cost per year, from dates in each layout the golden files leave out", async () => {
    // 2021: A new, 10 - 1 = 9. 2022: B new 15 (cost 4), A retained 5 (cost 2): 14. 2023: A and B
    // churned (5 + 15), B inactive -3 (cost 1): -20. 2024: C new 0 (cost 0.5), A reactivated 7
    // (cost 3), both acquisition: 3.5.
    const expected = [
      ["2021", "2021", "1", "0", "10", "1", "0", "0", "0", "0", "0", "0", "0", "9"],
      ["2022", "2022", "1", "0", "15", "4", "1", "5", "2", "0", "0", "0", "0", "14"],
      ["2023", "2023", "0", "0", "0", "0", "0", "0", "0", "2", "20", "-3", "1", "-20"],
      ["2024", "2024", "2", "1", "7", "3.5", "0", "0", "0", "0", "0", "0", "0", "3.5"],
    ];
    const columns = ["period", "fiscal_year", "new_customers", "reactivated_customers", "new_revenue", "acquisition_cost", "retained_customers", "retained_revenue", "servicing_cost", "churned_customers", "churned_revenue", "inactive_revenue", "inactive_cost", "customer_equity"];
    for (const [layout, write] of [
      ["DD/MM/YYYY", (y: number, m: number, d: number) => `${two(d)}/${two(m)}/${y}`],
      ["DD.MM.YYYY", (y: number, m: number, d: number) => `${d}.${m}.${y} 08:26`],
      ["YYYYMMDD", (y: number, m: number, d: number) => `${y}${two(m)}${two(d)}`],
      ["MM/DD/YYYY", (y: number, m: number, d: number) => `${m}/${d}/${y}`],
    ] as const) {
      await loadLog(write);
      const rows = await sqlRows([...flags, "--cost-column", "cost", "--date-format", layout, "--sharded-by-customer"]);
      expect(pick(rows, columns), layout).toEqual(expected);
    }
  });

  it("by month with the fiscal year from April: labels, fiscal years, and a gap month kept", async () => {
    await loadLog((y, m, d) => `${y}-${two(m)}-${two(d)}`);
    const rows = await sqlRows([...flags, "--period", "month", "--fiscal-year-start", "4", "--from", "2022", "--to", "2022"]);
    // Fiscal 2022 is April 2021 to March 2022. May 2021: A new 10. Jun 2021: A churned 10 (active in
    // May, not June). Jul 2021 to Jan 2022: nothing. Feb 2022: A reactivated 5. Mar 2022: B new 20,
    // A churned 5.
    const got = pick(rows, ["period", "fiscal_year", "new_customers", "new_revenue", "churned_customers", "churned_revenue", "customer_equity", "period_number"]);
    expect(got[0]).toEqual(["2021-05", "2022", "1", "10", "0", "0", "10", String(2021 * 12 + 4)]);
    expect(got[1]).toEqual(["2021-06", "2022", "0", "0", "1", "10", "-10", String(2021 * 12 + 5)]);
    expect(got.slice(2, 9).map((r) => [r[0], r[6]])).toEqual(["07", "08", "09", "10", "11", "12"].map((mm) => [`2021-${mm}`, "0"]).concat([["2022-01", "0"]]));
    expect(got.slice(9)).toEqual([
      ["2022-02", "2022", "1", "5", "0", "0", "5", String(2022 * 12 + 1)],
      ["2022-03", "2022", "1", "20", "1", "5", "15", String(2022 * 12 + 2)],
    ]);
  });

  it("by segment: each segment's figures, the customers who move, then the company's row", async () => {
    await loadLog((y, m, d) => `${y}-${two(m)}-${two(d)}`);
    const rows = await sqlRows([...flags, "--by", "region", "--reactivated", "retention"]);
    // B's 2022 segment is S (its later row). 2022: A retained in S, N the year before: moved out
    // of N into S. 2023: A and B churn from S, B's refund is S's inactive. 2024: A reactivated in
    // S (retention's here), C new in N.
    expect(pick(rows, ["period", "region", "new_customers", "new_revenue", "retained_customers", "retained_revenue", "reactivated_customers", "churned_customers", "churned_revenue", "inactive_revenue", "customer_equity", "moved_in_customers", "moved_out_customers"])).toEqual([
      ["2021", "N", "1", "10", "0", "0", "0", "0", "0", "0", "10", "0", "0"],
      ["2021", "S", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
      ["2021", null, "1", "10", "0", "0", "0", "0", "0", "0", "10", "0", "0"],
      ["2022", "N", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "1"],
      ["2022", "S", "1", "15", "1", "5", "0", "0", "0", "0", "20", "1", "0"],
      ["2022", null, "1", "15", "1", "5", "0", "0", "0", "0", "20", "1", "1"],
      ["2023", "N", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
      ["2023", "S", "0", "0", "0", "0", "0", "2", "20", "-3", "-20", "0", "0"],
      ["2023", null, "0", "0", "0", "0", "0", "2", "20", "-3", "-20", "0", "0"],
      ["2024", "N", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
      ["2024", "S", "0", "0", "1", "7", "1", "0", "0", "0", "7", "0", "0"],
      ["2024", null, "1", "0", "1", "7", "1", "0", "0", "0", "7", "0", "0"],
    ]);
  });

  it("phase exports by quarter from a date column, a row a customer, the retained file left out", async () => {
    await load("new_rows", ["customer_id,date,revenue,cost", "N1,15.01.2024,10.00,2.00", "N2,03.05.2024 10:00,20.00,1.00", "N3,01.11.2024,5.00,0"]);
    await load("churned_rows", ["customer_id,date,revenue,cost", "X1,30.06.2024,4.00,9.00"]);
    const rows = await sqlRows(["--new", "new_rows", "--churned", "churned_rows", "--date-column", "date", "--revenue-column", "revenue", "--cost-column", "cost", "--period", "quarter", "--date-format", "DD.MM.YYYY"]);
    // Q1: N1 new 10 (cost 2): 8. Q2: N2 new 20 (cost 1), X1 churned 4 (a churned row's cost is
    // not read): 19 - 4 = 15. Q3: nothing, kept with zeros. Q4: N3 new 5.
    expect(pick(rows, ["period", "fiscal_year", "new_customers", "new_revenue", "acquisition_cost", "retained_customers", "churned_customers", "churned_revenue", "customer_equity", "period_number"])).toEqual([
      ["2024-Q1", "2024", "1", "10", "2", "0", "0", "0", "8", String(2024 * 4)],
      ["2024-Q2", "2024", "1", "20", "1", "0", "1", "4", "15", String(2024 * 4 + 1)],
      ["2024-Q3", "2024", "0", "0", "0", "0", "0", "0", "0", String(2024 * 4 + 2)],
      ["2024-Q4", "2024", "1", "5", "0", "0", "0", "0", "5", String(2024 * 4 + 3)],
    ]);
  });

  it("phase exports by year: only the years that hold a row; a bad revenue stops the query", async () => {
    await load("new_rows", ["year,revenue", "2021,10.00", "2021,20.00", "2023,5.00"]);
    await load("retained_rows", ["year,revenue", "2023,7.00"]);
    const args = ["--new", "new_rows", "--retained", "retained_rows", "--year-column", "year", "--revenue-column", "revenue"];
    // 2021: two new, 30. No 2022. 2023: one new 5, one retained 7: 12.
    expect(pick(await sqlRows(args), ["period", "new_customers", "new_revenue", "retained_customers", "retained_revenue", "customer_equity"])).toEqual([
      ["2021", "2", "30", "0", "0", "30"],
      ["2023", "1", "5", "1", "7", "12"],
    ]);
    await load("retained_rows", ["year,revenue", "2023,7.00", "2023,12x"]);
    const query = await runInProcess(["sql", "--dialect", "clickhouse", ...args]);
    await expect(session!.query(query.out.replace(/;\n$/, ""), "TabSeparatedWithNames")).rejects.toThrow(/ceq refuses this export: 1 rows whose period, count, revenue or cost is empty or does not parse/);
  });
});
if (!installed) describe("ceq sql --dialect clickhouse on chDB", () => it("is skipped: chdb is not installed (npm install --prefix .ci/chdb, 546 MB, or CEQ_CHDB_DIR)", () => {}));
