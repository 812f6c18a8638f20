/**
 * `ceq sql --dialect clickhouse` on a transaction log with what clickhouse-figures.test.ts leaves
 * out: two --by columns (a customer who moves in the second only), run in chDB (a child process,
 * test/support/chdb.ts) against figures worked out by hand; and the text --sharded-by-customer adds
 * (the warning and the SETTINGS line, which only a Distributed table shows the effect of). Issue 33:
 * the mutation run of sql-clickhouse found these parts of src/sql/clickhouse.ts reached by no test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInProcess } from "../../support/capture.js";
import { type ChdbChild, chdbChild, chdbPath, clickhouseRows, loadTable, pickColumns } from "../../support/chdb.js";

const LOG = ["--transactions", "tx2", "--id-column", "id", "--date-column", "date", "--revenue-column", "amount"];

// First in the file: Stryker runs a module-level mutant (SHARDED's text) against each listed file's first test only.
describe("--sharded-by-customer: what it adds to the query's text", () => {
  it("the warning that it is right only when a customer's rows are on one shard, and the setting last", async () => {
    const sharded = await runInProcess(["sql", "--dialect", "clickhouse", ...LOG, "--sharded-by-customer"]);
    expect(sharded.code, sharded.err).toBe(0);
    expect(sharded.out).toContain("-- --sharded-by-customer: distributed_group_by_no_merge = 1 makes each shard's per-customer rows final,");
    expect(sharded.out).toContain("-- customer split over shards is counted once per shard and the figures are wrong.");
    expect(sharded.out.endsWith("\nSETTINGS distributed_group_by_no_merge = 1;\n")).toBe(true);
    const plain = await runInProcess(["sql", "--dialect", "clickhouse", ...LOG]);
    expect(plain.code, plain.err).toBe(0);
    expect(plain.out).not.toContain("distributed_group_by_no_merge");
    expect(plain.out.endsWith(";\n")).toBe(true);
  });
});

describe.skipIf(chdbPath() === undefined)("ceq sql --dialect clickhouse on a log by two segment columns, in chDB, by hand", () => {
  let session: ChdbChild | undefined;
  beforeAll(async () => {
    session = await chdbChild();
  });
  afterAll(() => session?.close());

  it("a customer retained in the same region but another channel has moved", async () => {
    await loadTable(session!, "tx2", ["id,date,amount,region,channel", "A,2021-03-01,10.00,EU,web", "A,2022-05-01,6.00,EU,shop", "B,2022-07-01,4.00,US,web"]);
    const rows = await clickhouseRows(session!, [...LOG, "--by", "region,channel"]);
    // Segments seen: (EU, shop), (EU, web), (US, web); each year has a row for each, the
    // all-segments row (NULLs) last. 2021: A new in (EU, web), 10. 2022: A retained, 6, in (EU,
    // shop): moved out of (EU, web) into (EU, shop); B new in (US, web), 4. All of 2022: 10.
    const columns = ["period", "region", "channel", "new_customers", "new_revenue", "retained_customers", "retained_revenue", "customer_equity", "moved_in_customers", "moved_out_customers"];
    expect(pickColumns(rows, columns)).toEqual([
      ["2021", "EU", "shop", "0", "0", "0", "0", "0", "0", "0"],
      ["2021", "EU", "web", "1", "10", "0", "0", "10", "0", "0"],
      ["2021", "US", "web", "0", "0", "0", "0", "0", "0", "0"],
      ["2021", null, null, "1", "10", "0", "0", "10", "0", "0"],
      ["2022", "EU", "shop", "0", "0", "1", "6", "6", "1", "0"],
      ["2022", "EU", "web", "0", "0", "0", "0", "0", "0", "1"],
      ["2022", "US", "web", "1", "4", "0", "0", "4", "0", "0"],
      ["2022", null, null, "1", "4", "1", "6", "10", "1", "1"],
    ]);
  });
});
if (chdbPath() === undefined) describe("ceq sql --dialect clickhouse on a log by two segment columns, in chDB", () => it("is skipped: chdb is not installed (npm install --prefix .ci/chdb, 546 MB, or CEQ_CHDB_DIR)", () => {}));
