/**
 * Issue 25's numbers and dates through main() in-process (test/support/capture.ts cli(); one case spawns the built binary for the wiring): timestamps with offsets at a year's
 * boundary count in the year of the date as written; Indian and Swiss grouping read the same on
 * the fast path (plain lines) and the checked one (quoted lines); a time or a grouping that is none
 * is an error naming the cell. Expected figures worked by hand in the comments.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ceq, folder } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

interface Entry {
  year: number;
  acquisition: { customers: number; revenue: number };
  retention: { customers: number; revenue: number };
  churn: { customers: number; revenue: number };
  customerEquity: number;
}

const brief = (stdout: string) =>
  (JSON.parse(stdout) as { years: Entry[] }).years.map((e) => [e.year, e.acquisition.customers, e.acquisition.revenue, e.retention.customers, e.retention.revenue, e.churn.customers, e.churn.revenue, e.customerEquity]);

/** Every cell in quotes: csv-parse reads the lines, and the schema every cell. */
const quoted = (csv: string, delimiter: string) =>
  csv
    .trimEnd()
    .split("\n")
    .map((line) => line.split(delimiter).map((cell) => `"${cell}"`).join(delimiter))
    .join("\n") + "\n";

// A log as Shopify and Stripe write their timestamps, with Indian and Swiss amounts; `;` so that
// no cell needs quotes and plain lines are read on the byte-level path.
const LOG = [
  "customer_id;created_at;amount",
  // 04:30 UTC on 1 January 2023, but written on 31 December 2022: counts in 2022
  "A;2022-12-31 23:30:00 -0500;100.00",
  // 23:30 UTC on 31 December 2022, but written on 1 January 2023: counts in 2023
  "B;2023-01-01 00:30:00 +0100;250.00",
  "A;2023-06-15T10:00:00Z;1,00,000.50",
  "C;2022-03-01T12:00:00.123+05:30;1'234.56",
  // the typographic apostrophe (CLDR de-CH) is not ASCII: this line is the checked path's
  "C;2022-07-01 09:15 +01:00;1’000.00",
].join("\n");

// 2022: A 100.00 and C 1,234.56 + 1,000.00 = 2,234.56, both new (the log's first year): 2,334.56.
// 2023: B new 250.00; A retained 100,000.50; C churned with its 2022 revenue 2,234.56:
// 250.00 + 100,000.50 − 2,234.56 = 98,015.94.
const LOG_FIGURES = [
  [2022, 2, 2334.56, 0, 0, 0, 0, 2334.56],
  [2023, 1, 250, 1, 100000.5, 1, 2234.56, 98015.94],
];

