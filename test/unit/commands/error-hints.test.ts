/**
 * Every error kind with a likely remedy ends with one `hint:` line naming the flag or step, once
 * per kind per run; alike errors are grouped (the first 3, then a count with their lines); the
 * JSON and GitHub reports carry the hint as a field.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { groupIssues, hintOf, type Issue } from "../../../src/issues.js";
import { ceq, folder } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

const stderrLines = (text: string) => text.split("\n").filter((l) => l !== "");

interface Case {
  name: string;
  file: string;
  content: string | Buffer;
  args?: string[];
  code: string;
  hint: string;
}

const CASES: Case[] = [
  { name: "a decimal comma", file: "new.csv", content: 'year,revenue\n2024,"1.234,56"\n', code: "bad-amount", hint: "amounts with a decimal comma (1.234,56) are read with --decimal-comma" },
  { name: "a decimal comma without groups", file: "new.csv", content: "year;revenue\n2024;12,5\n", code: "bad-amount", hint: "amounts with a decimal comma (1.234,56) are read with --decimal-comma" },
  { name: "an empty amount", file: "new.csv", content: "year,revenue\n2024,\n", code: "bad-amount", hint: "if an empty amount means nothing was paid, add --empty-as-zero to read it as 0" },
  { name: "a day-first date", file: "new.csv", content: "date,revenue\n31/12/2024,1\n", code: "bad-date", hint: "name the layout of the dates: --date-format DD/MM/YYYY" },
  { name: "a month-first date read day-first", file: "new.csv", content: "date,revenue\n12/31/2024,1\n", args: ["--date-format", "DD/MM/YYYY"], code: "bad-date", hint: "name the layout of the dates: --date-format MM/DD/YYYY" },
  { name: "a date that could be either", file: "new.csv", content: "date,revenue\n1/2/2024,1\n", code: "bad-date", hint: "name the layout of the dates: --date-format MM/DD/YYYY or DD/MM/YYYY (ceq never guesses which: look for a day over 12)" },
  { name: "a German date", file: "new.csv", content: "date,revenue\n31.12.2024,1\n", code: "bad-date", hint: "name the layout of the dates: --date-format DD.MM.YYYY" },
  { name: "a compact date", file: "new.csv", content: "date,revenue\n20241231,1\n", code: "bad-date", hint: "name the layout of the dates: --date-format YYYYMMDD" },
  {
    name: "a vendor's phase word",
    file: "all.csv",
    content: "year,revenue,phase\n2024,1,Existing Business\n",
    args: [],
    code: "bad-phase",
    hint: 'map the export\'s own words to phases: --phase-map "Existing Customer=retained,Former Customer=churned" (built in: new, acquired, acquisition; retained, existing, old, retention; churned, lost, churn)',
  },
  { name: "a cp1252 export", file: "new.csv", content: Buffer.from("year,revenue,note\n2024,1,caf\xe9\n", "latin1"), code: "invalid-encoding", hint: "if the export comes from Excel on Windows or an older system, name its encoding: --encoding cp1252 (or latin1, utf-16le)" },
  { name: "a revenue column under another name", file: "new.csv", content: "year,Total Revenue\n2024,1\n", code: "missing-column", hint: 'if "Total Revenue" is that column, name it: --revenue-column "Total Revenue"' },
  { name: "a misspelt year column", file: "new.csv", content: "Yaer,revenue\n2024,1\n", code: "missing-column", hint: 'if "Yaer" is that column, name it: --year-column "Yaer"' },
];

/** The flags that read a case's file: --input for a file with a phase column, else --new. */
const inputArgs = (c: Case, dir: string) => (c.file === "all.csv" ? ["--input", join(dir, c.file)] : ["--new", join(dir, c.file)]);

