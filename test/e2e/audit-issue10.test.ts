/**
 * Issue 10: the independent audit's 19 reproductions, each run as the audit ran it (the built
 * binary, or the pure core where the cause lives there). Each failed before its fix.
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { appendFileSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { delimiterNamed } from "../../src/commands/option-values.js";
import { currencyDecimals, currencySymbol } from "../../src/currency.js";
import { summarize } from "../../src/model/equity.js";
import { IdTable } from "../../src/read/id-table.js";
import { openSource } from "../../src/io/opened.js";
import { source } from "../../src/io/source.js";
import { readInputs } from "../../src/read/inputs.js";
import { fileState, RowReader } from "../../src/read/phase-rows.js";
import { filePlan } from "../../src/read/file-plan.js";
import { Segments } from "../../src/model/segments.js";
import { SecondPass } from "../../src/read/identities.js";
import { threadCount } from "../../src/read/parallel/pool.js";
import { renderJson } from "../../src/render/json.js";
import { parseAmount, readAmount } from "../../src/schema/amount.js";
import { resolveColumns } from "../../src/schema/columns.js";
import { DEFAULT_CELLS } from "../../src/read/options.js";
import { parseDateYear, parsePhase, parseYear } from "../../src/schema/row.js";
import { cli } from "../support/capture.js";
import { BIN, ceq, DEMO, folder, STACK_FRAME } from "../support/helpers.js";

const errorLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("error: ") && !l.includes("no result was written"));
const warningLines = (stderr: string) => stderr.split("\n").filter((l) => l.startsWith("warning: "));

/** Every name Object.prototype answers to, in the cases a cell may write it. */
const PROTOTYPE_NAMES = [...Object.getOwnPropertyNames(Object.prototype), "__proto__"].flatMap((n) => [n, n.toUpperCase(), ` ${n} `]);