describe("timestamps and grouped amounts in a transaction log", () => {
  it("count in the year of the date as written, on the plain and the quoted path alike", async () => {
    const dir = folder({ "plain.csv": `${LOG}\n`, "quoted.csv": quoted(LOG, ";") });
    const plain = await ceq(["--transactions", join(dir, "plain.csv"), "-f", "json"]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(brief(plain.stdout)).toEqual(LOG_FIGURES);
    const checked = await cli(["--transactions", join(dir, "quoted.csv"), "-f", "json"]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toBe(plain.stdout.replaceAll("plain.csv", "quoted.csv"));
  });

  it("by month too: the -05:00 order is December's, the +01:00 one January's", async () => {
    const dir = folder({ "log.csv": `${LOG}\n` });
    const run = await cli(["--transactions", join(dir, "log.csv"), "--period", "month", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    const periods = (JSON.parse(run.stdout) as { periods: (Entry & { period: string })[] }).periods;
    const of = (period: string) => periods.find((p) => p.period === period)!;
    // A's 100.00 in December 2022 (new there, the log's first month being March); B new in January
    expect([of("2022-12").acquisition.customers, of("2022-12").acquisition.revenue]).toEqual([1, 100]);
    expect([of("2023-01").acquisition.customers, of("2023-01").acquisition.revenue]).toEqual([1, 250]);
  });

  it("a time that is none is an error naming the line, the cell and the layout, with the time's layout as hint", async () => {
    for (const [bad, file] of [["2022-02-03 25:00:00", "plain.csv"], ["2022-02-03T17:02:37+15:00", "plain.csv"], ["2022-02-03 17:60 +0100", "quoted.csv"]] as const) {
      const text = `customer_id;created_at;amount\nA;2022-01-01T10:00Z;5\nB;${bad};7\n`;
      const dir = folder({ [file]: file === "plain.csv" ? text : quoted(text, ";") });
      const run = await cli(["--transactions", join(dir, file), "-f", "json"]);
      expect(run.code, bad).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(`error: ${join(dir, file)}:3: created_at: "${bad}" is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY/MM/DD, in the years 1900 to 2200)`);
      expect(run.stderr).toContain("hint: a time after the date is read as hh:mm, hh:mm:ss or hh:mm:ss.fff (hours 0-23, or 1-12 with AM/PM), then optionally Z, UTC or an offset up to ±14:00");
    }
  });

  it("--date-format layouts take the same times: 12/31/2022 23:30:00 -0500 is in 2022", async () => {
    const dir = folder({ "log.csv": "customer,date,amount\nA,12/31/2022 23:30:00 -0500,10\nA,1/1/2023 12:30 AM +01:00,20\nB,12/31/2022 11:30:00 PM UTC,5\n" });
    const run = await cli(["--transactions", join(dir, "log.csv"), "--date-format", "MM/DD/YYYY", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    // 2022: A 10 and B 5, new: 15. 2023: A retained 20; B churned with its 5: 20 − 5 = 15.
    expect(brief(run.stdout)).toEqual([
      [2022, 2, 15, 0, 0, 0, 0, 15],
      [2023, 0, 0, 1, 20, 1, 5, 15],
    ]);
  });
});

describe("grouped amounts and timestamps in phase exports", () => {
  // By year column: the byte-level path reads the plain lines
  const NEW = ["customer;year;revenue;cost", "N1;2023;1,00,000;1'000", "N2;2023;1'234.56;0", "N3;2023;12,34,567.89;12,345.5", "N4;2023;31,33,567.34;0"].join("\n");
  // revenue 100,000 + 1,234.56 + 1,234,567.89 + 3,133,567.34 = 4,469,369.79; cost 1,000 + 12,345.50 = 13,345.50
  // customer equity 4,469,369.79 − 13,345.50 = 4,456,024.29

  it("Indian and Swiss grouping read alike on the plain and the quoted path", async () => {
    const dir = folder({ "plain.csv": `${NEW}\n`, "quoted.csv": quoted(NEW, ";") });
    const plain = await cli(["--new", join(dir, "plain.csv"), "-f", "json"]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(brief(plain.stdout)).toEqual([[2023, 4, 4469369.79, 0, 0, 0, 0, 4456024.29]]);
    const checked = await cli(["--new", join(dir, "quoted.csv"), "-f", "json"]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toBe(plain.stdout.replaceAll("plain.csv", "quoted.csv"));
  });

  it("a date column with offsets counts each row in the year written", async () => {
    const dir = folder({ "new.csv": 'customer,date,revenue\nN1,2022-12-31 23:30:00 -0500,"31,33,567.34"\nN2,2023-01-01T00:30:00+01:00,1\'234.56\n' });
    const run = await cli(["--new", join(dir, "new.csv"), "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(brief(run.stdout)).toEqual([
      [2022, 1, 3133567.34, 0, 0, 0, 0, 3133567.34],
      [2023, 1, 1234.56, 0, 0, 0, 0, 1234.56],
    ]);
  });

  it.each(["1,23,4", "12,34,567,890.00", "1234,567.00", "1'23", "1'234,567.00", "123,45,678"])("%j, inconsistent grouping, is an error on both paths", async (bad) => {
    const text = `customer;year;revenue\nN1;2023;5\nN2;2023;${bad}\n`;
    for (const [file, csv] of [["plain.csv", text], ["quoted.csv", quoted(text, ";")]] as const) {
      const dir = folder({ [file]: csv });
      const run = await cli(["--new", join(dir, file)]);
      expect(run.code, `${file}: ${bad}`).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(`error: ${join(dir, file)}:3: revenue: "${bad}" is not an amount`);
      expect(run.stderr).toContain("hint: digit groups are read when consistent: by threes (1,234,567.89), Indian (12,34,567.89) or Swiss (1'234'567.89), one separator throughout");
    }
  });
});
