/**
 * Fuzz: bytes of real fixtures, mutated, through the whole CLI in-process. Whatever the bytes,
 * the exit code is 0 or 1, nothing looks like a stack trace, and stdout is empty on exit 1.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { main } from "../src/cli.js";
import { ROOT, STACK_FRAME } from "./helpers.js";
import { captureContext } from "./support/capture.js";

const RUNS = Number(process.env.CEQ_FUZZ_RUNS ?? 2000);
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
/** Text that once found Object.prototype (a phase `constructor`), and an amount whose decimals
 * once cost memory quadratic in their number. */
const WORDS = [...Object.getOwnPropertyNames(Object.prototype), "__proto__", "CONSTRUCTOR", `0.${"0".repeat(5_000)}1`, `${"9".repeat(400)}.5`];
SEEDS.push(
  Buffer.from(`customer id,year,revenue,cost,status\n${WORDS.map((w, i) => `C${i},2024,${i}.50,1,${w}`).join("\n")}\nD,2024,1,1,new\n`),
  Buffer.from(`customer_id,year,revenue,cost\nA,2024,0.${"0".repeat(200_000)}1,1\nB,2024,10,1\n`),
);

const INTERESTING = [0x22, 0x2c, 0x3b, 0x0a, 0x0d, 0x09, 0x00, 0xff, 0xfe, 0xef, 0xbb, 0xbf, 0x1b, 0x28, 0x29, 0x2d, 0x2e, 0x24, 0x20];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), byte: fc.constantFrom(...INTERESTING) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant("word" as const), at: fc.nat(), word: fc.constantFrom(...WORDS) }),
);

type Mutation = { kind: string; at: number; byte?: number; length?: number; word?: string };

function mutate(seed: Buffer, steps: Mutation[]): Buffer {
  let bytes = Buffer.from(seed);
  for (const step of steps) {
    const at = bytes.length === 0 ? 0 : step.at % bytes.length;
    if (step.kind === "flip") bytes[at] = step.byte!;
    else if (step.kind === "insert") bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([step.byte!]), bytes.subarray(at)]);
    else if (step.kind === "delete") bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + step.length!)]);
    else if (step.kind === "truncate") bytes = bytes.subarray(0, at);
    else if (step.kind === "word") bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(step.word!), bytes.subarray(at)]);
    else bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at, at + step.length!), bytes.subarray(at)]);
  }
  return bytes;
}

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
