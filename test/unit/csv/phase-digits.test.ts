/**
 * The whole numbers of a phase export on the fast path (`digits()` in src/csv/fast-lines.ts): the
 * year (at most 4 digits) and the customers count (at most 13), read by FastLines in-process. A
 * row it reads goes to `row` with the numbers as written; any other cell sends the line to the
 * slow path (`slow`), which reads or refuses it with the schema's words. The values are the cells'
 * own digits; the bounds are the ones `digits()` is called with (docs/mutation.md, date-bytes).
 */
import { describe, expect, it } from "vitest";
import { FastLines, type FastPlan } from "../../../src/csv/fast-lines.js";
import { parsePhase } from "../../../src/schema/row.js";

/** `revenue,year,customers` lines, every row an acquisition: the year and the count are not the first cell,
 * so a cell's bounds are not its length. */
const plan: FastPlan = { file: "p.csv", delimiter: ",", decimal: ".", fields: 3, year: 1, revenue: 0, cost: -1, count: 2, id: -1, phase: -1, fixedPhase: 0, currency: -1, currencyCode: "USD", minorUnits: undefined, phaseOf: parsePhase, filters: [], by: [] };

type Read = { year: number; customers: number } | "slow";

/** What FastLines made of one line: its year and count, or "slow". */
function read(line: string): Read {
  const got: Read[] = [];
  const lines = new FastLines(plan, {
    row: (_phase, year, customers) => got.push({ year, customers }),
    negative: () => {},
    filtered: () => {},
    slow: () => got.push("slow"),
  });
  lines.read(Buffer.from(`${line}\n`), 2);
  expect(got, line).toHaveLength(1);
  return got[0]!;
}

describe("a phase export's year and customers on the fast path", () => {
  it("reads them as written, each digit 0 to 9 in place", () => {
    expect(read("10.50,2023,12")).toEqual({ year: 2023, customers: 12 });
    expect(read("1,2019,9")).toEqual({ year: 2019, customers: 9 });
    expect(read("1,1987,604")).toEqual({ year: 1987, customers: 604 });
    expect(read("0,2100,1")).toEqual({ year: 2100, customers: 1 });
  });

  it("reads a count of 13 digits, the widest, up to the largest count (10^12)", () => {
    expect(read("1,2023,999999999999")).toEqual({ year: 2023, customers: 999_999_999_999 });
    expect(read("1,2023,1000000000000")).toEqual({ year: 2023, customers: 1_000_000_000_000 });
  });

  it("hands on a year of more than 4 digits and a count of more than 13, leading zeros too", () => {
    // 02023 is 2023 and 00000000000005 is 5 in value: the bound is on the digits written.
    for (const line of ["1,20231,5", "1,02023,5", "1,2023,10000000000000", "1,2023,00000000000005"]) expect(read(line), line).toBe("slow");
  });

  it("hands on an empty year or count", () => {
    for (const line of ["1,,5", "1,2023,"]) expect(read(line), line).toBe("slow");
  });

  it("hands on a byte that is no digit, below '0' or above '9', wherever it is", () => {
    // "/" and "+" are below "0": read as digits of -1 and -5 they would make 1993 and 52.
    for (const line of ["1,20a3,5", "1,20/3,5", "1,2023,1a", "1,2023,1+2", "1,2023,a", "1,2023,5 ", "1, 2023,5"]) expect(read(line), line).toBe("slow");
  });
});
