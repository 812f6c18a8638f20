/**
 * Fuzz over the side files (issue 26): fx rates, costs, cohorts and config, each mutated with the
 * main inputs' mutations (test/support/mutations.ts) and run through the CLI in-process beside
 * valid main inputs. Whatever the bytes: exit 0 or 1 (2 for a config, whose errors are usage
 * errors), never 70, no stack trace, stdout empty unless 0.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { STACK_FRAME } from "../support/helpers.js";
import { captureContext } from "../support/capture.js";
import { mutate, mutation } from "../support/mutations.js";
import { runs } from "../support/runs.js";

const RUNS = Number(process.env.CEQ_FUZZ_RUNS ?? runs(120, 1000));

const dir = mkdtempSync(join(tmpdir(), "ceq-fuzz-side-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NEW = join(dir, "new.csv");
const RETAINED = join(dir, "retained.csv");
writeFileSync(NEW, "customer_id,year,revenue,currency,region\nA,2023,100.00,EUR,EMEA\nB,2023,200.00,USD,AMER\nC,2024,50.00,EUR,EMEA\n");
writeFileSync(RETAINED, "customer_id,year,revenue,currency,region\nA,2024,120.00,USD,EMEA\n");
// --decimal-comma reads every amount so: main inputs of their own.
const NEW_DC = join(dir, "new-dc.csv");
writeFileSync(NEW_DC, "customer_id;year;revenue;currency\nA;2023;100,00;EUR\nB;2024;1.200,50;EUR\n");

/** A side file's seed and the command that reads it (the file's path at FILE). */
const TARGETS: { name: string; seed: string; args: string[]; codes: number[] }[] = [
  {
    name: "fx rates",
    seed: "currency,year,rate\nEUR,2023,1.0850\nEUR,2024,\"1.0912\"\nGBP,2023,1.2431\n",
    args: ["--new", NEW, "--retained", RETAINED, "--fx-rates", "FILE"],
    codes: [0, 1],
  },
  {
    name: "fx rates by date, decimal comma",
    seed: "currency;date;rate\nEUR;2023-06-30;1,0850\nEUR;2024-06-30;1,0912\n",
    args: ["--new", NEW_DC, "--fx-rates", "FILE", "--decimal-comma"],
    codes: [0, 1],
  },
  {
    name: "costs",
    seed: "year,acquisition cost,servicing cost,region\n2023,300.50,120,EMEA\n2024,\"1,200.00\",80.25,EMEA\n2023,10,5,AMER\n",
    args: ["--new", NEW, "--retained", RETAINED, "--currency-column", "currency", "--currency", "USD", "--fx-rates", join(dir, "fx-ok.csv"), "--costs", "FILE", "--by", "region"],
    codes: [0, 1],
  },
  {
    name: "cohorts (sbg)",
    seed: "cohort,period,customers,revenue\n0,0,1000,\n0,1,869,\n0,2,743,\n0,3,653,\n1,1,500,10.5\n1,2,420,9\n1,3,380,8\n",
    args: ["value", "--cohorts", "FILE", "--model", "sbg", "--discount-rate", "0.1", "--margin", "100", "--acquisition-cost", "50"],
    codes: [0, 1],
  },
  {
    name: "cohorts (constant)",
    seed: "cohort,period,customers\n2023-Q1,2023-Q1,10\n2023-Q1,2023-Q2,8\n2023-Q2,2023-Q2,5\n",
    args: ["value", "--cohorts", "FILE", "--discount-rate", "0.05", "--margin", "10", "--acquisition-cost", "5", "--new-customers", "3"],
    codes: [0, 1],
  },
  {
    name: "config",
    seed: JSON.stringify({ $comment: "fuzz", revenueColumn: "revenue", where: ["region!=APAC"], currency: "USD", decimals: 2, by: "region", strict: false }),
    args: ["--new", NEW, "--retained", RETAINED, "--currency-column", "currency", "--fx-rates", join(dir, "fx-ok.csv"), "--config", "FILE"],
    codes: [0, 1, 2],
  },
];
writeFileSync(join(dir, "fx-ok.csv"), "currency,year,rate\nEUR,2023,1.0850\nEUR,2024,1.0912\n");

describe("fuzz: side files", () => {
  it(`survives ${RUNS} mutated fx rates, costs, cohorts and config files`, async () => {
    // Each seed unmutated gives a result: the mutations start from working files.
    for (const target of TARGETS) {
      const file = join(dir, `seed-${target.name.replace(/\W+/g, "-")}`);
      writeFileSync(file, target.seed);
      const ctx = captureContext();
      const code = await main(["node", "ceq", ...target.args.map((a) => (a === "FILE" ? file : a)), "-f", "json"], ctx);
      expect(code, `${target.name}: ${ctx.err()}`).toBe(0);
    }
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: TARGETS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.constantFrom("json", "csv", "table"), async (which, steps, format) => {
        const target = TARGETS[which]!;
        const file = join(dir, `case-${n++}`);
        writeFileSync(file, mutate(Buffer.from(target.seed), steps));
        const ctx = captureContext();
        const code = await main(["node", "ceq", ...target.args.map((a) => (a === "FILE" ? file : a)), "-f", format], ctx);
        const stderr = ctx.err();
        expect(target.codes, `${target.name}: ${stderr}`).toContain(code);
        expect(stderr).not.toMatch(STACK_FRAME);
        expect(stderr).not.toContain("internal error");
        if (code !== 0) expect(ctx.out()).toBe("");
        else expect(ctx.out().length).toBeGreaterThan(0);
      }),
      { numRuns: RUNS },
    );
  }, 600_000);
});
