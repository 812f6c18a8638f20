/**
 * Segments (`--by`) through main() in-process (test/support/capture.ts cli(); one case spawns the built binary for the wiring), on the hand-worked fixture in fixtures/segments
 * (EXPECTED.md shows the arithmetic): a log by region with a customer who moves segment, phase
 * exports by plan and channel, every format, gates, --max-groups, derive and validate.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ceq, folder, ROOT } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

const FIXTURE = join(ROOT, "fixtures", "segments");
const LOG = join(FIXTURE, "invoices.csv");
const PHASES = join(FIXTURE, "phases");

type Phase = { customers: number; revenue: number; cost?: number; equity: number };
type Entry = { year: number; group: Record<string, string> | null; acquisition: Phase; retention: Phase; churn: Phase; customerEquity: number; change: number | null; changePercent: number | null; churnRate: number | null; movedIn?: number; movedOut?: number; inactive?: { customers: number; revenue: number } };

async function json(args: string[]) {
  const run = await cli([...args, "-f", "json"]);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { by?: string[]; years: Entry[]; total: Entry; groupTotals?: Entry[] };
}

/** An entry by year and group values (null: the company). */
function entry(doc: { years: Entry[] }, year: number, group: Record<string, string> | null): Entry {
  const found = doc.years.find((y) => y.year === year && JSON.stringify(y.group) === JSON.stringify(group));
  if (!found) throw new Error(`no entry for ${year} ${JSON.stringify(group)}`);
  return found;
}

