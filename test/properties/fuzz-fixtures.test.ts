/**
 * Fuzz: bytes of real fixtures, mutated, through the whole CLI in-process. Whatever the bytes,
 * the exit code is 0 or 1, nothing looks like a stack trace, and stdout is empty on exit 1.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { ROOT, STACK_FRAME } from "../support/helpers.js";
import { captureContext } from "../support/capture.js";
import { mutate, mutation, WORDS } from "../support/mutations.js";
import { runs } from "../support/runs.js";

const RUNS = Number(process.env.CEQ_FUZZ_RUNS ?? runs(200, 2000));
const SEEDS = [
  "fixtures/demo/new.csv",
  "fixtures/demo/retained.csv",
  "fixtures/demo/churned.csv",
  "fixtures/dialects/excel-de/new.csv",
  "fixtures/dialects/excel-utf16/new.txt",
  "fixtures/dialects/crm/churned.csv",
  "fixtures/dialects/one-file/all.csv",
  "fixtures/dialects/gzip/new.csv.gz",
  "fixtures/hostile/formula.csv",
].map((f) => readFileSync(join(ROOT, f)));
SEEDS.push(
  Buffer.from(`customer id,year,revenue,cost,status\n${WORDS.map((w, i) => `C${i},2024,${i}.50,1,${w}`).join("\n")}\nD,2024,1,1,new\n`),
  Buffer.from(`customer_id,year,revenue,cost\nA,2024,0.${"0".repeat(200_000)}1,1\nB,2024,10,1\n`),
);

const dir = mkdtempSync(join(tmpdir(), "ceq-fuzz-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("fuzz", () => {
  it(`survives ${RUNS} mutated exports with exit 0 or 1, no stack trace, empty stdout on error`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: SEEDS.length - 1 }),
        fc.array(mutation, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(["-f", "json"], ["-f", "csv"], ["-f", "table"], ["-f", "json", "--decimal-comma"], ["--strict", "-f", "csv"]),
        fc.constantFrom("--new", "--retained", "--churned", "--input"),
        async (seed, steps, format, flag) => {
          const file = join(dir, `case-${n++}.csv`);
          writeFileSync(file, mutate(SEEDS[seed]!, steps));
          const ctx = captureContext();
          const code = await main(["node", "ceq", flag, file, ...format], ctx);
          const stderr = ctx.err();
          expect([0, 1], stderr).toContain(code);
          expect(stderr).not.toMatch(STACK_FRAME);
          expect(stderr).not.toContain("internal error");
          if (code === 1) expect(ctx.out()).toBe("");
          else expect(ctx.out().length).toBeGreaterThan(0);
        },
      ),
      { numRuns: RUNS },
    );
  }, 600_000);
});
