/**
 * Issue 11: exports as CRMs, billing and accounting systems write them. Each shape either gives
 * the clean export's exact result or an error naming the fix; never a different number unwarned.
 */
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { summarize } from "../../../src/model/equity.js";
import { source } from "../../../src/io/source.js";
import { readInputs } from "../../../src/read/inputs.js";
import { renderJson } from "../../../src/render/json.js";
import { parseDateYear, type DateFormat } from "../../../src/schema/row.js";
import { isTotalsLabel } from "../../../src/schema/totals.js";
import { ceq, folder } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";
import { runs } from "../../support/runs.js";

const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("error: ") && !l.includes("no result was written"));
const warningLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("warning: ") && !l.includes("input given"));

describe("totals rows are never customers", () => {
  it("knows the words, in any case, with a count, and nothing else", () => {
    for (const word of ["TOTAL", "Total", "total:", "Totals", "Grand Total", "GRAND TOTALS (3 records)", "Subtotal", "Sub-total", "sum", "Summe", "Gesamt", "Total général", "total general", "Total (1,204 rows)"]) {
      expect(isTotalsLabel(word), word).toBe(true);
    }
    for (const word of ["Totally Fresh Ltd", "Sumatra Coffee", "Gesamtschule Nord", "C1", "", "total 5", "Subscriber 12", "TOTAL RECALL INC"]) {
      expect(isTotalsLabel(word), word).toBe(false);
    }
  });

  it('a QuickBooks-style report ending in "TOTAL","$3,519.08": left out, and it reconciles', async () => {
    const dir = folder({ "new.csv": 'Customer,Year,Amount\n"Acme",2024,"$1,000.00"\n"Beta",2024,"$2,519.08"\n"TOTAL",2024,"$3,519.08"\n' });
    const run = await ceq(["--new", join(dir, "new.csv"), "-f", "json"]);
    expect(run.code).toBe(0);
    const year = JSON.parse(run.stdout).years[0];
    expect(year.acquisition).toMatchObject({ customers: 2, revenue: 3519.08 });
    expect(warningLines(run.stderr)).toEqual([
      `warning: ${join(dir, "new.csv")}:4: Customer: "TOTAL" is a totals row, not a customer: left out; it reconciles: 3519.08 is the sum of the 2 rows it totals`,
    ]);
  });

  it("a total that reconciles is no error under --strict; one that does not is", async () => {
    // Exports that pass --strict but for the totals row: every phase has both years, every
    // retained or churned customer an earlier record.
    const rest = { "retained.csv": "customer,year,revenue\nD,2023,1\nA,2024,7\n", "churned.csv": "customer,year,revenue\nE,2023,2\nC,2024,3\n" };
    const good = folder({ "new.csv": "customer,year,revenue\nA,2023,10.50\nC,2023,3\nB,2024,4.50\nTotal (3 records),,18,\n", ...rest });
    const ok = await cli(["--dir", good, "--strict", "-f", "csv"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(warningLines(ok.stderr)).toEqual([`warning: ${join(good, "new.csv")}:5: customer: "Total (3 records)" is a totals row, not a customer: left out; it reconciles: 18 is the sum of the 3 rows it totals`]);
    const bad = folder({ "new.csv": "customer,year,revenue\nA,2023,10.50\nC,2023,3\nB,2024,4.50\nTotal (3 records),,18.01,\n", ...rest });
    const lax = await cli(["--dir", bad, "-f", "csv"]);
    expect(lax.code).toBe(0);
    expect(lax.stdout).toBe(ok.stdout);
    const message = `${join(bad, "new.csv")}:5: customer: "Total (3 records)" is a totals row, not a customer: left out; it does not reconcile: it says 18.01, the 3 rows it totals add up to 18`;
    expect(warningLines(lax.stderr)).toEqual([`warning: ${message}`]);
    const strict = await cli(["--dir", bad, "--strict", "-f", "csv"]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toBe("");
    expect(errorLines(strict.stderr)).toEqual([`error: ${message}`]);
  });

  it("subtotals and a grand total after them, in a file without an id column (the label is the first cell)", async () => {
    const dir = folder({ "new.csv": "region,year,revenue\nEMEA,2024,1\nEMEA,2024,2\nSubtotal,2024,3\nAPAC,2024,4\nSubtotal,2024,4\nGrand total,2024,7\n" });
    const run = await cli(["--new", join(dir, "new.csv"), "-f", "json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).years[0].acquisition).toMatchObject({ customers: 3, revenue: 7 });
    expect(warningLines(run.stderr).map((l) => l.replace(/^.*?:(\d+): .*; (it .*)$/, "$1 $2"))).toEqual([
      "4 it reconciles: 3 is the sum of the 2 rows it totals",
      "6 it reconciles: 4 is the sum of the 1 row it totals",
      "7 it reconciles: 7 is the sum of all 3 rows above it",
    ]);
  });

  /** A random export, clean and as a report: title rows, a subtotal, a correct TOTAL row and a footer. */
  it("a random base rendered as a report gives exactly the clean result, on every path, under --strict", async () => {
    const rowArb = fc.record({ id: fc.integer({ min: 1, max: 10_000 }), year: fc.integer({ min: 2020, max: 2024 }), cents: fc.nat({ max: 10_000_000 }), quoted: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 1, maxLength: 60 }),
        fc.nat({ max: 60 }),
        fc.integer({ min: 1, max: 300 }),
        fc.array(fc.constantFrom("Sales by Customer Summary", "Acme Books Inc", '"January 1 - December 31, 2024"', "Report basis: Accrual", ""), { maxLength: 4 }),
        fc.array(fc.constantFrom("Grand Totals (3 records)", "Generated By: QuickBooks", "Confidential Information", '"Friday, Jan 03, 2025 09:41 AM"'), { maxLength: 3 }),
        async (rows, split, rangeBytes, title, footer) => {
        const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
        const line = (r: (typeof rows)[number], i: number) => (r.quoted ? `"C${i}-${r.id}",${r.year},"$${money(r.cents)}"` : `C${i}-${r.id},${r.year},${money(r.cents)}`);
        const sum = (part: typeof rows) => part.reduce((a, r) => a + r.cents, 0);
        const at = split % (rows.length + 1);
        const clean = `customer_id,year,revenue\n${rows.map(line).join("\n")}\n`;
        const top = title.length > 0 ? `${title.join("\n")}\n` : "";
        const bottom = footer.length > 0 ? `\n${footer.join("\n")}\n` : "";
        const withTotals = `${top}customer_id,year,revenue\n${rows.slice(0, at).map(line).join("\n")}${at > 0 ? "\n" : ""}Subtotal,,${money(sum(rows.slice(0, at)))}\n${rows
          .slice(at)
          .map((r, i) => line(r, i + at))
          .join("\n")}${at < rows.length ? "\n" : ""}TOTAL,,${money(sum(rows))}\n${bottom}`;
        const dir = folder({ "clean.csv": clean, "totals.csv": withTotals });
        const read = async (name: string, parallel: { threads: number; rangeBytes?: number; minBytes?: number }) => {
          const { ledger, log } = await readInputs({ inputs: { phases: { acquisition: source(join(dir, name)) } }, strict: true, parallel });
          const codes = log.warnings.map((w) => w.code);
          return {
            json: renderJson(summarize(ledger), { currency: "USD", decimals: 2, color: false, warnings: [] }),
            errors: log.errorCount,
            shapes: ["title-rows", "totals-row", "footer"].map((code) => codes.filter((c) => c === code).length),
          };
        };
        const expected = await read("clean.csv", { threads: 1 });
        const titled = title.some((t) => t !== "") ? 1 : 0;
        for (const parallel of [{ threads: 1 }, { threads: 2, rangeBytes, minBytes: 0 }]) {
          expect(await read("totals.csv", parallel)).toEqual({ ...expected, shapes: [titled, 2, footer.length > 0 ? 1 : 0] });
        }
      },
      ),
      { numRuns: Number(process.env.CEQ_PROPERTY_RUNS ?? runs(30, 150)) },
    );
  }, 300_000);
});

describe("a currency column", () => {
  const mixed = "customer_id,year,amount,currency\nA,2024,25000.00,EUR\nB,2024,12500.50,USD\nC,2024,1.00,usd\n";

  it("EUR 25,000 + USD 12,500.50 is an error naming the line and the currencies with their counts, not 37,500.50", async () => {
    const dir = folder({ "new.csv": mixed });
    const run = await cli(["--new", join(dir, "new.csv"), "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr)).toEqual([
      `error: ${join(dir, "new.csv")}:2: currency: "EUR" is not USD, the currency of this run (--currency): the file has USD in 2 rows, EUR in 1 row without a rate; amounts in two currencies are never added: give --fx-rates FILE (currency, year, rate) to convert them, or run ceq once per currency`,
    ]);
  });

  it("rows all in the run's currency read as usual, whatever the case; --currency-column names another column", async () => {
    const dir = folder({ "new.csv": "customer_id,year,amount,curr\nA,2024,25000.00,eur\nB,2024,10,EUR\n" });
    const run = await cli(["--new", join(dir, "new.csv"), "-f", "json", "--currency", "EUR", "--currency-column", "curr"]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ currency: "EUR", years: [{ acquisition: { customers: 2, revenue: 25010 } }] });
    const usd = await cli(["--new", join(dir, "new.csv"), "--currency-column", "curr"]);
    expect(errorLines(usd.stderr)[0]).toContain(':2: curr: "EUR" is not USD');
  });

  it("a currency cell that is not a code is a bad value", async () => {
    const dir = folder({ "new.csv": "customer_id,year,amount,currency\nA,2024,1,US Dollar\n" });
    const run = await cli(["--new", join(dir, "new.csv")]);
    expect(errorLines(run.stderr)).toEqual([`error: ${join(dir, "new.csv")}:2: currency: "US Dollar" is not a currency code (expected three letters, such as USD or EUR)`]);
  });
});

describe("a type, status or phase column in a file of one phase", () => {
  it("is never read: Salesforce's Type beside amounts plain and quoted gives the same result", async () => {
    const rows = 'Account ID,Type,Year,Amount\n001A,New Business,2024,100\n001B,Existing Business,2024,"$1,200.50"\n001C,,2024,30\n';
    const dir = folder({ "new.csv": rows, "plain.csv": "Account ID,Year,Amount\n001A,2024,100\n001B,2024,1200.50\n001C,2024,30\n" });
    const [typed, plain] = await Promise.all([cli(["--new", join(dir, "new.csv"), "--id-column", "Account ID", "-f", "csv"]), cli(["--new", join(dir, "plain.csv"), "--id-column", "Account ID", "-f", "csv"])]);
    expect(typed.code, typed.stderr).toBe(0);
    expect(typed.stdout).toBe(plain.stdout);
    expect(typed.stdout.split("\n")[1]!.split(",").slice(0, 3)).toEqual(["2024", "3", "1330.50"]);
  });
});

describe("--minor-units", () => {
  const cents = "customer_id,year,amount\ncus_1,2024,4900\ncus_2,2024,\"1,050\"\ncus_3,2024,1\n";

  it("reads 4900 as 49.00 in USD, 4900 in JPY (no minor unit) and 4.900 in KWD (three)", async () => {
    const dir = folder({ "new.csv": cents });
    const revenue = async (currency: string) => {
      const run = await cli(["--new", join(dir, "new.csv"), "--minor-units", "--currency", currency, "-f", "json"]);
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout).years[0].acquisition.revenue;
    };
    // 4900 + 1050 + 1 = 5951 minor units
    expect([await revenue("USD"), await revenue("JPY"), await revenue("KWD")]).toEqual([59.51, 5951, 5.951]);
  });

  it("a decimal point in such a column is an error that names the flag", async () => {
    const dir = folder({ "new.csv": "customer_id,year,amount\ncus_1,2024,4900\ncus_2,2024,49.00\n" });
    const run = await cli(["--new", join(dir, "new.csv"), "--minor-units"]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      `error: ${join(dir, "new.csv")}:3: amount: "49.00" has a decimal point, but --minor-units reads amounts as whole numbers of the currency's minor unit (4900 is 49.00): drop --minor-units if the amounts are in the major unit`,
    ]);
  });
});

