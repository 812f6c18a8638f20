/**
 * What `ceq sql --dialect duckdb` computes, run in DuckDB in-process on tiny logs written here,
 * checked against figures worked out by hand from SPEC "From transactions" (each case's comment
 * gives the working). The golden files (test/e2e/sql-dialects-golden.test.ts) pin the text of the
 * queries; these pin what that text computes: each class of a customer, the two --reactivated
 * modes, costs, a refund alone (inactive), a gap period, segments and the customers who move
 * between them, --from/--to, and phase exports by month, by segment, with a count column.
 * Issue 33's mutation run of the `sql` module lists this file (scripts/mutate-modules.mjs).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../../support/capture.js";
import { folder } from "../../support/helpers.js";

let connection: Awaited<ReturnType<DuckDBInstance["connect"]>>;
beforeAll(async () => {
  connection = await (await DuckDBInstance.create(":memory:", { threads: "1" })).connect();
});
afterAll(() => connection?.closeSync?.());

type Row = Record<string, string | null>;

/** `ceq sql --dialect duckdb` with these arguments, run in DuckDB: its rows by column name, as text. */
async function sqlRows(args: string[]): Promise<Row[]> {
  const query = await runInProcess(["sql", "--dialect", "duckdb", ...args]);
  expect(query.code, query.err).toBe(0);
  const result = await connection.runAndReadAll(query.out);
  const columns = result.columnNames();
  return result.getRows().map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i] === null ? null : String(r[i])])));
}

const pick = (rows: Row[], columns: string[]) => rows.map((r) => columns.map((c) => r[c]));
/** Money as DuckDB prints DECIMAL(38, 6). */
const m = (x: number) => x.toFixed(6);

/**
 * The log, by hand (years are calendar years):
 * - A buys in 2021 (10, cost 1) and 2022 (5, cost 2), nothing in 2023, again in 2024 (7, cost 3);
 * - B buys in 2022 (20, cost 4) and refunds 5 in the same year (cost 0); in 2023 only a refund
 *   (-3, cost 1): not active, so inactive, and churned from 2022;
 * - C's one row in 2024 is free (0, cost 0.5): an amount >= 0, so C is active and new.
 * Segments (region): A in N in 2021, S from 2022 on; B's 2022 rows in N then S (the later row's
 * segment is B's in the period); C in N.
 */
const LOG = [
  "id,date,amount,cost,region",
  "A,2021-05-01,10.00,1.00,N",
  "A,2022-02-01,5.00,2.00,S",
  "B,2022-03-01,20.00,4.00,N",
  "B,2022-06-01,-5.00,0.00,S",
  "B,2023-04-01,-3.00,1.00,S",
  "A,2024-01-10,7.00,3.00,S",
  "C,2024-08-20,0.00,0.50,N",
].join("\n");

