/**
 * The engines' rows a batch at a time (Engine.batches), so that --warehouse never holds a big
 * log's customer periods whole: ClickHouse's TabSeparated answer cut into lines across chunks, and
 * DuckDB's streamed result, each against the same query read whole.
 */
import { describe, expect, it } from "vitest";
import { connect, tsvBatches } from "../../../src/warehouse/engines.js";
import { parseWarehouse } from "../../../src/warehouse/url.js";

async function* chunksOf(...parts: (string | Buffer)[]): AsyncIterable<Buffer> {
  for (const p of parts) yield typeof p === "string" ? Buffer.from(p) : p;
}

async function collect(chunks: AsyncIterable<Buffer>) {
  const batches: (string | null)[][][] = [];
  for await (const b of tsvBatches(chunks)) batches.push(b);
  return batches;
}

describe("tsvBatches: a TabSeparated answer as it arrives", () => {
  it("a line cut between chunks waits for its end; each chunk's whole lines are one batch", async () => {
    const batches = await collect(chunksOf("id\tperiod\nC1\t20", "23\nC2\t2024\nC3", "\t2025\n"));
    expect(batches).toEqual([[["id", "period"]], [["C1", "2023"], ["C2", "2024"]], [["C3", "2025"]]]);
  });

  it("a UTF-8 character cut between chunks is decoded whole", async () => {
    const text = Buffer.from("id\nJosé\n");
    const cut = text.indexOf(0xc3) + 1; // inside é's two bytes
    const batches = await collect(chunksOf(text.subarray(0, cut), text.subarray(cut)));
    expect(batches.flat()).toEqual([["id"], ["José"]]);
  });

  it("escapes undone, \\N is NULL, and a last line without its line feed is still a line", async () => {
    const batches = await collect(chunksOf("a\\tb\t\\N\tx\\\\y\nlast\t1"));
    expect(batches.flat()).toEqual([["a\tb", null, "x\\y"], ["last", "1"]]);
  });

  it("an empty answer gives no batch", async () => {
    expect(await collect(chunksOf())).toEqual([]);
    expect(await collect(chunksOf(""))).toEqual([]);
  });
});

describe("DuckDB: batches() streams the rows query() reads whole", () => {
  it("5,000 rows come in more than one batch, equal in order to the whole result", async () => {
    const engine = await connect(parseWarehouse("duckdb:", {}), {});
    try {
      const sql = "SELECT 'C' || i AS id, i % 7 AS period, CAST(i AS DECIMAL(18,2)) / 100 AS revenue FROM range(5000) t(i) ORDER BY i";
      const whole = await engine.query(sql);
      const batches: (string | null)[][][] = [];
      for await (const b of engine.batches(sql)) batches.push(b);
      expect(batches.length).toBeGreaterThan(1);
      expect(batches.flat()).toEqual(whole.rows);
      expect(whole.rows[4999]).toEqual(["C4999", "1", "49.99"]);
    } finally {
      await engine.close();
    }
  });
});
