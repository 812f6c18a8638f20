/**
 * ClickHouse's backquoted identifiers (src/sql/clickhouse-parts.ts `quote`): a backslash and a
 * backtick inside a column's name are escaped with a backslash, the backslash first. ClickHouse's
 * syntax page (clickhouse.com/docs/reference/syntax, "Identifiers") lets a quoted identifier hold
 * any character; ClickHouse's own Rust client (crate clickhouse, src/sql/escape.rs, `identifier`)
 * escapes the two with a backslash. Checked on texts worked out by hand, then in chDB (a child
 * process, see test/support/chdb.ts), which reads the names back as written. Issue 33: the mutation
 * run of sql-clickhouse found no test with such a name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { quote } from "../../../src/sql/clickhouse-parts.js";
import { type ChdbChild, chdbChild, chdbPath } from "../../support/chdb.js";

const NAMES: [name: string, quoted: string][] = [
  ["revenue", "`revenue`"],
  ["net`amount", "`net\\`amount`"],
  ["C:\\totals", "`C:\\\\totals`"],
  // backslash first: the backtick's own escape is not doubled again
  ["x\\`", "`x\\\\\\``"],
];

describe("quote: a column name in ClickHouse's backticks", () => {
  it.each(NAMES)("%s is written %s", (name, quoted) => {
    expect(quote(name)).toBe(quoted);
  });
});

describe.skipIf(chdbPath() === undefined)("quote in chDB: each quoted name selects its column", () => {
  let session: ChdbChild | undefined;
  beforeAll(async () => {
    session = await chdbChild();
  });
  afterAll(() => session?.close());

  it("a table whose columns are named with backticks and backslashes", async () => {
    const columns = NAMES.map(([name]) => name);
    await session!.query(`CREATE TABLE odd_names (${columns.map((c) => `${quote(c)} String`).join(", ")}) ENGINE = Memory`);
    await session!.query(`INSERT INTO odd_names VALUES ('a', 'b', 'c', 'd')`);
    // system.columns lists the names as ClickHouse read them, in order.
    expect((await session!.query("SELECT name FROM system.columns WHERE table = 'odd_names' ORDER BY position", "TabSeparatedRaw")).split("\n").filter(Boolean)).toEqual(columns);
    expect(await session!.query(`SELECT ${columns.map(quote).reverse().join(", ")} FROM odd_names`, "TabSeparatedRaw")).toBe("d\tc\tb\ta\n");
  });
});
