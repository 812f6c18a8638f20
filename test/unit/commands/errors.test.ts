/**
 * Bad input: precise messages, exit codes, nothing on stdout. Run in-process (cli()); the pipe
 * closed by its reader is the binary's own behaviour and is spawned.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../../support/capture.js";
import { DEMO, folder, STACK_FRAME } from "../../support/helpers.js";

const NEW_HEADER = "customer_id,year,revenue,acquisition_cost\n";

/** Runs ceq on a new.csv with the given body; expects exit 1, empty stdout, no stack. */
async function rejects(body: string, extra: string[] = [], header = NEW_HEADER) {
  const dir = folder({ "new.csv": header + body });
  const run = await cli(["--new", "new.csv", ...extra], { cwd: dir });
  expect(run.code).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).not.toMatch(STACK_FRAME);
  return run.stderr;
}

describe("one error per kind of bad value, naming file, line, column and value", () => {
  it.each([
    ["an amount with letters", "A,2024,12.34x,10\n", 'error: new.csv:2: revenue: "12.34x" is not an amount'],
    ["N/A", "A,2024,N/A,10\n", 'error: new.csv:2: revenue: "N/A" is not an amount'],
    ["scientific notation", "A,2024,1e5,10\n", 'error: new.csv:2: revenue: "1e5" is not an amount'],
    ["misplaced separators", 'A,2024,"1,23,4",10\n', 'error: new.csv:2: revenue: "1,23,4" is not an amount'],
    ["an empty amount", "A,2024,,10\n", 'error: new.csv:2: revenue: "" is not an amount'],
    ["a bad cost", "A,2024,10,ten\n", 'error: new.csv:2: acquisition_cost: "ten" is not an amount'],
    ["a bad year", "A,24,10,1\n", 'error: new.csv:2: year: "24" is not a year (expected four digits, such as 2024, from 1900 to 2200)'],
    ["an empty id", ",2024,10,1\n", 'error: new.csv:2: customer_id: "" is empty'],
  ])("%s", async (_, body, message) => {
    const stderr = await rejects(`B,2024,5.00,1\n${body}`.replace("new.csv:2", "new.csv:3"));
    expect(stderr).toContain(message.replace("new.csv:2", "new.csv:3"));
  });

  it("a count that is not a positive whole number", async () => {
    const header = "year,customers,avg_revenue\n";
    const stderr = await rejects("2024,3,10\n2024,0,10\n2024,2.5,10\n2024,-1,10\n", [], header);
    expect(stderr).toContain('error: new.csv:3: customers: "0" is not a whole number of customers from 1 to 1,000,000,000,000');
    expect(stderr).toContain('error: new.csv:4: customers: "2.5" is not a whole number of customers from 1');
    expect(stderr).toContain('error: new.csv:5: customers: "-1" is not a whole number of customers from 1');
  });

  it("a bad date", async () => {
    const stderr = await rejects("2024-13-01,10\n2024-02-30,10\n", [], "date,revenue\n");
    expect(stderr).toContain('error: new.csv:2: date: "2024-13-01" is not a date');
    expect(stderr).toContain('error: new.csv:3: date: "2024-02-30" is not a date');
  });

  it("a missing required column lists the columns found", async () => {
    const stderr = await rejects("A,2024,10\n", [], "customer_id,year,turnover\n");
    expect(stderr).toContain("error: new.csv:1: missing required column revenue (or avg revenue); found: customer_id, year, turnover");
  });

  it("a column named by a flag that the file lacks", async () => {
    const stderr = await rejects("A,2024,10,1\n", ["--revenue-column", "net sales"]);
    expect(stderr).toContain('error: new.csv:1: missing required column "net sales" (named by the column flag)');
  });

  it("a ragged row", async () => {
    const stderr = await rejects("A,2024,10,1\nB,2024,10\n");
    expect(stderr).toContain("error: new.csv:3: the row has 3 fields; the header has 4");
  });

  it("a duplicate customer id within a phase and year", async () => {
    const stderr = await rejects("A,2024,10,1\nB,2024,10,1\nA,2024,12,1\nA,2025,12,1\n");
    expect(stderr).toContain('error: new.csv:4: customer_id: "A" appears twice in new customers of 2024 (first at new.csv:2)');
    expect(stderr.split("\n").filter((l) => l.startsWith("error:")).length).toBe(2);
  });

  it("an unclosed quote names the line it opens on", async () => {
    const stderr = await rejects('A,2024,10,1\nB,2024,"10,1\nC,2024,3,1\n');
    expect(stderr).toContain("error: new.csv:3: a quoted field is never closed");
  });

  it("counts lines of multi-line quoted fields", async () => {
    const header = "customer_id,note,year,revenue\n";
    const stderr = await rejects('A,"two\nlines",2024,10\nB,"three\r\nline\nnote",2024,oops\n', [], header);
    expect(stderr).toContain('error: new.csv:4: revenue: "oops" is not an amount');
  });

  it("collects every error up to --max-errors, then says how many more", async () => {
    // Alternate columns, so that no group of alike errors hides any of the three kept
    const body = Array.from({ length: 7 }, (_, i) => (i % 2 === 0 ? `C${i},2024,bad${i},1\n` : `C${i},y${i},1,1\n`)).join("");
    const stderr = await rejects(body, ["--max-errors", "3"]);
    const lines = stderr.trimEnd().split("\n");
    expect(lines.slice(0, 4)).toEqual([
      'error: new.csv:2: revenue: "bad0" is not an amount',
      'error: new.csv:4: revenue: "bad2" is not an amount',
      'error: new.csv:3: year: "y1" is not a year (expected four digits, such as 2024, from 1900 to 2200)',
      "… and 4 more errors (--max-errors shows more)",
    ]);
    expect(lines[lines.length - 1]).toBe("error: 7 errors in the input; no result was written");
  });

  it("reports errors in every file, not only the first", async () => {
    const dir = folder({
      "new.csv": `${NEW_HEADER}A,2024,x,1\n`,
      "retained.csv": "customer_id,year,revenue\nB,2024,y\n",
      "churned.csv": "customer_id,year,revenue\nC,20x4,1\n",
    });
    const run = await cli(["--dir", dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(dir, "new.csv")}:2: revenue: "x"`);
    expect(run.stderr).toContain(`${join(dir, "retained.csv")}:2: revenue: "y"`);
    expect(run.stderr).toContain(`${join(dir, "churned.csv")}:2: year: "20x4"`);
  });

  it("quotes control characters instead of letting them reach the terminal", async () => {
    const stderr = await rejects("A,2024,\u001b[31m12,1\n");
    expect(stderr).toContain('revenue: "\\u001b[31m12" is not an amount');
    expect(stderr).not.toContain("\u001b");
  });

  it("a missing file, a folder given as a file, an empty file", async () => {
    const dir = folder({ "empty.csv": "" });
    const missing = await cli(["--new", join(dir, "nope.csv")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`error: ${join(dir, "nope.csv")}: cannot read the file: no such file`);
    const isDir = await cli(["--new", dir]);
    expect(isDir.code).toBe(1);
    expect(isDir.stderr).toContain("it is a directory, not a file");
    const empty = await cli(["--new", join(dir, "empty.csv")]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("the file is empty: expected a header row");
    for (const run of [missing, isDir, empty]) expect(run.stdout).toBe("");
  });

  it("invalid UTF-8 names its line", async () => {
    const dir = folder({ "new.csv": Buffer.concat([Buffer.from(`${NEW_HEADER}A,2024,10,1\n`), Buffer.from([0x42, 0xff, 0xfe, 0x2c]), Buffer.from("2024,1,1\n")]) });
    const run = await cli(["--new", "new.csv"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: new.csv:3: invalid UTF-8");
  });
});

describe("on error nothing is written", () => {
  it("leaves an existing output file untouched", async () => {
    const dir = folder({ "new.csv": `${NEW_HEADER}A,2024,oops,1\n`, "out.json": "previous result\n" });
    const run = await cli(["--new", "new.csv", "-f", "json", "-o", "out.json"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(readFileSync(join(dir, "out.json"), "utf8")).toBe("previous result\n");
  });

  it("creates no output file", async () => {
    const dir = folder({ "new.csv": `${NEW_HEADER}A,2024,oops,1\n` });
    await cli(["--new", "new.csv", "-o", "out.csv"], { cwd: dir });
    expect(existsSync(join(dir, "out.csv"))).toBe(false);
  });
});

describe("exit codes", () => {
  it("0 on success, also with warnings", async () => {
    const dir = folder({ "new.csv": `${NEW_HEADER}A,2024,-10,1\n` });
    const run = await cli(["--new", "new.csv", "-f", "csv"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: new.csv:2: revenue: "-10" is negative');
  });

  it("1 with --strict when there are warnings", async () => {
    const dir = folder({ "new.csv": `${NEW_HEADER}A,2024,-10,1\n` });
    const run = await cli(["--new", "new.csv", "--strict"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain('error: new.csv:2: revenue: "-10" is negative');
  });

  it.each([
    [["--dir", DEMO, "--bogus"], "unknown option '--bogus'"],
    [[], "no input given"],
    [["--dir", DEMO, "--new", "x.csv"], "choose one way to give the input"],
    [["--dir", DEMO, "--format", "xml"], "Allowed choices are table, csv, tsv, json, markdown"],
    [["--new", "-", "--churned", "-"], "only one input can be read from standard input"],
    [["--dir", DEMO, "--year", "24"], "expected a year such as 2024"],
    [["--dir", DEMO, "--year", "2030"], "no year in the data matches"],
    [["--dir", DEMO, "--fiscal-year-start", "13"], "expected a month from 1 to 12"],
    [["--dir", DEMO, "--currency", "dollars"], "expected a three-letter currency code"],
    [["--revenue-column", "a", "--avg-revenue-column", "b", "--dir", DEMO], "exclude each other"],
  ])("2 for a usage error: %j", async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(STACK_FRAME);
  });

  it("3 when a gate fails, with the result still printed", async () => {
    const under = await cli(["--dir", DEMO, "-f", "csv", "--fail-under", "133392.07"]);
    expect(under.code).toBe(3);
    expect(under.stdout.split("\n")).toHaveLength(6);
    expect(under.stderr).toContain("gate failed: customer equity of 2024 is $133,392.06, under --fail-under $133,392.07");
    const met = await cli(["--dir", DEMO, "-f", "csv", "--fail-under", "133392.06"]);
    expect(met.code).toBe(0);
    // 2024: 7 churned of 45 = 0.15555…
    const churn = await cli(["--dir", DEMO, "-f", "csv", "--max-churn-rate", "0.1555"]);
    expect(churn.code).toBe(3);
    expect(churn.stderr).toContain("churn rate of 2024 is 0.1556, above --max-churn-rate 0.1555");
    expect((await cli(["--dir", DEMO, "-f", "csv", "--max-churn-rate", "0.1556"])).code).toBe(0);
  });

  it("0 for --help and --version, with examples in help", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Examples:");
    const calcHelp = await cli(["calc", "--help"]);
    expect(calcHelp.code).toBe(0);
    expect(calcHelp.stdout).toContain("$ ceq --dir exports/");
    expect(calcHelp.stdout).toContain("--fail-under <amount>");
    const version = await cli(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")).version);
  });

  it("1 when the output cannot be written", async () => {
    const run = await cli(["--dir", DEMO, "-o", "/nonexistent-dir/out.csv"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("error: cannot write /nonexistent-dir/out.csv: no such folder");
  });
});

describe("pipes", () => {
  it("ends quietly when the reader closes the pipe (ceq … | head -1)", async () => {
    const { spawnSync } = await import("node:child_process");
    const { BIN } = await import("../../support/helpers.js");
    const big = folder();
    const rows = Array.from({ length: 3000 }, (_, i) => `C${i},${2000 + (i % 25)},10.00,1.00\n`).join("");
    writeFileSync(join(big, "new.csv"), NEW_HEADER + rows);
    const result = spawnSync("bash", ["-c", `set -o pipefail; node ${BIN} --new new.csv -f markdown | head -1`], { cwd: big, encoding: "utf8" });
    expect(result.stdout).toBe("## Customer equity\n");
    expect(result.stderr).not.toMatch(/EPIPE|Error/);
    expect(result.status).toBe(0);
  });
});
