/**
 * The rows revenue movements follow (read/phase-movements.ts), as the reader hands them over:
 * plain lines from the fast path (ids looked up sixteen at a time), others from the schema (a
 * quoted id, an amount with five decimals, an id too long to queue). Whichever path reads a row,
 * the movements are the ones worked out by hand below, and those of the same rows as objects.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exportMovements, isFollowed, type IdRow } from "../../../src/model/phase-movements.js";
import { decimal, toFixed } from "../../../src/money.js";
import { source } from "../../../src/io/source.js";
import { readInputs } from "../../../src/read/inputs.js";
import { MovementRows } from "../../../src/read/phase-movements.js";

const YEARS = { kind: "year", fiscalYearStart: 1 } as const;
const LONG = "L".repeat(70);
const id = (n: number) => `C${String(n).padStart(2, "0")}`;
const region = (n: number) => (n % 2 === 1 ? "north" : "south");
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

// 2020: C01…C20 new with 100.00 each (odd ones north), and LONG (north) with 50.00.
// 2021: C01…C10 retained with 110.00, C11…C15 with 90.00, LONG with 50.00005; C16…C20 churned
// (with their 100.00); C21 (south, its id quoted) new with 30.00.
const files = {
  "new.csv": ["customer_id,year,revenue,acquisition_cost,region", ...range(1, 20).map((n) => `${id(n)},2020,100.00,10.00,${region(n)}`), `${LONG},2020,50.00,10.00,north`, `"C21",2021,30.00,5.00,south`],
  "retained.csv": ["customer_id,year,revenue,servicing_cost,region", ...range(1, 15).map((n) => `${id(n)},2021,${n <= 10 ? "110.00" : "90.00"},1.00,${region(n)}`), `${LONG},2021,50.00005,1.00,north`],
  "churned.csv": ["customer_id,year,revenue,region", ...range(16, 20).map((n) => `${id(n)},2021,100.00,${region(n)}`)],
};

const dir = mkdtempSync(join(tmpdir(), "ceq-movement-rows-"));
for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), lines.join("\n") + "\n");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Read on the fast path, by the schema alone, or in ranges of 64 bytes across two threads (the
 * worker's rows handed over in order: parallel/follow-log.ts). */
async function read(how: "fast" | "schema" | "ranges") {
  const rows = new MovementRows(YEARS);
  const { ledger, log } = await readInputs({
    inputs: { phases: { acquisition: source(join(dir, "new.csv")), retention: source(join(dir, "retained.csv")), churn: source(join(dir, "churned.csv")) } },
    cells: { by: ["region"] },
    visit: rows,
    ...(how === "schema" ? { fastPath: false } : {}),
    ...(how === "ranges" ? { parallel: { threads: 2, minBytes: 0, rangeBytes: 64, workersOnly: true } } : {}),
  });
  expect(log.errors).toEqual([]);
  return rows.movements(ledger.years.keys(), true);
}

/** The same rows as objects. */
function objects(): IdRow[] {
  const cents = (c: number, scale = 2) => decimal(BigInt(c), scale);
  const row = (phase: IdRow["phase"], period: number, customer: string, revenue: ReturnType<typeof cents>, group: string): IdRow => ({ phase, period, id: customer, revenue, cost: cents(0), group });
  return [
    ...range(1, 20).map((n) => row("acquisition", 2020, id(n), cents(100_00), region(n))),
    row("acquisition", 2020, LONG, cents(50_00), "north"),
    row("acquisition", 2021, "C21", cents(30_00), "south"),
    ...range(1, 15).map((n) => row("retention", 2021, id(n), cents(n <= 10 ? 110_00 : 90_00), region(n))),
    row("retention", 2021, LONG, cents(50_00005, 5), "north"),
    ...range(16, 20).map((n) => row("churn", 2021, id(n), cents(100_00), region(n))),
  ];
}

type Result = Awaited<ReturnType<typeof read>>;
const figures = (result: Result, group?: string) => {
  const m = group === undefined ? result.company.get(2021) : result.groups.get(group)?.get(2021);
  if (!isFollowed(m)) return m?.reason ?? "none";
  return Object.fromEntries((["base", "kept", "expansion", "contraction", "churnedRevenue", "newRevenue", "reactivatedRevenue"] as const).map((k) => [k, toFixed(m[k], 5)]));
};

describe("MovementRows: rows from either reading path", () => {
  it("gives 2021's movements worked out by hand, the company's and each region's", async () => {
    const result = await read("fast");
    // base: the followed C01…C15 (1,500.00) and LONG (50.00), and the churned 500.00
    // kept: 10 × 110.00 + 5 × 90.00 + 50.00005; expansion 10 × 10.00 + 0.00005; contraction 5 × 10.00
    expect(figures(result)).toEqual({ base: "2050.00000", kept: "1600.00005", expansion: "100.00005", contraction: "50.00000", churnedRevenue: "500.00000", newRevenue: "30.00000", reactivatedRevenue: "0.00000" });
    // north: C01 C03 C05 C07 C09 (110.00), C11 C13 C15 (90.00), LONG; churned C17 C19
    expect(figures(result, "north")).toEqual({ base: "1050.00000", kept: "870.00005", expansion: "50.00005", contraction: "30.00000", churnedRevenue: "200.00000", newRevenue: "0.00000", reactivatedRevenue: "0.00000" });
    // south: C02…C10 even (110.00), C12 C14 (90.00); churned C16 C18 C20; C21 new
    expect(figures(result, "south")).toEqual({ base: "1000.00000", kept: "730.00000", expansion: "50.00000", contraction: "20.00000", churnedRevenue: "300.00000", newRevenue: "30.00000", reactivatedRevenue: "0.00000" });
    expect(result.company.get(2020)).toEqual({ reason: "2020 is the first period of the exports: the period before is not in them" });
  });

  it("is the same read by the schema alone, in ranges across threads, and from the rows as objects", async () => {
    const fast = await read("fast");
    const byHand = exportMovements(objects(), [2020, 2021], new Map(), true, String);
    for (const other of [await read("schema"), await read("ranges"), byHand]) {
      for (const group of [undefined, "north", "south"]) expect(figures(other, group)).toEqual(figures(fast, group));
    }
  });

  it("names the first row that cannot be followed at its line in the file, read in ranges too", async () => {
    const file = join(dir, "counted.csv");
    // Line 5 counts 3 customers: 2021 cannot be followed, and the reason names new.csv's line
    writeFileSync(file, ["customer_id,year,revenue,acquisition_cost,customers", "A,2020,1.00,0.10,1", "B,2020,1.00,0.10,1", "C,2021,1.00,0.10,1", "D,2021,3.00,0.10,3", "E,2021,1.00,0.10,1"].join("\n") + "\n");
    for (const parallel of [undefined, { threads: 2, minBytes: 0, rangeBytes: 16, workersOnly: true }]) {
      const rows = new MovementRows(YEARS);
      const { ledger } = await readInputs({ inputs: { phases: { acquisition: source(file) } }, visit: rows, ...(parallel ? { parallel } : {}) });
      expect(rows.movements(ledger.years.keys(), false).company.get(2021)).toEqual({ reason: `${file}:5 counts 3 customers: the customers of 2021 cannot be followed by id` });
    }
  });
});
