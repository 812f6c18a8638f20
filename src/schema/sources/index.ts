/**
 * `--source NAME`: presets for the standard exports of billing, commerce, CRM and accounting
 * systems. Each is a JSON file beside this one, of the `--config` shape (keys are the long options
 * in camelCase), built from the vendor's published description of the export's columns, which its
 * `$source` names. Its `$` keys describe it for `ceq sources` and for detection; the rest are
 * options, applied below the command line and the config file (see applyConfig).
 */
import { compactName } from "../../text.js";
import chargebee from "./chargebee.json" with { type: "json" };
import hubspot from "./hubspot.json" with { type: "json" };
import netsuite from "./netsuite.json" with { type: "json" };
import paddle from "./paddle.json" with { type: "json" };
import pipedrive from "./pipedrive.json" with { type: "json" };
import quickbooks from "./quickbooks.json" with { type: "json" };
import recurly from "./recurly.json" with { type: "json" };
import salesforce from "./salesforce.json" with { type: "json" };
import sap from "./sap.json" with { type: "json" };
import shopify from "./shopify.json" with { type: "json" };
import stripe from "./stripe.json" with { type: "json" };
import woocommerce from "./woocommerce.json" with { type: "json" };
import xero from "./xero.json" with { type: "json" };
import zoho from "./zoho.json" with { type: "json" };

/** A preset as its file holds it: descriptive `$` keys, then option values as a config file has them. */
export interface Preset {
  readonly $system: string;
  readonly $export: string;
  readonly $path: string;
  readonly $does: string;
  readonly $source: readonly string[];
  readonly $comment: string;
  /** Columns only this export has together: all present means the header is this export's. */
  readonly $detect: readonly string[];
  /** Every column of the documented export. */
  readonly $columns: readonly string[];
  readonly [option: string]: unknown;
}

/** The presets by name, in the order `ceq sources` lists them (the order). */
export const SOURCES = {
  stripe,
  shopify,
  woocommerce,
  chargebee,
  recurly,
  paddle,
  hubspot,
  salesforce,
  pipedrive,
  quickbooks,
  xero,
  netsuite,
  sap,
  zoho,
} satisfies Record<string, Preset>;

export type SourceName = keyof typeof SOURCES;
export const SOURCE_NAMES = Object.keys(SOURCES) as SourceName[];

/** The preset of a name, any case; undefined for a name that is none (a Map: `constructor` is not one). */
const BY_NAME: ReadonlyMap<string, SourceName> = new Map(SOURCE_NAMES.map((n) => [n, n]));
export function sourceNamed(name: string): SourceName | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

/** The option values a preset sets: its keys that are not `$` descriptions. */
export function presetOptions(name: SourceName): [string, unknown][] {
  return Object.entries(SOURCES[name]).filter(([key]) => !key.startsWith("$"));
}

/** "a Stripe payments export", as a hint names it. */
export function describeSource(name: SourceName): string {
  const preset = SOURCES[name];
  const what = `${preset.$system} ${preset.$export.replace(/\s*\(.*\)$/, "")}`;
  return `${/^[AEIOU]/i.test(what) ? "an" : "a"} ${what}`;
}

/**
 * The `--source` remedy for a header whose required column is missing, when it looks like a
 * preset's export and no column flag was given (a run that names its columns, or uses a preset
 * already, has chosen its mapping).
 */
export function sourceRemedy(header: readonly string[], flags: object): { flag: string; value: string; why: string } | undefined {
  if (Object.values(flags).some((v) => v !== undefined)) return undefined;
  const name = detectSource(header);
  return name === undefined ? undefined : { flag: "--source", value: name, why: describeSource(name) };
}

/** Header names compare as ceq's column names do: case, spaces, `_` and `-` aside. */
const compact = compactName;

/**
 * The preset whose export a header looks like: every one of its distinctive columns is there. When
 * several match, the one with more of its documented columns present wins; a tie is no answer,
 * since a hint that may name the wrong system is worse than none.
 */
export function detectSource(header: readonly string[]): SourceName | undefined {
  const have = new Set(header.map(compact));
  const scored = SOURCE_NAMES.filter((name) => SOURCES[name].$detect.every((c) => have.has(compact(c)))).map((name) => ({
    name,
    score: SOURCES[name].$columns.filter((c) => have.has(compact(c))).length,
  }));
  scored.sort((a, b) => b.score - a.score);
  const [best, next] = scored;
  if (best === undefined || (next !== undefined && next.score === best.score)) return undefined;
  return best.name;
}
