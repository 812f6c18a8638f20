/**
 * Totals rows (src/schema/totals.ts): which labels are a report's totals and never a customer,
 * and the fast path's cheap three-letter test that hands such a line to the slow one. Labels as
 * reports write them (QuickBooks' "TOTAL", Xero's "Total", Stripe's "Grand Total (3 records)",
 * German ledgers' "Summe", "Gesamt"); the expected answers follow the label's words by hand.
 */
import { describe, expect, it } from "vitest";
import { isTotalsLabel, mayBeTotals } from "../../../src/schema/totals.js";

describe("isTotalsLabel", () => {
  it("each totals word, in any case, with a colon and a count in parentheses", () => {
    for (const label of ["Total", "TOTALS", "total:", "Grand Total", "grand  totals", "Subtotal", "Sub-Total", "sub total", "subtotals", "Sum", "Summe", "Gesamt", "Gesamtsumme", "Total général", "total general", "Total Genéral", "  Total  ", "Total :", "Grand Total (3 records)", "Total (1,234.50 EUR)", "Summe (12)", "total(3)", "Total ( 3 Datensätze )"]) {
      expect(isTotalsLabel(label), label).toBe(true);
    }
  });

  it("no customer that only starts or ends like one, nor a count that is no count", () => {
    for (const label of ["Totally Cool Ltd", "Grandtotal", "Sum Corp", "Total Sum", "Summer", "Total 3", "Total (abc)", "Total (3 records", "(3) Total", "Grand", "Sub", "Gesamtbetrag", "Total générale", "Total: x", "", "Customer"]) {
      expect(isTotalsLabel(label), label).toBe(false);
    }
  });

  it("the count's words may be any letters (the u flag: é, ä)", () => {
    expect(isTotalsLabel("Total (2 entrées)")).toBe(true);
    expect(isTotalsLabel("Total (2 Einträge)")).toBe(true);
  });
});

describe("mayBeTotals: the first three letters after spaces", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  const may = (text: string, start = 0, end = bytes(text).length) => mayBeTotals(bytes(text), start, end);

  it("tot, sub, sum, ges and gra in any case, after spaces", () => {
    for (const text of ["tot", "Total", "TOTALS", "sub", "Subtotal", "sum", "Summe", "ges", "Gesamt", "gra", "Grand Total", "   total", " SUM"]) expect(may(text), text).toBe(true);
  });

  it("any other three letters, or fewer than three, is no totals line", () => {
    for (const text of ["", "to", "  to", "su", "tox", "txt", "oot", "sux", "sam", "sua", "gex", "gos", "grx", "gxa", "abc", "Customer", "1,tot", "\ttot"]) expect(may(text), text).toBe(false);
  });

  it("only within [start, end): a label past the start, and none cut short by the end", () => {
    expect(may("1,Total", 2)).toBe(true);
    expect(may("Total", 0, 2)).toBe(false);
    expect(may("  Total", 0, 4)).toBe(false);
    expect(may("xxsum", 2, 5)).toBe(true);
    // The three letters are read from the first non-space byte: "to" then a byte past the end.
    expect(mayBeTotals(bytes("totx"), 0, 2)).toBe(false);
  });
});

describe("mayBeTotals: the third letters of ges and gra need the g", () => {
  it("…es and …ra after another first letter are no totals", () => {
    for (const text of ["Yes", "xes", "Bra", "ora"]) expect(mayBeTotals(new TextEncoder().encode(text), 0, 3), text).toBe(false);
  });
});

describe("isTotalsLabel: spaces inside", () => {
  it("any run of spaces before général, and spaces between a count's digits", () => {
    expect(isTotalsLabel("Total  général")).toBe(true);
    expect(isTotalsLabel("Total (1 234 records)")).toBe(true);
  });
});
