/**
 * The phase owners through main() in-process (test/support/capture.ts cli(); one case spawns the built binary for the wiring): the hand-worked log of fixtures/owners/EXPECTED.md
 * (a customer who expands, one who contracts, one who churns, one won back), the owners' JSON
 * against the summary's own figures, and --owners, --bridge, --movements in the text formats.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ceq, DEMO, folder, ROOT } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

const LOG = join(ROOT, "fixtures", "owners", "transactions.csv");

/** JSON with every number as text ("-412", "0.3667"): the literal ceq wrote where Node gives it,
 * else the double's shortest form, which is that literal for the few digits written here. */
const literal = (text: string) => JSON.parse(text, (_k, v, context?: { source?: string }) => (typeof v === "number" ? (context?.source ?? String(v)) : v)) as Record<string, unknown>;
/** A money literal in cents, exactly. */
const cents = (v: unknown): bigint => {
  const [int, frac = ""] = String(v).split(".");
  const sign = int!.startsWith("-") ? -1n : 1n;
  return sign * (BigInt(int!.replace("-", "")) * 100n + BigInt((frac + "00").slice(0, 2)));
};

// JSON as parsed: the test reads it by the names the SPEC gives
type Entry = Record<string, any>;

describe("phase owners on the hand-worked log (fixtures/owners/EXPECTED.md)", () => {
  it("bridge, movements and owners equal the figures worked by hand", async () => {
    const run = await ceq(["--transactions", LOG, "--format", "json"]);
    expect(run.code).toBe(0);
    const years = literal(run.stdout).years as Entry[];
    expect(years.map((y) => y.change)).toEqual([null, "445", "-412"]);
    expect(years[0]!.bridge).toBeNull();
    const steps = (y: Entry) => (y.bridge as Entry[]).map((s) => `${s.phase} ${s.driver} ${s.amount}`);
    expect(steps(years[1]!)).toEqual(["acquisition count 100", "acquisition rate 450", "acquisition cost -55", "retention count 0", "retention rate 0", "retention cost 0", "churn count -50", "churn rate 0"]);
    expect(steps(years[2]!)).toEqual(["acquisition count -200", "acquisition rate -250", "acquisition cost 45", "retention count 270", "retention rate 0", "retention cost -27", "churn count 0", "churn rate -250"]);
    expect(years[2]!.movements).toEqual({ newRevenue: "80", reactivatedRevenue: "70", expansion: "50", contraction: "80", churnedRevenue: "300", netRevenueRetention: "0.45", grossRevenueRetention: "0.3667" });
    expect(years[1]!.movements).toMatchObject({ newRevenue: "600", churnedRevenue: "50", netRevenueRetention: "0", grossRevenueRetention: "0" });
    expect(years[0]!.movements).toMatchObject({ netRevenueRetention: null, grossRevenueRetention: null });
    expect(years[2]!.owners).toEqual({
      acquisition: { outcome: "135", customers: "2", revenue: "150", averageRevenue: "75", costPerCustomer: "7.5" },
      retention: { outcome: "243", customers: "2", revenue: "270", averageRevenue: "135", costPerCustomer: "13.5" },
      churn: { outcome: "-300", customers: "1", revenue: "300", averageRevenue: "300" },
      reactivation: { outcome: "63", customers: "1", revenue: "70", averageRevenue: "70", costPerCustomer: "7" },
    });
    const total = literal(run.stdout).total as Entry;
    expect(total.movements).toMatchObject({ netRevenueRetention: "0.4154", grossRevenueRetention: "0.3385" });
    expect(total.bridge).toBeNull();
  });

  it("--bridge, --movements and --owners print their tables; the CSV bridge sums to each change", async () => {
    const bridge = await cli(["--transactions", LOG, "--bridge", "--format", "csv"]);
    expect(bridge.code).toBe(0);
    const lines = bridge.stdout.trim().split("\n");
    expect(lines[0]).toBe("year,phase,driver,amount");
    const sum = (year: string) => lines.filter((l) => l.startsWith(`${year},`)).reduce((s, l) => s + cents(l.split(",")[3]), 0n);
    expect([sum("2023"), sum("2024")]).toEqual([44500n, -41200n]);
    const movements = await cli(["--transactions", LOG, "--movements", "--format", "csv"]);
    expect(movements.stdout.split("\n")[3]).toBe("2024,80.00,70.00,50.00,80.00,300.00,0.4500,0.3667");
    const owners = await cli(["--transactions", LOG, "--owners"]);
    expect(owners.stdout).toMatch(/│ 2024 +│ reactivation │ +\$63\.00 │ +1 │ +\$70\.00 │ +\$70\.00 │ +\$7\.00 │/);
    const explained = await cli(["--transactions", LOG, "--bridge", "--explain"]);
    expect(explained.stdout).toContain("acquisition count 2024 = (2 − 3) × 200.00 = -200.00");
    expect(explained.stdout).toContain("= -412.00 = the change");
  });

  it("refuses two views at once, and movements of exports that cannot be followed by id", async () => {
    const both = await cli(["--transactions", LOG, "--bridge", "--owners"]);
    expect([both.code, both.stdout]).toEqual([2, ""]);
    expect(both.stderr).toContain("--owners and --bridge");
    // The demo's retained.csv is one row per segment, with no id
    const phases = await cli(["--dir", DEMO, "--movements"]);
    expect([phases.code, phases.stdout]).toEqual([2, ""]);
    expect(phases.stderr).toContain("no period could be followed: " + join(DEMO, "retained.csv") + ":2 has no customer id");
    const json = await cli(["--dir", DEMO, "--format", "json"]);
    expect((literal(json.stdout).years as Entry[]).map((y) => y.movements)).toEqual([null, null, null, null]);
  });
});

