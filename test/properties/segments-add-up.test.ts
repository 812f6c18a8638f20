/**
 * Segments reconcile with the company: on random logs and random phase exports, the groups of a
 * `--by` run add up to the run without `--by`, to the cent, for every period kind (in-process,
 * through main()). And a log's two readings agree by segment: its plain rows on the byte path,
 * and the same rows through the zod schema (a currency column sends every row there).
 */
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli.js";
import { captureContext } from "../support/capture.js";
import { folder } from "../support/helpers.js";
import { runs } from "../support/runs.js";

const RUNS = Number(process.env.CEQ_PROPERTY_RUNS ?? runs(35, 120));

async function run(args: string[]) {
  const ctx = captureContext();
  const code = await main(["node", "ceq", ...args, "-f", "json"], ctx);
  expect(code, ctx.err()).toBe(0);
  return JSON.parse(ctx.out()) as Doc;
}

type Totals = { customers: number; revenue: number; cost?: number; equity?: number; reactivated?: number };
type Entry = {
  year: number;
  period?: string;
  group: Record<string, string> | null;
  acquisition: Totals;
  retention: Totals;
  churn: Totals;
  inactive?: Totals;
  customerEquity: number;
  netCustomerChange: number;
  movedIn?: number;
  movedOut?: number;
};
type Doc = { years?: Entry[]; periods?: Entry[]; total: Entry; groupTotals?: Entry[] };

const entries = (doc: Doc) => doc.years ?? doc.periods ?? [];
/** Money in cents, as integers: JSON numbers at 2 decimals, read back exactly. */
const cents = (x: number | undefined) => Math.round((x ?? 0) * 100);

/** The summable figures of an entry, in cents and counts. */
function figures(e: Entry): number[] {
  const phase = (t: Totals | undefined) => [t?.customers ?? 0, cents(t?.revenue), cents(t?.cost), cents(t?.equity), t?.reactivated ?? 0];
  return [...phase(e.acquisition), ...phase(e.retention), ...phase(e.churn), ...phase(e.inactive), cents(e.customerEquity), e.netCustomerChange];
}

/** Requires each period's groups to add up to its company entry, and that entry to be the run without --by. */
function reconciles(grouped: Doc, plain: Doc): void {
  const company = entries(grouped).filter((e) => e.group === null);
  const strip = ({ movedIn: _, movedOut: __, ...rest }: Entry) => rest;
  expect(company.map(strip)).toEqual(entries(plain));
  for (const c of company) {
    const groups = entries(grouped).filter((e) => e.group !== null && e.year === c.year && e.period === c.period);
    expect(groups.length).toBeGreaterThan(0);
    const sum = groups.map(figures).reduce((a, b) => a.map((x, i) => x + b[i]!));
    expect(sum).toEqual(figures(c));
    // Every move is out of one group and into another.
    expect(groups.reduce((s, g) => s + (g.movedIn ?? 0), 0)).toBe(groups.reduce((s, g) => s + (g.movedOut ?? 0), 0));
  }
  const totals = (grouped.groupTotals ?? []).map(figures).reduce((a, b) => a.map((x, i) => x + b[i]!));
  expect(totals).toEqual(figures(plain.total));
}

const money = (c: number) => `${c < 0 ? "-" : ""}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, "0")}`;
const region = fc.constantFrom("EMEA", "AMER", " AMER ", "", "APAC");
const plan = fc.constantFrom("Pro", "Basic");

const txRow = fc.record({
  id: fc.constantFrom("A", "B", "C", "D", "E", "F", "G"),
  y: fc.integer({ min: 2020, max: 2023 }),
  m: fc.integer({ min: 1, max: 12 }),
  d: fc.integer({ min: 1, max: 28 }),
  cents: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 90_000 }) }, { weight: 1, arbitrary: fc.integer({ min: -30_000, max: -1 }) }),
  cost: fc.integer({ min: 0, max: 999 }),
  region,
  plan,
});