/** The log in a file; without its cost column unless asked (ceq finds a column named cost by itself). */
function logPath(withCost = false): string {
  const path = join(folder(), "log.csv");
  const lines = LOG.split("\n").map((l) => (withCost ? l : l.split(",").filter((_, i) => i !== 3).join(",")));
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

const COLUMNS = ["period", "fiscal_year", "new_customers", "reactivated_customers", "new_revenue", "acquisition_cost", "acquisition_equity", "retained_customers", "retained_revenue", "servicing_cost", "retention_equity", "churned_customers", "churned_revenue", "churn_equity", "inactive_customers", "inactive_revenue", "inactive_cost", "customer_equity", "period_number"];

describe("a transaction log's figures per year, run in DuckDB, by hand", () => {
  it("each class, costs, and reactivated customers counted as acquisition (the default)", async () => {
    const rows = await sqlRows(["--transactions", logPath(true), "--id-column", "id", "--date-column", "date", "--revenue-column", "amount", "--cost-column", "cost"]);
    expect(pick(rows, COLUMNS)).toEqual([
      // 2021: A new, 10 - 1 = 9.
      ["2021", "2021", "1", "0", m(10), m(1), m(9), "0", m(0), m(0), m(0), "0", m(0), m(-0), "0", m(0), m(0), m(9), "2021"],
      // 2022: B new with 20 - 5 = 15 (cost 4), A retained with 5 (cost 2): 11 + 3 = 14.
      ["2022", "2022", "1", "0", m(15), m(4), m(11), "1", m(5), m(2), m(3), "0", m(0), m(-0), "0", m(0), m(0), m(14), "2022"],
      // 2023: A and B churned with their 2022 revenue, 5 + 15 = 20; B inactive with -3 (cost 1).
      ["2023", "2023", "0", "0", m(0), m(0), m(0), "0", m(0), m(0), m(0), "2", m(20), m(-20), "1", m(-3), m(1), m(-20), "2023"],
      // 2024: C new (0, cost 0.5) and A reactivated (7, cost 3), both acquisition: 7 - 3.5 = 3.5;
      // nobody was active in 2023, so nobody churns; nobody churns after the last year either.
      ["2024", "2024", "2", "1", m(7), m(3.5), m(3.5), "0", m(0), m(0), m(0), "0", m(0), m(-0), "0", m(0), m(0), m(3.5), "2024"],
    ]);
  });

  it("--reactivated retention: A's 2024 is retention's, still counted apart; no cost column is cost 0", async () => {
    const rows = await sqlRows(["--transactions", logPath(), "--id-column", "id", "--date-column", "date", "--revenue-column", "amount", "--reactivated", "retention"]);
    expect(pick(rows, ["period", "new_customers", "reactivated_customers", "new_revenue", "acquisition_cost", "retained_customers", "retained_revenue", "servicing_cost", "inactive_cost", "customer_equity"])).toEqual([
      ["2021", "1", "0", m(10), m(0), "0", m(0), m(0), m(0), m(10)],
      ["2022", "1", "0", m(15), m(0), "1", m(5), m(0), m(0), m(20)],
      ["2023", "0", "0", m(0), m(0), "0", m(0), m(0), m(0), m(-20)],
      // C new with 0; A reactivated, in retention: 7.
      ["2024", "1", "1", m(0), m(0), "1", m(7), m(0), m(0), m(7)],
    ]);
  });

  it("--from and --to keep the fiscal years between them, both ends included", async () => {
    const rows = await sqlRows(["--transactions", logPath(), "--id-column", "id", "--date-column", "date", "--revenue-column", "amount", "--from", "2022", "--to", "2023"]);
    expect(pick(rows, ["period", "customer_equity"])).toEqual([["2022", m(20)], ["2023", m(-20)]]);
  });

  it("by fiscal year from April: the 2022-02 and 2022-03 rows are fiscal 2022, the 2022-06 one fiscal 2023", async () => {
    // FY named by its end (ceq's rule): Apr 2021-Mar 2022 is 2022. A: 2021-05 and 2022-02 both in
    // FY2022 (15); B: 20 in FY2022, -5 (2022-06) and -3 (2023-04, FY2024) refunds alone in FY2023
    // and FY2024: inactive. A's 2024-01 is FY2024, C's 2024-08 FY2025.
    // FY2022: A and B new, 15 + 20 = 35. FY2023: A and B churned (15 + 20), B inactive -5.
    // FY2024: A reactivated 7, B inactive -3. FY2025: C new 0, A churned 7.
    const rows = await sqlRows(["--transactions", logPath(), "--id-column", "id", "--date-column", "date", "--revenue-column", "amount", "--fiscal-year-start", "4"]);
    expect(pick(rows, ["period", "new_customers", "reactivated_customers", "new_revenue", "churned_customers", "churned_revenue", "inactive_customers", "inactive_revenue", "customer_equity"])).toEqual([
      ["2022", "2", "0", m(35), "0", m(0), "0", m(0), m(35)],
      ["2023", "0", "0", m(0), "2", m(35), "1", m(-5), m(-35)],
      ["2024", "1", "1", m(7), "0", m(0), "1", m(-3), m(7)],
      ["2025", "1", "0", m(0), "1", m(7), "0", m(0), m(-7)],
    ]);
  });
});

describe("by segment, run in DuckDB, by hand", () => {
  it("each segment's figures, the customers who move, then the company's row", async () => {
    const rows = await sqlRows(["--transactions", logPath(), "--id-column", "id", "--date-column", "date", "--revenue-column", "amount", "--by", "region"]);
    // A segment's row for every period (a segment with nothing in a period has zeros), N before
    // S, the company (region NULL) last. B's 2022 segment is S (its later row), so B is new in S.
    // 2022: A retained, N in 2021 and S in 2022: moved out of N, into S. 2023: A and B churn
    // from S (their 2022 segment), B's refund is S's inactive. 2024: A reactivated in S, C new in N.
    expect(pick(rows, ["period", "region", "new_customers", "new_revenue", "retained_customers", "retained_revenue", "churned_customers", "churned_revenue", "inactive_revenue", "customer_equity", "moved_in_customers", "moved_out_customers"])).toEqual([
      ["2021", "N", "1", m(10), "0", m(0), "0", m(0), m(0), m(10), "0", "0"],
      ["2021", "S", "0", m(0), "0", m(0), "0", m(0), m(0), m(0), "0", "0"],
      ["2021", null, "1", m(10), "0", m(0), "0", m(0), m(0), m(10), "0", "0"],
      ["2022", "N", "0", m(0), "0", m(0), "0", m(0), m(0), m(0), "0", "1"],
      ["2022", "S", "1", m(15), "1", m(5), "0", m(0), m(0), m(20), "1", "0"],
      ["2022", null, "1", m(15), "1", m(5), "0", m(0), m(0), m(20), "1", "1"],
      ["2023", "N", "0", m(0), "0", m(0), "0", m(0), m(0), m(0), "0", "0"],
      ["2023", "S", "0", m(0), "0", m(0), "2", m(20), m(-3), m(-20), "0", "0"],
      ["2023", null, "0", m(0), "0", m(0), "2", m(20), m(-3), m(-20), "0", "0"],
      ["2024", "N", "1", m(0), "0", m(0), "0", m(0), m(0), m(0), "0", "0"],
      ["2024", "S", "1", m(7), "0", m(0), "0", m(0), m(0), m(7), "0", "0"],
      ["2024", null, "2", m(7), "0", m(0), "0", m(0), m(0), m(7), "0", "0"],
    ]);
  });

  it("a customer's segment in a period is that of their latest row; on the same day, the greater value", async () => {
    const path = join(folder(), "log.csv");
    // D: two rows on the same day in 2021 (N and S): S, the greater. In 2022 rows in S then N: N.
    writeFileSync(path, "id,date,amount,region\nD,2021-03-01,4.00,N\nD,2021-03-01,6.00,S\nD,2022-01-01,1.00,S\nD,2022-09-01,2.00,N\n");
    const rows = await sqlRows(["--transactions", path, "--id-column", "id", "--date-column", "date", "--revenue-column", "amount", "--by", "region"]);
    expect(pick(rows, ["period", "region", "new_customers", "new_revenue", "retained_customers", "retained_revenue", "moved_in_customers", "moved_out_customers"])).toEqual([
      ["2021", "N", "0", m(0), "0", m(0), "0", "0"],
      ["2021", "S", "1", m(10), "0", m(0), "0", "0"],
      ["2021", null, "1", m(10), "0", m(0), "0", "0"],
      ["2022", "N", "0", m(0), "1", m(3), "1", "0"],
      ["2022", "S", "0", m(0), "0", m(0), "0", "1"],
      ["2022", null, "0", m(0), "1", m(3), "1", "1"],
    ]);
  });
});

describe("phase exports, run in DuckDB, by hand", () => {
  it("by month with a count column and average revenue, by segment; a month with no row kept with zeros", async () => {
    const dir = folder();
    // Aggregated exports: a row is `customers` customers with `avg_revenue` each.
    writeFileSync(join(dir, "new.csv"), "month,region,customers,avg_revenue,cost\n2024-01,N,3,10.00,6.00\n2024-03,S,2,2.50,1.00\n");
    writeFileSync(join(dir, "retained.csv"), "month,region,customers,avg_revenue,cost\n2024-01,N,4,5.00,2.00\n");
    writeFileSync(join(dir, "churned.csv"), "month,region,customers,avg_revenue\n2024-03,N,1,8.00\n");
    const rows = await sqlRows(["--new", join(dir, "new.csv"), "--retained", join(dir, "retained.csv"), "--churned", join(dir, "churned.csv"), "--date-column", "month", "--period", "month", "--by", "region", "--count-column", "customers", "--avg-revenue-column", "avg_revenue", "--cost-column", "cost"]);
    // January, N: 3 new × 10 = 30 (cost 6), 4 retained × 5 = 20 (cost 2): 24 + 18 = 42.
    // February: no row, zeros. March: S 2 new × 2.5 = 5 (cost 1): 4; N 1 churned with 8: -8.
    expect(pick(rows, ["period", "fiscal_year", "region", "new_customers", "new_revenue", "acquisition_cost", "retained_customers", "retained_revenue", "servicing_cost", "churned_customers", "churned_revenue", "customer_equity"])).toEqual([
      ["2024-01", "2024", "N", "3", m(30), m(6), "4", m(20), m(2), "0", m(0), m(42)],
      ["2024-01", "2024", "S", "0", m(0), m(0), "0", m(0), m(0), "0", m(0), m(0)],
      ["2024-01", "2024", null, "3", m(30), m(6), "4", m(20), m(2), "0", m(0), m(42)],
      ["2024-02", "2024", "N", "0", m(0), m(0), "0", m(0), m(0), "0", m(0), m(0)],
      ["2024-02", "2024", "S", "0", m(0), m(0), "0", m(0), m(0), "0", m(0), m(0)],
      ["2024-02", "2024", null, "0", m(0), m(0), "0", m(0), m(0), "0", m(0), m(0)],
      ["2024-03", "2024", "N", "0", m(0), m(0), "0", m(0), m(0), "1", m(8), m(-8)],
      ["2024-03", "2024", "S", "2", m(5), m(1), "0", m(0), m(0), "0", m(0), m(4)],
      ["2024-03", "2024", null, "2", m(5), m(1), "0", m(0), m(0), "1", m(8), m(-4)],
    ]);
  });

  it("by year, a row a customer, revenue as exported; only the years that hold a row; --to", async () => {
    const dir = folder();
    writeFileSync(join(dir, "new.csv"), "year,revenue,cost\n2021,10.00,1.00\n2021,20.00,2.00\n2023,5.00,0.50\n2024,1.00,0\n");
    writeFileSync(join(dir, "churned.csv"), "year,revenue,cost\n2023,12.00,9.00\n");
    const rows = await sqlRows(["--new", join(dir, "new.csv"), "--churned", join(dir, "churned.csv"), "--year-column", "year", "--revenue-column", "revenue", "--cost-column", "cost", "--from", "2021", "--to", "2023"]);
    // 2021: two new, 30, cost 3: 27. No 2022 (no row). 2023: one new 5 (cost 0.5), one churned 12
    // (a churned row carries no cost, its 9.00 is not read): 4.5 - 12 = -7.5. 2024 is past --to;
    // --from 2021 keeps the first year.
    expect(pick(rows, ["period", "new_customers", "new_revenue", "acquisition_cost", "retained_customers", "churned_customers", "churned_revenue", "churn_equity", "customer_equity", "period_number"])).toEqual([
      ["2021", "2", m(30), m(3), "0", "0", m(0), m(-0), m(27), "2021"],
      ["2023", "1", m(5), m(0.5), "0", "1", m(12), m(-12), m(-7.5), "2023"],
    ]);
  });
});

describe("two segment columns (--by region,channel), run in DuckDB, by hand", () => {
  it("a transaction log: each pair's figures, a customer who changes channel only has moved", async () => {
    const path = join(folder(), "log.csv");
    // A: 2021 N/web 10, 2022 N/shop 5 (retained, moved from N/web to N/shop); B: 2022 S/web 3, new.
    writeFileSync(path, "id,date,amount,region,channel\nA,2021-01-01,10.00,N,web\nA,2022-01-01,5.00,N,shop\nB,2022-01-01,3.00,S,web\n");
    const rows = await sqlRows(["--transactions", path, "--id-column", "id", "--date-column", "date", "--revenue-column", "amount", "--by", "region,channel"]);
    // Every pair that holds a row in some period, in each period, ordered by region then channel,
    // the company (both NULL) last.
    expect(pick(rows, ["period", "region", "channel", "new_customers", "new_revenue", "retained_customers", "retained_revenue", "customer_equity", "moved_in_customers", "moved_out_customers"])).toEqual([
      ["2021", "N", "shop", "0", m(0), "0", m(0), m(0), "0", "0"],
      ["2021", "N", "web", "1", m(10), "0", m(0), m(10), "0", "0"],
      ["2021", "S", "web", "0", m(0), "0", m(0), m(0), "0", "0"],
      ["2021", null, null, "1", m(10), "0", m(0), m(10), "0", "0"],
      ["2022", "N", "shop", "0", m(0), "1", m(5), m(5), "1", "0"],
      ["2022", "N", "web", "0", m(0), "0", m(0), m(0), "0", "1"],
      ["2022", "S", "web", "1", m(3), "0", m(0), m(3), "0", "0"],
      ["2022", null, null, "1", m(3), "1", m(5), m(8), "1", "1"],
    ]);
  });

  it("phase exports with the retained file left out: each pair's figures, then the company's", async () => {
    const dir = folder();
    writeFileSync(join(dir, "new.csv"), "year,region,channel,revenue\n2021,N,web,10.00\n2021,S,shop,4.00\n");
    writeFileSync(join(dir, "churned.csv"), "year,region,channel,revenue\n2021,N,web,3.00\n");
    const rows = await sqlRows(["--new", join(dir, "new.csv"), "--churned", join(dir, "churned.csv"), "--year-column", "year", "--revenue-column", "revenue", "--by", "region,channel"]);
    // N/web: one new 10, one churned 3: 7. S/shop: one new 4. The company: 14 - 3 = 11.
    expect(pick(rows, ["period", "region", "channel", "new_customers", "new_revenue", "retained_customers", "churned_customers", "churned_revenue", "customer_equity"])).toEqual([
      ["2021", "N", "web", "1", m(10), "0", "1", m(3), m(7)],
      ["2021", "S", "shop", "1", m(4), "0", "0", m(0), m(4)],
      ["2021", null, null, "2", m(14), "0", "1", m(3), m(11)],
    ]);
  });
});
