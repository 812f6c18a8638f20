/** Issue 12: the command line behaves as data tools do. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readInputs } from "../../../src/read/inputs.js";
import { source } from "../../../src/io/source.js";
import { cli } from "../../support/capture.js";
import { ceq, DEMO, folder, ROOT } from "../../support/helpers.js";

const ONE_FILE = join(ROOT, "fixtures", "dialects", "one-file", "all.csv");
const RED = "\u001b[31m";

describe("the command line", () => {
  it("ceq --help shows the calculation's own options", async () => {
    const run = await cli(["--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Options of the calculation (ceq [calc] [options]):");
    for (const flag of ["--revenue-column <name>", "-d, --delimiter <char>", "-o, --output <file>", "--where <filter>", "--fail-under <amount>"]) expect(run.stdout).toContain(flag);
  });

  it("-d is short for --delimiter", async () => {
    const dir = folder({ "new.csv": "year;revenue\n2024;10\n" });
    const [short, long] = await Promise.all([cli(["--new", join(dir, "new.csv"), "-d", ";", "-f", "csv"]), cli(["--new", join(dir, "new.csv"), "--delimiter", ";", "-f", "csv"])]);
    expect(short.code).toBe(0);
    expect(short.stdout).toBe(long.stdout);
  });

  it.each([
    ["equity.json", "json"],
    ["equity.CSV", "csv"],
    ["equity.tsv", "tsv"],
    ["equity.md", "markdown"],
    ["equity.txt", "table"],
  ])("without --format, -o %s writes %s", async (name, format) => {
    const dir = folder();
    const [file, expected] = await Promise.all([cli(["--dir", DEMO, "-o", join(dir, name)]), cli(["--dir", DEMO, "-f", format])]);
    expect(file.code).toBe(0);
    expect(readFileSync(join(dir, name), "utf8")).toBe(expected.stdout);
  });

  it("--format wins over the extension", async () => {
    const dir = folder();
    const [file, csv] = await Promise.all([cli(["--dir", DEMO, "-o", join(dir, "out.json"), "-f", "csv"]), cli(["--dir", DEMO, "-f", "csv"])]);
    expect(file.code).toBe(0);
    expect(readFileSync(join(dir, "out.json"), "utf8")).toBe(csv.stdout);
  });

  it("FORCE_COLOR=1 colours the table even into a pipe; FORCE_COLOR=0, TERM=dumb and NO_COLOR do not", async () => {
    const forced = await ceq(["--dir", DEMO], { env: { FORCE_COLOR: "1" } });
    expect(forced.stdout).toContain(`${RED}-$7,072.06`);
    const plain: Record<string, string>[] = [{ FORCE_COLOR: "0" }, { TERM: "dumb" }, { FORCE_COLOR: "1", NO_COLOR: "1" }];
    for (const env of plain) {
      const run = await ceq(["--dir", DEMO], { env });
      expect(run.stdout, JSON.stringify(env)).not.toMatch(/\u001b\[/);
    }
    const noColorFlag = await ceq(["--dir", DEMO, "--no-color"], { env: { FORCE_COLOR: "1" } });
    expect(noColorFlag.stdout).not.toMatch(/\u001b\[/);
  });

  it("a mistyped command is named, with the closest one", async () => {
    const run = await cli(["valdate", "--dir", "."]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: unknown command 'valdate'\nhint: did you mean 'validate'? (commands: calc, validate, derive, cohorts, value, sql, init, sources)\n");
    const cohort = await cli(["cohort", "--dir", "."]);
    expect(cohort.stderr).toContain("hint: did you mean 'cohorts'?");
  });

  it("a file given as the only input is read as --input; a word that is neither is a usage error", async () => {
    const args = ["--date-column", "booked_on", "--fiscal-year-start", "4", "-f", "csv"];
    const [positional, flagged] = await Promise.all([cli([ONE_FILE, ...args]), cli(["--input", ONE_FILE, ...args])]);
    expect(positional.code, positional.stderr).toBe(0);
    expect(positional.stdout).toBe(flagged.stdout);
    const neither = await cli(["nothing-here.csv"]);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toBe("error: 'nothing-here.csv' is neither a file nor a command (calc, validate, derive, cohorts, value, sql, init, sources)\nhint: give exports with --dir, --input, or --new/--retained/--churned\n");
    const both = await cli([ONE_FILE, "--dir", DEMO]);
    expect(both.code).toBe(2);
    expect(both.stderr).toBe(`error: '${ONE_FILE}' is given besides other inputs\nhint: name its phase: --new ${ONE_FILE}, --retained ${ONE_FILE} or --churned ${ONE_FILE}; or --input ${ONE_FILE} for a file with a phase column\n`);
  });
});

describe("an export piped into ceq with no input named", () => {
  it("is read as --input -, plain or gzipped, by calc and validate", async () => {
    const args = ["--date-column", "booked_on", "--fiscal-year-start", "4", "-f", "json"];
    const flagged = await cli(["--input", ONE_FILE, ...args]);
    expect(flagged.code, flagged.stderr).toBe(0);
    const piped = await ceq(args, { stdin: readFileSync(ONE_FILE) });
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stdout).toBe(flagged.stdout.replaceAll(JSON.stringify(ONE_FILE).slice(1, -1), "<stdin>"));
    const gzipped = await cli(args, { stdin: gzipSync(readFileSync(ONE_FILE)) });
    expect(gzipped.stdout).toBe(piped.stdout);
    const valid = await cli(["validate", "--date-column", "booked_on", "--fiscal-year-start", "4"], { stdin: readFileSync(ONE_FILE) });
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(/^valid: 0 errors, 0 warnings in 1 file \(86 rows\)$/m);
  });

  it("an empty pipe is no input: exit 2, with the ways to give one", async () => {
    const run = await cli(["-f", "json"], { stdin: "" });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("error: no input given\nhint: use --dir <folder>, --input <file>, or --new/--retained/--churned <file>; or pipe one export with a phase column into ceq\n");
  });
});

describe("the library", () => {
  it("refuses an unknown key in readInputs' options rather than ignore it", async () => {
    const misspelt = { inputs: { phases: { new: source(join(DEMO, "new.csv")) } } } as unknown as Parameters<typeof readInputs>[0];
    await expect(readInputs(misspelt)).rejects.toThrow("readInputs: unknown option inputs.phases.new (see ReadOptions; phases are acquisition, retention and churn)");
    const cell = { inputs: { phases: { acquisition: source(join(DEMO, "new.csv")) } }, cell: { decimalComma: true } } as unknown as Parameters<typeof readInputs>[0];
    await expect(readInputs(cell)).rejects.toThrow("unknown option cell");
    const { log } = await readInputs({ inputs: { phases: { acquisition: source(join(DEMO, "new.csv")) } } });
    expect(log.errorCount).toBe(0);
  });
});

describe("--strict", () => {
  it("does not raise a knock-on no-earlier-record for a customer whose earlier row failed to parse", async () => {
    const dir = folder({
      "new.csv": "customer_id,year,revenue\nA,2023,10x\nB,2023,5\n",
      "retained.csv": "customer_id,year,revenue\nA,2024,7\nB,2024,3\nC,2024,1\n",
      "churned.csv": "customer_id,year,revenue\nB,2025,3\n",
    });
    const run = await cli(["--dir", dir, "--strict"]);
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n").filter((l) => l.startsWith("error: ") && !l.includes("no result"))).toEqual([
      `error: ${join(dir, "new.csv")}:2: revenue: "10x" is not an amount`,
      // C never had a row at all: that one is its own problem
      `error: ${join(dir, "retained.csv")}:4: customer_id: "C" has no earlier record: retained in 2024, but neither new nor retained in an earlier year`,
    ]);
  });
});