describe("a transaction log by region (EXPECTED.md, part 1)", () => {
  it("gives each region its hand-worked figures, the mover retained in their new region, and the company as their sum", async () => {
    const doc = await json(["--transactions", LOG, "--by", "region"]);
    expect(doc.by).toEqual(["region"]);
    // Each period: the groups in order, then the company.
    expect(doc.years.map((y) => [y.year, y.group])).toEqual([
      [2023, { region: "" }], [2023, { region: "AMER" }], [2023, { region: "EMEA" }], [2023, null],
      [2024, { region: "" }], [2024, { region: "AMER" }], [2024, { region: "EMEA" }], [2024, null],
    ]);
    expect([2023, 2024].map((y) => ["", "AMER", "EMEA"].map((r) => entry(doc, y, { region: r }).customerEquity))).toEqual([[50, 270, 306], [60, -111, 105]]);
    expect(entry(doc, 2023, null).customerEquity).toBe(626);
    const amer = entry(doc, 2024, { region: "AMER" });
    expect(amer.acquisition).toMatchObject({ customers: 1, revenue: 80, cost: 8, equity: 72 });
    expect(amer.retention).toMatchObject({ customers: 1, revenue: 120, cost: 3, equity: 117 });
    expect(amer.churn).toMatchObject({ customers: 1, revenue: 300, equity: -300 });
    expect([amer.change, amer.changePercent, amer.churnRate, amer.movedIn, amer.movedOut]).toEqual([-381, -1.4111, 0.5, 1, 0]);
    const emea = entry(doc, 2024, { region: "EMEA" });
    expect([emea.retention.customers, emea.churn.revenue, emea.inactive?.revenue, emea.churnRate, emea.movedIn, emea.movedOut]).toEqual([1, 40, -20, 0.5, 0, 1]);
    const none = entry(doc, 2024, { region: "" });
    expect([none.customerEquity, none.change, none.changePercent, none.churnRate]).toEqual([60, 10, 0.2, 0]);
    const company = entry(doc, 2024, null);
    expect([company.customerEquity, company.change, company.retention.revenue, company.retention.customers, company.churnRate, company.movedIn, company.movedOut]).toEqual([54, -572, 330, 3, 0.4, 1, 1]);
    expect(doc.groupTotals?.map((t) => [t.group, t.customerEquity])).toEqual([[{ region: "" }, 110], [{ region: "AMER" }, 159], [{ region: "EMEA" }, 411]]);
    expect(doc.total.customerEquity).toBe(680);
  });

  it("without --by the log gives the company's figures alone, and the same ones", async () => {
    const plain = await json(["--transactions", LOG]);
    const grouped = await json(["--transactions", LOG, "--by", "region"]);
    expect(plain.by).toBeUndefined();
    expect(plain.years.map((y) => y.group)).toEqual([null, null]);
    const drop = ({ movedIn: _, movedOut: __, ...rest }: Entry) => rest;
    expect(grouped.years.filter((y) => y.group === null).map(drop)).toEqual(plain.years);
    expect(drop(grouped.total)).toEqual(plain.total);
  });

  it("--period quarter names each group's quarters", async () => {
    const run = await cli(["--transactions", LOG, "--by", "region", "--period", "quarter", "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines[0]!.split(",").slice(0, 3)).toEqual(["period", "year", "region"]);
    // 2023-Q1 to 2024-Q2: 6 quarters, 3 groups and the company each.
    expect(lines.length).toBe(1 + 6 * 4);
    const row = lines.find((l) => l.startsWith("2024-Q2,2024,AMER,"))!.split(",");
    const header = lines[0]!.split(",");
    const at = (name: string) => row[header.indexOf(name)];
    // B's 2024-Q2 row (AMER) follows a 2024-Q1 row (EMEA): retained, moved in.
    expect([at("retained_customers"), at("retained_revenue"), at("moved_in_customers")]).toEqual(["1", "70.00", "1"]);
  });
});

describe("phase exports by plan and channel (EXPECTED.md, part 2)", () => {
  it("a row counts in the segment its own cells name, trimmed; an empty value is (none)", async () => {
    const doc = await json(["--dir", PHASES, "--by", "plan,channel"]);
    const g = (plan: string, channel: string) => ({ plan, channel });
    expect(doc.years.filter((y) => y.year === 2024).map((y) => [y.group, y.customerEquity, y.change, y.changePercent])).toEqual([
      [g("Basic", ""), 40, 40, null],
      [g("Basic", "Web"), 94.5, 14.51, 0.1814],
      [g("Pro", "Partner"), -800.2, -1100.4, -3.6656],
      [g("Pro", "Web"), 2210.3, 1310.2, 1.4556],
      [null, 1544.6, 264.31, 0.2064],
    ]);
    expect(entry(doc, 2023, g("Basic", "")).customerEquity).toBe(0);
    expect(entry(doc, 2024, g("Pro", "Web")).retention).toMatchObject({ customers: 2, revenue: 1540.3, cost: 130, equity: 1410.3 });
    expect(entry(doc, 2023, null).customerEquity).toBe(1280.29);
    // Phase exports carry no moves: a row's segment is its own.
    expect(entry(doc, 2024, null).movedIn).toBeUndefined();
  });

  it("--input with a status column and --by reads the same groups", async () => {
    const all = ["customer_id,status,year,plan,channel,revenue,cost"];
    for (const [file, status] of [["new.csv", "new"], ["retained.csv", "retained"], ["churned.csv", "churned"]] as const) {
      const [header, ...rows] = readFileSync(join(PHASES, file), "utf8").trim().split("\n");
      const hasCost = header!.split(",").length === 6;
      for (const r of rows) {
        const [id, year, plan, channel, revenue, cost] = r.split(",");
        all.push([id, status, year, plan, channel, revenue, hasCost ? cost : ""].join(","));
      }
    }
    const dir = folder({ "all.csv": `${all.join("\n")}\n` });
    const one = await json(["--input", join(dir, "all.csv"), "--by", "plan,channel"]);
    const three = await json(["--dir", PHASES, "--by", "plan,channel"]);
    expect(one.years).toEqual(three.years);
  });
});

describe("every format shows the groups", () => {
  it("csv and tsv: one column per --by column after the year; (none) for an empty value, empty on the company's rows", async () => {
    for (const [format, sep] of [["csv", ","], ["tsv", "\t"]] as const) {
      const run = await cli(["--dir", PHASES, "--by", "plan,channel", "-f", format]);
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split("\n").map((l) => l.split(sep));
      expect(lines[0]!.slice(0, 4)).toEqual(["year", "plan", "channel", "new_customers"]);
      expect(lines.slice(1).map((l) => [l[0], l[1], l[2], l[lines[0]!.indexOf("customer_equity")]])).toEqual([
        ["2023", "Basic", "(none)", "0.00"], ["2023", "Basic", "Web", "79.99"], ["2023", "Pro", "Partner", "300.20"], ["2023", "Pro", "Web", "900.10"], ["2023", "", "", "1280.29"],
        ["2024", "Basic", "(none)", "40.00"], ["2024", "Basic", "Web", "94.50"], ["2024", "Pro", "Partner", "-800.20"], ["2024", "Pro", "Web", "2210.30"], ["2024", "", "", "1544.60"],
      ]);
    }
  });

  it("a log's csv adds moved-in and moved-out columns", async () => {
    const run = await ceq(["--transactions", LOG, "--by", "region", "-f", "csv"]);
    const [header, ...rows] = run.stdout.trim().split("\n").map((l) => l.split(","));
    expect(header!.slice(-2)).toEqual(["moved_in_customers", "moved_out_customers"]);
    expect(rows.filter((r) => r[0] === "2024").map((r) => [r[1], ...r.slice(-2)])).toEqual([["(none)", "0", "0"], ["AMER", "1", "0"], ["EMEA", "0", "1"], ["", "1", "1"]]);
  });

  it("table and markdown: the group's columns beside the period, (all) on the company's rows, totals per group", async () => {
    const table = await cli(["--transactions", LOG, "--by", "region", "--wide", "--detail"]);
    expect(table.code).toBe(0);
    const lines = table.stdout.split("\n");
    const cells = (l: string) => l.split("│").map((c) => c.trim()).filter((c) => c !== "");
    const equity = lines.filter((l) => /^│ (2023|2024|Total) /.test(l)).slice(0, 12).map(cells);
    expect(equity.map((c) => [c[0], c[1], c[5]])).toEqual([
      ["2023", "(none)", "$50.00"], ["2023", "AMER", "$270.00"], ["2023", "EMEA", "$306.00"], ["2023", "(all)", "$626.00"],
      ["2024", "(none)", "$60.00"], ["2024", "AMER", "-$111.00"], ["2024", "EMEA", "$105.00"], ["2024", "(all)", "$54.00"],
      ["Total", "(none)", "$110.00"], ["Total", "AMER", "$159.00"], ["Total", "EMEA", "$411.00"], ["Total", "(all)", "$680.00"],
    ]);
    expect(table.stdout).toMatch(/│ Year\s+│ region\s+│ New\s+│ Reactivated\s+│ Retained\s+│ Moved in\s+│ Moved out\s+│ Churned/);
    const md = await cli(["--dir", PHASES, "--by", "plan,channel", "-f", "markdown"]);
    expect(md.stdout).toContain("| Year | plan | channel | Acquisition |");
    expect(md.stdout).toContain("| 2024 | Pro | Partner | $0.00 | $0.00 | -$800.20 | -$800.20 | -$1,100.40 | -366.56% |");
    expect(md.stdout).toContain("| 2024 | (all) | (all) | $934.50 | $1,410.30 | -$800.20 | $1,544.60 | $264.31 | 20.64% |");
  });
});

describe("gates by segment", () => {
  it("apply to the company by default, and with --gate-each-group to every group, naming each that fails", async () => {
    const company = await cli(["--transactions", LOG, "--by", "region", "--max-churn-rate", "0.45", "-f", "csv"]);
    expect(company.code).toBe(0);
    const each = await cli(["--transactions", LOG, "--by", "region", "--max-churn-rate", "0.45", "--gate-each-group", "-f", "csv"]);
    expect(each.code).toBe(3);
    expect(each.stdout).toBe(company.stdout);
    expect(each.stderr.split("\n").filter((l) => l.startsWith("gate failed"))).toEqual([
      "gate failed: churn rate of 2024 for region=AMER is 0.5000, above --max-churn-rate 0.45",
      "gate failed: churn rate of 2024 for region=EMEA is 0.5000, above --max-churn-rate 0.45",
    ]);
    const under = await cli(["--dir", PHASES, "--by", "plan,channel", "--fail-under", "0", "--gate-each-group"]);
    expect(under.code).toBe(3);
    expect(under.stderr).toContain("gate failed: customer equity of 2024 for plan=Pro, channel=Partner is -$800.20, under --fail-under $0.00");
    expect(under.stderr.match(/gate failed/g)).toHaveLength(1);
  });

  it("--gate-each-group without --by is a usage error", async () => {
    const run = await cli(["--dir", PHASES, "--gate-each-group"]);
    expect([run.code, run.stdout]).toEqual([2, ""]);
    expect(run.stderr).toContain("--gate-each-group gates each segment: it needs --by");
  });
});

describe("--max-groups", () => {
  it("more groups than the limit is an error naming how many there are, with nothing on standard output", async () => {
    for (const args of [["--transactions", LOG, "--by", "region"], ["--dir", PHASES, "--by", "plan,channel"]]) {
      const run = await cli([...args, "--max-groups", "2"]);
      expect([run.code, run.stdout]).toEqual([1, ""]);
      const count = args[0] === "--dir" ? 4 : 3;
      expect(run.stderr).toContain(`error: --by ${args[3]} makes ${count} groups, more than --max-groups 2`);
      expect(run.stderr).toContain(`hint: to see them all anyway: --max-groups ${count}`);
    }
    const enough = await cli(["--transactions", LOG, "--by", "region", "--max-groups", "3", "-f", "csv"]);
    expect(enough.code).toBe(0);
  });

  it("the default is 50: 51 groups fail, 50 pass", async () => {
    const rows = (n: number) => Array.from({ length: n }, (_, i) => `C${i},2024,10,R${i}`).join("\n");
    const dir = folder({ "fifty.csv": `customer_id,year,revenue,region\n${rows(50)}\n`, "more.csv": `customer_id,year,revenue,region\n${rows(51)}\n` });
    expect((await cli(["--new", join(dir, "fifty.csv"), "--by", "region", "-f", "csv"])).code).toBe(0);
    const more = await cli(["--new", join(dir, "more.csv"), "--by", "region", "-f", "csv"]);
    expect([more.code, more.stdout]).toEqual([1, ""]);
    expect(more.stderr).toContain("makes 51 groups, more than --max-groups 50");
  });
});

describe("validate and derive by segment", () => {
  it("validate names a --by column the input lacks, with the columns it has", async () => {
    for (const args of [["--transactions", LOG], ["--dir", PHASES]]) {
      const run = await cli(["validate", ...args, "--by", "regoin"]);
      expect(run.code).toBe(1);
      // validate's report is its output: on standard output
      expect(run.stdout).toMatch(/missing required column "regoin" \(named by --by regoin\); found: customer_id, (date, amount, cost, region|year, plan, channel, revenue)/);
    }
    expect((await cli(["validate", "--transactions", LOG, "--by", "region"])).code).toBe(0);
  });

  it("derive --by writes each row's segment, and --dir --by on the files gives the log's groups", async () => {
    const dir = folder();
    const out = join(dir, "phases");
    const derived = await cli(["derive", "--transactions", LOG, "--by", "region", "--out-dir", out]);
    expect(derived.code, derived.stderr).toBe(0);
    expect(readFileSync(join(out, "retained.csv"), "utf8")).toBe("customer_id,year,region,revenue,cost\nA,2024,EMEA,150,5\nB,2024,AMER,120,3\nE,2024,,60,0\n");
    expect(readFileSync(join(out, "churned.csv"), "utf8")).toBe("customer_id,year,region,revenue\nC,2024,AMER,300\nF,2024,EMEA,40\n");
    const fromLog = await json(["--transactions", LOG, "--by", "region"]);
    const fromFiles = await json(["--dir", out, "--by", "region"]);
    const phases = (y: Entry) => {
      const { reactivated: _, ...acquisition } = y.acquisition as Phase & { reactivated?: number };
      return [y.year, y.group, acquisition, y.retention, y.churn, y.customerEquity, y.change];
    };
    expect(fromFiles.years.map(phases)).toEqual(fromLog.years.map(phases));
  });
});

describe("a costs file by segment", () => {
  it("names each cost's segment in the --by columns; a group may have costs and no customers; a file without them is an error", async () => {
    const dir = folder({ "costs.csv": "year,region,acquisition cost,servicing cost\n2024,APAC,10,5\n2024,EMEA,1,1\n", "flat.csv": "year,acquisition cost,servicing cost\n2024,10,5\n" });
    const doc = await json(["--transactions", LOG, "--by", "region", "--costs", join(dir, "costs.csv")]);
    expect(doc.years.filter((y) => y.year === 2024).map((y) => [y.group, y.customerEquity])).toEqual([
      [{ region: "" }, 60], [{ region: "AMER" }, -111], [{ region: "APAC" }, -15], [{ region: "EMEA" }, 103], [null, 37],
    ]);
    const flat = await cli(["--transactions", LOG, "--by", "region", "--costs", join(dir, "flat.csv")]);
    expect([flat.code, flat.stdout]).toEqual([1, ""]);
    expect(flat.stderr).toContain(`error: ${join(dir, "flat.csv")}:1: missing required column "region" (named by --by region): with --by, each cost names its segment; found: year, acquisition cost, servicing cost`);
  });
});

describe("--by column names", () => {
  it("a column named twice, or an empty name, is a usage error", async () => {
    for (const by of ["region,Region", "region,,plan", ""]) {
      const run = await cli(["--transactions", LOG, "--by", by]);
      expect(run.code, by).toBe(2);
      expect(run.stdout).toBe("");
    }
  });
});
