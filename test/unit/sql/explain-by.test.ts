/**
 * `ceq sql --explain` with `--by` on a transaction log (it ended in an internal error, exit 70, in
 * every dialect but ClickHouse: the moves_out step had no definition to print). Explained, the
 * query is the plain one with a comment above each step: the same SQL once the comment lines are
 * dropped, and the moves step says what a move is.
 */
import { describe, expect, it } from "vitest";
import { DIALECT } from "../../../src/sql/dialects.js";
import { transactionsQuery, type QueryOptions } from "../../../src/sql/query.js";
import { cli } from "../../support/capture.js";

const MOVES = "-- By segment: a customer retained in another segment than the period before's has moved: counted in the new one's moved_in and the old one's moved_out.";
const base: QueryOptions = {
  source: "shop.orders",
  columns: { id: "id", date: "date", amount: "amount", cost: undefined, by: ["region"] },
  dateFormat: "YYYY-MM-DD",
  period: "year",
  fiscalYearStart: 1,
  reactivated: "acquisition",
  from: undefined,
  to: undefined,
  explain: false,
};
const code = (sql: string) => sql.split("\n").filter((line) => !line.startsWith("-- ")).join("\n");

describe("--explain with --by on a log", () => {
  it.each(["duckdb", "postgres", "bigquery", "snowflake", "spark"] as const)("%s: the plain query with each step's comment, the moves step's included", (dialect) => {
    const plain = transactionsQuery(DIALECT[dialect], base);
    const explained = transactionsQuery(DIALECT[dialect], { ...base, explain: true });
    expect(code(explained)).toBe(code(plain));
    const lines = explained.split("\n");
    expect(lines[lines.indexOf("moves_out AS (") - 1]).toBe(MOVES);
    expect(plain).not.toContain("-- By segment");
  });

  it("through the command: exit 0, the query on stdout, nothing on stderr", async () => {
    const r = await cli(["sql", "--dialect", "postgres", "--transactions", "shop.orders", "--by", "region", "--explain"]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toContain(`${MOVES}\nmoves_out AS (`);
  });
});
