/** `ceq validate` and `ceq init` through the built binary. */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EXAMPLE_FILES } from "../../../src/commands/init.js";
import { cli } from "../../support/capture.js";
import { ceq, DEMO, folder } from "../../support/helpers.js";

const BAD = { "new.csv": "customer_id,year,revenue\nA,2024,12x\nB,2024,-5\n", "retained.csv": "customer_id,year,revenue\n" };

describe("ceq validate", () => {
  it("reports valid inputs with exit 0", async () => {
    const run = await ceq(["validate", "--dir", DEMO]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("valid: 0 errors, 0 warnings in 3 files (81 rows)\n");
  });

  it("lists errors and warnings in text with exit 1", async () => {
    const dir = folder(BAD);
    const run = await cli(["validate", "--dir", "."], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n")).toEqual([
      'error: new.csv:2: revenue: "12x" is not an amount',
      'warning: new.csv:3: revenue: "-5" is negative',
      "warning: retained.csv: has no data rows",
      "warning: no churned input given: that phase counts as zero",
      "invalid: 1 error, 3 warnings in 2 files (2 rows)",
      "",
    ]);
  });

  it("writes a JSON report in its documented shape", async () => {
    const dir = folder(BAD);
    const run = await cli(["validate", "--dir", ".", "--report", "json"], { cwd: dir });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(Object.keys(report)).toEqual(["schemaVersion", "valid", "errors", "warnings", "files", "issues", "omitted"]);
    expect(report).toMatchObject({ schemaVersion: 1, valid: false, errors: 1, warnings: 3, omitted: { errors: 0, warnings: 0 } });
    expect(report.files).toEqual([
      { file: "new.csv", role: "new", rows: 2 },
      { file: "retained.csv", role: "retained", rows: 0 },
    ]);
    expect(report.issues[0]).toEqual({
      severity: "error",
      code: "bad-amount",
      file: "new.csv",
      line: 2,
      column: "revenue",
      value: "12x",
      message: 'revenue: "12x" is not an amount',
      hint: null,
    });
  });

  it("writes GitHub Actions annotations", async () => {
    const dir = folder({ "new,1.csv": "customer_id,year,revenue\nA,2024,12x\n" });
    const run = await cli(["validate", "--new", "new,1.csv", "--report", "github"], { cwd: dir });
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]).toBe('::error file=new%2C1.csv,line=2,title=ceq bad-amount::revenue: "12x" is not an amount');
    expect(lines).toContain("::warning title=ceq missing-phase::no retained input given: that phase counts as zero");
    expect(lines[lines.length - 1]).toBe("invalid: 1 error, 2 warnings in 1 file (1 row)");
  });

  it("fails on warnings with --strict and caps the list with --max-errors", async () => {
    const body = Array.from({ length: 5 }, (_, i) => `C${i},2024,-${i + 1}\n`).join("");
    const dir = folder({ "new.csv": `customer_id,year,revenue\n${body}`, "retained.csv": "customer_id,year,revenue\nR,2024,1\n", "churned.csv": "customer_id,year,revenue\nX,2024,1\n" });
    expect((await cli(["validate", "--dir", "."], { cwd: dir })).code).toBe(0);
    const strict = await cli(["validate", "--dir", ".", "--strict", "--max-errors", "2", "--report", "json"], { cwd: dir });
    expect(strict.code).toBe(1);
    const report = JSON.parse(strict.stdout);
    expect(report.errors).toBe(5);
    expect(report.issues).toHaveLength(2);
    expect(report.omitted.errors).toBe(3);
  });

  it("has examples in its help", async () => {
    const run = await cli(["validate", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("$ ceq validate --dir exports/ --strict --report github");
  });
});

describe("ceq init", () => {
  it("writes example exports that compute without warnings", async () => {
    const dir = folder();
    const run = await cli(["init", "exports"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("wrote new.csv, retained.csv, churned.csv, costs.csv to exports");
    for (const name of Object.keys(EXAMPLE_FILES)) expect(readFileSync(join(dir, "exports", name), "utf8")).toBe(EXAMPLE_FILES[name]);
    const calc = await cli(["--dir", "exports", "-f", "json"], { cwd: dir });
    expect(calc.stderr).toBe("");
    const doc = JSON.parse(calc.stdout);
    // 2024: new 2490.99 - (650 + 650) = 1190.99; retained 6900 - (390 + 1300) = 5210; churned 2650.50
    expect(doc.years[1].customerEquity).toBe(3750.49);
    expect(doc.years[0].customerEquity).toBe(5430.5);
  });

  it("refuses to overwrite and writes nothing", async () => {
    const dir = folder();
    writeFileSync(join(dir, "churned.csv"), "mine\n");
    const run = await cli(["init", "."], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("already has churned.csv: init writes nothing rather than overwrite");
    expect(readFileSync(join(dir, "churned.csv"), "utf8")).toBe("mine\n");
    expect((await cli(["validate", "--dir", dir])).code).not.toBe(0);
  });
});

describe("the CI recipe of docs/ci.md", () => {
  // A second npm pack and install of the package (about 10 s of CPU): with CEQ_DEEP=1. Its
  // validate and gate steps run in every npm test, on the install of test/e2e/pack.test.ts.
  it.runIf(process.env.CEQ_DEEP === "1")("runs as written, install step included, on the demo exports: validation passes, the gate fails as an annotation", async () => {
    const { spawnSync } = await import("node:child_process");
    const { cpSync, mkdirSync } = await import("node:fs");
    const { ROOT } = await import("../../support/helpers.js");
    const { expectRecipeChecks, recipeSteps } = await import("../../support/ci-recipe.js");
    const steps = recipeSteps();
    expect(steps).toHaveLength(3);
    const dir = folder();
    cpSync(DEMO, join(dir, "exports"), { recursive: true });
    mkdirSync(join(dir, "tools"));
    // The tarball the recipe names, as `npm pack` makes it (dist is built by `npm test` already).
    const pack = spawnSync("npm", ["pack", "--ignore-scripts", "--pack-destination", join(dir, "tools")], { cwd: ROOT, encoding: "utf8" });
    expect(pack.status, pack.stderr).toBe(0);
    const version = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).version as string;
    expect(steps[0]).toBe(`npm install --global ./tools/customer-equity-${version}.tgz`);
    // --global into a folder of this test's, from npm's cache (filled by npm ci) where it can.
    const prefix = join(dir, "global");
    const env = { ...process.env, npm_config_prefix: prefix, npm_config_prefer_offline: "true", npm_config_audit: "false", npm_config_fund: "false", PATH: `${join(prefix, "bin")}:${process.env.PATH}`, GITHUB_STEP_SUMMARY: join(dir, "summary.md") };
    const run = (command: string) => spawnSync("bash", ["-c", command], { cwd: dir, env, encoding: "utf8" });
    const install = run(steps[0]!);
    expect(install.status, install.stderr).toBe(0);
    expect(spawnSync("bash", ["-c", "command -v ceq"], { env, encoding: "utf8" }).stdout.trim()).toBe(join(prefix, "bin", "ceq"));
    expectRecipeChecks(steps, run, join(dir, "summary.md"));
  }, 180_000);
});
