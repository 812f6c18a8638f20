/**
 * `--source NAME` through main() in-process (test/support/capture.ts cli(); one case spawns the built binary for the wiring): each preset on a fixture export with every column of
 * the vendor's documented export, against figures worked out by hand (fixtures/sources/EXPECTED.md);
 * precedence (flags > --config > preset); `ceq sources`; and the "this looks like" hint.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ceq, folder, ROOT } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

const DIR = join(ROOT, "fixtures", "sources");
const FX = join(DIR, "fx-rates.csv");

/** The CSV result's columns by name, per year. */
function figures(stdout: string): Record<string, Record<string, string>> {
  const [head, ...rows] = stdout.trim().split("\n").map((l) => l.split(","));
  return Object.fromEntries(rows.map((r) => [r[0]!, Object.fromEntries(head!.map((h, i) => [h, r[i]!]))]));
}

/** From EXPECTED.md: [2023 new, revenue], [2024 new, revenue], [2024 retained, revenue], 2024 churned. */
const EXPECTED: Record<string, { y2023: [string, string]; new2024: [string, string]; retained2024: [string, string]; churned2024: string; extra?: string[]; noFx?: boolean }> = {
  stripe: { y2023: ["3", "385.00"], new2024: ["1", "90.00"], retained2024: ["1", "100.00"], churned2024: "2" },
  shopify: { y2023: ["2", "200.00"], new2024: ["1", "108.00"], retained2024: ["1", "99.99"], churned2024: "1" },
  woocommerce: { y2023: ["2", "85.00"], new2024: ["1", "64.80"], retained2024: ["1", "12.34"], churned2024: "1" },
  chargebee: { y2023: ["2", "300.00"], new2024: ["2", "364.00"], retained2024: ["1", "100.00"], churned2024: "1" },
  recurly: { y2023: ["2", "49.00"], new2024: ["1", "32.40"], retained2024: ["1", "49.00"], churned2024: "1" },
  paddle: { y2023: ["2", "670.00"], new2024: ["2", "75.50"], retained2024: ["1", "120.00"], churned2024: "1" },
  hubspot: { y2023: ["2", "42000.00"], new2024: ["1", "10800.00"], retained2024: ["1", "12000.00"], churned2024: "1" },
  salesforce: { y2023: ["2", "42000.00"], new2024: ["1", "10800.00"], retained2024: ["1", "12500.00"], churned2024: "1" },
  pipedrive: { y2023: ["2", "12000.00"], new2024: ["1", "4320.00"], retained2024: ["1", "5500.00"], churned2024: "1" },
  quickbooks: { y2023: ["2", "1200.00"], new2024: ["1", "900.00"], retained2024: ["1", "1200.00"], churned2024: "1" },
  xero: { y2023: ["2", "230.00"], new2024: ["1", "216.00"], retained2024: ["1", "120.00"], churned2024: "1", extra: ["--date-format", "DD/MM/YYYY"] },
  netsuite: { y2023: ["2", "1200.00"], new2024: ["1", "432.00"], retained2024: ["1", "1100.00"], churned2024: "1" },
  sap: { y2023: ["2", "3000.00"], new2024: ["1", "750.50"], retained2024: ["1", "1200.00"], churned2024: "1", extra: ["--currency", "EUR"], noFx: true },
  zoho: { y2023: ["2", "340.00"], new2024: ["1", "27.00"], retained2024: ["1", "220.00"], churned2024: "1" },
};

