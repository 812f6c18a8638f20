/**
 * Phase exports' movements put on a summary by segment, and a blocked period's reason kept
 * (issue 33: the `model-flows` module's survivors). Values worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { attachExportMovements, exportMovements, isFollowed, type IdRow } from "../../../src/model/phase-movements.js";
import { Segments, summarizeSegments } from "../../../src/model/segments.js";
import { decimal, toFixed, ZERO } from "../../../src/money.js";
import type { Phase } from "../../../src/schema/row.js";

const YEARS = { kind: "year", fiscalYearStart: 1 } as const;
const row = (phase: Phase, period: number, id: string, cents: number, group = ""): IdRow => ({ phase, period, id, revenue: decimal(BigInt(cents), 2), cost: ZERO, group });

// A (region a): new in 2020 with 100.00, retained in 2021 with 120.00 (up 20.00)
// B (region b): new in 2020 with 50.00, churned in 2021 with 50.00
const rows = [row("acquisition", 2020, "A", 100_00, "a"), row("retention", 2021, "A", 120_00, "a"), row("acquisition", 2020, "B", 50_00, "b"), row("churn", 2021, "B", 50_00, "b")];

function segments(): Segments {
  const s = new Segments();
  for (const r of rows) s.of(r.group).add(r.phase, r.period, 1, r.revenue, ZERO);
  return s;
}

const figures = (m: { base: typeof ZERO; kept: typeof ZERO; expansion: typeof ZERO; churnedRevenue: typeof ZERO } | undefined) => (m ? [m.base, m.kept, m.expansion, m.churnedRevenue].map((v) => toFixed(v, 2)).join(" ") : "none");

describe("attachExportMovements by segment", () => {
  // Built inside each test, so that Stryker counts the code it runs as covered by the test.
  const movements = () => exportMovements(rows, [2020, 2021], new Map(), true, String);

  it("each period's company and segments get their movements; only the company's missing ones are reasons", () => {
    const summary = summarizeSegments(segments(), ["region"], {}, YEARS);
    const reasons = attachExportMovements(summary, movements(), YEARS);
    expect(reasons).toEqual(["2020 is the first period of the exports: the period before is not in them"]);
    // 2021: base A's 100.00 + B's churned 50.00; kept 120.00, expansion 20.00, churned 50.00
    expect(summary.years.map((y) => `${y.year} ${y.group?.region ?? "all"}: ${figures(y.movements)}`)).toEqual([
      "2020 a: none",
      "2020 b: none",
      "2020 all: none",
      "2021 a: 100.00 120.00 20.00 0.00",
      "2021 b: 50.00 0.00 0.00 50.00",
      "2021 all: 150.00 120.00 20.00 50.00",
    ]);
    // 2020 has none, so no total has movements
    expect([summary.total, ...summary.groupTotals].map((t) => figures(t.movements))).toEqual(["none", "none", "none"]);
  });

  it("over 2021 alone each total pools its own segment's periods", () => {
    const summary = summarizeSegments(segments(), ["region"], { from: 2021 }, YEARS);
    expect(attachExportMovements(summary, movements(), YEARS)).toEqual([]);
    expect([summary.total, ...summary.groupTotals].map((t) => `${t.group?.region ?? "all"}: ${figures(t.movements)}`)).toEqual([
      "all: 150.00 120.00 20.00 50.00",
      "a: 100.00 120.00 20.00 0.00",
      "b: 50.00 0.00 0.00 50.00",
    ]);
  });
});

describe("exportMovements: a blocked period keeps its own reason", () => {
  it("rows that would give another reason are not read", () => {
    // A is new again in 2021 though active in 2020: without the block that is the reason
    const again = [row("acquisition", 2020, "A", 100_00), row("acquisition", 2021, "A", 100_00)];
    const open = exportMovements(again, [2020, 2021], new Map(), false, String).company.get(2021);
    expect(isFollowed(open) ? "followed" : open!.reason).toBe("customer A is new in 2021 but has a new or retained row in 2020");
    const blocked = exportMovements(again, [2020, 2021], new Map([[2021, "new.csv:3 has no customer id"]]), false, String).company.get(2021);
    expect(isFollowed(blocked) ? "followed" : blocked!.reason).toBe("new.csv:3 has no customer id");
  });
});
