/**
 * The commands besides calc are loaded only when a run's arguments can reach them (src/cli.ts,
 * `commandsFor`), so a calculation starts without their code. What a user sees must not change:
 * help lists every command, each command runs, and calc's "did you mean" for a stray word still
 * names every command although only calc was loaded.
 */
import { describe, expect, it } from "vitest";
import { commandsFor } from "../../../src/cli.js";
import { delimiterNamed } from "../../../src/commands/option-values.js";
import { WHITESPACE } from "../../../src/read/log-options.js";
import { cli } from "../../support/capture.js";
import { DEMO } from "../../support/helpers.js";

const ALL = ["validate", "derive", "cohorts", "value", "sql", "init", "sources"];

describe("commands loaded when a run can reach them", () => {
  it("a calculation (no word first) loads none; a word first, or help, loads them all", () => {
    expect(commandsFor([])).toEqual([]);
    expect(commandsFor(["--dir", "exports"])).toEqual([]);
    expect(commandsFor(["calc", "--dir", "exports"])).toEqual([]);
    expect(commandsFor(["-V"])).toEqual([]);
    expect(commandsFor(["--version"])).toEqual([]);
    expect(commandsFor(["sql", "--dialect", "duckdb"])).toEqual(ALL);
    expect(commandsFor(["sources"])).toEqual(ALL);
    expect(commandsFor(["export.csv"])).toEqual(ALL); // a file, or a command mistyped: calc names them all
    expect(commandsFor(["--help"])).toEqual(ALL);
    expect(commandsFor(["--dir", "exports", "-h"])).toEqual(ALL);
    expect(commandsFor(["help", "value"])).toEqual(ALL);
  });

  it("with only calc loaded, a stray word after an option still gets every command named", async () => {
    // `--year 2024` first: a calculation, so the other commands are not loaded.
    const run = await cli(["--year", "2024", "valdate"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("error: unknown command 'valdate'\nhint: did you mean 'validate'? (commands: calc, validate, derive, cohorts, value, sql, init, sources)\n");
  });

  it("help lists every command; a command loaded on demand runs with its own options", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    for (const name of ALL) expect(help.stdout).toMatch(new RegExp(`^  ${name}\\b`, "m"));
    const sql = await cli(["sql", "--help"]);
    expect(sql.code).toBe(0);
    expect(sql.stdout).toContain("--dialect <engine>");
    const demo = await cli(["--dir", DEMO, "--year", "2024", "-f", "csv"]);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stdout).toContain("2024");
  });

  it("--delimiter whitespace names the log reader's own value", () => {
    expect(WHITESPACE).toBe("whitespace");
    expect(delimiterNamed("whitespace")).toBe(WHITESPACE);
    expect(delimiterNamed("WHITESPACE")).toBe(WHITESPACE);
  });
});