describe("each preset reads its system's export to the hand-computed figures", () => {
  for (const [name, want] of Object.entries(EXPECTED)) {
    it(`${name}: ${join("fixtures", "sources", `${name}.csv`)}`, async () => {
      const run = await cli(["--transactions", join(DIR, `${name}.csv`), "--source", name, ...(want.noFx ? [] : ["--fx-rates", FX]), "-f", "csv", ...(want.extra ?? [])]);
      expect(run.stderr.split("\n").filter((l) => l.startsWith("error"))).toEqual([]);
      expect(run.code).toBe(0);
      const got = figures(run.stdout);
      expect(Object.keys(got)).toEqual(["2023", "2024"]);
      const y = (year: string, column: string) => got[year]![column];
      expect([y("2023", "new_customers"), y("2023", "new_revenue")]).toEqual(want.y2023);
      expect([y("2023", "retained_customers"), y("2023", "churned_customers"), y("2023", "inactive_revenue")]).toEqual(["0", "0", "0.00"]);
      expect([y("2024", "new_customers"), y("2024", "new_revenue")]).toEqual(want.new2024);
      expect([y("2024", "retained_customers"), y("2024", "retained_revenue")]).toEqual(want.retained2024);
      expect([y("2024", "churned_customers"), y("2024", "inactive_revenue")]).toEqual([want.churned2024, "0.00"]);
    });
  }
});