describe("1. a second reading with a file that has no id column", () => {
  // 70,000 fully quoted lines without ids: over 1 MiB, read in chunks whose edges fall mid-file.
  const quotedNew = `year,revenue\n${'"2020","1234567.50"\n'.repeat(70_000)}`;

  it("places a churned customer with no earlier record: exit 0 with the warning", async () => {
    const dir = folder({ "new.csv": quotedNew, "retained.csv": "customer_id,year,revenue\nX,2021,10\n", "churned.csv": "customer_id,year,revenue\nY,2022,5\n" });
    const run = await cli(["--dir", dir, "-f", "json"]);
    expect(run.stderr).not.toContain("internal error");
    expect(run.code).toBe(0);
    expect(warningLines(run.stderr)).toContain(`warning: ${join(dir, "churned.csv")}:2: customer_id: "Y" has no earlier record: churned in 2022, but neither new nor retained in an earlier year`);
    expect(JSON.parse(run.stdout).years[0].acquisition.revenue).toBe(86419725000);
  });

  it("a real duplicate id in such a set-up is exit 1 with both places", async () => {
    const dir = folder({ "new.csv": quotedNew, "retained.csv": "customer_id,year,revenue\nX,2021,10\nX,2021,11\n" });
    const run = await cli(["--dir", dir]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([`error: ${join(dir, "retained.csv")}:3: customer_id: "X" appears twice in retained customers of 2021 (first at ${join(dir, "retained.csv")}:2)`]);
  });

  it("the fast reader's second reading of rows without ids does nothing (the cause: the id was built first)", () => {
    const table = new IdTable();
    const rows = new RowReader(new Segments(), table, () => {}, () => {}, DEFAULT_CELLS);
    const plan = filePlan(["year", "revenue"], { year: 0, revenue: 1 }, DEFAULT_CELLS);
    const state = fileState("new.csv", "acquisition");
    const fast = rows.fastLines(state, plan, ",")!;
    rows.second = new SecondPass(table);
    // A buffer of its own, at offset 0 of its memory, as a read chunk is: an id "at -1" was outside it.
    const bytes = Buffer.alloc(18);
    bytes.write("2020,12.50\n2021,1\n");
    expect(bytes.byteOffset).toBe(0);
    expect(() => fast.read(bytes, 2)).not.toThrow();
    expect(state.records).toBe(2);
  });
});

describe("2. warnings and --strict do not depend on the thread count", () => {
  it("an export without ids read in ranges by worker threads beside a retained customer in the earliest id year: the issues of one thread", async () => {
    const dir = folder({ "retained.csv": "customer_id,year,revenue\nX,2021,10\n", "new.csv": `year,revenue\n${"2020,1234.50\n".repeat(20_000)}` });
    const read = (threads: number, strict: boolean) =>
      readInputs({
        inputs: { phases: { acquisition: source(join(dir, "new.csv")), retention: source(join(dir, "retained.csv")) } },
        strict,
        // Every 16 KiB range to a worker (the file is 280 KB, under the CLI's 32 MiB threshold).
        parallel: threads === 1 ? { threads: 1 } : { threads, rangeBytes: 16 << 10, minBytes: 0, workersOnly: true },
      });
    for (const strict of [false, true]) {
      const [one, two] = [await read(1, strict), await read(2, strict)];
      const issues = (r: typeof one) => [...r.log.errors, ...r.log.warnings].map((i) => [i.severity, i.code, i.file, i.line]);
      expect(issues(two), `strict ${strict}`).toEqual(issues(one));
      expect(issues(one).map((i) => i[1])).not.toContain("no-earlier-record");
      const json = (r: typeof one) => renderJson(summarize(r.ledger), { currency: "USD", decimals: 2, color: false, warnings: [] });
      expect(json(two)).toBe(json(one));
      expect(JSON.parse(json(one)).years[0].acquisition).toMatchObject({ revenue: 24_690_000 });
    }
  });

  // The same through the binary at the real threshold (40 MB, so that two threads read it): CEQ_DEEP=1.
  it.runIf(process.env.CEQ_DEEP === "1")("a 40 MB export without ids beside a retained customer in the earliest id year", async () => {
    const dir = folder({ "retained.csv": "customer_id,year,revenue\nX,2021,10\n" });
    writeFileSync(join(dir, "new.csv"), `year,revenue\n${"2020,1234.50\n".repeat(3_200_000)}`);
    expect(statSync(join(dir, "new.csv")).size).toBeGreaterThan(40e6);
    const runs = await Promise.all(
      [[], ["--strict"]].flatMap((extra) => ["1", "2"].map((threads) => ceq(["--dir", dir, "-f", "csv", ...extra], { env: { CEQ_THREADS: threads } }))),
    );
    const [one, two, strictOne, strictTwo] = runs;
    expect(one!.code, one!.stderr).toBe(0);
    for (const run of runs) expect(run.stderr).not.toContain("no earlier record");
    expect([two!.code, two!.stderr, two!.stdout]).toEqual([one!.code, one!.stderr, one!.stdout]);
    // --strict fails on the missing churned input alone, whatever the threads
    expect([strictOne!.code, strictTwo!.code]).toEqual([1, 1]);
    expect(strictTwo!.stderr).toBe(strictOne!.stderr);
    expect(errorLines(strictOne!.stderr)).toEqual(["error: no churned input given: that phase counts as zero"]);
  }, 120_000);
});

describe("3. text from the data never finds Object.prototype", () => {
  it("no prototype name is a phase, a delimiter or a known currency", () => {
    for (const name of PROTOTYPE_NAMES) {
      expect(parsePhase(name), name).toBeNull();
      expect(delimiterNamed(name), name).toBeUndefined();
      expect(typeof currencyDecimals(name.trim().toUpperCase().slice(0, 3)), name).toBe("number");
      expect(typeof currencySymbol(name.trim().toUpperCase().slice(0, 3)), name).toBe("string");
    }
  });

  it("a phase cell `constructor` or `__proto__` is a bad phase, exit 1", async () => {
    const names = ["constructor", "__proto__", "Constructor", "toString", "hasOwnProperty", "valueOf"];
    const dir = folder({ "all.csv": `phase,year,revenue\n${names.map((n) => `${n},2024,1`).join("\n")}\n` });
    const run = await cli(["--input", join(dir, "all.csv")]);
    expect(run.code).toBe(1);
    // Alike errors are grouped on standard error: the first three, then a count
    expect(errorLines(run.stderr).slice(0, 3)).toEqual(names.slice(0, 3).map((n, i) => `error: ${join(dir, "all.csv")}:${i + 2}: phase: "${n}" is not a phase (expected new, retained or churned)`));
    expect(run.stderr).toContain("… and 3 more like it (lines 5-7)");
    const report = await cli(["validate", "--input", join(dir, "all.csv"), "--report", "json"]);
    const issues = (JSON.parse(report.stdout) as { issues: { code: string; line: number; value: string }[] }).issues;
    expect(issues.map((i) => [i.code, i.line, i.value])).toEqual(names.map((n, i) => ["bad-phase", i + 2, n]));
  });

  it("--delimiter constructor is a usage error, exit 2", async () => {
    for (const name of ["constructor", "__proto__", "toString"]) {
      const run = await cli(["--dir", DEMO, "--delimiter", name]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("expected one of , ; | tab");
    }
  });
});

/** Runs ceq with standard output on a file or device opened here (not a pipe). */
function ceqInto(args: string[], out: string, options: { cwd?: string } = {}): Promise<{ code: number | null; stderr: string }> {
  const fd = openSync(out, "w");
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, stdio: ["ignore", fd, "pipe"] });
  closeSync(fd);
  let stderr = "";
  child.stderr!.on("data", (b: Buffer) => (stderr += b.toString()));
  return new Promise((done) => child.on("close", (code) => done({ code, stderr })));
}

