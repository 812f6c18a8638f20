/** fixtures/hostile: one test per file, plus the cases generated at run time. */
import { execFileSync, spawn } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { cli } from "../support/capture.js";
import { BIN, folder, ROOT, STACK_FRAME } from "../support/helpers.js";

const HOSTILE = join(ROOT, "fixtures", "hostile");

async function calc(file: string, extra: string[] = []) {
  const run = await cli(["--new", join(HOSTILE, file), "-f", "csv", ...extra], { cwd: HOSTILE });
  expect(run.stderr).not.toMatch(STACK_FRAME);
  expect(run.stderr).not.toContain("\u001b");
  if (run.code !== 0) expect(run.stdout).toBe("");
  return run;
}

/** The error lines of a run (there may be warnings and a closing summary besides). */
const errors = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("error: ") && !l.includes("no result was written"));

describe("fixtures/hostile", () => {
  it("binary-garbage.csv: invalid UTF-8, exit 1", async () => {
    const run = await calc("binary-garbage.csv");
    expect(run.code).toBe(1);
    expect(errors(run.stderr)).toEqual([`error: ${join(HOSTILE, "binary-garbage.csv")}:1: invalid UTF-8: the file must be UTF-8, or UTF-16 with a byte order mark`]);
    expect(run.stderr).toContain("hint: if the export comes from Excel on Windows or an older system, name its encoding: --encoding cp1252 (or latin1, utf-16le)\n");
  });

  it("unclosed-quote.csv: names the line the quote opens on", async () => {
    const run = await calc("unclosed-quote.csv");
    expect(run.code).toBe(1);
    expect(errors(run.stderr)).toEqual([`error: ${join(HOSTILE, "unclosed-quote.csv")}:3: a quoted field is never closed`]);
  });

  it("header-only.csv: a warning beside data, nothing to compute alone", async () => {
    const alone = await calc("header-only.csv");
    expect(alone.code).toBe(1);
    expect(alone.stderr).toContain("header-only.csv: has no data rows");
    expect(alone.stderr).toContain("error: the input has no data rows: nothing to compute");
    const beside = await cli(["--new", join(ROOT, "fixtures/demo/new.csv"), "--churned", join(HOSTILE, "header-only.csv"), "-f", "csv"]);
    expect(beside.code).toBe(0);
    expect(beside.stderr).toContain("warning: ");
  });

  it("empty.csv: the file is empty, exit 1", async () => {
    const run = await calc("empty.csv");
    expect(run.code).toBe(1);
    expect(errors(run.stderr)).toEqual([`error: ${join(HOSTILE, "empty.csv")}: the file is empty: expected a header row`]);
  });

  it("invalid-utf8.csv: names line 3", async () => {
    const run = await calc("invalid-utf8.csv");
    expect(run.code).toBe(1);
    expect(errors(run.stderr)[0]).toContain("invalid-utf8.csv:3: invalid UTF-8");
  });

  it("proto-headers.csv: __proto__ and constructor are plain columns", async () => {
    const run = await calc("proto-headers.csv");
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")[1]).toMatch(/^2024,2,30\.75,15\.38,/); // 30.75 / 2 = 15.375 -> 15.38 (half even)
    const named = await calc("proto-headers.csv", ["--revenue-column", "__proto__", "--empty-as-zero"]);
    expect(named.code).toBe(1);
    expect(named.stderr).toContain('__proto__: "x" is not an amount');
  });

  it("duplicate-headers.csv: refuses to guess which revenue", async () => {
    const run = await calc("duplicate-headers.csv");
    expect(run.code).toBe(1);
    expect(errors(run.stderr)).toEqual([`error: ${join(HOSTILE, "duplicate-headers.csv")}:1: revenue: the header names this column more than once: revenue`]);
  });

  it("ansi.csv: escape sequences in cells are escaped in messages", async () => {
    const run = await calc("ansi.csv");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('revenue: "\\u001b[31m12\\u001b[0m" is not an amount');
  });

  it("ansi-header.csv: escape sequences in header names are escaped too", async () => {
    const run = await calc("ansi-header.csv");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("found: customer_id, year, \\u001b[2Jturnover");
  });

  it("formula.csv: no output cell starts a formula", async () => {
    const run = await calc("formula.csv");
    expect(run.code).toBe(0);
    for (const line of run.stdout.trim().split("\n").slice(1)) {
      for (const cell of line.split(",")) expect(cell).toMatch(/^(-?\d+(\.\d+)?)?$/);
    }
    const report = await cli(["validate", "--new", join(HOSTILE, "formula.csv"), "--report", "json"]);
    expect(JSON.parse(report.stdout).valid).toBe(true);
  });

  it("bad-count.csv: one error per bad count", async () => {
    const run = await calc("bad-count.csv");
    expect(run.code).toBe(1);
    expect(errors(run.stderr).map((l) => l.replace(/^.*bad-count\.csv:/, ""))).toEqual([
      '3: customers: "0" is not a whole number of customers from 1 to 1,000,000,000,000',
      '4: customers: "1.5" is not a whole number of customers from 1 to 1,000,000,000,000',
      '5: customers: "-2" is not a whole number of customers from 1 to 1,000,000,000,000',
    ]);
    expect(run.stderr).toContain("… and 1 more like it (line 6)");
    const report = await cli(["validate", "--new", join(HOSTILE, "bad-count.csv"), "--report", "json"]);
    expect(JSON.parse(report.stdout).issues.filter((i: { code: string }) => i.code === "bad-count").map((i: { line: number; value: string }) => `${i.line} ${i.value}`)).toEqual(["3 0", "4 1.5", "5 -2", "6 many"]);
  });

  it("consistency/: duplicate ids and customers in exclusive phases, naming both places", async () => {
    const run = await cli(["validate", "--dir", "consistency", "--report", "json"], { cwd: HOSTILE });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    const brief = report.issues.map((i: { severity: string; code: string; file: string; line: number; value: string }) => `${i.severity} ${i.code} ${i.file}:${i.line} ${i.value}`);
    expect(brief).toEqual([
      "error duplicate-id consistency/new.csv:4 B",
      "error new-and-retained consistency/retained.csv:2 C",
      "error retained-and-churned consistency/churned.csv:2 D",
      "error retained-and-churned consistency/churned.csv:4 Z",
      "warning no-earlier-record consistency/retained.csv:2 C",
      "warning no-earlier-record consistency/retained.csv:3 D",
      "warning no-earlier-record consistency/churned.csv:2 D",
      "warning no-earlier-record consistency/churned.csv:3 E",
    ]);
    expect(report.issues[1].message).toBe('customer_id: "C" is both new and retained in 2024 (new at consistency/new.csv:5)');
  });

  it("lists every hostile file in a test above", () => {
    const files = readdirSync(HOSTILE).filter((f) => f.endsWith(".csv"));
    expect(files.sort()).toEqual([
      "ansi-header.csv",
      "ansi.csv",
      "bad-count.csv",
      "binary-garbage.csv",
      "duplicate-headers.csv",
      "empty.csv",
      "formula.csv",
      "header-only.csv",
      "invalid-utf8.csv",
      "proto-headers.csv",
      "unclosed-quote.csv",
    ]);
  });
});

