/**
 * Issue 26, side files and config: a ragged row in --fx-rates (and every side file, named by a flag
 * or by a config) is an error; fxRates print as given (point 1); a ceq.config.json in --dir is
 * announced, may not set an output path, and --no-config skips it (point 4); "__proto__" is an
 * unknown key like any other (point 9). Each failed before its fix.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ceq, folder } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

const NEW = "customer_id,year,revenue,currency\nA,2023,100,EUR\nB,2023,200,USD\n";
const PHASES = {
  "new.csv": "customer_id,year,revenue,channel\nA,2023,100,web\nB,2023,200,shop\nC,2024,50,web\n",
  "retained.csv": "customer_id,year,revenue,channel\nA,2024,120,web\n",
  "churned.csv": "customer_id,year,revenue,channel\nB,2024,200,shop\n",
};

/** An error run: the exit code, nothing on standard output, stderr matching. */
async function fails(args: string[], code: number, message: RegExp, cwd?: string): Promise<void> {
  const run = await cli(args, cwd === undefined ? {} : { cwd });
  expect(run.code, run.stderr).toBe(code);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(message);
}

describe("point 1: every side file checks its rows' width", () => {
  it("--fx-rates: EUR,2023,1,1 under a three-column header is a ragged row, not a rate of 1", async () => {
    const dir = folder({ "new.csv": NEW, "fx.csv": "currency,year,rate\nEUR,2023,1,1\n" });
    await fails(["--new", join(dir, "new.csv"), "--fx-rates", join(dir, "fx.csv")], 1, /fx\.csv:2: the row has 4 fields; the header has 3/);
  });

  it("an fx rates file named by --config gets the same check", async () => {
    const dir = folder({ "new.csv": NEW, "fx.csv": "currency,year,rate\nEUR,2023,1,1\n" });
    writeFileSync(join(dir, "c.json"), JSON.stringify({ fxRates: join(dir, "fx.csv") }));
    await fails(["--new", join(dir, "new.csv"), "--config", join(dir, "c.json")], 1, /fx\.csv:2: the row has 4 fields; the header has 3/);
  });

  it("a costs file and a cohorts file: a short row is an error at its line", async () => {
    const dir = folder({ ...PHASES, "costs.csv": "year,acquisition cost,servicing cost\n2023,10,5\n2024,10\n", "c.csv": "cohort,period,customers\n0,0,100\n0,1\n" });
    await fails(["--new", join(dir, "new.csv"), "--costs", join(dir, "costs.csv")], 1, /costs\.csv:3: the row has 2 fields; the header has 3/);
    await fails(["value", "--cohorts", join(dir, "c.csv"), "--model", "sbg", "--discount-rate", "0.1", "--margin", "1"], 1, /c\.csv:3: the row has 2 fields; the header has 3/);
  });

  it("JSON fxRates: a 30-decimal rate is printed digit for digit, as given", async () => {
    const rate = "1.123456789012345678901234567890";
    const dir = folder({ "new.csv": NEW, "fx.csv": `currency,year,rate\nEUR,2023,${rate}\n` });
    const run = await ceq(["--new", join(dir, "new.csv"), "--fx-rates", join(dir, "fx.csv"), "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`"rate": ${rate}\n`);
    // 100 × rate + 200, exact to the cent: 312.35 (312.3456789…).
    expect(run.stdout).toMatch(/"revenue": 312\.35,/);
  });
});

describe("point 4: a ceq.config.json in --dir", () => {
  const config = (content: object) => folder({ ...PHASES, "ceq.config.json": JSON.stringify(content) });

  it("is announced on stderr every time it is read, and --no-config skips it", async () => {
    const dir = config({ where: ["channel=web"] });
    for (const args of [["--dir", dir, "-f", "json"], ["validate", "--dir", dir], ["cohorts", "--dir", dir]]) {
      const run = await cli(args);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(`using ${join(dir, "ceq.config.json")}\n`);
    }
    const used = JSON.parse((await cli(["--dir", dir, "-f", "json"])).stdout) as { total: { acquisition: { customers: number } } };
    const skipped = await cli(["--dir", dir, "--no-config", "-f", "json"]);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stderr).not.toContain("ceq.config.json");
    // The config's filter keeps the web rows (A in 2023, C in 2024); without it B is counted too.
    expect(used.total.acquisition.customers).toBe(2);
    expect((JSON.parse(skipped.stdout) as typeof used).total.acquisition.customers).toBe(3);
  });

  it("may not set where results are written: output, outDir (exit 2, nothing written)", async () => {
    const out = join(folder(), "result.csv");
    const dir = config({ output: out });
    await fails(["--dir", dir], 2, /"output" cannot be set by a ceq\.config\.json found in --dir/);
    expect(existsSync(out)).toBe(false);
    const phases = join(folder(), "phases");
    await fails(["derive", "--dir", config({ outDir: phases }), "--out-dir", join(folder(), "x")], 2, /"outDir" cannot be set/);
    expect(existsSync(phases)).toBe(false);
  });

  it("--config FILE, named by the user, still may set --output", async () => {
    const dir = folder(PHASES);
    const out = join(dir, "result.csv");
    writeFileSync(join(dir, "c.json"), JSON.stringify({ output: out }));
    const run = await cli(["--dir", dir, "--config", join(dir, "c.json")]);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
  });
});

describe("point 9: a \"__proto__\" key in --config", () => {
  it("is an unknown key, exit 2, as every other", async () => {
    const dir = folder({ ...PHASES, "c.json": '{ "__proto__": "x" }', "d.json": '{ "__proto__": { "revenueColumn": "x" } }' });
    await fails(["--dir", dir, "--config", join(dir, "c.json")], 2, /unknown key "__proto__"/);
    await fails(["--dir", dir, "--config", join(dir, "d.json")], 2, /__proto__/);
  });
});
