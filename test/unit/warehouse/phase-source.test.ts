/**
 * A phase table with ids as the phase reader's Source (src/warehouse/phase-source.ts): the query
 * that sends its cells as text, in an order, and the CSV bytes made of the engine's batches, the
 * query run again at each reading. The engine here is a stand-in that records what it is asked.
 */
import { describe, expect, it } from "vitest";
import type { Engine, Row } from "../../../src/warehouse/engines.js";
import { phaseRowsQuery, phaseTableSource } from "../../../src/warehouse/phase-source.js";

async function text(bytes: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const b of bytes) parts.push(b);
  return Buffer.concat(parts).toString("utf8");
}

function engineOf(batches: Row[][]): Engine & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    query: () => Promise.reject(new Error("not used")),
    async *batches(sql: string) {
      asked.push(sql);
      for (const b of batches) yield b;
    },
    close: () => Promise.resolve(),
  };
}

describe("phaseRowsQuery", () => {
  it("casts each column to text, and orders a table by the columns sent but leaves a file DuckDB reads in its order", () => {
    expect(phaseRowsQuery("postgres", "crm.won", ["customer_id", "year"], false)).toBe('SELECT CAST("customer_id" AS TEXT) AS c1, CAST("year" AS TEXT) AS c2\nFROM crm.won\nORDER BY "customer_id", "year"');
    expect(phaseRowsQuery("duckdb", "read_csv('n.csv')", ["id"], true)).toBe('SELECT CAST("id" AS VARCHAR) AS c1\nFROM read_csv(\'n.csv\')');
    expect(phaseRowsQuery("clickhouse", "won", ["customer_id", "avg revenue"], false)).toBe("SELECT toString(`customer_id`) AS c1, toString(`avg revenue`) AS c2\nFROM won\nORDER BY `customer_id`, `avg revenue`");
  });
});

describe("phaseTableSource", () => {
  it("writes the header and the rows as CSV: NULL empty, a cell with the delimiter, a quote, a line break or edge spaces quoted", async () => {
    const engine = engineOf([[["A", "2023", "10.00", "EMEA"], ["B", null, "5", 'say "hi"']], [], [["C,D", "2024", "7", " EMEA "], ["E", "2024", "1", "two\nlines"]]]);
    const src = phaseTableSource(engine, "crm.won", "SELECT …", ["customer_id", "year", "revenue", "region"], ",");
    expect(src.name).toBe("crm.won");
    expect(src.path).toBe("");
    expect(await text(src.bytes!)).toBe('customer_id,year,revenue,region\nA,2023,10.00,EMEA\nB,,5,"say ""hi"""\n"C,D",2024,7," EMEA "\nE,2024,1,"two\nlines"\n');
  });

  it("runs the query again at each reading (the reader's second pass), with the delimiter it is given", async () => {
    const engine = engineOf([[["A", "x;y"]]]);
    const src = phaseTableSource(engine, "t", "SELECT 1", ["id", "region"], ";");
    const first = await text(src.bytes!);
    const second = await text(src.bytes!);
    expect(first).toBe('id;region\nA;"x;y"\n');
    expect(second).toBe(first);
    expect(engine.asked).toEqual(["SELECT 1", "SELECT 1"]);
  });
});
