/**
 * `ceq sql --dialect clickhouse` on today's ClickHouse: chDB (npm `chdb`) embeds a current server
 * (26.x) in-process, where the cluster suite runs Debian's 18.16. The query is written for 18.16;
 * this checks it still gives ceq's figures, to the cent, on a current version, and still refuses a
 * bad row. chdb is 546 MB in node_modules, so it is no dependency of the project: .ci/run installs
 * it into .ci/chdb from that folder's own lockfile (`npm install --prefix .ci/chdb`), and the suite
 * runs where it can be loaded and says it is skipped elsewhere.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { runInProcess } from "../support/capture.js";
import { expectSame, flagsOf, fromJson, fromRows, logFile, logRow, settings } from "../support/sql-cases.js";
import { folder } from "../support/helpers.js";
import { runs } from "../support/runs.js";
import { chdbSession } from "../support/chdb.js";

const Session = chdbSession();
const RUNS = Number(process.env.CEQ_SQL_CHDB_RUNS ?? runs(12, 200));
const run = runInProcess;

/** TabSeparatedWithNames as columns and rows (\N is NULL). */
function parse(tsv: string): { columns: string[]; rows: (string | null)[][] } {
  const unescape = (c: string) => (c === "\\N" ? null : c.replace(/\\(.)/g, (_, x: string) => (x === "t" ? "\t" : x === "n" ? "\n" : x)));
  const [head, ...lines] = tsv.replace(/\n$/, "").split("\n");
  return { columns: head!.split("\t"), rows: lines.map((l) => l.split("\t").map(unescape)) };
}
const literal = (cell: string) => `'${cell.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

describe.skipIf(!Session)("ceq sql --dialect clickhouse on chDB (a current ClickHouse, in-process)", () => {
  const session = Session ? new Session() : undefined;
  afterAll(() => session?.close());
  const load = (columns: readonly string[], cells: readonly (readonly string[])[]) => {
    session!.query("DROP TABLE IF EXISTS tx");
    session!.query(`CREATE TABLE tx (${columns.map((c) => `\`${c}\` String`).join(", ")}) ENGINE = Memory`);
    if (cells.length > 0) session!.query(`INSERT INTO tx VALUES ${cells.map((r) => `(${r.map(literal).join(", ")})`).join(", ")}`);
  };

  it("is a current ClickHouse", () => {
    expect(Number(session!.query("SELECT version()", "TabSeparated").split(".")[0])).toBeGreaterThanOrEqual(23);
  });

  it(`gives ceq's figures on ${RUNS} random logs`, async () => {
    const dir = folder();
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(logRow, { minLength: 1, maxLength: 40 }), settings, async (rows, s) => {
        const path = join(dir, "log.csv");
        const { csv, cells, columns } = logFile(rows, s.withCost);
        writeFileSync(path, csv);
        const flags = flagsOf(s);
        const direct = await run(["--transactions", path, ...flags, "-f", "json"]);
        fc.pre(direct.code === 0);
        load(columns, cells);
        for (const sharded of [[], ["--sharded-by-customer"]]) {
          const query = await run(["sql", "--dialect", "clickhouse", "--transactions", "tx", ...flags, ...sharded]);
          expect(query.code, query.err).toBe(0);
          const result = parse(session!.query(query.out.replace(/;\n$/, ""), "TabSeparatedWithNames"));
          expectSame(fromRows(result.columns, result.rows, s.by), fromJson(direct.out));
        }
        compared++;
      }),
      { numRuns: RUNS },
    );
    expect(compared).toBeGreaterThan(RUNS * 0.8);
  }, 300_000);

  it("refuses a log with a bad amount, a bad date or an empty id: the engine's error counts them", async () => {
    const good = [["A", "2023-01-05", "10.00", "1.00", "EMEA"], ["B", "2024-02-01", "5.50", "0", "AMER"]];
    for (const [bad, what] of [
      [["C", "2024-03-01", "1,234.56", "", "EMEA"], "an amount with a thousands separator"],
      [["C", "2024-02-30", "3.00", "", "EMEA"], "a date that is no day"],
      [["", "2024-03-01", "3.00", "", "EMEA"], "an empty customer id"],
    ] as const) {
      load(["customer_id", "date", "amount", "cost", "region"], [...good, bad]);
      const query = await run(["sql", "--dialect", "clickhouse", "--transactions", "tx", "--cost-column", "cost"]);
      expect(() => session!.query(query.out.replace(/;\n$/, ""), "TabSeparatedWithNames"), what).toThrow(/ceq refuses this log: 1 rows whose amount, cost, date or customer id is empty or does not parse/);
    }
    // Without the bad row: 2023 A new, 10.00 - 1.00; 2024 B new 5.50, A churned -10.00.
    load(["customer_id", "date", "amount", "cost", "region"], good);
    const query = await run(["sql", "--dialect", "clickhouse", "--transactions", "tx", "--cost-column", "cost"]);
    const result = parse(session!.query(query.out.replace(/;\n$/, ""), "TabSeparatedWithNames"));
    expect(result.rows.map((r) => Number(r[result.columns.indexOf("customer_equity")]))).toEqual([9, -4.5]);
  });
});
if (!Session) describe("ceq sql on chDB", () => it("is skipped: chdb is not installed (npm install --prefix .ci/chdb, 546 MB, as .ci/run does)", () => {}));