describe("revenue movements from phase exports with customer ids", () => {
  const EXPORTS = join(ROOT, "fixtures", "owners", "exports");

  it("the hand-worked exports of fixtures/owners/EXPECTED.md: the log's movements, none for the first year", async () => {
    const run = await cli(["--dir", EXPORTS, "--format", "json"]);
    expect(run.code, run.stderr).toBe(0);
    const doc = literal(run.stdout);
    const years = doc.years as Entry[];
    expect(years.map((y) => y.movements)).toEqual([
      null,
      { newRevenue: "600", reactivatedRevenue: "0", expansion: "0", contraction: "0", churnedRevenue: "50", netRevenueRetention: "0", grossRevenueRetention: "0" },
      { newRevenue: "80", reactivatedRevenue: "70", expansion: "50", contraction: "80", churnedRevenue: "300", netRevenueRetention: "0.45", grossRevenueRetention: "0.3667" },
    ]);
    expect((doc.total as Entry).movements).toBeNull();
    const later = literal((await cli(["--dir", EXPORTS, "--format", "json", "--from", "2023"])).stdout);
    expect((later.total as Entry).movements).toEqual({ newRevenue: "680", reactivatedRevenue: "70", expansion: "50", contraction: "80", churnedRevenue: "350", netRevenueRetention: "0.4154", grossRevenueRetention: "0.3385" });
    const table = await cli(["--dir", EXPORTS, "--movements", "--format", "csv"]);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n").slice(0, 3)).toEqual(["year,new_revenue,reactivated_revenue,expansion,contraction,churned_revenue,net_revenue_retention,gross_revenue_retention", "2023,600.00,0.00,0.00,0.00,50.00,0.0000,0.0000", "2024,80.00,70.00,50.00,80.00,300.00,0.4500,0.3667"]);
    expect(table.stderr).toContain("note: no revenue movements: 2022 is the first period of the exports");
  });

  /** A log of 60 customers over 2023-2024 by quarter (a fixed pseudo-random walk): purchases, refunds, gaps, region changes. */
  function walkLog(): string {
    let seed = 20240917;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const lines = ["customer,date,amount,region"];
    for (let c = 0; c < 60; c++) {
      for (let q = 0; q < 8; q++) {
        if (next(3) === 0) continue;
        const date = `${2023 + Math.floor(q / 4)}-${String((q % 4) * 3 + 1 + next(3)).padStart(2, "0")}-1${next(9)}`;
        const amount = next(10) === 0 ? `-${next(50)}.${next(90) + 10}` : `${next(900) + 1}.${next(90) + 10}`;
        lines.push(`c${c},${date},${amount},${["EMEA", "AMER", "APAC"][next(6) === 0 ? next(3) : c % 3]}`);
      }
    }
    return lines.join("\n") + "\n";
  }

  for (const reactivated of ["acquisition", "retention"]) {
    it(`ceq derive's exports of a log (won back as ${reactivated}) give the log's movements, quarter by quarter and region by region`, async () => {
      const log = join(folder({ "tx.csv": walkLog() }), "tx.csv");
      const out = folder();
      const derived = await cli(["derive", "--transactions", log, "--period", "quarter", "--by", "region", "--reactivated", reactivated, "--out-dir", out]);
      expect(derived.code, derived.stderr).toBe(0);
      const [fromLog, fromExports] = await Promise.all([
        cli(["--transactions", log, "--period", "quarter", "--by", "region", "--format", "json"]),
        cli(["--dir", out, "--period", "quarter", "--by", "region", "--format", "json"]),
      ]);
      expect(fromExports.code, fromExports.stderr).toBe(0);
      const [a, b] = [literal(fromLog.stdout).periods as Entry[], literal(fromExports.stdout).periods as Entry[]];
      expect(b.map((y) => [y.period, y.group])).toEqual(a.map((y) => [y.period, y.group]));
      expect(a.length).toBe(8 * 4);
      const first = a[0]!.period;
      // The walk has each kind of movement, so that each is compared
      for (const kind of ["expansion", "contraction", "reactivatedRevenue", "churnedRevenue"]) expect(a.some((y) => y.movements[kind] !== "0"), kind).toBe(true);
      b.forEach((y, i) => expect(y.movements, `${y.period} ${JSON.stringify(y.group)}`).toEqual(y.period === first ? null : a[i]!.movements));
    });
  }
});