describe("each kind of error names its remedy on a hint: line", () => {
  it.each(CASES)("$name: the error, then the hint; in JSON and GitHub reports as a field", async (c) => {
    const dir = folder({ [c.file]: c.content });
    const args = [...inputArgs(c, dir), ...(c.args ?? [])];
    const run = await ceq(args);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const lines = stderrLines(run.stderr);
    expect(lines[0]).toMatch(/^error: /);
    expect(lines[1]).toBe(`hint: ${c.hint}`);
    // Once: the hint is not repeated anywhere else in the run.
    expect(lines.filter((l) => l.startsWith("hint: "))).toEqual([`hint: ${c.hint}`]);

    const json = await cli(["validate", ...args, "--report", "json"]);
    const issue = (JSON.parse(json.stdout) as { issues: { code: string; hint: string | null; message: string }[] }).issues[0]!;
    expect(issue.code).toBe(c.code);
    expect(issue.hint).toBe(c.hint);
    // The message says what is wrong; the fix is the hint's, not repeated in the message.
    expect(issue.message).not.toContain(c.hint);

    const github = await cli(["validate", ...args, "--report", "github"]);
    expect(github.stdout.split("\n")[0]).toMatch(new RegExp(`^::error .*title=ceq ${c.code}::.*%0Ahint: `));
    expect(github.stdout).toContain(`%0Ahint: ${c.hint.replace(/%/g, "%25")}`);
  });

  it("a plain bad amount gets no remedy it does not have, nor a remedy the run has taken", async () => {
    const dir = folder({ "new.csv": "year,revenue\n2024,N/A\n2024,1e5\n", "de.csv": "year;revenue\n2024;1.234.56,7\n" });
    const run = await cli(["--new", join(dir, "new.csv")]);
    expect(stderrLines(run.stderr).filter((l) => l.startsWith("hint:"))).toEqual([]);
    const taken = await cli(["--new", join(dir, "de.csv"), "--decimal-comma"]);
    expect(taken.code).toBe(1);
    expect(stderrLines(taken.stderr).filter((l) => l.startsWith("hint:"))).toEqual([]);
  });

  it("a file of one phase given alone (ceq new.csv) is told which flag reads it", async () => {
    const dir = folder({ "new.csv": "year,revenue\n2024,1\n", "export.csv": "year,revenue\n2024,1\n" });
    const named = await cli(["new.csv"], { cwd: dir });
    expect(named.code).toBe(1);
    expect(stderrLines(named.stderr).slice(0, 2)).toEqual([
      "error: new.csv:1: missing required column phase; found: year, revenue",
      "hint: a file of one phase has no phase column: give it as --new new.csv",
    ]);
    const unnamed = await cli(["export.csv"], { cwd: dir });
    expect(stderrLines(unnamed.stderr)[1]).toBe("hint: a file of one phase has no phase column: give it with --new, --retained or --churned, by the phase it holds");
  });
});

describe("alike errors are grouped", () => {
  it("shows the first 3 of a kind, then '… and N more like it (lines a-b)', then the hint once", async () => {
    const rows = Array.from({ length: 44 }, (_, i) => `2024,"${i + 1},50"`);
    const dir = folder({
      "new.csv": `year,revenue\n${rows.slice(0, 20).join("\n")}\n2024,N/A\n${rows.slice(20).join("\n")}\n`,
      "retained.csv": `year,revenue\n2024,"9,99"\n`,
    });
    const run = await cli(["--new", join(dir, "new.csv"), "--retained", join(dir, "retained.csv")]);
    expect(run.code).toBe(1);
    const at = (line: number, value: string) => `error: ${join(dir, "new.csv")}:${line}: revenue: "${value}" is not an amount`;
    expect(stderrLines(run.stderr)).toEqual([
      at(2, "1,50"),
      at(3, "2,50"),
      at(4, "3,50"),
      // lines 5-21 and 23-46: 41 more, the N/A on line 22 is a group of its own
      "… and 41 more like it (lines 5-46)",
      "hint: amounts with a decimal comma (1.234,56) are read with --decimal-comma",
      at(22, "N/A"),
      `error: ${join(dir, "retained.csv")}:2: revenue: "9,99" is not an amount`,
      "warning: no churned input given: that phase counts as zero",
      "error: 46 errors in the input; no result was written",
    ]);
  });

  it("groups by kind, file and column, in the order each group first appears", () => {
    const issue = (line: number, code: Issue["code"], column = "revenue", file = "a.csv"): Issue => ({ severity: "error", code, file, line, column, value: "x" });
    const groups = groupIssues([issue(2, "bad-amount"), issue(3, "bad-year", "year"), issue(4, "bad-amount"), issue(5, "bad-amount", "cost"), issue(6, "bad-amount", "revenue", "b.csv")]);
    expect(groups.map((g) => g.map((i) => i.line))).toEqual([[2, 4], [3], [5], [6]]);
  });

  it("hintOf: no hint for a kind without a likely remedy", () => {
    expect(hintOf({ severity: "error", code: "bad-year", file: "a.csv", line: 2, value: "24" })).toBeUndefined();
    expect(hintOf({ severity: "error", code: "bad-amount", file: "a.csv", line: 2, value: "N/A" })).toBeUndefined();
    expect(hintOf({ severity: "error", code: "bad-date", file: "a.csv", line: 2, value: "1/31/2024", detail: "MM/DD/YYYY" })).toBeUndefined();
  });
});
