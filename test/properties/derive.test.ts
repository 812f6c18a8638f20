/**
 * `ceq derive` writes a log's classification as phase exports, and `ceq --dir` on them gives the
 * same customer equity to the cent, for every period: on random logs (in-process, through main())
 * and through the built binary.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { captureContext } from "../support/capture.js";
import { cli } from "../support/capture.js";
import { folder } from "../support/helpers.js";
import { runs } from "../support/runs.js";

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const ctx = captureContext();
  const code = await main(["node", "ceq", ...args], ctx);
  return { code, out: ctx.out(), err: ctx.err() };
}

/** The phases of every year, and its customer equity, as JSON prints them. */
function phases(json: string) {
  const doc = JSON.parse(json) as { years?: Record<string, unknown>[]; periods?: Record<string, unknown>[] };
  return (doc.years ?? doc.periods ?? []).map((y) => {
    const { acquisition, retention, churn, customerEquity, change, year, period } = y as { acquisition: { reactivated?: number }; retention: unknown; churn: unknown; customerEquity: unknown; change: unknown; year: number; period?: string };
    const { reactivated: _, ...newPhase } = acquisition;
    return { period: period ?? year, year, acquisition: newPhase, retention, churn, customerEquity, change };
  });
}

const row = fc.record({
  id: fc.constantFrom("A", "B", "c,1", 'say "hi"', "0042", "42", "E"),
  y: fc.integer({ min: 2019, max: 2023 }),
  m: fc.integer({ min: 1, max: 12 }),
  cents: fc.oneof(fc.integer({ min: 0, max: 50_000 }), fc.integer({ min: -20_000, max: -1 })),
  cost: fc.integer({ min: 0, max: 999 }),
});

const money = (c: number) => `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, "0")}`;
const quoted = (id: string) => (/[",]/.test(id) ? `"${id.replace(/"/g, '""')}"` : id);

describe("ceq derive", () => {
  it("round trip on random logs: --dir on the derived files gives the log's figures, for every year, quarter and month", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 12 }), fc.constantFrom("acquisition", "retention"), fc.constantFrom("year", "quarter", "month"), async (rows, fys, reactivated, period) => {
        const dir = folder({ "log.csv": `customer id,date,amount,cost\n${rows.map((r) => `${quoted(r.id)},${r.y}-${String(r.m).padStart(2, "0")}-15,${money(r.cents)},${money(r.cost)}`).join("\n")}\n` });
        const flags = ["--fiscal-year-start", String(fys), "--reactivated", reactivated, "--period", period];
        const direct = await run(["--transactions", join(dir, "log.csv"), ...flags, "-f", "json"]);
        expect(direct.code, direct.err).toBe(0);
        // Quarters and months have no costs file to name the log's first and last period: there
        // the phase exports begin and end with a period that has a phase row (see docs/transactions.md).
        const entries = phases(direct.out);
        const held = (e: (typeof entries)[number]) => JSON.stringify([e.acquisition, e.retention, e.churn]).match(/"customers":[1-9]/) !== null;
        fc.pre(period === "year" || (held(entries[0]!) && held(entries[entries.length - 1]!)));
        const derived = await run(["derive", "--transactions", join(dir, "log.csv"), ...flags, "--out-dir", join(dir, "phases")]);
        expect(derived.code, derived.err).toBe(0);
        const again = await run(["--dir", join(dir, "phases"), "--period", period, "--fiscal-year-start", String(fys), "-f", "json"]);
        expect(again.code, again.err).toBe(0);
        expect(phases(again.out)).toEqual(phases(direct.out));
        rmSync(dir, { recursive: true });
      }),
      { numRuns: runs(8, 60) },
    );
  });

  it("writes plain UTF-8 rows in period and id order, amounts in their shortest exact form, and never overwrites: refuses and writes nothing", async () => {
    const dir = folder({ "log.csv": "customer,date,amount\nB,2024-03-01,5\nA,2024-01-01,1.50\nA,2025-01-01,2\nB,2026-01-01,-1\n" });
    const out = join(dir, "phases");
    const first = await cli(["derive", "--transactions", join(dir, "log.csv"), "--out-dir", out]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(`wrote new.csv, retained.csv, churned.csv, costs.csv to ${out}\nnext: ceq --dir ${out}\n`);
    expect(readFileSync(join(out, "new.csv"), "utf8")).toBe("customer_id,year,revenue,cost\nA,2024,1.5,0\nB,2024,5,0\n");
    expect(readFileSync(join(out, "retained.csv"), "utf8")).toBe("customer_id,year,revenue,cost\nA,2025,2,0\n");
    // B's refund-only 2026 is inactive: in no file; A churns in 2026 with 2025's revenue
    expect(readFileSync(join(out, "churned.csv"), "utf8")).toBe("customer_id,year,revenue\nB,2025,5\nA,2026,2\n");
    // Every year of the log, so that --dir reads the same years (2026 has no phase row but a churn)
    expect(readFileSync(join(out, "costs.csv"), "utf8")).toBe("year,acquisition cost,servicing cost\n2024,0,0\n2025,0,0\n2026,0,0\n");
    rmSync(join(out, "retained.csv"));
    writeFileSync(join(out, "churned.csv"), "mine\n");
    const second = await cli(["derive", "--transactions", join(dir, "log.csv"), "--out-dir", out]);
    expect(second.code).toBe(1);
    expect(second.stdout).toBe("");
    expect(second.stderr).toBe(`error: ${out} already has new.csv, churned.csv, costs.csv: derive writes nothing rather than overwrite\n`);
    expect(existsSync(join(out, "retained.csv"))).toBe(false);
    expect(readFileSync(join(out, "churned.csv"), "utf8")).toBe("mine\n");
  });

  it("by quarter: a period column that ceq --dir --period quarter reads back", async () => {
    const dir = folder({ "log.csv": "customer,date,amount\nA,2024-01-01,1\nA,2024-04-01,2\nB,2024-05-01,3\n" });
    const out = join(dir, "q");
    const run = await cli(["derive", "--transactions", join(dir, "log.csv"), "--period", "quarter", "--out-dir", out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`wrote new.csv, retained.csv, churned.csv to ${out}\nnext: ceq --dir ${out} --period quarter\n`);
    expect(readFileSync(join(out, "new.csv"), "utf8")).toBe("customer_id,period,revenue,cost\nA,2024-Q1,1,0\nB,2024-Q2,3,0\n");
    expect(readFileSync(join(out, "retained.csv"), "utf8")).toBe("customer_id,period,revenue,cost\nA,2024-Q2,2,0\n");
    expect(existsSync(join(out, "costs.csv"))).toBe(false);
  });

  it("bad input writes nothing; derive without a log is a usage error", async () => {
    const dir = folder({ "log.csv": "customer,date,amount\nA,2024-01-01,1x\n" });
    const bad = await cli(["derive", "--transactions", join(dir, "log.csv"), "--out-dir", join(dir, "phases")]);
    expect(bad.code).toBe(1);
    expect(existsSync(join(dir, "phases"))).toBe(false);
    const none = await cli(["derive", "--dir", dir, "--out-dir", join(dir, "phases")]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe("error: derive reads a transaction log\nhint: give it with --transactions FILE\n");
  });
});