describe("4. a write error on standard output", () => {
  it("`ceq … > /dev/full` is exit 1 with one line naming it", async () => {
    expect(lstatSync("/dev/full").isCharacterDevice(), "this machine's /dev/full must be the device (an old ceq run as root replaced it: mknod -m 666 /dev/full c 1 7)").toBe(true);
    const run = await ceqInto(["--dir", DEMO, "-f", "json"], "/dev/full");
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("error: cannot write to standard output: no space left on device (ENOSPC)\n");
  });
});

describe("5. an amount with too many digits", () => {
  it("is refused with its own code, beyond 30 decimals or 30 integer digits", () => {
    expect(readAmount(`0.${"0".repeat(29)}1`, { decimalComma: false })).toEqual({ coef: 1n, scale: 30 });
    expect(readAmount(`0.${"0".repeat(30)}1`, { decimalComma: false })).toBe("long-amount");
    expect(readAmount(`${"9".repeat(30)}.5`, { decimalComma: false })).toEqual({ coef: BigInt(`${"9".repeat(30)}5`), scale: 1 });
    expect(readAmount(`1${"0".repeat(30)}`, { decimalComma: false })).toBe("long-amount");
    expect(readAmount(`000${"1".repeat(30)}`, { decimalComma: false })).toEqual({ coef: BigInt("1".repeat(30)), scale: 0 });
    expect(parseAmount(`0.${"0".repeat(30)}1`, { decimalComma: false })).toBeNull();
    expect(readAmount("12x", { decimalComma: false })).toBe("bad-amount");
  });

  it("a 200 KB amount (200,000 decimals) is one error, exit 1, no heap blow-up", async () => {
    const dir = folder({ "new.csv": `year,revenue\n2024,0.${"0".repeat(200_000)}1\n2024,1.5\n` });
    const run = await cli(["--new", join(dir, "new.csv")]);
    expect(run.code).toBe(1);
    expect(run.stderr).not.toMatch(STACK_FRAME);
    expect(errorLines(run.stderr)).toEqual([
      `error: ${join(dir, "new.csv")}:2: revenue: "0.${"0".repeat(58)}…" has more digits than an amount can have (at most 30 before and 30 after the decimal point)`,
    ]);
  });
});

