/**
 * test/support/capture.ts cli(): main() run in this process gives what the binary gives, for
 * what a test may hand it (standard input, environment, working folder), and one run leaves
 * nothing to the next. Each case is checked against the spawned binary (ceq()), the independent
 * answer, once.
 */
import { describe, expect, it } from "vitest";
import { cli } from "../../support/capture.js";
import { ceq, DEMO, folder } from "../../support/helpers.js";
import { workbook } from "../../support/workbook.js";

const LOG = "customer_id,date,amount\nA,2023-02-01,10.00\nB,2023-03-01,5.50\nA,2024-01-15,20.00\n";

describe("cli() runs main() in-process as ceq() runs the binary", () => {
  it("reads a log from standard input (--transactions -), the same figures as the binary", async () => {
    const args = ["--transactions", "-", "-f", "json"];
    const [inside, spawned] = [await cli(args, { stdin: LOG }), await ceq(args, { stdin: LOG })];
    expect(inside).toEqual(spawned);
    expect(inside.code).toBe(0);
    // 2023: A and B new (15.50); 2024: A retained (20.00), B churned.
    const years = JSON.parse(inside.stdout).years as { year: number; acquisition: { revenue: number }; retention: { revenue: number } }[];
    expect(years.map((y) => [y.year, y.acquisition.revenue, y.retention.revenue])).toEqual([
      [2023, 15.5, 0],
      [2024, 0, 20],
    ]);
  });

  it("reads one export piped with nothing named (a phase column), as the binary does", async () => {
    const csv = "customer_id,phase,year,revenue\nC1,new,2024,100.00\nC2,churned,2024,40.00\n";
    const [inside, spawned] = [await cli(["-f", "csv"], { stdin: csv }), await ceq(["-f", "csv"], { stdin: csv })];
    expect(inside).toEqual(spawned);
    expect(inside.code).toBe(0);
  });

  it("with nothing named and nothing piped: the usage error, exit 2", async () => {
    const [inside, spawned] = [await cli([]), await ceq([])];
    expect(inside).toEqual(spawned);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/^error: no input given\n/);
  });

  it("honours the run's CEQ_THREADS, not the process's", async () => {
    const env = { CEQ_THREADS: "abc" };
    const [inside, spawned] = [await cli(["--dir", DEMO], { env }), await ceq(["--dir", DEMO], { env })];
    expect(inside).toEqual(spawned);
    expect(inside.code).toBe(2);
    expect(inside.stderr).toMatch(/^error: CEQ_THREADS="abc" is not a number of threads/);
    expect(process.env.CEQ_THREADS).toBeUndefined();
  });

  it("honours the run's CEQ_STDIN_SPOOL_LIMIT", async () => {
    const env = { CEQ_STDIN_SPOOL_LIMIT: "ten" };
    const inside = await cli(["--transactions", "-"], { stdin: LOG, env });
    expect(inside).toEqual(await ceq(["--transactions", "-"], { stdin: LOG, env }));
    expect(inside.code).toBe(2);
  });

  it("resolves relative paths from cwd, and gives the test's folder back", async () => {
    const dir = folder({ "log.csv": LOG });
    const before = process.cwd();
    const inside = await cli(["--transactions", "log.csv", "-f", "csv"], { cwd: dir });
    expect(process.cwd()).toBe(before);
    expect(inside).toEqual(await ceq(["--transactions", "log.csv", "-f", "csv"], { cwd: dir }));
    expect(inside.code).toBe(0);
    expect((await cli(["--transactions", "log.csv"])).stderr).toMatch(/^error: log\.csv: cannot read the file: no such file\n/);
  });

  it("runs started together run one after another, each with its own input and exit code", async () => {
    const runs = await Promise.all([cli(["--transactions", "-", "-f", "csv"], { stdin: LOG }), cli([]), cli(["--dir", DEMO, "-f", "csv"])]);
    expect(runs.map((r) => r.code)).toEqual([0, 2, 0]);
    expect(runs[0]!.stdout).toBe((await ceq(["--transactions", "-", "-f", "csv"], { stdin: LOG })).stdout);
    expect(runs[2]!.stdout).toBe((await ceq(["--dir", DEMO, "-f", "csv"])).stdout);
  });

  it("a workbook's sheet noted by one run is not the next run's: an error of a file by the same name names no sheet", async () => {
    // xlsx/places.ts keeps each input name's sheet for placing issues; a run that fails before
    // choosing a sheet once reported the previous run's ("new.xlsx [Old]: no such sheet").
    const rows = [["customer_id", "year", "revenue"], ["A", 2024, 10]];
    const dir = folder({ "new.xlsx": await workbook([{ name: "Old", rows }]) });
    expect((await cli(["--new", "new.xlsx", "-f", "csv"], { cwd: dir })).code).toBe(0);
    const missing = await cli(["--new", "new.xlsx", "--sheet", "Details"], { cwd: dir });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: new\.xlsx: no such sheet \(--sheet\): none is named "Details"/);
    expect(missing).toEqual(await ceq(["--new", "new.xlsx", "--sheet", "Details"], { cwd: dir }));
  });
});