describe("several files per phase", () => {
  const jan = "customer_id,year,revenue\nA,2024,10\nB,2024,5\n";
  const feb = "customer_id,year,revenue\nC,2024,1.25\n";

  it("a repeated --new reads every file; --dir reads every file whose name starts with the phase", async () => {
    const dir = folder({ "new_jan.csv": jan, "new-feb.csv": feb, "retained.csv": "customer_id,year,revenue\nZ,2024,1\n" });
    const flags = await cli(["--new", join(dir, "new_jan.csv"), "--new", join(dir, "new-feb.csv"), "--retained", join(dir, "retained.csv"), "-f", "json"]);
    const folderRun = await cli(["--dir", dir, "-f", "json"]);
    expect(flags.code, flags.stderr).toBe(0);
    expect(JSON.parse(flags.stdout).years[0].acquisition).toMatchObject({ customers: 3, revenue: 16.25 });
    expect(folderRun.stdout).toBe(flags.stdout);
  });

  it("a duplicate id across the files of a phase is found, each file with its own lines", async () => {
    const dir = folder({ "jan.csv": jan, "feb.csv": "customer_id,year,revenue\nC,2024,1\nA,2024,2\n" });
    const run = await cli(["--new", join(dir, "jan.csv"), "--new", join(dir, "feb.csv")]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([`error: ${join(dir, "feb.csv")}:3: customer_id: "A" appears twice in new customers of 2024 (first at ${join(dir, "jan.csv")}:2)`]);
  });

  it("a year is missing from a phase only when none of its files has it", async () => {
    const dir = folder({ "n23.csv": "year,revenue\n2023,1\n", "n24.csv": "year,revenue\n2024,1\n", "r.csv": "year,revenue\n2024,1\n" });
    const run = await cli(["--new", join(dir, "n23.csv"), "--new", join(dir, "n24.csv"), "--retained", join(dir, "r.csv")]);
    expect(run.code).toBe(0);
    expect(warningLines(run.stderr)).toEqual([`warning: ${join(dir, "r.csv")}: has no rows for 2023`]);
  });
});

describe("--phase-map", () => {
  it("maps a CRM's stage words to phases, on top of the built-in words", async () => {
    const dir = folder({ "all.csv": 'Stage,Year,Amount\nNew Customer,2024,10\n"Existing Business",2024,"$5.00"\nclosed lost,2024,3\nnew,2024,1\n' });
    const map = "New Customer=new,Existing Business=retained,Closed Lost=churned";
    const run = await cli(["--input", join(dir, "all.csv"), "--phase-column", "Stage", "--phase-map", map, "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    const year = JSON.parse(run.stdout).years[0];
    expect([year.acquisition.customers, year.acquisition.revenue, year.retention.revenue, year.churn.revenue]).toEqual([2, 11, 5, 3]);
    const without = await cli(["--input", join(dir, "all.csv"), "--phase-column", "Stage"]);
    expect(errorLines(without.stderr)[0]).toBe(`error: ${join(dir, "all.csv")}:2: Stage: "New Customer" is not a phase (expected new, retained or churned)`);
  });

  it("an entry that is not WORD=PHASE is a usage error", async () => {
    const run = await cli(["--input", "x.csv", "--phase-map", "Won=bogus"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected WORD=PHASE pairs separated by commas, with a phase such as new, retained or churned; not "Won=bogus"');
  });
});

describe("report-shaped files", () => {
  const report = [
    "Sales by Customer Summary",
    "Acme Books Inc",
    '"January 1 - December 31, 2024"',
    "",
    "Customer;Year;Amount",
    'Acme;2024;"$1,000.00"',
    'Beta;2024;"$2,519.08"',
    'TOTAL;2024;"$3,519.08"',
    "",
    "",
    "Friday, Jan 03, 2025 09:41:27 AM GMT-8 - Accrual Basis",
    "Generated By: QuickBooks",
    "",
  ].join("\n");

  it("title rows, a totals row and a footer: the exact result, one warning each, and --strict passes on them", async () => {
    const dir = folder({ "new.csv": report });
    const file = join(dir, "new.csv");
    const run = await cli(["--new", file, "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).years[0].acquisition).toMatchObject({ customers: 2, revenue: 3519.08 });
    expect(warningLines(run.stderr)).toEqual([
      `warning: ${file}:5: lines 1-3 above the header were skipped as the report's title (--skip-rows says how many there are)`,
      `warning: ${file}:8: Customer: "TOTAL" is a totals row, not a customer: left out; it reconciles: 3519.08 is the sum of the 2 rows it totals`,
      `warning: ${file}:11: the report's footer after the data (lines 11-12) was skipped`,
    ]);
    // --skip-rows says where the header is: no title warning; too few is the title as header
    const skipped = await cli(["--new", file, "-f", "json", "--skip-rows", "4"]);
    expect(JSON.parse(skipped.stdout).years).toEqual(JSON.parse(run.stdout).years);
    expect(warningLines(skipped.stderr)).toHaveLength(2);
    const wrong = await cli(["--new", file, "--skip-rows", "2"]);
    expect(wrong.code).toBe(1);
    expect(errorLines(wrong.stderr)[0]).toBe(`error: ${file}:3: missing required column year (or date); found: January 1 - December 31, 2024`);
  });

  it("a header not among the first 20 lines names the first line's missing columns", async () => {
    const dir = folder({ "new.csv": `${Array.from({ length: 20 }, (_, i) => `title ${i}`).join("\n")}\nyear,revenue\n2024,1\n` });
    const run = await cli(["--new", join(dir, "new.csv")]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      `error: ${join(dir, "new.csv")}:1: missing required column year (or date); found: title 0`,
      `error: ${join(dir, "new.csv")}:1: missing required column revenue (or avg revenue); found: title 0`,
    ]);
  });

  it("short rows right after the data, with no blank line before them, are ragged rows, not a footer", async () => {
    const dir = folder({ "new.csv": "year,revenue\n2024,1\nGenerated By: QuickBooks\n" });
    const run = await cli(["--new", join(dir, "new.csv")]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([`error: ${join(dir, "new.csv")}:3: the row has 1 field; the header has 2`]);
  });
});

describe("the fast path's totals test", () => {
  it("flags every word isTotalsLabel knows, so none is counted on the fast path", async () => {
    const { mayBeTotals } = await import("../../../src/schema/totals.js");
    const bytes = (t: string) => Buffer.from(t);
    for (const word of ["TOTAL", "Totals", " total", "Grand Total", "Subtotal", "SUM", "Summe", "Gesamt", "Total général"]) {
      expect(mayBeTotals(bytes(word), 0, Buffer.byteLength(word)), word).toBe(true);
      expect(isTotalsLabel(word), word).toBe(true);
    }
    for (const word of ["cus_001", "C1", "2024", "to", "Acme", "Tim"]) expect(mayBeTotals(bytes(word), 0, word.length), word).toBe(false);
  });
});

describe("--encoding", () => {
  // Excel on Windows (German): "Müller;2024;1.234,56 €" in Windows-1252, where € is the byte 0x80.
  const cp1252 = Buffer.concat([
    Buffer.from("Kunde;Jahr;Umsatz\r\nM"),
    Buffer.from([0xfc]),
    Buffer.from('ller;2024;"1.234,56 '),
    Buffer.from([0x80]),
    Buffer.from('"\r\nB'),
    Buffer.from([0xe4]),
    Buffer.from("r;2024;10\r\n"),
  ]);
  const flags = ["--decimal-comma", "--id-column", "Kunde", "--year-column", "Jahr", "--revenue-column", "Umsatz", "-f", "json"];

  it("without it, the invalid byte's line and the remedy", async () => {
    const dir = folder({ "new.csv": cp1252 });
    const run = await cli(["--new", join(dir, "new.csv"), ...flags]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      `error: ${join(dir, "new.csv")}:2: invalid UTF-8: the file must be UTF-8, or UTF-16 with a byte order mark`,
    ]);
    expect(run.stderr).toContain("\nhint: if the export comes from Excel on Windows or an older system, name its encoding: --encoding cp1252");
  });

  it("cp1252 reads € and umlauts; latin1 reads the umlauts but not € (0x80 is a control there)", async () => {
    const dir = folder({ "new.csv": cp1252 });
    // In EUR, as its cells say: a € amount under the default USD is an error (the currency markers' check).
    const run = await cli(["--new", join(dir, "new.csv"), ...flags, "--encoding", "cp1252", "--currency", "EUR"]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).years[0].acquisition).toMatchObject({ customers: 2, revenue: 1244.56 });
    const latin1 = await cli(["--new", join(dir, "new.csv"), ...flags, "--encoding", "ISO-8859-1"]);
    expect(errorLines(latin1.stderr)).toEqual([`error: ${join(dir, "new.csv")}:2: Umsatz: "1.234,56 \\u0080" is not an amount`]);
  });

  it("UTF-16 without a byte order mark, named; a byte order mark that says otherwise is an error", async () => {
    const text = "customer_id,year,revenue\nA,2024,12.50\nÜ,2024,1\n";
    const dir = folder({ "le.csv": Buffer.from(text, "utf16le"), "bom.csv": Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]) });
    const run = await cli(["--new", join(dir, "le.csv"), "--encoding", "utf-16le", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).years[0].acquisition).toMatchObject({ customers: 2, revenue: 13.5 });
    const clash = await cli(["--new", join(dir, "bom.csv"), "--encoding", "cp1252"]);
    expect(clash.code).toBe(1);
    expect(errorLines(clash.stderr)).toEqual([`error: ${join(dir, "bom.csv")}: cannot read the file: it starts with a UTF-8 byte order mark, but --encoding cp1252 was given: drop --encoding`]);
  });

  it("an unknown encoding is a usage error", async () => {
    const run = await cli(["--new", "x.csv", "--encoding", "ebcdic"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("expected utf-8, utf-16le, utf-16be, latin1 or cp1252 (windows-1252)");
  });
});

describe("--where", () => {
  const crm = 'Account,Stage,Status,Year,Amount\nA,Closed Won,paid,2024,10\nB,Closed Lost,paid,2024,20\nC, Closed Won ,void,2024,30\nD,Closed Won,paid,2024,"$40.00"\nE,Closed Won,,2024,5\n';

  it("keeps the rows every filter holds for, and says how many each left out, also under --strict", async () => {
    const dir = folder({ "new.csv": crm, "retained.csv": "Account,Stage,Status,Year,Amount\nZ,Closed Won,paid,2024,1\n", "churned.csv": "Account,Stage,Status,Year,Amount\nY,Closed Won,paid,2024,2\n" });
    const run = await cli(["--dir", dir, "--where", "Stage=Closed Won", "--where", "Status!=void", "--strict", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    // A, D and E are kept: B is lost, C is void (its stage, trimmed, is Closed Won)
    expect(JSON.parse(run.stdout).years[0].acquisition).toMatchObject({ customers: 3, revenue: 55 });
    expect(run.stderr.split("\n").filter((l) => l.includes("--where"))).toEqual(['warning: --where "Stage=Closed Won" left out 1 row, --where "Status!=void" left out 1 row']);
    expect(JSON.parse(run.stdout).warnings.map((w: { message: string }) => w.message)).toContain('--where "Stage=Closed Won" left out 1 row, --where "Status!=void" left out 1 row');
  });

  it("a column no file has is an error; a filter that is not COLUMN=VALUE a usage error", async () => {
    const dir = folder({ "new.csv": crm });
    const run = await cli(["--new", join(dir, "new.csv"), "--where", "Owner=Ann"]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([`error: ${join(dir, "new.csv")}:1: missing required column "Owner" (named by --where "Owner=Ann"); found: Account, Stage, Status, Year, Amount`]);
    const usage = await cli(["--new", join(dir, "new.csv"), "--where", "Closed Won"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('expected COLUMN=VALUE or COLUMN!=VALUE, such as "Stage=Closed Won"');
  });
});

describe("--config", () => {
  const crm = "Account ID;Stage;Year;Umsatz\nA;Closed Won;2024;1.000,50\nB;Closed Lost;2024;20\nC;Renewal;2024;7\n";
  const mapping = {
    $comment: "Our CRM's opportunity export",
    idColumn: "Account ID",
    phaseColumn: "Stage",
    revenueColumn: "Umsatz",
    decimalComma: true,
    phaseMap: "Closed Won=new,Renewal=retained,Closed Lost=churned",
    currency: "EUR",
  };

  it("holds a source system's mapping once; a flag overrides its key", async () => {
    const dir = folder({ "all.csv": crm, "crm.json": JSON.stringify(mapping) });
    const run = await cli(["--input", join(dir, "all.csv"), "--config", join(dir, "crm.json"), "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.currency).toBe("EUR");
    expect([json.years[0].acquisition.revenue, json.years[0].retention.revenue, json.years[0].churn.revenue]).toEqual([1000.5, 7, 20]);
    const override = await cli(["--input", join(dir, "all.csv"), "--config", join(dir, "crm.json"), "-f", "json", "--currency", "CHF"]);
    expect(JSON.parse(override.stdout).currency).toBe("CHF");
  });

  it("ceq.config.json in a --dir folder is read; an unknown key or a wrong value is a usage error naming it", async () => {
    const dir = folder({ "new.csv": "Account ID;Year;Umsatz\nA;2024;1.000,50\n", [`ceq.config.json`]: JSON.stringify({ idColumn: "Account ID", revenueColumn: "Umsatz", decimalComma: true }) });
    const run = await cli(["--dir", dir, "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).years[0].acquisition.revenue).toBe(1000.5);
    const typo = folder({ "c.json": JSON.stringify({ revenueColum: "Umsatz", whereClause: "x" }) });
    const unknown = await cli(["--dir", dir, "--config", join(typo, "c.json")]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`error: ${join(typo, "c.json")}: unknown keys "revenueColum", "whereClause"; keys are the long options in camelCase, such as revenueColumn, phaseMap or where\n`);
    const wrong = folder({ "c.json": JSON.stringify({ decimalComma: "yes", maxErrors: 5 }) });
    const bad = await cli(["--dir", dir, "--config", join(wrong, "c.json")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`error: ${join(wrong, "c.json")}: decimalComma: expected true or false\n`);
  });

  it("ceq init --config writes a commented example that ceq --dir reads with the example exports", async () => {
    const dir = join(folder(), "exports");
    expect((await cli(["init", dir])).code).toBe(0);
    const init = await cli(["init", "--config", dir]);
    expect(init.code).toBe(0);
    expect(init.stdout).toBe(`wrote ceq.config.json to ${dir}\nnext: ceq --dir ${dir}\n`);
    const run = await cli(["--dir", dir, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split("\n")).toHaveLength(4);
    const again = await cli(["init", "--config", dir]);
    expect(again.code).toBe(1);
  });
});

describe("--date-format", () => {
  it("reads each layout, a time after the date ignored, and no leading zeros needed", () => {
    const cases: [string, DateFormat, number, number | null][] = [
      ["12/1/2010 8:26", "MM/DD/YYYY", 1, 2010],
      ["12/1/2010 8:26", "MM/DD/YYYY", 12, 2011], // December starts the fiscal year ending in 2011
      ["1/31/2011", "MM/DD/YYYY", 1, 2011],
      ["1/31/2011", "DD/MM/YYYY", 1, null], // month 31: never read day-first instead
      ["31/1/2011", "DD/MM/YYYY", 1, 2011],
      ["31.12.2024", "DD.MM.YYYY", 1, 2024],
      ["29.02.2023", "DD.MM.YYYY", 1, null],
      ["19970101", "YYYYMMDD", 1, 1997],
      ["1997011", "YYYYMMDD", 1, null],
      ["2024-03-31T23:59:59Z", "YYYY-MM-DD", 4, 2024],
      ["2024-04-01 09:41:27 AM", "YYYY-MM-DD", 4, 2025],
      ["2024-4-1", "YYYY-MM-DD", 1, null], // ISO is written with two digits
      ["12/1/2010", "YYYY-MM-DD", 1, null],
    ];
    for (const [text, format, start, year] of cases) expect(parseDateYear(text, start, format), `${text} ${format} ${start}`).toBe(year);
  });

  it("applies to every input: the US dates of a CRM export, and the hint without it", async () => {
    const dir = folder({ "new.csv": "customer_id,date,revenue\nA,12/1/2010 8:26,10\nB,1/31/2011 17:05,5\n" });
    const run = await cli(["--new", join(dir, "new.csv"), "--date-format", "mm/dd/yyyy", "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split("\n").slice(1, 3).map((l) => l.split(",").slice(0, 3).join(","))).toEqual(["2010,1,10.00", "2011,1,5.00"]);
    const without = await cli(["--new", join(dir, "new.csv")]);
    expect(errorLines(without.stderr)[0]).toBe(
      `error: ${join(dir, "new.csv")}:2: date: "12/1/2010 8:26" is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY/MM/DD, in the years 1900 to 2200)`,
    );
    // 12/1/2010 could be either layout; the hint names both and guesses neither
    expect(without.stderr).toContain("\nhint: name the layout of the dates: --date-format MM/DD/YYYY or DD/MM/YYYY (ceq never guesses which: look for a day over 12)\n");
    const dayFirst = await cli(["--new", join(dir, "new.csv"), "--date-format", "DD/MM/YYYY"]);
    expect(errorLines(dayFirst.stderr)).toEqual([`error: ${join(dir, "new.csv")}:3: date: "1/31/2011 17:05" is not a date in the layout DD/MM/YYYY (--date-format), in the years 1900 to 2200`]);
    expect(dayFirst.stderr).toContain("\nhint: name the layout of the dates: --date-format MM/DD/YYYY\n");
  });
});

describe("--fx-rates", () => {
  const rows = "customer_id,year,amount,currency\nA,2024,25000.00,EUR\nB,2024,12500.50,USD\nC,2023,100,GBP\nD,2023,0.10,EUR\n";

  it("converts exactly, with rates of any precision, and the JSON lists the rates used", async () => {
    // 2024: 25,000.00 × 1.0823 + 12,500.50 = 39,558.00; 2023: 100 × 1.2437 + 0.10 × 1.0712345 = 124.47712345
    const dir = folder({ "new.csv": rows, "rates.csv": "currency,year,rate\nEUR,2024,1.0823\nGBP,2023,1.2437\nEUR,2023,1.0712345\nJPY,2024,0.0066\n" });
    const run = await cli(["--new", join(dir, "new.csv"), "--fx-rates", join(dir, "rates.csv"), "-f", "json", "--decimals", "8"]);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.years.map((y: { year: number; acquisition: { revenue: number } }) => [y.year, y.acquisition.revenue])).toEqual([
      [2023, 124.47712345],
      [2024, 39558],
    ]);
    expect(json.fxRates).toEqual([
      { currency: "EUR", year: 2024, rate: 1.0823 },
      { currency: "GBP", year: 2023, rate: 1.2437 },
      { currency: "EUR", year: 2023, rate: 1.0712345 },
    ]);
    expect(run.stdout).toContain('"revenue": 124.47712345');
  });

  it("a rate missing for a row's currency and year is an error naming them", async () => {
    const dir = folder({ "new.csv": rows, "rates.csv": "currency,year,rate\nEUR,2024,1.0823\nEUR,2023,1.07\n" });
    const run = await cli(["--new", join(dir, "new.csv"), "--fx-rates", join(dir, "rates.csv")]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      `error: ${join(dir, "new.csv")}:4: currency: "GBP" is not USD, the currency of this run (--currency): the file has USD in 3 rows, GBP in 1 row without a rate; amounts in two currencies are never added: --fx-rates has no rate for GBP in 2023: add it`,
    ]);
  });

  it("a bad rates file: every bad line, and no conversion", async () => {
    const dir = folder({ "new.csv": rows, "rates.csv": "currency,date,rate\nEUR,2024-06-30,1.08\nEUR,2024-01-02,1.09\nGBP,2023-01-01,-1\n" });
    const run = await cli(["--new", join(dir, "new.csv"), "--fx-rates", join(dir, "rates.csv")]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr).slice(0, 2)).toEqual([
      `error: ${join(dir, "rates.csv")}:3: gives a second rate for EUR in 2024: give one rate per currency and year`,
      `error: ${join(dir, "rates.csv")}:4: rate: "-1" is not a positive rate`,
    ]);
  });
});
