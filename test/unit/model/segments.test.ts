/**
 * The segments of a phase-export run, pure parts (issue 33: the `model-flows` module's
 * survivors): how a group's cells are shown, its key's order, the group limit, merging another
 * thread's groups, the error past the limit, and the summary with and without --by. Values by hand.
 */
import { describe, expect, it } from "vitest";
import { Ledger, summarize } from "../../../src/model/equity.js";
import { ALL_GROUPS, combineSummaries, compareKeys, GROUP_SEPARATOR, groupCell, groupRecord, NO_VALUE, Segments, summarizeSegments, tooManyGroups } from "../../../src/model/segments.js";
import { decimal, toFixed } from "../../../src/money.js";

const key = (...values: string[]) => values.join(GROUP_SEPARATOR);
const YEARS = { kind: "year", fiscalYearStart: 1 } as const;
const QUARTERS = { kind: "quarter", fiscalYearStart: 1 } as const;

describe("a group's cells and key", () => {
  it("tables show (all) for the company, (none) for an empty value, else the value", () => {
    expect([ALL_GROUPS, NO_VALUE]).toEqual(["(all)", "(none)"]);
    expect(groupCell(null, "region")).toBe("(all)");
    expect(groupCell({ region: "" }, "region")).toBe("(none)");
    expect(groupCell({ region: "EMEA" }, "region")).toBe("EMEA");
  });

  it("a key with fewer values than columns gives the rest as empty", () => {
    expect(groupRecord(["region", "plan"], "EMEA")).toEqual({ region: "EMEA", plan: "" });
    expect(groupRecord(["region", "plan"], key("EMEA", "pro"))).toEqual({ region: "EMEA", plan: "pro" });
  });

  it("keys order by their values column by column, a missing value as the empty one", () => {
    expect(compareKeys("a", "b")).toBe(-1);
    expect(compareKeys("b", "a")).toBe(1);
    expect(compareKeys(key("a", "x"), key("a", "x"))).toBe(0);
    expect(compareKeys(key("a", "b"), key("a", "c"))).toBe(-1); // the first column ties, the second decides
    expect(compareKeys(key("a", "z"), "a")).toBe(1); // "z" after ""
    expect(compareKeys("a", key("a", "z"))).toBe(-1);
  });
});

describe("Segments", () => {
  it("past the limit a new group is only counted, and its rows go to no group's ledger", () => {
    const segments = new Segments(2);
    const a = segments.of("a");
    expect(segments.of("b")).not.toBe(a);
    const c = segments.of("c");
    expect([...segments.ledgers.keys()]).toEqual(["a", "b"]);
    expect([...segments.overflow]).toEqual(["c"]);
    expect(segments.count).toBe(3);
    expect(c).not.toBe(a);
    expect(segments.of("a")).toBe(a);
  });

  it("merges another thread's groups into its own, and the company adds them all", () => {
    const mine = new Segments();
    mine.of("a").add("acquisition", 2024, 2, decimal(1000n, 2), decimal(100n, 2));
    const theirs = new Segments();
    theirs.of("a").add("acquisition", 2024, 1, decimal(500n, 2), decimal(0n, 2));
    theirs.of("b").add("retention", 2024, 3, decimal(3000n, 2), decimal(200n, 2));
    mine.merge(theirs.settled());
    const a = mine.ledgers.get("a")!.years.get(2024)!.acquisition;
    expect([a.customers, toFixed(a.revenue, 2), toFixed(a.cost, 2)]).toEqual([3, "15.00", "1.00"]);
    const company = mine.company().years.get(2024)!;
    expect([company.acquisition.customers, company.retention.customers, toFixed(company.retention.revenue, 2)]).toEqual([3, 3, "30.00"]);
  });

  it("too many groups: the error names the columns, the count and the limit, and suggests the count", () => {
    expect(tooManyGroups(["region", "plan"], 1234, 50)).toEqual({
      severity: "error",
      code: "too-many-groups",
      file: "",
      detail: "--by region,plan makes 1,234 groups, more than --max-groups 50",
      remedy: { flag: "--max-groups", value: "1234" },
    });
  });
});

describe("summaries by segment", () => {
  it("without --by the company's summary is the summary, whatever groups are given", () => {
    const ledger = new Ledger();
    ledger.add("acquisition", 2024, 1, decimal(100n, 0), decimal(0n, 0));
    const company = summarize(ledger);
    expect(combineSummaries(company, [["x", company]], [])).toBe(company);
  });

  it("by quarter the company's periods run from the first to the last, gaps filled; by year a year without rows stays out", () => {
    const segments = new Segments();
    segments.of("a").add("acquisition", 2024 * 4, 1, decimal(100n, 0), decimal(0n, 0)); // 2024-Q1
    segments.of("a").add("retention", 2024 * 4 + 2, 1, decimal(50n, 0), decimal(0n, 0)); // 2024-Q3
    const byQuarter = summarizeSegments(segments, [], {}, QUARTERS);
    expect(byQuarter.years.map((y) => y.period)).toEqual(["2024-Q1", "2024-Q2", "2024-Q3"]);
    expect(byQuarter.by).toEqual([]);
    const years = new Segments();
    years.of("a").add("acquisition", 2022, 1, decimal(100n, 0), decimal(0n, 0));
    years.of("a").add("acquisition", 2024, 1, decimal(100n, 0), decimal(0n, 0));
    expect(summarizeSegments(years, [], {}, YEARS).years.map((y) => y.year)).toEqual([2022, 2024]);
  });

  it("with --by each period lists its groups in order, then the company; a group without rows in a period has zeros", () => {
    const segments = new Segments();
    segments.of("b").add("acquisition", 2024, 2, decimal(20n, 0), decimal(0n, 0));
    segments.of("a").add("acquisition", 2023, 1, decimal(10n, 0), decimal(0n, 0));
    const s = summarizeSegments(segments, ["region"], {}, YEARS);
    expect(s.years.map((y) => [y.year, y.group?.region ?? null, y.acquisition.customers])).toEqual([
      [2023, "a", 1],
      [2023, "b", 0],
      [2023, null, 1],
      [2024, "a", 0],
      [2024, "b", 2],
      [2024, null, 2],
    ]);
    expect(s.groupTotals.map((t) => [t.group!.region, t.acquisition.customers])).toEqual([["a", 1], ["b", 2]]);
  });
});

describe("compareKeys: a missing value is the empty one, before any other", () => {
  it("a key with one more value than the other comes after it, whatever that value is", () => {
    expect(compareKeys(key("a", "A"), "a")).toBe(1);
    expect(compareKeys("a", key("a", "A"))).toBe(-1);
  });
});