describe("segments add up to the company", () => {
  it("on random logs, by one column and by two, for every period kind and both reactivated modes", async () => {
    let moved = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(txRow, { minLength: 1, maxLength: 40 }),
        fc.constantFrom("year", "quarter", "month"),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom("acquisition", "retention"),
        fc.constantFrom(["region"], ["region", "plan"]),
        async (rows, period, fys, reactivated, by) => {
          const lines = rows.map((r) => `${r.id},${r.y}-${String(r.m).padStart(2, "0")}-${String(r.d).padStart(2, "0")},${money(r.cents)},${money(r.cost)},${r.region},${r.plan}`);
          const dir = folder({ "log.csv": `customer_id,date,amount,cost,region,plan\n${lines.join("\n")}\n` });
          const flags = ["--transactions", join(dir, "log.csv"), "--period", period, "--fiscal-year-start", String(fys), "--reactivated", reactivated];
          const grouped = await run([...flags, "--by", by.join(",")]);
          reconciles(grouped, await run(flags));
          if (entries(grouped).some((e) => e.group === null && (e.movedIn ?? 0) > 0)) moved++;
        },
      ),
      // A fixed case, first: A moves from EMEA to AMER, so a move is compared whatever the draw.
      { numRuns: RUNS, examples: [[[{ id: "A", y: 2020, m: 3, d: 1, cents: 1000, cost: 0, region: "EMEA", plan: "Pro" }, { id: "A", y: 2021, m: 3, d: 1, cents: 2000, cost: 100, region: "AMER", plan: "Pro" }, { id: "B", y: 2021, m: 5, d: 2, cents: 500, cost: 0, region: "EMEA", plan: "Basic" }], "year", 1, "acquisition", ["region"]]] },
    );
    // Logs had customers who moved segment, the case that needs care (about one random log in six):
    // the fixed case has one; at the deep count the random ones must have them too.
    expect(moved).toBeGreaterThanOrEqual(1);
    if (RUNS >= 100) expect(moved).toBeGreaterThan(RUNS / 20);
  }, 300_000);

  it("on random phase exports, with ids and without, one row per customer or aggregated", async () => {
    const phaseRow = fc.record({ id: fc.integer({ min: 1, max: 30 }), y: fc.integer({ min: 2020, max: 2023 }), cents: fc.integer({ min: 0, max: 500_000 }), cost: fc.integer({ min: 0, max: 9_999 }), count: fc.integer({ min: 1, max: 9 }), region, plan });
    await fc.assert(
      fc.asyncProperty(fc.array(phaseRow, { maxLength: 15 }), fc.array(phaseRow, { maxLength: 15 }), fc.array(phaseRow, { maxLength: 15 }), fc.boolean(), fc.constantFrom(["region"], ["plan", "region"]), async (fresh, retained, churned, aggregated, by) => {
        fc.pre(fresh.length + retained.length + churned.length > 0);
        // Distinct ids per phase file, so that no row is a duplicate; aggregated rows carry a count and no id.
        const file = (rows: (typeof fresh)[number][], prefix: string, cost: boolean) => {
          const header = aggregated ? "year,customers,avg revenue" : "customer_id,year,revenue";
          const body = rows.map((r, i) => (aggregated ? `${r.y},${r.count},${money(r.cents)}` : `${prefix}${i},${r.y},${money(r.cents)}`) + `${cost ? `,${money(r.cost)}` : ""},${r.region},${r.plan}`);
          return `${header}${cost ? ",cost" : ""},region,plan\n${body.join("\n")}\n`;
        };
        const dir = folder({ "new.csv": file(fresh, "N", true), "retained.csv": file(retained, "R", true), "churned.csv": file(churned, "X", false) });
        const flags = ["--dir", dir];
        reconciles(await run([...flags, "--by", by.join(",")]), await run(flags));
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});

describe("a log's readings agree by segment", () => {
  it("plain rows on the byte path give the figures the zod schema gives the same rows", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(txRow, { minLength: 1, maxLength: 40 }), fc.constantFrom("year", "month"), async (rows, period) => {
        const line = (r: (typeof rows)[number]) => `${r.id},${r.y}-${String(r.m).padStart(2, "0")}-${String(r.d).padStart(2, "0")},${money(r.cents)},${money(r.cost)},${r.region},${r.plan}`;
        const dir = folder({
          "plain.csv": `customer_id,date,amount,cost,region,plan\n${rows.map(line).join("\n")}\n`,
          "schema.csv": `customer_id,date,amount,cost,region,plan,currency\n${rows.map((r) => `${line(r)},USD`).join("\n")}\n`,
        });
        const by = ["--by", "region,plan", "--period", period];
        expect(await run(["--transactions", join(dir, "schema.csv"), ...by])).toEqual(await run(["--transactions", join(dir, "plain.csv"), ...by]));
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});
