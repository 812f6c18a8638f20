/**
 * A `;`-separated file is what a spreadsheet writes where the decimal mark is a comma (German,
 * French, Spanish, Italian, Dutch locales): there `1.500` is fifteen hundred. Read with the default
 * decimal point it was one and a half, without a word (an audit's finding). Now, in a `;` file
 * read with neither --decimal-comma nor --decimal-point, an amount whose one separator comes before
 * exactly three digits (`1.500`, `1,500`) is refused with both flags named; every other amount
 * reads as before. Figures by hand.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readAmount } from "../../../src/schema/amount.js";
import { DEFAULT_CELLS, fileCells } from "../../../src/read/options.js";
import { ceq, folder } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

const errors = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("error: ") && !l.includes("no result was written"));
const HINT = 'hint: say how the file writes its amounts: --decimal-comma if "," is its decimal mark and "." groups thousands (1.500 is fifteen hundred), or --decimal-point if "." is its decimal mark (1.500 is one and a half)';
const MESSAGE = 'may be a decimal or a thousands group: the file is separated by ";", as files written with a decimal comma are, so its "." may group thousands and its "," be the decimal mark';
const year = (stdout: string) => JSON.parse(stdout).years[0];

describe("the amount reader", () => {
  const ambiguous = { decimalComma: false, ambiguousGroups: true };
  it("refuses one separator before exactly three digits, whatever the sign or marker", () => {
    for (const text of ["1.500", "1,500", "-1.500", "(1,500)", "€1.500", "1.500 EUR", "999.999", "12.345", "1.500-"]) expect(readAmount(text, ambiguous), text).toBe("ambiguous-amount");
  });
  it("reads every amount that says its mark: other decimals, two separators, a leading 0, none", () => {
    const read = (text: string) => {
      const v = readAmount(text, ambiguous);
      return typeof v === "string" ? v : `${v.coef}e-${v.scale}`;
    };
    expect(read("12.50")).toBe("1250e-2");
    expect(read("1.5")).toBe("15e-1");
    expect(read("1.5000")).toBe("15000e-4");
    expect(read("0.500")).toBe("500e-3");
    expect(read("1,500.00")).toBe("150000e-2");
    expect(read("1,500,000")).toBe("1500000e-0");
    expect(read("1500")).toBe("1500e-0");
    expect(read("1234.567")).toBe("1234567e-3");
  });
  it("is set for a ; file only, and not when a flag says the mark", () => {
    expect(fileCells(DEFAULT_CELLS, ";").ambiguousGroups).toBe(true);
    for (const d of [",", "\t", "|"]) expect(fileCells(DEFAULT_CELLS, d).ambiguousGroups, d).toBeUndefined();
    expect(fileCells({ ...DEFAULT_CELLS, decimalComma: true }, ";").ambiguousGroups).toBeUndefined();
    expect(fileCells({ ...DEFAULT_CELLS, decimalPoint: true }, ";").ambiguousGroups).toBeUndefined();
  });
});

describe("a transaction log", () => {
  const dir = folder({
    "semi.csv": "customer_id;date;amount\nA;2024-01-05;1.500\nB;2024-02-05;250\n",
    "grouped.csv": "customer_id;date;amount\nA;2024-01-05;1,500\nB;2024-02-05;250\n",
    "clear.csv": "customer_id;date;amount\nA;2024-01-05;12.50\nB;2024-02-05;1234\n",
    "comma.csv": "customer_id,date,amount\nA,2024-01-05,1.500\nB,2024-02-05,250\n",
    "late.csv": `customer_id;date;amount\n${Array.from({ length: 5000 }, (_, i) => `C${i};2024-01-05;${i === 3998 ? "2.000" : "10"}`).join("\n")}\n`,
  });
  it("1.500 in a ; file is an error at its line naming both flags; nothing on stdout (it gave 251.50)", async () => {
    const file = join(dir, "semi.csv");
    const run = await ceq(["--transactions", file, "-f", "json"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errors(run.stderr)).toEqual([`error: ${file}:2: amount: "1.500" ${MESSAGE}`]);
    expect(run.stderr).toContain(HINT);
  });
  it("--decimal-point reads it as 1.5 (1.5 + 250 = 251.5); --decimal-comma as 1,500 (1,750)", async () => {
    const file = join(dir, "semi.csv");
    const point = await ceq(["--transactions", file, "--decimal-point", "-f", "json"]);
    expect(point.code, point.stderr).toBe(0);
    expect(year(point.stdout).acquisition.revenue).toBe(251.5);
    const comma = await ceq(["--transactions", file, "--decimal-comma", "-f", "json"]);
    expect(comma.code, comma.stderr).toBe(0);
    expect(year(comma.stdout).acquisition.revenue).toBe(1750);
  });
  it("1,500 is refused the same way, and --decimal-comma reads it as 1.5", async () => {
    const file = join(dir, "grouped.csv");
    const run = await cli(["--transactions", file, "-f", "json"]);
    expect(run.code).toBe(1);
    expect(errors(run.stderr)).toEqual([`error: ${file}:2: amount: "1,500" ${MESSAGE}`]);
    const comma = await cli(["--transactions", file, "--decimal-comma", "-f", "json"]);
    expect(year(comma.stdout).acquisition.revenue).toBe(251.5);
  });
  it("amounts that say their mark read in a ; file (12.50 + 1,234 = 1,246.5), and 1.500 in a , file is 1.5 as before", async () => {
    const clear = await cli(["--transactions", join(dir, "clear.csv"), "-f", "json"]);
    expect(clear.code, clear.stderr).toBe(0);
    expect(year(clear.stdout).acquisition.revenue).toBe(1246.5);
    const comma = await cli(["--transactions", join(dir, "comma.csv"), "-f", "json"]);
    expect(comma.code, comma.stderr).toBe(0);
    expect(year(comma.stdout).acquisition.revenue).toBe(251.5);
  });
  it("a big file's one ambiguous cell, far down, is found: line 4,000", async () => {
    const file = join(dir, "late.csv");
    const run = await ceq(["--transactions", file, "-f", "json"]);
    expect(run.code).toBe(1);
    expect(errors(run.stderr)).toEqual([`error: ${file}:4000: amount: "2.000" ${MESSAGE}`]);
    const point = await ceq(["--transactions", file, "--decimal-point", "-f", "json"]);
    expect(year(point.stdout).acquisition.revenue).toBe(4999 * 10 + 2);
  });
});

describe("phase exports, fx rates and costs", () => {
  const dir = folder({
    "new.csv": `customer_id;year;revenue\n${Array.from({ length: 3000 }, (_, i) => `N${i};2024;${i === 2499 ? "1.250" : "10"}`).join("\n")}\n`,
    "log.csv": "customer_id,date,amount,currency\nA,2024-01-05,100.00,EUR\n",
    "fx.csv": "currency;year;rate\nEUR;2024;1.105\n",
    "costs.csv": "year;acquisition cost;servicing cost\n2024;1.500;0\n",
    "plain.csv": "customer_id,year,revenue\nA,2024,100\n",
  });
  it("a phase export's 1.250 at line 2,501 is refused; with --decimal-point, 2,999 × 10 + 1.25", async () => {
    const file = join(dir, "new.csv");
    const run = await ceq(["--new", file, "-f", "json"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errors(run.stderr)).toEqual([`error: ${file}:2501: revenue: "1.250" ${MESSAGE}`]);
    const point = await ceq(["--new", file, "--decimal-point", "-f", "json"]);
    expect(point.code, point.stderr).toBe(0);
    expect(year(point.stdout).acquisition.revenue).toBe(29991.25);
  });
  it("an fx rate 1.105 in a ; file is refused; --decimal-point converts 100 EUR to 110.50 USD", async () => {
    const args = ["--transactions", join(dir, "log.csv"), "--fx-rates", join(dir, "fx.csv"), "-f", "json"];
    const run = await cli(args);
    expect(run.code).toBe(1);
    expect(errors(run.stderr)[0]).toBe(`error: ${join(dir, "fx.csv")}:2: rate: "1.105" ${MESSAGE}`);
    const point = await cli([...args, "--decimal-point"]);
    expect(point.code, point.stderr).toBe(0);
    expect(year(point.stdout).acquisition.revenue).toBe(110.5);
  });
  it("a costs file's 1.500 in a ; file is refused; --decimal-comma reads 1,500", async () => {
    const args = ["--new", join(dir, "plain.csv"), "--costs", join(dir, "costs.csv"), "-f", "json"];
    const run = await cli(args);
    expect(run.code).toBe(1);
    expect(errors(run.stderr)[0]).toBe(`error: ${join(dir, "costs.csv")}:2: acquisition cost: "1.500" ${MESSAGE}`);
    const comma = await cli([...args, "--decimal-comma"]);
    expect(comma.code, comma.stderr).toBe(0);
    expect(year(comma.stdout).acquisition.cost).toBe(1500);
  });
});

describe("the flag", () => {
  it("overrides a preset's decimal comma (an SAP system set to 1,234.56), and cannot go with --decimal-comma", async () => {
    const dir = folder({ "fbl5n.csv": "Account;Document Number;Document Type;Posting Date;Amount in local currency;Local Currency\n100001;0090000001;RV;15.01.2024;1,000.50;EUR\n100002;0090000002;DR;20.01.2024;250.00;EUR\n" });
    const run = await cli(["--transactions", join(dir, "fbl5n.csv"), "--source", "sap", "--currency", "EUR", "--decimal-point", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(year(run.stdout).acquisition.revenue).toBe(1250.5);
    const both = await ceq(["--transactions", join(dir, "fbl5n.csv"), "--decimal-point", "--decimal-comma"]);
    expect(both.code).toBe(2);
    expect(both.stdout).toBe("");
    expect(both.stderr).toContain("error: option '--decimal-point' cannot be used with option '--decimal-comma'");
  });
  it("a config file's decimalPoint reads a ; file's 1.500 as 1.5", async () => {
    const dir = folder({ "semi.csv": "customer_id;date;amount\nA;2024-01-05;1.500\n", "c.json": JSON.stringify({ decimalPoint: true }) });
    const run = await cli(["--transactions", join(dir, "semi.csv"), "--config", join(dir, "c.json"), "--decimals", "3", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(year(run.stdout).acquisition.revenue).toBe(1.5);
  });
});
