/**
 * Phase exports' movements put on a summary by segment, and a blocked period's reason kept
 * (issue 33: the `model-flows` module's survivors). Values worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { attachExportMovements, exportMovements, isFollowed, type IdRow, type PeriodMovements } from "../../../src/model/phase-movements.js";
import { Segments, summarizeSegments } from "../../../src/model/segments.js";
import { decimal, toFixed, ZERO } from "../../../src/money.js";
import { decimalText } from "../../support/decimal-text.js";
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

describe("exportMovements: exact amounts, odd rows, periods beyond the summary's", () => {
  // Amounts with five decimals are not whole units: they take the exact path.
  const at = (phase: Phase, period: number, id: string, revenue: string, cost = "0"): IdRow => ({ phase, period, id, revenue: decimalText(revenue), cost: decimalText(cost), group: "" });
  const shown = (m: PeriodMovements | undefined) =>
    isFollowed(m) ? Object.fromEntries((["base", "kept", "expansion", "contraction", "churnedRevenue", "newRevenue", "reactivatedRevenue", "reactivatedCost"] as const).map((k) => [k, toFixed(m[k], 5)])) : (m?.reason ?? "none");

  it("follows amounts with more decimals than units hold, exactly, and mixed with units", () => {
    const rows = [
      at("acquisition", 2019, "D", "20.00"),
      at("churn", 2020, "D", "20.00"),
      at("acquisition", 2020, "A", "100.00001"),
      at("acquisition", 2020, "B", "50.00005"),
      at("acquisition", 2020, "C", "10.00"),
      at("acquisition", 2020, "E", "7.00000"),
      at("retention", 2021, "A", "100.00003"), // up 0.00002
      at("retention", 2021, "B", "50.00001"), // down 0.00004
      at("retention", 2021, "C", "10.00001"), // units before, exact now: up 0.00001
      at("retention", 2021, "E", "7.00000"), // unchanged
      at("acquisition", 2021, "D", "30.00001", "1.00001"), // won back: active in 2019, not in 2020
    ];
    const result = exportMovements(rows, [2019, 2020, 2021], new Map(), false, String);
    // 2020: D's 20.00 churned is the whole base; four customers new with 167.00006
    expect(shown(result.company.get(2020))).toEqual({ base: "20.00000", kept: "0.00000", expansion: "0.00000", contraction: "0.00000", churnedRevenue: "20.00000", newRevenue: "167.00006", reactivatedRevenue: "0.00000", reactivatedCost: "0.00000" });
    // 2021: base 100.00001 + 50.00005 + 10.00 + 7.00000; kept 100.00003 + 50.00001 + 10.00001 + 7.00000
    expect(shown(result.company.get(2021))).toEqual({ base: "167.00006", kept: "167.00005", expansion: "0.00003", contraction: "0.00004", churnedRevenue: "0.00000", newRevenue: "0.00000", reactivatedRevenue: "30.00001", reactivatedCost: "1.00001" });
    // Without segments, no segment's movements
    expect(result.groups.size).toBe(0);
  });

  it("a customer with two new or retained rows in a period: that period is not followed, the next one from their sum", () => {
    const rows = [at("acquisition", 2020, "A", "100.00"), at("retention", 2021, "A", "60.00"), at("retention", 2021, "A", "70.00"), at("retention", 2022, "A", "150.00")];
    const result = exportMovements(rows, [2020, 2021, 2022], new Map(), false, String);
    expect(shown(result.company.get(2021))).toBe("customer A has two new or retained rows in 2021");
    // 2022: A's 2021 revenue is 60.00 + 70.00 = 130.00: kept 150.00, up 20.00
    expect(shown(result.company.get(2022))).toEqual({ base: "130.00000", kept: "150.00000", expansion: "20.00000", contraction: "0.00000", churnedRevenue: "0.00000", newRevenue: "0.00000", reactivatedRevenue: "0.00000", reactivatedCost: "0.00000" });
  });

  it("two rows in a period with more decimals than units hold add up exactly for the period after", () => {
    const rows = [at("acquisition", 2020, "A", "100.00"), at("retention", 2021, "A", "60.00001"), at("retention", 2021, "A", "70.00002"), at("retention", 2022, "A", "130.00003")];
    const result = exportMovements(rows, [2020, 2021, 2022], new Map(), false, String);
    expect(shown(result.company.get(2021))).toBe("customer A has two new or retained rows in 2021");
    // 60.00001 + 70.00002 = 130.00003: kept as it was
    expect(shown(result.company.get(2022))).toEqual({ base: "130.00003", kept: "130.00003", expansion: "0.00000", contraction: "0.00000", churnedRevenue: "0.00000", newRevenue: "0.00000", reactivatedRevenue: "0.00000", reactivatedCost: "0.00000" });
  });

  it("rows of periods before the summary's still make a customer won back; those periods get no entry", () => {
    const rows = [at("acquisition", 2020, "A", "12.00"), at("retention", 2020, "B", "6.00"), at("acquisition", 2019, "B", "5.00"), at("acquisition", 2015, "A", "10.00")];
    const result = exportMovements(rows, [2019, 2020], new Map(), false, String);
    expect([...result.company.keys()].sort()).toEqual([2019, 2020]);
    expect(shown(result.company.get(2019))).toBe("2019 is the first period of the exports: the period before is not in them");
    // A was active in 2015: won back in 2020 with 12.00; B followed from 5.00 to 6.00
    expect(shown(result.company.get(2020))).toEqual({ base: "5.00000", kept: "6.00000", expansion: "1.00000", contraction: "0.00000", churnedRevenue: "0.00000", newRevenue: "0.00000", reactivatedRevenue: "12.00000", reactivatedCost: "0.00000" });
  });

  it("the first reason a period's rows give is kept, not the one of a customer missing from it", () => {
    // A is new again in 2021 though active in 2020; B, active in 2020, has no row in 2021
    const rows = [at("acquisition", 2020, "A", "10.00"), at("acquisition", 2020, "B", "5.00"), at("acquisition", 2021, "A", "12.00")];
    const result = exportMovements(rows, [2020, 2021], new Map(), false, String);
    expect(shown(result.company.get(2021))).toBe("customer A is new in 2021 but has a new or retained row in 2020");
    const missing = exportMovements(rows.slice(0, 2).concat(at("retention", 2021, "A", "12.00")), [2020, 2021], new Map(), false, String);
    expect(shown(missing.company.get(2021))).toBe("customer B has a new or retained row in 2020 but no row in 2021, neither retained nor churned");
  });
});