describe("6. years out of range, and many distinct years", () => {
  it("years from 1900 to 2200 only, as cells and as dates", () => {
    expect([parseYear("1900"), parseYear("2200"), parseYear("1899"), parseYear("2201"), parseYear("0999"), parseYear("9999")]).toEqual([1900, 2200, null, null, null, null]);
    expect([parseDateYear("1900-01-01", 1), parseDateYear("2200-12-31", 1), parseDateYear("2200-12-31", 4), parseDateYear("1899-12-31", 1)]).toEqual([1900, 2200, 2201, null]);
  });

  it("9,000 distinct years with ids: one error per out-of-range year, exit 1 (it took 40 s)", async () => {
    const rows = Array.from({ length: 9_000 }, (_, i) => `C${i},${1000 + i},1`);
    const dir = folder({ "new.csv": `customer_id,year,revenue\n${rows.join("\n")}\n` });
    const run = await cli(["--new", join(dir, "new.csv"), "--max-errors", "2"]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr).slice(0, 2)).toEqual([
      `error: ${join(dir, "new.csv")}:2: year: "1000" is not a year (expected four digits, such as 2024, from 1900 to 2200)`,
      `error: ${join(dir, "new.csv")}:3: year: "1001" is not a year (expected four digits, such as 2024, from 1900 to 2200)`,
    ]);
    // 9,000 − 301 years in range
    expect(run.stderr).toContain("… and 8697 more errors");
  });

  it("every year in range, with ids and a customer without history in each: all placed", () => {
    const table = new IdTable();
    for (let y = 1900; y <= 2201; y++) table.add(`C${y}`, 1, y); // retained, never new
    table.add("N", 0, 1900);
    table.add("N", 1, 2201);
    // every retained id after the first year has no earlier record; N has one
    expect(table.tally()).toEqual({ conflicts: 0, withoutHistory: 2201 - 1900 });
    expect(table.lookup("C2201")!.bits(2201, 1)).toBe(true);
    expect(table.lookup("N")!.bits(1900, 0)).toBe(true);
  });
});

describe("7. standard input is read as it arrives", () => {
  const written = (stream: NodeJS.WritableStream, data: Buffer | string) => new Promise<void>((done, fail) => stream.write(data, (e) => (e ? fail(e) : done())));

  it("stops at the first bytes that are not text, while standard input is still open, and keeps no copy", async () => {
    const temp = folder();
    const child = spawn(process.execPath, [BIN, "--new", "-"], { env: { ...process.env, TMPDIR: temp } });
    child.stdin.on("error", () => {});
    let stderr = "";
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString()));
    const garbage = Buffer.alloc(1 << 20);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 2654435761) >>> 24;
    child.stdin.write(garbage);
    // Standard input is never closed: ceq must end by itself.
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(1);
    expect(errorLines(stderr)[0]).toMatch(/^error: <stdin>:\d+: invalid UTF-8/);
    expect(readdirSync(temp)).toEqual([]);
    child.stdin.destroy();
  });

  it("without an id column nothing is copied, even while it is read", async () => {
    const temp = folder();
    const child = spawn(process.execPath, [BIN, "--new", "-", "-f", "csv"], { env: { ...process.env, TMPDIR: temp } });
    let stdout = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString()));
    await written(child.stdin, `year,revenue\n${"2024,1.25\n".repeat(200_000)}`); // 2 MB: read well past the header
    expect(readdirSync(temp)).toEqual([]);
    child.stdin.end();
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
    expect(stdout.split("\n")[1]!.split(",").slice(0, 3)).toEqual(["2024", "200000", "250000.00"]);
  });

  it("a second reading places duplicate ids from standard input, and the copy is gone after", async () => {
    const temp = folder();
    const run = await ceq(["--new", "-"], { stdin: "customer_id,year,revenue\nA,2024,1\nB,2024,2\nA,2024,3\n", env: { TMPDIR: temp } });
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual(['error: <stdin>:4: customer_id: "A" appears twice in new customers of 2024 (first at <stdin>:2)']);
    expect(readdirSync(temp)).toEqual([]);
  });

  it("past the copy's bound, a second reading that needs it says so instead", async () => {
    const temp = folder();
    const rows = Array.from({ length: 500 }, (_, i) => `C${i},2024,1`).join("\n");
    const run = await ceq(["--new", "-"], { stdin: `customer_id,year,revenue\n${rows}\nC1,2024,2\n`, env: { TMPDIR: temp, CEQ_STDIN_SPOOL_LIMIT: "1000" } });
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)).toEqual([
      "error: <stdin>: standard input is over 0.001 MiB, more than ceq keeps to read it a second time and place the customer id problems it found: give the export as a file",
    ]);
    expect(readdirSync(temp)).toEqual([]);
  });
});

