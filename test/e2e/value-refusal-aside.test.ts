/**
 * `ceq value --model bgnbd` refuses a log whose customers are too alike for BG/NBD (the bench's
 * generated log: a and b run off together) with its message and exit code 1, also when the spend
 * fit and the valuing's distinct (x, T) were already asked of the second thread (at least
 * ASIDE_FROM, 100,000, repeat customers, and two cores): the question left open is dropped, not
 * thrown at the end of the run (an unhandled rejection, which ends Node with its stack).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generateLog } from "../../scripts/bench-transactions.mjs";
import { ceq, folder } from "../support/helpers.js";

describe("ceq value's refusal with the second modelling thread at work", () => {
  it("a log of 160,000 alike customers: the fit's refusal, exit 1, nothing on stdout", async () => {
    const path = join(folder(), "log.csv");
    const { customers } = await generateLog(path, 800_000);
    expect(customers).toBe(160_000);
    const run = await ceq(["value", "--transactions", path, "--model", "bgnbd", "--discount-rate", "0.1", "-f", "json"], { env: { CEQ_THREADS: "2" } });
    expect(run.stderr).toMatch(/^error: the BG\/NBD fit did not converge: a and b run off to infinity together/m);
    expect(run.stderr).not.toMatch(/Node\.js v|Unhandled|at async/);
    expect(run.stdout).toBe("");
    expect(run.code).toBe(1);
  }, 60_000);
});