describe("precedence: flags > --config > preset", () => {
  const SAP = ["--transactions", join(DIR, "sap.csv"), "--source", "sap", "--currency", "EUR", "-f", "csv"];
  it("a config file's key overrides the preset's; a flag overrides both", async () => {
    // Document Number as the customer: every kept document is a customer of its own, so 2023 has
    // three (two invoices and a credit memo: a credit memo alone is not active, so two new).
    const dir = folder({ "by-doc.json": JSON.stringify({ idColumn: "Document Number" }) });
    const byDoc = await cli([...SAP, "--config", join(dir, "by-doc.json")]);
    expect(byDoc.code, byDoc.stderr).toBe(0);
    expect(figures(byDoc.stdout)["2023"]!.new_customers).toBe("2");
    expect(figures(byDoc.stdout)["2023"]!.inactive_revenue).toBe("-500.00");
    const back = await cli([...SAP, "--config", join(dir, "by-doc.json"), "--id-column", "Account"]);
    expect(back.code, back.stderr).toBe(0);
    expect(figures(back.stdout)["2023"]).toMatchObject({ new_customers: "2", new_revenue: "3000.00", inactive_revenue: "0.00" });
  });

  it("a config file's where replaces the preset's, not adds to it", async () => {
    // The DZ payment (1.000,00-) is no longer left out: the preset's revenue values (RV, DR, DG) refuse it.
    const dir = folder({ "all.json": JSON.stringify({ where: ["Document Type!=AB"] }), "dz.json": JSON.stringify({ where: ["Document Type!=AB"], revenueValues: ["Document Type=RV,DR,DG,DZ"] }) });
    const refused = await cli([...SAP, "--config", join(dir, "all.json")]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`error: ${join(DIR, "sap.csv")}:3: Document Type: "DZ" marks rows that are not revenue, and they were not left out: 1 row, not among the revenue values --revenue-values names for the column (RV, DR, DG)`);
    // Its revenueValues replace the preset's too: DZ named, the payment counts, and 100001 nets 0 in 2023.
    const run = await cli([...SAP, "--config", join(dir, "dz.json")]);
    expect(run.code, run.stderr).toBe(0);
    expect(figures(run.stdout)["2023"]).toMatchObject({ new_customers: "2", new_revenue: "2000.00" });
  });

  it("a document type the preset does not name as a sale is an error naming it; a DG credit memo nets", async () => {
    const lines = readFileSync(join(DIR, "sap.csv"), "utf8").trimEnd().split("\n");
    // line 9: a DA customer document of 300,00 for 100003
    const dir = folder({ "da.csv": `${[...lines, "100003;;0200000001;DA;05.12.2024;05.12.2024;;05.12.2024;300,00;EUR;;Umbuchung"].join("\n")}\n` });
    const run = await cli(["--transactions", join(dir, "da.csv"), "--source", "sap", "--currency", "EUR", "-f", "csv"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(`error: ${join(dir, "da.csv")}:9: Document Type: "DA" marks rows that are not revenue, and they were not left out: 1 row`);
    expect(run.stderr).toContain('--where "Document Type!=DA"');
    // Without it: 2023's new revenue is 1,000 (100001) + 2,500 - 500 (100002's invoice and DG credit memo) = 3,000.
    const plain = await cli(SAP);
    expect(plain.code, plain.stderr).toBe(0);
    expect(figures(plain.stdout)["2023"]).toMatchObject({ new_customers: "2", new_revenue: "3000.00" });
  });

  it("a config file may name the source itself", async () => {
    const dir = folder({ "sap.json": JSON.stringify({ source: "sap", currency: "EUR" }) });
    const run = await cli(["--transactions", join(DIR, "sap.csv"), "--config", join(dir, "sap.json"), "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(figures(run.stdout)["2024"]).toMatchObject({ new_revenue: "750.50", retained_revenue: "1200.00" });
  });

  it("an unknown name is a usage error listing the names, with nothing on standard output", async () => {
    const run = await cli(["--transactions", join(DIR, "sap.csv"), "--source", "stripes"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("expected one of stripe, shopify, woocommerce, chargebee, recurly, paddle, hubspot, salesforce, pipedrive, quickbooks, xero, netsuite, sap, zoho");
    const inConfig = folder({ "c.json": JSON.stringify({ source: "oracle" }) });
    const fromFile = await cli(["--transactions", join(DIR, "sap.csv"), "--config", join(inConfig, "c.json")]);
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toContain("source: expected one of stripe");
  });
});

describe("ceq sources", () => {
  const names = Object.keys(EXPECTED);
  it("lists every preset with its export path", async () => {
    const run = await ceq(["sources"]);
    expect(run.code).toBe(0);
    const listed = run.stdout.split("\n").filter((l) => /^\S/.test(l) && !l.startsWith("Use ")).map((l) => l.split(/\s+/)[0]);
    expect(listed).toEqual(names);
    expect(run.stdout).toContain("Dashboard › Payments › Export");
    expect(run.stdout.split("\n").filter((l) => l.trimStart().startsWith("export: "))).toHaveLength(names.length);
  });

  it("--format json gives each preset's options as its file has them", async () => {
    const run = await cli(["sources", "--format", "json"]);
    expect(run.code).toBe(0);
    const list = JSON.parse(run.stdout) as { name: string; options: Record<string, unknown>; documentation: string[] }[];
    expect(list.map((e) => e.name)).toEqual(names);
    for (const e of list) {
      const file = JSON.parse(readFileSync(join(ROOT, "src", "schema", "sources", `${e.name}.json`), "utf8")) as Record<string, unknown>;
      expect(e.options).toEqual(Object.fromEntries(Object.entries(file).filter(([k]) => !k.startsWith("$"))));
      expect(e.documentation.length).toBeGreaterThan(0);
      expect(e.documentation.every((d) => d.startsWith("https://"))).toBe(true);
    }
  });

  it("one preset in full; an unknown one is a usage error", async () => {
    const one = await cli(["sources", "hubspot"]);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('options: {"idColumn":"Associated Company IDs (Primary)"');
    expect(one.stdout).toContain("documentation: https://knowledge.hubspot.com/");
    const bad = await cli(["sources", "sage"]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
  });
});

describe("a missing column on a preset's export hints --source", () => {
  it("names the system and the flag, once, and not when a column flag is given", async () => {
    const run = await cli(["--transactions", join(DIR, "stripe.csv")]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n").filter((l) => l.startsWith("hint: "))).toEqual(["hint: this looks like a Stripe payments export: --source stripe"]);
    const named = await cli(["--transactions", join(DIR, "stripe.csv"), "--revenue-column", "Amount"]);
    expect(named.code).toBe(1);
    expect(named.stderr).not.toContain("--source");
  });

  it("on a meaning-column error too: once, in the first hint, before that error's own remedy", async () => {
    // Chargebee's invoice columns fit ceq's default names, so the first error is its status column.
    const run = await cli(["--transactions", join(DIR, "chargebee.csv"), "--fx-rates", FX]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const hints = run.stderr.split("\n").filter((l) => l.startsWith("hint: "));
    expect(hints[0]).toBe('hint: this looks like a Chargebee invoices export: --source chargebee; or leave them out: --where "status!=voided" (or, if these rows are revenue after all, --ignore-column "status")');
    expect(hints.filter((h) => h.includes("--source"))).toHaveLength(1);
    const handled = await cli(["--transactions", join(DIR, "chargebee.csv"), "--fx-rates", FX, "--ignore-column", "credits_applied"]);
    expect(handled.code).toBe(1);
    expect(handled.stderr).not.toContain("--source");
  });

  it("for a deals export too, whose stage column is no phase", async () => {
    const run = await cli(["--transactions", join(DIR, "hubspot.csv")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("hint: this looks like a HubSpot deals export: --source hubspot");
  });
});

describe("the recipes for real systems in docs/exports.md run as written", () => {
  /** The `ceq …` commands of docs/exports.md's shell blocks that start with this text, continuation lines joined. */
  function recipes(start: string): string[][] {
    const readme = readFileSync(join(ROOT, "docs", "exports.md"), "utf8").replace(/\\\n\s*/g, "");
    const lines = readme.split("\n").filter((l) => l.startsWith(start));
    expect(lines.length, start).toBeGreaterThan(0);
    return lines.map((l) => [...l.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(1));
  }
  /** A fixture's rows without those in another currency: the recipes give no --fx-rates. */
  const usdOnly = (name: string, column: number) =>
    readFileSync(join(DIR, `${name}.csv`), "utf8")
      .split("\n")
      .filter((l, i) => i === 0 || !l.split(",")[column]?.includes("EUR"))
      .join("\n");

  it("HubSpot deals: the won deals as a log of their companies, a lost deal no churn", async () => {
    const dir = folder({ "deals.csv": usdOnly("hubspot", 6) });
    for (const args of recipes("ceq --transactions deals.csv --id-column")) {
      const run = await cli([...args, "-f", "csv"], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      // by hand: 2023 Acme 12000 and Gamma 30000 new; 2024 Acme 12000 retained, Gamma churned (its
      // lost upsell is no purchase), Beta's and Delta's deals never made them customers
      expect(figures(run.stdout)["2023"]).toMatchObject({ new_customers: "2", new_revenue: "42000.00", churned_customers: "0" });
      expect(figures(run.stdout)["2024"]).toMatchObject({ new_customers: "0", retained_customers: "1", retained_revenue: "12000.00", churned_customers: "1", churned_revenue: "30000.00" });
    }
  });

  it("Salesforce opportunities and HubSpot deals with their presets", async () => {
    const dir = folder({ "opportunities.csv": usdOnly("salesforce", 7), "deals.csv": readFileSync(join(DIR, "hubspot.csv"), "utf8"), "rates.csv": readFileSync(FX, "utf8") });
    const [sf] = recipes("ceq --transactions opportunities.csv --source salesforce");
    const sfRun = await cli([...sf!, "-f", "csv"], { cwd: dir });
    expect(sfRun.code, sfRun.stderr).toBe(0);
    expect(figures(sfRun.stdout)["2024"]).toMatchObject({ new_customers: "0", retained_revenue: "12500.00", churned_customers: "1" });
    const [hs] = recipes("ceq --transactions deals.csv --source hubspot");
    const hsRun = await cli([...hs!, "-f", "csv"], { cwd: dir });
    expect(hsRun.code, hsRun.stderr).toBe(0);
    expect(figures(hsRun.stdout)["2024"]).toMatchObject({ new_revenue: "10800.00", retained_revenue: "12000.00" });
  });

  it("Stripe payments with the preset", async () => {
    const dir = folder({ "unified_payments.csv": readFileSync(join(DIR, "stripe.csv"), "utf8") });
    const [args] = recipes("ceq --transactions unified_payments.csv --source stripe");
    const run = await cli([...args!, "-f", "csv"], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(figures(run.stdout)["2023"]).toMatchObject({ new_customers: "3", new_revenue: "385.00" });
  });
});
