/**
 * src/render/csv.ts in process, cell by cell: what defuse() counts as a plain number, how a CSV
 * cell is quoted and a TSV cell flattened, and the lines renderCsv/renderTsv write for a summary
 * worked out by hand. Written for issue 33's mutation run (docs/mutation.md): the end-to-end
 * escaping tests run the built binary, where no mutant is switched on.
 */
import { describe, expect, it } from "vitest";
import { Ledger, summarize, type Summary } from "../../../src/model/equity.js";
import { parseAmount } from "../../../src/schema/amount.js";
import { csvCell, defuse, renderCsv, renderTsv } from "../../../src/render/csv.js";

describe("defuse: only a whole plain number keeps its formula character", () => {
  it("a leading sign before a plain number is a number, not a formula", () => {
    for (const text of ["-1", "-1234.50", "-0.5", "1234", "0.25"]) expect(defuse(text), text).toBe(text);
  });

  it("anything else that starts with a formula character gets the quote", () => {
    // each of these fails the plain-number pattern at one place: the start, a digit, the fraction, the end
    const cases: [string, string][] = [
      ["=1", "'=1"],
      ["+1", "'+1"],
      ["@1", "'@1"],
      ["-", "'-"],
      ["-1.", "'-1."],
      ["-.5", "'-.5"],
      ["-1.5x", "'-1.5x"],
      ["-1x", "'-1x"],
      ["-x1", "'-x1"],
      ["--1", "'--1"],
      ["-1.2.3", "'-1.2.3"],
      ["\t1", "'\t1"],
      ["\r1", "'\r1"],
    ];
    for (const [text, want] of cases) expect(defuse(text), JSON.stringify(text)).toBe(want);
  });
});

describe("csvCell", () => {
  it("CSV: quotes a cell holding a quote, a comma, a CR or a LF, doubling its quotes; leaves others bare", () => {
    expect(csvCell("plain text", ",")).toBe("plain text");
    expect(csvCell("a,b", ",")).toBe('"a,b"');
    expect(csvCell('say "hi"', ",")).toBe('"say ""hi"""');
    expect(csvCell('"', ",")).toBe('""""');
    expect(csvCell("a\nb", ",")).toBe('"a\nb"');
    expect(csvCell("a\rb", ",")).toBe('"a\rb"');
    expect(csvCell("a\tb", ",")).toBe("a\tb");
    // defused first, then quoted: the quote goes inside
    expect(csvCell("=1,2", ",")).toBe(`"'=1,2"`);
    expect(csvCell("-12.50", ",")).toBe("-12.50");
  });

  it("TSV: tabs, CRs and LFs become spaces, every one of them; quotes and commas stay as they are", () => {
    expect(csvCell("a\tb\tc", "\t")).toBe("a b c");
    expect(csvCell("a\r\nb\nc", "\t")).toBe("a  b c");
    expect(csvCell('a,"b"', "\t")).toBe('a,"b"');
    expect(csvCell("\tx", "\t")).toBe("' x");
  });
});

describe("renderCsv and renderTsv: one line per year, the header first", () => {
  const d = (s: string) => parseAmount(s, { decimalComma: false })!;
  // The spec's example year by hand: new 2 customers 200 revenue 50 cost (equity 150); retained 4,
  // 800, 100 (700); churned 1, 50 (-50); customer equity 150 + 700 - 50 = 800.
  const ledger = new Ledger();
  ledger.add("acquisition", 2024, 2, d("200"), d("50"));
  ledger.add("retention", 2024, 4, d("800"), d("100"));
  ledger.add("churn", 2024, 1, d("50"), d("0"));
  const summary = summarize(ledger);
  const options = { currency: "USD", decimals: 2, color: false, warnings: [] };
  const HEADER =
    "year,new_customers,new_revenue,new_average_revenue,acquisition_cost,acquisition_equity,retained_customers,retained_revenue,retained_average_revenue,servicing_cost,retention_equity,churned_customers,churned_revenue,churned_average_revenue,churn_equity,customer_equity,change,change_percent,churn_rate,retention_rate,acquisition_cost_per_customer,net_customer_change";
  const FIRST = "2024,2,200.00,100.00,50.00,150.00,4,800.00,200.00,100.00,700.00,1,50.00,50.00,-50.00,800.00";

  it("CSV: the header, then the year's cells at the run's decimals, and a final newline", () => {
    const text = renderCsv(summary, options);
    const lines = text.split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(HEADER);
    expect(lines[1]!.startsWith(`${FIRST},`)).toBe(true);
    expect(lines[2]).toBe("");
    expect(renderCsv(summary, { ...options, decimals: 0 }).split("\n")[1]!.startsWith("2024,2,200,100,50,150,4,800,200,100,700,1,50,50,-50,800,")).toBe(true);
  });

  it("TSV: the same cells, tab-separated", () => {
    const lines = renderTsv(summary, options).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(HEADER.replaceAll(",", "\t"));
    expect(lines[1]!.startsWith(`${FIRST.replaceAll(",", "\t")}\t`)).toBe(true);
  });

  it("a --by column's name and values are cells like any other: defused, quoted (CSV) or flattened (TSV)", () => {
    const grouped: Summary = { ...summary, by: ["=region"], years: summary.years.map((y) => ({ ...y, group: { "=region": "north,\teast" } })) };
    const csv = renderCsv(grouped, options).split("\n");
    expect(csv[0]!.startsWith("year,'=region,new_customers,")).toBe(true);
    expect(csv[1]!.startsWith('2024,"north,\teast",2,200.00,')).toBe(true);
    const tsv = renderTsv(grouped, options).split("\n");
    expect(tsv[0]!.startsWith("year\t'=region\tnew_customers\t")).toBe(true);
    expect(tsv[1]!.startsWith("2024\tnorth, east\t2\t200.00\t")).toBe(true);
  });
});