describe("8. CEQ_THREADS", () => {
  it("is capped at the core count", () => {
    expect(threadCount({ CEQ_THREADS: "64" }, 2)).toBe(2);
    expect(threadCount({ CEQ_THREADS: "1" }, 2)).toBe(1);
    expect(threadCount({ CEQ_THREADS: " 2 " }, 8)).toBe(2);
    expect(threadCount({}, 6)).toBe(6);
  });

  it.each(["0", "-1", "abc", "1.5", "2x"])("CEQ_THREADS=%s is a usage error, exit 2", async (value) => {
    const run = await cli(["--dir", DEMO], { env: { CEQ_THREADS: value } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(`error: CEQ_THREADS=${JSON.stringify(value)} is not a number of threads: expected a whole number from 1 (this machine has ${threadCount({})} cores)\n`);
  });
});

describe("9. a file replaced or rewritten while it is read", () => {
  const rows = (revenue: string, n: number) => `customer_id,year,revenue\n${Array.from({ length: n }, (_, i) => `C${i},2024,${revenue}`).join("\n")}\n`;

  it("an export replaced by mv after it was opened: every thread reads the file that was opened", async () => {
    const dir = folder({ "new.csv": rows("1.00", 5_000), "next.csv": rows("2.00", 5_000) });
    const opened = await openSource(source(join(dir, "new.csv")));
    renameSync(join(dir, "next.csv"), join(dir, "new.csv"));
    const { ledger, log } = await readInputs({ inputs: { phases: { acquisition: opened } }, parallel: { threads: 3, rangeBytes: 4096, minBytes: 0 } });
    expect(log.errorCount).toBe(0);
    const json = JSON.parse(renderJson(summarize(ledger), { currency: "USD", decimals: 2, color: false, warnings: [] }));
    expect(json.years[0].acquisition).toMatchObject({ customers: 5000, revenue: 5000 });
  });

  it("an export rewritten in place while it is read is an error, not a mixed result", async () => {
    const dir = folder({ "new.csv": rows("1.00", 100) });
    const opened = await openSource(source(join(dir, "new.csv")));
    appendFileSync(join(dir, "new.csv"), "C100,2024,1.00\n");
    const { log } = await readInputs({ inputs: { phases: { acquisition: opened } } });
    expect(log.errors.map((i) => [i.code, i.file])).toEqual([["changed-while-read", join(dir, "new.csv")]]);
  });
});

describe("10. the line of a bad byte after a quoted field over many lines", () => {
  it("is its own line, plain (1 MiB chunks) and gzipped (16 KiB chunks)", async () => {
    // 30,000 plain rows, then a note of 12,000 lines (0.6 MB) that crosses the first 1 MiB read
    // chunk (and many gzip chunks), with a 2-byte "é" cut by that chunk's end; the bad byte is on
    // the line after the one the note closes on, in the chunk where it closes.
    const note = Array.from({ length: 12_000 }, (_, i) => `note ${i} ${"é".repeat(20)}`).join("\n");
    const make = (pad: string) => {
      const rows = Array.from({ length: 30_000 }, (_, i) => `B${i},2024,2,ok`).join("\n");
      return `customer_id,year,revenue,note\nB${pad},2024,2,ok\n${rows}\nA,2024,1,"${note}"\n`;
    };
    const good = Array.from({ length: 60 }, (_, n) => make("x".repeat(n))).find((text) => (Buffer.from(text)[2 ** 20]! & 0xc0) === 0x80)!;
    const bytes = Buffer.concat([Buffer.from(good), Buffer.from("C,2024,3,"), Buffer.from([0xff]), Buffer.from("\n")]);
    const line = good.split("\n").length; // the bad row's line
    expect(line).toBe(1 + 1 + 30_000 + 12_000 + 1);
    expect(bytes.indexOf('"')).toBeLessThan(2 ** 20);
    expect(bytes.indexOf('"\n')).toBeGreaterThan(2 ** 20);
    const dir = folder({ "new.csv": bytes, "new.csv.gz": gzipSync(bytes) });
    for (const name of ["new.csv", "new.csv.gz"]) {
      const run = await cli(["--new", join(dir, name)]);
      expect(run.code).toBe(1);
      expect(errorLines(run.stderr)[0]).toBe(`error: ${join(dir, name)}:${line}: invalid UTF-8: the file must be UTF-8, or UTF-16 with a byte order mark`);
    }
  });
});

describe("11. --dir follows symbolic links", () => {
  it("exports that are links give the same result as the files", async () => {
    const dir = folder();
    mkdirSync(join(dir, "links"));
    for (const name of ["new.csv", "retained.csv", "churned.csv"]) symlinkSync(join(DEMO, name), join(dir, "links", name));
    const [linked, direct] = await Promise.all([cli(["--dir", join(dir, "links"), "-f", "json"]), cli(["--dir", DEMO, "-f", "json"])]);
    expect(linked.code).toBe(0);
    expect(linked.stderr).toBe("");
    expect(linked.stdout).toBe(direct.stdout);
  });

  it("a broken link is an error naming it, not a phase counted as zero", async () => {
    const dir = folder();
    symlinkSync(join(DEMO, "new.csv"), join(dir, "new.csv"));
    symlinkSync(join(dir, "gone.csv"), join(dir, "retained.csv"));
    const run = await cli(["--dir", dir]);
    expect(run.code).toBe(1);
    expect(errorLines(run.stderr)[0]).toBe(`error: ${join(dir, "retained.csv")}: cannot read the file: no such file`);
  });
});

describe("12. customer counts are exact or refused", () => {
  it("a row may count up to 10^12 customers", async () => {
    const dir = folder({ "new.csv": "year,revenue,customers\n2024,1,1000000000000\n2024,1,1000000000001\n" });
    const run = await cli(["--new", join(dir, "new.csv")]);
    expect(errorLines(run.stderr)).toEqual([`error: ${join(dir, "new.csv")}:3: customers: "1000000000001" is not a whole number of customers from 1 to 1,000,000,000,000`]);
  });

  it("counts adding up past 2^53 are an error, not 1.0006998372017241e+21", async () => {
    const dir = folder({ "new.csv": `year,revenue,customers\n${"2024,1,999999999999\n".repeat(9_100)}` });
    const run = await cli(["--new", join(dir, "new.csv"), "-f", "json"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(errorLines(run.stderr)).toEqual([
      "error: the customer counts add up to more than 9,007,199,254,740,991 (2^53 − 1), past what can be counted exactly: check the count column",
    ]);
  });

  it("just below 2^53 they are exact", async () => {
    // 9,007 rows of 10^12 and one of 199,254,740,991: exactly 2^53 − 1
    const dir = folder({ "new.csv": `year,revenue,customers\n${"2024,1,1000000000000\n".repeat(9_007)}2024,1,199254740991\n` });
    const run = await cli(["--new", join(dir, "new.csv"), "-f", "json"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('"customers": 9007199254740991');
  });
});

describe("13. the same bytes read the same, plain or gzipped", () => {
  it("a sample of long multibyte lines whose last line is cut inside the first 64 KiB", async () => {
    // Fewer than 50 lines fit in the sample, so the cut one is looked at. Lines are 1,811 bytes
    // and 911 characters; the 346-byte header puts gzip's old 65,536-byte sample end just after
    // "…ü,q;20", where the comma count is whole and the semicolon count is not.
    const header = `${"a,b;year;revenue".padEnd(345)}\n`;
    const line = `${"ü".repeat(900)},q;2024;10\n`;
    expect([Buffer.byteLength(header), Buffer.byteLength(line), (65_536 - 346) % 1811]).toEqual([346, 1811, 1805]);
    const text = header + line.repeat(200);
    const dir = folder({ "new.csv": text, "new.csv.gz": gzipSync(Buffer.from(text)) });
    const plain = await cli(["--new", join(dir, "new.csv"), "-f", "csv"]);
    const gzipped = await cli(["--new", join(dir, "new.csv.gz"), "-f", "csv"]);
    expect(plain.code).toBe(0);
    expect(gzipped.code, gzipped.stderr).toBe(0);
    expect(gzipped.stdout).toBe(plain.stdout);
    expect(plain.stdout.split("\n")[1]!.split(",").slice(0, 3)).toEqual(["2024", "200", "2000.00"]);
  });
});

describe("14. a negative cost in the costs file", () => {
  it("warns as a negative cost in a row does, and fails --strict", async () => {
    const dir = folder({ "new.csv": "year,revenue\n2024,10\n", "costs.csv": "year,acquisition cost,servicing cost\n2024,-5,1\n" });
    const warning = `warning: ${join(dir, "costs.csv")}:2: acquisition cost: "-5" is negative`;
    const run = await cli(["--new", join(dir, "new.csv"), "--costs", join(dir, "costs.csv")]);
    expect(run.code).toBe(0);
    expect(warningLines(run.stderr)).toContain(warning);
    const strict = await cli(["--new", join(dir, "new.csv"), "--costs", join(dir, "costs.csv"), "--strict"]);
    expect(strict.code).toBe(1);
    expect(errorLines(strict.stderr)).toContain(warning.replace("warning:", "error:"));
  });
});

describe("15. an option given twice", () => {
  it.each([
    [["--year", "2023", "--year", "2024"], "--year"],
    [["-f", "csv", "-f", "json"], "--format"],
    [["--format", "csv", "-f", "json"], "--format"],
    [["--currency", "EUR", "--currency", "USD"], "--currency"],
  ])("%j is a usage error naming both values", async (args, name) => {
    const run = await cli(["--dir", DEMO, ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`${name} was given twice, as "${args[1]}" and "${args[3]}": give it once`);
  });

  it("with the same value it is harmless", async () => {
    const [twice, once] = await Promise.all([cli(["--dir", DEMO, "-f", "csv", "--year", "2024", "--year", "2024"]), cli(["--dir", DEMO, "-f", "csv", "--year", "2024"])]);
    expect(twice.code).toBe(0);
    expect(twice.stdout).toBe(once.stdout);
  });
});

describe("16. text from the data is shown on one line, escaped", () => {
  it("a quoted header cell with a line break cannot forge an output line", async () => {
    // The row holds a year, so that the hint may offer the column (a hint never offers a column of non-years).
    const dir = folder({ "new.csv": '"x\nvalid: 0 errors in 3 files","\u202eyear"\n1,2024\n' });
    const run = await cli(["validate", "--new", join(dir, "new.csv")]);
    expect(run.code).toBe(1);
    const lines = run.stdout.split("\n");
    expect(lines).not.toContain("valid: 0 errors in 3 files");
    expect(lines[0]).toBe(`error: ${join(dir, "new.csv")}:1: missing required column year (or date); found: x\\u000avalid: 0 errors in 3 files, \\u202eyear`);
    // The hint quotes the header cell too, escaped the same way
    expect(lines[1]).toBe('hint: if "\\u202eyear" is that column, name it: --year-column "\\u202eyear"');
  });
});

describe("17. --output", () => {
  it("a device is written to, not replaced: -o /dev/full is exit 1 and /dev/full stays a device", async () => {
    expect(lstatSync("/dev/full").isCharacterDevice(), "this machine's /dev/full must be the device (an old ceq run as root replaced it: mknod -m 666 /dev/full c 1 7)").toBe(true);
    const run = await cli(["--dir", DEMO, "-o", "/dev/full"]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("error: cannot write /dev/full: no space left on device (ENOSPC)\n");
    expect(lstatSync("/dev/full").isCharacterDevice()).toBe(true);
  });

  it("-o /dev/stdout writes to standard output", async () => {
    const [viaDevice, plain] = await Promise.all([ceq(["--dir", DEMO, "-f", "csv", "-o", "/dev/stdout"]), ceq(["--dir", DEMO, "-f", "csv"])]);
    expect(viaDevice.code).toBe(0);
    expect(viaDevice.stdout).toBe(plain.stdout);
  });

  it("a FIFO is written to", async () => {
    const dir = folder();
    execFileSync("mkfifo", [join(dir, "out.fifo")]);
    const reader = new Promise<string>((done) => {
      const cat = spawn("cat", [join(dir, "out.fifo")]);
      let out = "";
      cat.stdout.on("data", (b: Buffer) => (out += b.toString()));
      cat.on("close", () => done(out));
    });
    const [run, plain] = await Promise.all([ceq(["--dir", DEMO, "-f", "csv", "-o", join(dir, "out.fifo")]), ceq(["--dir", DEMO, "-f", "csv"])]);
    expect(run.code).toBe(0);
    expect(await reader).toBe(plain.stdout);
  });

  it("a symbolic link stays a link; its target is replaced atomically", async () => {
    const dir = folder({ "real.json": "old\n" });
    symlinkSync(join(dir, "real.json"), join(dir, "out.json"));
    const run = await cli(["--dir", DEMO, "-f", "json", "-o", join(dir, "out.json")]);
    expect(run.code).toBe(0);
    expect(lstatSync(join(dir, "out.json")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "real.json"), "utf8")).schemaVersion).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(["out.json", "real.json"]);
  });

  it("an output that is one of the inputs is refused, exit 2, nothing touched", async () => {
    const dir = folder({ "new.csv": "year,revenue\n2024,10\n" });
    for (const out of [join(dir, "new.csv"), `${dir}/./new.csv`]) {
      const run = await cli(["--new", join(dir, "new.csv"), "-o", out]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`error: --output ${out} is also an input (--new ${join(dir, "new.csv")}): the result would overwrite it; write it elsewhere\n`);
      expect(readFileSync(join(dir, "new.csv"), "utf8")).toBe("year,revenue\n2024,10\n");
    }
  });

  it("a directory gets a plain message, exit 2", async () => {
    const dir = folder();
    const run = await cli(["--dir", DEMO, "-o", dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`error: --output ${dir} is a directory: name a file, such as ${join(dir, "equity.json")}\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("-o - is standard output", async () => {
    const [dash, plain] = await Promise.all([cli(["--dir", DEMO, "-f", "csv", "-o", "-"]), cli(["--dir", DEMO, "-f", "csv"])]);
    expect(dash.code).toBe(0);
    expect(dash.stdout).toBe(plain.stdout);
  });
});

describe("18. leap days by the Gregorian rule", () => {
  it("0000-02-29 is out of range; 2000 and 2024 have a 29 February, 1900 and 2100 do not", () => {
    expect(parseDateYear("0000-02-29", 1)).toBeNull();
    expect([parseDateYear("2000-02-29", 1), parseDateYear("2024-02-29", 1), parseDateYear("1900-02-29", 1), parseDateYear("2100-02-29", 1)]).toEqual([2000, 2024, null, null]);
    expect([parseDateYear("2023-04-31", 1), parseDateYear("2023-04-30", 1), parseDateYear("2023-12-31", 7)]).toEqual([null, 2023, 2024]);
  });
});

describe("19. messages about wide headers and ids", () => {
  it("a 150,000-column header lists its first 20 names and a count", () => {
    const header = Array.from({ length: 150_000 }, (_, i) => `col${i}`);
    const { issues } = resolveColumns(header, { file: "new.csv", line: 1, flags: {}, needsPhase: false });
    const detail = issues.map((i) => i.detail!);
    const first20 = header.slice(0, 20).join(", ");
    expect(detail).toEqual([`year (or date); found: ${first20} and 149,980 more`, `revenue (or avg revenue); found: ${first20} and 149,980 more`]);
  });
});