describe("hostile inputs made at run time", () => {
  it("a 100 MB single line: one clear error, bounded memory", async () => {
    const dir = folder();
    const path = join(dir, "line.csv");
    const out = createWriteStream(path);
    out.write("customer_id,year,revenue,");
    const block = "x".repeat(1 << 20);
    for (let i = 0; i < 100; i++) if (!out.write(block)) await once(out, "drain");
    out.end("\n");
    await once(out, "finish");
    const run = await cli(["--new", path]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errors(run.stderr)).toEqual([
      `error: ${path}:1: malformed CSV: a record longer than 1,048,576 characters (not a CSV export, or a quote that never closes)`,
    ]);
  });

  it("a directory given as a file, a missing file, a path through a file", async () => {
    const dir = folder({ "file.csv": "year,revenue\n2024,1\n" });
    for (const [path, why] of [
      [dir, "it is a directory, not a file"],
      [join(dir, "missing.csv"), "no such file"],
      [join(dir, "file.csv", "x.csv"), "cannot read the file"],
    ] as const) {
      const run = await cli(["--new", path]);
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(errors(run.stderr)[0]).toContain(why);
      expect(run.stderr).not.toMatch(STACK_FRAME);
    }
  });

  // No timing here: each test feeds ceq more bytes than a pipe holds (64 KiB) and waits until the
  // write completes, which happens only once ceq has read most of them. ceq is then certainly
  // mid-run, waiting for the rest, when the signal arrives.
  const ROWS = Array.from({ length: 40_000 }, (_, i) => `C${i},${2015 + (i % 10)},${i % 997}.${String(i % 100).padStart(2, "0")},1.00`).join("\n");
  const written = (stream: NodeJS.WritableStream, text: string) => new Promise<void>((done, fail) => stream.write(text, (e) => (e ? fail(e) : done())));

  it.each(["SIGINT", "SIGTERM"] as const)("%s while an export is still being read leaves no output file, partial or temporary", async (signal) => {
    const dir = folder();
    execFileSync("mkfifo", [join(dir, "new.csv")]);
    writeFileSync(join(dir, "out.json"), "previous\n");
    const child = spawn(process.execPath, [BIN, "--new", "new.csv", "-f", "json", "-o", "out.json"], { cwd: dir });
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const fifo = createWriteStream(join(dir, "new.csv"));
    fifo.on("error", () => {}); // the reader goes away with the signal
    await written(fifo, `customer_id,year,revenue,cost\n${ROWS}\n`);
    child.kill(signal);
    // ceq ends by the signal itself (a shell shows 130 or 143), as a well-behaved CLI does.
    const [, by] = (await once(child, "exit")) as [number | null, string | null];
    expect(by).toBe(signal);
    fifo.destroy();
    expect(readdirSync(dir).sort()).toEqual(["new.csv", "out.json"]);
    expect(readFileSync(join(dir, "out.json"), "utf8")).toBe("previous\n");
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it.each(["SIGINT", "SIGTERM"] as const)("%s while standard input is still arriving leaves no copy of it behind", async (signal) => {
    const dir = folder();
    const temp = folder();
    writeFileSync(join(dir, "out.json"), "previous\n");
    const child = spawn(process.execPath, [BIN, "--new", "-", "-f", "json", "-o", "out.json"], { cwd: dir, env: { ...process.env, TMPDIR: temp } });
    child.stdin.on("error", () => {});
    // With an id column, ceq keeps a copy of standard input as it reads it (for a second reading).
    await written(child.stdin, `customer_id,year,revenue,cost\n${ROWS}\n`);
    expect(readdirSync(temp)).toHaveLength(1);
    child.kill(signal);
    // ceq ends by the signal itself (a shell shows 130 or 143), as a well-behaved CLI does.
    const [, by] = (await once(child, "exit")) as [number | null, string | null];
    expect(by).toBe(signal);
    expect(readdirSync(temp)).toEqual([]);
    expect(readdirSync(dir)).toEqual(["out.json"]);
    expect(readFileSync(join(dir, "out.json"), "utf8")).toBe("previous\n");
  });
});