describe("the owners' JSON against the summary's figures", () => {
  for (const [name, args] of [
    ["the demo's phase exports", ["--dir", DEMO]],
    ["phase exports with customer ids", ["--dir", join(ROOT, "fixtures", "owners", "exports")]],
    ["a log by quarter with segments", ["--transactions", join(ROOT, "fixtures", "segments", "invoices.csv"), "--period", "quarter", "--by", "region"]],
  ] as const) {
    it(name, async () => {
      const run = await cli([...args, "--format", "json"]);
      expect(run.code, run.stderr).toBe(0);
      const doc = literal(run.stdout);
      const entries = [...((doc.years ?? doc.periods) as Entry[]), doc.total as Entry];
      for (const y of entries) {
        expect(y.owners.acquisition).toMatchObject({ outcome: y.acquisition.equity, customers: y.acquisition.customers, averageRevenue: y.acquisition.averageRevenue, costPerCustomer: y.acquisitionCostPerCustomer });
        expect(y.owners.retention).toMatchObject({ outcome: y.retention.equity, customers: y.retention.customers, averageRevenue: y.retention.averageRevenue });
        expect(y.owners.churn).toMatchObject({ outcome: y.churn.equity, customers: y.churn.customers, averageRevenue: y.churn.averageRevenue });
        if (y.acquisition.reactivated !== undefined) expect(y.owners.reactivation.customers).toBe(y.acquisition.reactivated);
        if (y.change === null) expect(y.bridge).toBeNull();
        else expect((y.bridge as Entry[]).reduce((s, b) => s + cents(b.amount), 0n)).toBe(cents(y.change));
      }
    });
  }

  it("a log in four decimals: the printed bridge still sums to the printed change", async () => {
    const dir = folder({ "tx.csv": "customer,date,amount\na,2023-01-01,10.0049\nb,2023-01-01,20.0051\nc,2023-02-01,0.3333\na,2024-01-01,12.3349\nb,2024-01-01,1.0001\nd,2024-01-01,7.1155\n" });
    const run = await cli(["--transactions", join(dir, "tx.csv"), "--format", "json"]);
    const y = (literal(run.stdout).years as Entry[])[1]!;
    expect((y.bridge as Entry[]).reduce((s, b) => s + cents(b.amount), 0n)).toBe(cents(y.change));
  });
});
