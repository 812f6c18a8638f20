/** The `--source` presets as data, and detectSource(): which export a header looks like. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { detectSource, describeSource, presetOptions, SOURCE_NAMES, SOURCES, sourceNamed, sourceRemedy } from "../../../src/schema/sources/index.js";
import { resolveTxColumns } from "../../../src/schema/transaction.js";
import { resolveColumns } from "../../../src/schema/columns.js";
import { hintOf } from "../../../src/issues.js";
import { ROOT } from "../../support/helpers.js";

describe("the presets", () => {
  it("are the fourteen the issue names, each citing the vendor documentation it follows", () => {
    expect(SOURCE_NAMES).toEqual(["stripe", "shopify", "woocommerce", "chargebee", "recurly", "paddle", "hubspot", "salesforce", "pipedrive", "quickbooks", "xero", "netsuite", "sap", "zoho"]);
    for (const name of SOURCE_NAMES) {
      const p = SOURCES[name];
      expect(p.$source.length, name).toBeGreaterThan(0);
      for (const s of p.$source) expect(s, name).toMatch(/^https:\/\/\S+ — \S/);
      // the columns a preset reads are columns of the export it describes
      for (const key of ["idColumn", "dateColumn", "revenueColumn", "currencyColumn", "quantityColumn", "priceColumn"]) {
        if (key in p) expect(p.$columns, `${name}.${key}`).toContain((p as Record<string, unknown>)[key]);
      }
      for (const key of ["refundColumn", "ignoreColumn"]) for (const c of ((p as Record<string, unknown>)[key] ?? []) as string[]) expect(p.$columns, `${name}.${key}`).toContain(c);
      for (const w of ((p as Record<string, unknown>).where ?? []) as string[]) expect(p.$columns, `${name} --where ${w}`).toContain(w.split(/!?=/)[0]);
      for (const c of p.$detect) expect(p.$columns, `${name} $detect`).toContain(c);
    }
  });

  it("each fixture export has exactly the preset's documented columns", () => {
    for (const name of SOURCE_NAMES) {
      const text = readFileSync(join(ROOT, "fixtures", "sources", `${name}.csv`), "utf8");
      const header = text.split("\n").find((l) => l.includes(SOURCES[name].$columns[0]!) && l.includes(SOURCES[name].$columns[1]!))!;
      expect(header.split(name === "sap" ? ";" : ",").map((c) => c.replace(/^"|"$/g, "")), name).toEqual(SOURCES[name].$columns);
    }
  });

  it("are found by name in any case, and nothing else is (not even Object's own names)", () => {
    expect(sourceNamed("Stripe")).toBe("stripe");
    expect(sourceNamed(" SAP ")).toBe("sap");
    for (const no of ["", "stripes", "constructor", "__proto__", "toString", "quickbooks online"]) expect(sourceNamed(no), no).toBeUndefined();
  });
});

describe("detectSource", () => {
  it("knows each preset's own export, in any case and spacing", () => {
    for (const name of SOURCE_NAMES) {
      expect(detectSource(SOURCES[name].$columns), name).toBe(name);
      expect(detectSource(SOURCES[name].$columns.map((c) => c.toUpperCase().replace(/ /g, "_"))), name).toBe(name);
    }
  });

  it("needs every distinctive column: a header with one missing is no preset's", () => {
    for (const name of SOURCE_NAMES) {
      const missing = SOURCES[name].$detect[0]!;
      expect(detectSource(SOURCES[name].$columns.filter((c) => c !== missing)), `${name} without ${missing}`).not.toBe(name);
    }
  });

  it("says nothing of ordinary exports", () => {
    for (const header of [["customer", "year", "revenue"], ["customer_id", "date", "amount"], ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"], []]) {
      expect(detectSource(header), header.join(",")).toBeUndefined();
    }
  });

  it("names the export in a sentence", () => {
    expect(describeSource("stripe")).toBe("a Stripe payments export");
    expect(describeSource("hubspot")).toBe("a HubSpot deals export");
    expect(describeSource("sap")).toBe("a SAP ERP / S/4HANA FBL5N customer line items");
  });
});

describe("the missing-column hint", () => {
  const stripe = SOURCES.stripe.$columns;
  const at = { file: "unified_payments.csv", line: 1 };

  it("names the preset on a log and on a phase export", () => {
    const log = resolveTxColumns(stripe, {}, at, false);
    expect(log.issues.map((i) => i.code)).toEqual(["missing-column"]);
    expect(hintOf(log.issues[0]!)).toBe("this looks like a Stripe payments export: --source stripe");
    const phases = resolveColumns(stripe, { ...at, flags: {}, needsPhase: false });
    expect(phases.issues.length).toBeGreaterThan(0);
    expect(phases.issues.every((i) => hintOf(i) === "this looks like a Stripe payments export: --source stripe")).toBe(true);
  });

  it("is not offered once a column flag (or a preset, which gives them) chose the mapping", () => {
    expect(sourceRemedy(stripe, {})).toEqual({ flag: "--source", value: "stripe", why: "a Stripe payments export" });
    expect(sourceRemedy(stripe, { amount: "Amount" })).toBeUndefined();
    expect(sourceRemedy(stripe, { amount: undefined })).toEqual({ flag: "--source", value: "stripe", why: "a Stripe payments export" });
    const named = resolveTxColumns(stripe, { amount: "Amount" }, at, false);
    // The column hints still name the likely column (issue 25's synonyms), but no preset.
    expect(named.issues.map((i) => hintOf(i))).toEqual(['if "Created date (UTC)" is that column, name it: --date-column "Created date (UTC)"']);
  });
});

describe("the docs describe every preset as its file does", () => {
  const docs = readFileSync(join(ROOT, "docs", "sources.md"), "utf8");
  const readme = readFileSync(join(ROOT, "docs", "exports.md"), "utf8");
  it("docs/sources.md: each preset's section, its path, options and documentation", () => {
    for (const name of SOURCE_NAMES) {
      const p = SOURCES[name];
      const section = docs.split(`\n## ${name}\n`)[1]?.split("\n## ")[0];
      expect(section, name).toBeDefined();
      expect(section).toContain(p.$path);
      expect(section).toContain(p.$does);
      for (const s of p.$source) expect(section).toContain(s);
      const options = Object.fromEntries(Object.entries(p).filter(([k]) => !k.startsWith("$")));
      expect(JSON.parse(section!.split("```json\n")[1]!.split("```")[0]!), name).toEqual(options);
    }
  });
  it("docs/exports.md: a row of the Real systems table per preset", () => {
    for (const name of SOURCE_NAMES) {
      const row = readme.split("\n").find((l) => l.includes(`| \`${name}\` |`));
      expect(row, name).toBeDefined();
      expect(row).toContain(SOURCES[name].$path.replace(/\|/g, "\\|"));
    }
  });
});

// Issue 33's mutation run: a tie, the order of the scores, and the options a preset sets.
describe("detectSource and presetOptions: the edges", () => {
  const hubspot = ["Record ID", "Deal Name", "Deal Stage", "Close Date", "Pipeline"];
  const xero = ["ContactName", "InvoiceNumber", "InvoiceDate", "InvoiceAmountDue", "LineAmount"];

  it("two exports' distinctive columns, five each and no other: a tie, so no answer; one more column of one settles it", () => {
    expect(detectSource([...hubspot, ...xero])).toBeUndefined();
    expect(detectSource([...xero, ...hubspot, "Amount"])).toBe("hubspot");
    expect(detectSource([...hubspot, ...xero, "EmailAddress"])).toBe("xero");
    expect(detectSource([...hubspot, "EmailAddress", ...xero, "POAddressLine1", "Amount"])).toBe("xero");
  });

  it("a preset's options are its keys without a $, as its file holds them", () => {
    for (const name of SOURCE_NAMES) {
      const file = JSON.parse(readFileSync(join(ROOT, "src", "schema", "sources", `${name}.json`), "utf8")) as Record<string, unknown>;
      const options = Object.entries(file).filter(([key]) => key[0] !== "$");
      expect(presetOptions(name), name).toEqual(options);
      expect(options.length, name).toBeGreaterThan(0);
    }
  });
});
