#!/usr/bin/env node
/**
 * Writes docs/sources.md from the preset files in src/schema/sources/: the page says what each
 * preset's JSON says, and test/unit/schema/source-presets.test.ts checks that they still agree. Run after editing a
 * preset: node scripts/sources-doc.mjs
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const NAMES = ["stripe", "shopify", "woocommerce", "chargebee", "recurly", "paddle", "hubspot", "salesforce", "pipedrive", "quickbooks", "xero", "netsuite", "sap", "zoho"];
const presets = Object.fromEntries(NAMES.map((n) => [n, JSON.parse(readFileSync(join(ROOT, "src", "schema", "sources", `${n}.json`), "utf8"))]));
const cell = (s) => s.replace(/\|/g, "\\|");

const intro = readFileSync(join(ROOT, "docs", "sources.md"), "utf8").split("\n| `--source` |")[0];
const lines = [intro.trimEnd(), "", "| `--source` | system | export | where in the vendor's UI |", "|---|---|---|---|"];
for (const n of NAMES) lines.push(`| [\`${n}\`](#${n}) | ${cell(presets[n].$system)} | ${cell(presets[n].$export)} | ${cell(presets[n].$path)} |`);
for (const n of NAMES) {
  const p = presets[n];
  const options = Object.fromEntries(Object.entries(p).filter(([k]) => !k.startsWith("$")));
  lines.push("", `## ${n}`, "", `**${p.$system}, ${p.$export}.** In the UI: ${p.$path}.`, "", `What it does: ${p.$does}.`, "", "```json", JSON.stringify(options, null, 2), "```", "", p.$comment, "", "Documentation:", "");
  lines.push(...p.$source.map((s) => `- ${s}`));
  lines.push("", `Columns of the export (the fixture has each): ${p.$columns.map((c) => `\`${c}\``).join(", ")}.`);
}
writeFileSync(join(ROOT, "docs", "sources.md"), `${lines.join("\n")}\n`);
