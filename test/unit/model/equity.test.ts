import { describe, expect, it } from "vitest";
import { Ledger, summarize } from "../../../src/model/equity.js";
import { toExactString, toFixed, ZERO, type Decimal, type Ratio } from "../../../src/money.js";
import { parseAmount } from "../../../src/schema/amount.js";

const d = (s: string): Decimal => parseAmount(s, { decimalComma: false })!;
const fixed = (v: Decimal | Ratio | null, places: number) => (v === null ? null : toFixed(v, places));

describe("the yearly summary", () => {
  // The spec's example year: 3 new (300 revenue, 90 cost), 5 retained (1000, 100), 1 churned (150)
  function specYear(ledger: Ledger, year: number): void {
    ledger.add("acquisition", year, 1, d("100"), d("30"));
    ledger.add("acquisition", year, 2, d("200"), d("60"));
    ledger.add("retention", year, 5, d("1000"), d("100"));
    ledger.add("churn", year, 1, d("150"), d("999")); // a churned row's cost is never counted
  }

  it("computes each phase and the customer equity of the spec's example", () => {
    const ledger = new Ledger();
    ledger.add("acquisition", 2023, 2, d("200"), d("50"));
    ledger.add("retention", 2023, 4, d("800"), d("100"));
    ledger.add("churn", 2023, 1, d("50"), ZERO);
    specYear(ledger, 2024);
    const { years, total } = summarize(ledger);
    const y = years[1]!;
    expect(y.year).toBe(2024);
    expect(y.acquisition.customers).toBe(3);
    expect(toExactString(y.acquisition.revenue)).toBe("300");
    expect(fixed(y.acquisition.averageRevenue, 2)).toBe("100.00");
    expect(toExactString(y.acquisition.equity)).toBe("210");
    expect(toExactString(y.retention.equity)).toBe("900");
    expect(fixed(y.retention.averageRevenue, 2)).toBe("200.00");
    expect(toExactString(y.churn.cost)).toBe("0");
    expect(toExactString(y.churn.equity)).toBe("-150");
    // 210 + 900 - 150
    expect(toExactString(y.customerEquity)).toBe("960");
    // 2023: (200 - 50) + (800 - 100) - 50 = 800; change 160, 160 / 800 = 0.2
    expect(toExactString(years[0]!.customerEquity)).toBe("800");
    expect(toExactString(y.change!)).toBe("160");
    expect(fixed(y.changePercent, 4)).toBe("0.2000");
    expect(fixed(y.churnRate, 4)).toBe("0.1667");
    expect(fixed(y.retentionRate, 4)).toBe("0.8333");
    expect(fixed(y.acquisitionCostPerCustomer, 2)).toBe("30.00");
    expect(y.netCustomerChange).toBe(2);
    expect(years[0]!.change).toBeNull();
    expect(years[0]!.changePercent).toBeNull();
    // total: pooled sums and rates over pooled counts
    expect(toExactString(total.customerEquity)).toBe("1760");
    expect(total.acquisition.customers).toBe(5);
    expect(fixed(total.acquisition.averageRevenue, 2)).toBe("100.00");
    expect(fixed(total.churnRate, 4)).toBe((2 / 11).toFixed(4));
    expect(total.netCustomerChange).toBe(3);
    expect(total.year).toBeNull();
    expect(total.change).toBeNull();
  });

  it("gives no average or rate for zero customers, never NaN", () => {
    const ledger = new Ledger();
    ledger.add("retention", 2024, 3, d("300"), d("0"));
    const y = summarize(ledger).years[0]!;
    expect(y.acquisition.averageRevenue).toBeNull();
    expect(y.acquisitionCostPerCustomer).toBeNull();
    expect(y.churn.averageRevenue).toBeNull();
    expect(fixed(y.churnRate, 4)).toBe("0.0000");
    const empty = new Ledger();
    empty.add("acquisition", 2024, 1, d("10"), d("1"));
    expect(summarize(empty).years[0]!.churnRate).toBeNull();
    expect(summarize(empty).years[0]!.retentionRate).toBeNull();
  });

  it("measures change against |previous| and has none for a zero base", () => {
    const ledger = new Ledger();
    ledger.add("acquisition", 2022, 1, d("100"), d("300")); // equity -200
    ledger.add("acquisition", 2023, 1, d("100"), d("0")); // equity 100: change 300, 300 / |-200| = 1.5
    ledger.add("acquisition", 2024, 1, d("0"), d("0")); // equity 0
    ledger.add("acquisition", 2025, 1, d("50"), d("0")); // change vs a zero base: none
    const [, y2023, y2024, y2025] = summarize(ledger).years;
    expect(toExactString(y2023!.change!)).toBe("300");
    expect(fixed(y2023!.changePercent, 4)).toBe("1.5000");
    expect(fixed(y2024!.changePercent, 4)).toBe("-1.0000");
    expect(toExactString(y2025!.change!)).toBe("50");
    expect(y2025!.changePercent).toBeNull();
  });

  it("limits years but still compares with the year before the range", () => {
    const ledger = new Ledger();
    for (const year of [2021, 2022, 2023]) ledger.add("acquisition", year, 1, d(String(year - 2000)), ZERO);
    const { years, total } = summarize(ledger, { from: 2022, to: 2022 });
    expect(years.map((y) => y.year)).toEqual([2022]);
    expect(toExactString(years[0]!.change!)).toBe("1");
    expect(toExactString(total.customerEquity)).toBe("22");
  });

  it("has no change across a gap year", () => {
    const ledger = new Ledger();
    ledger.add("acquisition", 2020, 1, d("10"), ZERO);
    ledger.add("acquisition", 2022, 1, d("20"), ZERO);
    expect(summarize(ledger).years[1]!.change).toBeNull();
  });
});
