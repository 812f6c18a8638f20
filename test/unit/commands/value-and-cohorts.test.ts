/**
 * `ceq cohorts` and `ceq value` through main() in-process (test/support/capture.ts cli(); one case spawns the built binary for the wiring): the published check values (Fader &
 * Hardie 2007 and 2010, Gupta & Lehmann), the constant model against an independent computation
 * from calc's JSON, the hand-worked cohort fixture, the --cohorts round trip, and the errors.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fitSbg } from "../../../src/model/sbg.js";
import { ceq, DEMO, folder, ROOT } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

const COHORTS = join(ROOT, "fixtures", "cohorts", "log.csv");
const CDNOW = join(ROOT, "..", "shared", "data", "CDNOW_master.txt");
const CDNOW_FLAGS = ["--transactions", CDNOW, "--delimiter", "whitespace", "--date-format", "YYYYMMDD", "--revenue-column", "dollar_value", "--period", "quarter"];

const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491];
const survivalFile = (counts: number[]) => `cohort,period,customers\n${counts.map((n, t) => `0,${t},${n}`).join("\n")}\n`;

type ValueJson = {
  model: string;
  timing: string;
  inputs: { retention: number | null; margin: number; acquisitionCost: number; newCustomers: number };
  clv: number;
  currentCustomers: number;
  currentValue: number;
  futureValue: number;
  customerEquity: number;
  sensitivity: { driver: string; customerEquity: number | null; delta: number | null }[];
  sbg: null | { alpha: number; beta: number; logLikelihood: number; retention: number[]; survival: number[]; derl: { renewals: number; value: number; customers: number }[] };
};

async function value(args: string[]): Promise<ValueJson> {
  const run = await cli(["value", ...args, "-f", "json"]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as ValueJson;
}

describe("published check values", () => {
  const dir = folder({ "regular.csv": survivalFile(REGULAR), "high.csv": survivalFile(HIGH_END) });
  const sbg = (file: string) => value(["--cohorts", join(dir, file), "--model", "sbg", "--discount-rate", "0.1", "--margin", "100"]);

  it("Fader & Hardie 2007, How to project customer retention: regular α = 0.704, β = 1.182; high end α = 0.668, β = 3.806", async () => {
    const regular = (await sbg("regular.csv")).sbg!;
    const high = (await sbg("high.csv")).sbg!;
    expect([regular.alpha, regular.beta, high.alpha, high.beta].map((x) => x.toFixed(3))).toEqual(["0.704", "1.182", "0.668", "3.806"]);
  });

  it("Fader & Hardie 2007: projected survivors of years 8–12 within 10% of the published ones", async () => {
    for (const [file, published] of [["regular.csv", [223, 207, 194, 183, 173]], ["high.csv", [468, 445, 427, 409, 394]]] as const) {
      const { survival } = (await sbg(file)).sbg!;
      published.forEach((n, k) => expect(Math.abs(1000 * survival[8 + k]! - n) / n).toBeLessThan(0.1));
    }
  });

  it("Fader & Hardie 2010, Customer-base valuation in a contractual setting: high end, i = 0.1, 7 renewals: DERL 7.530", async () => {
    const doc = await sbg("high.csv");
    const seven = doc.sbg!.derl.find((d) => d.renewals === 7)!;
    expect(seven.value.toFixed(3)).toBe("7.530");
    // The 491 still there after 7 years have made 7 renewals: each is worth m × DERL(7).
    expect(seven.customers).toBe(491);
    // DERL is printed at 4 decimals: 491 × 100 × 7.5296 is within 491 × 100 × 0.00005 of the value.
    expect(Math.abs(doc.currentValue - 491 * 100 * seven.value)).toBeLessThan(2.5);
    expect(doc.timing).toBe("renewal");
  });

  it("Gupta & Lehmann: m = 100, r = 0.8, i = 0.1 gives CLV 266.67 (end), 366.67 (start), 212.41 (5-period horizon)", async () => {
    const base = ["--dir", DEMO, "--retention", "0.8", "--margin", "100", "--discount-rate", "0.1"];
    expect((await value(base)).clv).toBe(266.67);
    expect((await value([...base, "--timing", "start"])).clv).toBe(366.67);
    expect((await value([...base, "--horizon", "5"])).clv).toBe(212.41);
  });
});

describe("the constant model on the demo exports", () => {
  it("takes r, m, c and n from the last 3 years pooled, as computed here from calc's JSON", async () => {
    const calc = await cli(["--dir", DEMO, "-f", "json"]);
    type P = { customers: number; revenue: number; cost: number };
    const years = (JSON.parse(calc.stdout) as { years: { acquisition: P; retention: P; churn: P }[] }).years.slice(-3);
    const cents = (x: number) => Math.round(x * 100);
    const retained = years.reduce((s, y) => s + y.retention.customers, 0);
    const churned = years.reduce((s, y) => s + y.churn.customers, 0);
    const won = years.reduce((s, y) => s + y.acquisition.customers, 0);
    const r = retained / (retained + churned);
    const m = years.reduce((s, y) => s + cents(y.retention.revenue) - cents(y.retention.cost), 0) / 100 / retained;
    const c = years.reduce((s, y) => s + cents(y.acquisition.cost), 0) / 100 / won;
    const n = won / 3;
    const last = (JSON.parse(calc.stdout) as { years: { acquisition: P; retention: P }[] }).years.at(-1)!;
    const now = last.acquisition.customers + last.retention.customers;
    const clv = (m * r) / (1 + 0.1 - r);
    const doc = await value(["--dir", DEMO, "--discount-rate", "0.1"]);
    expect(doc.inputs.retention).toBe(Number(r.toFixed(4)));
    expect(doc.inputs.margin).toBe(Number(m.toFixed(2)));
    expect(doc.inputs.acquisitionCost).toBe(Number(c.toFixed(2)));
    expect(doc.currentCustomers).toBe(now);
    expect(doc.clv).toBe(Number(clv.toFixed(2)));
    expect(doc.currentValue).toBe(Number((now * clv).toFixed(2)));
    expect(doc.futureValue).toBe(Number(((n * (clv - c)) / 0.1).toFixed(2)));
  });

  it("sensitivity: more retention, more margin and less acquisition cost raise the value; a higher discount rate lowers it", async () => {
    const doc = await value(["--dir", DEMO, "--discount-rate", "0.1"]);
    const delta = Object.fromEntries(doc.sensitivity.map((s) => [s.driver, s.delta!]));
    expect(delta.retention).toBeGreaterThan(0);
    expect(delta.margin).toBeGreaterThan(0);
    expect(delta.acquisitionCost).toBeGreaterThan(0);
    expect(delta.discountRate).toBeLessThan(0);
  });

  it("every format names the figures; --explain fills the formulas in", async () => {
    const table = await ceq(["value", "--dir", DEMO, "--discount-rate", "0.1", "--explain"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("Where each figure comes from:\n  r: 2022–2024: 96 retained ÷ 114 retained or churned");
    expect(table.stdout).toMatch(/CLV = m × r \/ \(1 \+ i − r\) = 3,370\.55 × 0\.8421 \/ \(1 \+ 0\.1 − 0\.8421\) = 11,005\.89/);
    const csv = await cli(["value", "--dir", DEMO, "--discount-rate", "0.1", "-f", "csv"]);
    expect(csv.stdout.split("\n").slice(0, 3)).toEqual(["figure,value", "model,constant", "discount_rate,0.1"]);
    expect(csv.stdout).toContain("\nclv,11005.89\n");
    const md = await cli(["value", "--dir", DEMO, "--discount-rate", "0.1", "-f", "markdown"]);
    expect(md.stdout).toContain("| Lifetime customer equity | $1,781,789.29 |");
  });
});

describe("value's errors: exit code, one line, nothing on standard output", () => {
  const cases: [string, string[], number, RegExp][] = [
    ["no discount rate", ["--dir", DEMO], 2, /needs --discount-rate/],
    ["a discount rate of 0", ["--dir", DEMO, "--discount-rate", "0"], 2, /above 0 and below 1/],
    ["a discount rate of 1", ["--dir", DEMO, "--discount-rate", "1"], 2, /above 0 and below 1/],
    ["a negative discount rate", ["--dir", DEMO, "--discount-rate", "-0.1"], 2, /above 0 and below 1/],
    ["a retention rate of 1 with no horizon", ["--dir", DEMO, "--discount-rate", "0.1", "--retention", "1"], 2, /--retention 1 means no customer ever leaves/],
    ["--timing with sbg", ["--transactions", COHORTS, "--discount-rate", "0.1", "--model", "sbg", "--timing", "end"], 2, /--timing is for the constant model/],
    ["--cohorts besides exports", ["--dir", DEMO, "--cohorts", COHORTS, "--discount-rate", "0.1"], 2, /--cohorts replaces exports/],
    ["cohorts that grow", ["--transactions", COHORTS, "--period", "quarter", "--model", "sbg", "--discount-rate", "0.1"], 1, /cohort 2024-Q1 grows from 1 to 2 customers in 2024-Q4: survivors never grow/],
    ["sbg on exports without ids", ["--dir", DEMO, "--model", "sbg", "--discount-rate", "0.1"], 1, /retained\.csv:2: missing required column customer id: ceq value --model sbg follows each customer by id/],
  ];
  it.each(cases)("%s", async (_, args, code, message) => {
    const run = await cli(["value", ...args]);
    expect(run.code).toBe(code);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
  });

  it("a retention rate of 1 in the data, forever, is an input error with the flags that would fix it; a horizon makes it a figure", async () => {
    const dir = folder({ "new.csv": "customer_id,year,revenue\nA,2023,10\n", "retained.csv": "customer_id,year,revenue\nA,2024,12\n" });
    const run = await cli(["value", "--dir", dir, "--discount-rate", "0.1"]);
    expect([run.code, run.stdout]).toEqual([1, ""]);
    expect(run.stderr).toContain("error: the retention rate is 1 (2023–2024: 1 retained ÷ 1 retained or churned)");
    expect(run.stderr).toContain("hint: give it with --horizon N, or --retention");
    expect((await value(["--dir", dir, "--discount-rate", "0.1", "--horizon", "2"])).clv).toBe(Number((12 * (1 / 1.1 + 1 / 1.21)).toFixed(2)));
  });

  it("a cohorts file with a bad cell names file, line, column and value; a gap in a cohort is named too", async () => {
    const dir = folder({ "bad.csv": "cohort,period,customers\n2024,2024,10\n2024,2025,x\n2024,20x6,3\n", "gap.csv": "cohort,period,customers\n2024,2024,10\n2024,2026,3\n" });
    const bad = await cli(["value", "--cohorts", join(dir, "bad.csv"), "--discount-rate", "0.1", "--margin", "5"]);
    expect([bad.code, bad.stdout]).toEqual([1, ""]);
    expect(bad.stderr).toContain(`error: ${join(dir, "bad.csv")}:3: customers: "x" is not a whole number of customers (0 or more)`);
    expect(bad.stderr).toContain(`error: ${join(dir, "bad.csv")}:4: period: "20x6" is not a period`);
    const gap = await cli(["value", "--cohorts", join(dir, "gap.csv"), "--discount-rate", "0.1", "--margin", "5"]);
    expect(gap.code).toBe(1);
    expect(gap.stderr).toContain("cohort 2024 has no row for period 2025");
  });

  it("a cohorts file has survivors only: the margin must be given", async () => {
    const dir = folder({ "high.csv": survivalFile(HIGH_END) });
    const run = await cli(["value", "--cohorts", join(dir, "high.csv"), "--discount-rate", "0.1"]);
    expect([run.code, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toContain("a cohorts file has survivors only: give --margin");
  });

  it("one period of churn is no sBG fit", async () => {
    const dir = folder({ "short.csv": survivalFile([1000, 600]) });
    const run = await cli(["value", "--cohorts", join(dir, "short.csv"), "--model", "sbg", "--discount-rate", "0.1", "--margin", "5", "--acquisition-cost", "0"]);
    expect([run.code, run.stdout]).toEqual([1, ""]);
    expect(run.stderr).toContain("α and β cannot be told apart");
  });
});

describe("ceq cohorts (fixtures/cohorts/EXPECTED.md)", () => {
  it("writes the hand-worked cells as long CSV", async () => {
    const run = await ceq(["cohorts", "--transactions", COHORTS, "--period", "quarter", "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        "cohort,period,customers,revenue",
        "2024-Q1,2024-Q1,3,380.00",
        "2024-Q1,2024-Q2,2,130.00",
        "2024-Q1,2024-Q3,1,80.00",
        "2024-Q1,2024-Q4,2,100.00",
        "2024-Q2,2024-Q2,1,60.00",
        "2024-Q2,2024-Q3,1,40.00",
        "2024-Q2,2024-Q4,0,0.00",
        "2024-Q4,2024-Q4,1,0.00",
        "",
      ].join("\n"),
    );
  });

  it("the table is a triangle of retention against the cohort's size; JSON carries each cell", async () => {
    const table = await cli(["cohorts", "--transactions", COHORTS, "--period", "quarter"]);
    const row = (label: string) => table.stdout.split("\n").find((l) => l.startsWith(`│ ${label}`))!.split("│").map((c) => c.trim()).filter(Boolean);
    expect(row("2024-Q1")).toEqual(["2024-Q1", "3", "100.00%", "66.67%", "33.33%", "66.67%"]);
    expect(row("2024-Q4")).toEqual(["2024-Q4", "1", "100.00%"]);
    const json = JSON.parse((await cli(["cohorts", "--transactions", COHORTS, "--period", "quarter", "-f", "json"])).stdout) as { cohorts: { cohort: string; size: number; periods: { age: number; retention: number }[] }[] };
    expect(json.cohorts.map((c) => [c.cohort, c.size, c.periods.map((p) => p.retention)])).toEqual([
      ["2024-Q1", 3, [1, 0.6667, 0.3333, 0.6667]],
      ["2024-Q2", 1, [1, 1, 0]],
      ["2024-Q4", 1, [1]],
    ]);
  });

  it("reconciles with the classification: a period's cohorts hold its new, reactivated and retained customers and their revenue", async () => {
    type P = { customers: number; revenue: number };
    const calc = JSON.parse((await cli(["--transactions", COHORTS, "--period", "quarter", "-f", "json"])).stdout) as { periods: { period: string; acquisition: P; retention: P }[] };
    const json = JSON.parse((await cli(["cohorts", "--transactions", COHORTS, "--period", "quarter", "-f", "json"])).stdout) as { cohorts: { periods: { period: string; customers: number; revenue: number }[] }[] };
    for (const p of calc.periods) {
      const cells = json.cohorts.flatMap((c) => c.periods.filter((x) => x.period === p.period));
      expect(cells.reduce((s, x) => s + x.customers, 0)).toBe(p.acquisition.customers + p.retention.customers);
      expect(cells.reduce((s, x) => s + Math.round(x.revenue * 100), 0)).toBe(Math.round(p.acquisition.revenue * 100) + Math.round(p.retention.revenue * 100));
    }
  });

  it("follows phase exports by id; exports without ids are an error naming the file", async () => {
    const run = await cli(["cohorts", "--dir", join(ROOT, "fixtures", "segments", "phases"), "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("cohort,period,customers,revenue\n2023,2023,3,2100.29\n2023,2024,2,1540.30\n2024,2024,3,1170.00\n");
    const demo = await cli(["cohorts", "--dir", DEMO]);
    expect([demo.code, demo.stdout]).toEqual([1, ""]);
    expect(demo.stderr).toContain("retained.csv:2: missing required column customer id: ceq cohorts follows each customer by id");
  });

  it("--cohorts reads back what cohorts writes: the same sBG fit and values as from the log itself", async () => {
    // A contractual business: each customer pays every quarter from the one they join until they
    // leave. Quarter q (0 = 2024-Q1) is dated the 10th of its first month; every cohort is followed to 2025-Q2.
    const date = (q: number) => `${2024 + Math.floor(q / 4)}-${String((q % 4) * 3 + 1).padStart(2, "0")}-10`;
    const lines: string[] = [];
    let id = 0;
    for (const [joined, stays] of [[0, [40, 31, 25, 21, 18, 16]], [1, [30, 22, 18, 15, 13]], [2, [35, 27, 22, 19]], [3, [25, 19, 16]]] as const) {
      for (let k = 0; k < stays[0]!; k++) {
        id++;
        const length = stays.filter((n) => n > k).length;
        for (let age = 0; age < length; age++) lines.push(`C${id},${date(joined + age)},${(10 + (id % 7)).toFixed(2)}`);
      }
    }
    const dir = folder({ "log.csv": `customer_id,date,amount\n${lines.join("\n")}\n` });
    const cohorts = await cli(["cohorts", "--transactions", join(dir, "log.csv"), "--period", "quarter", "-f", "csv", "-o", join(dir, "cohorts.csv")]);
    expect(cohorts.code, cohorts.stderr).toBe(0);
    const flags = ["--model", "sbg", "--discount-rate", "0.03", "--margin", "12.5", "--acquisition-cost", "20"];
    const fromLog = await value(["--transactions", join(dir, "log.csv"), "--period", "quarter", ...flags]);
    const fromFile = await value(["--cohorts", join(dir, "cohorts.csv"), ...flags]);
    const figures = (d: ValueJson) => [d.sbg, d.clv, d.currentCustomers, d.currentValue, d.futureValue, d.customerEquity, d.inputs.newCustomers];
    expect(figures(fromFile)).toEqual(figures(fromLog));
    // Customers now by renewals made: 2025-Q2 is 5 quarters after 2024-Q1 (16 left), 4 after Q2 (13), 3 after Q3 (19), 2 after Q4 (16).
    expect(fromLog.sbg!.derl.map((d) => d.customers)).toEqual([0, 0, 16, 19, 13, 16]);
    // Future customers: the cohorts won in the last 3 quarters, 2024-Q4's 25, per quarter.
    expect(fromLog.inputs.newCustomers).toBe(Number((25 / 3).toFixed(4)));
  });
});

describe("CDNOW (../shared/data)", () => {
  const present = existsSync(CDNOW);
  it.skipIf(!present)("cohorts by quarter: the 1997-Q1 cohort's active customers, tallied here independently; the sBG fit on them", async () => {
    const active = new Map<string, Set<number>>();
    for (const line of readFileSync(CDNOW, "utf8").split("\n").slice(1)) {
      const [id, date, , amount] = line.trim().split(/\s+/);
      if (!id || !date || Number(amount) < 0) continue;
      const q = (Number(date.slice(0, 4)) - 1997) * 4 + Math.floor((Number(date.slice(4, 6)) - 1) / 3);
      if (!active.has(id)) active.set(id, new Set());
      active.get(id)!.add(q);
    }
    const counts = Array.from({ length: 6 }, (_, q) => [...active.values()].filter((s) => s.has(q)).length);
    expect(counts[0]).toBe(23_570);
    const run = await cli(["cohorts", ...CDNOW_FLAGS, "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trim().split("\n").slice(1).map((l) => Number(l.split(",")[2]))).toEqual(counts);
    const doc = await value([...CDNOW_FLAGS, "--model", "sbg", "--discount-rate", "0.025"]);
    const fit = fitSbg([counts]);
    expect([doc.sbg!.alpha, doc.sbg!.beta]).toEqual([Number(fit.alpha.toFixed(4)), Number(fit.beta.toFixed(4))]);
    expect(doc.currentCustomers).toBe(counts[5]);
    // No cohort is won after 1997-Q1: the customers won back are not future cohorts.
    expect(doc.inputs.newCustomers).toBe(0);
  });
  if (!present) it("CDNOW is absent: skipped (../shared/data/CDNOW_master.txt)", () => {});
});
