import { Chalk, type ChalkInstance } from "chalk";
import type { Summary } from "../model/equity.js";
import { box, type Align } from "./box.js";
import { displayWidth, fitSection } from "./fit.js";
import { sections, type Section } from "./model.js";
import { sanitizeForTerminal } from "../text.js";
import type { RenderOptions } from "./types.js";

/** A section's boxed table, without its title: headers bold, negatives red (when colours are on). */
function draw(section: Section, chalk: ChalkInstance): string {
  const headers = section.headers.map((h) => h.split("\n").map((line) => chalk.bold(line)).join("\n"));
  const rows = section.rows.map((row) => row.map((c) => (c.negative ? chalk.red(c.text) : c.text)));
  const aligns = section.rows[0]?.map((c): Align => (c.numeric ? "right" : "left")) ?? [];
  return box(headers, rows, aligns, displayWidth);
}

/** Text from the data never reaches a terminal raw (see terminal.ts): made safe before it is measured. */
const safe = (section: Section): Section => ({
  ...section,
  title: sanitizeForTerminal(section.title),
  headers: section.headers.map(sanitizeForTerminal),
  rows: section.rows.map((row) => row.map((c) => ({ ...c, text: sanitizeForTerminal(c.text) }))),
});

/**
 * Boxed tables for people: thousands separators, currency symbol, negatives in red on a TTY.
 * Within `options.width` columns each section takes the widest layout that fits (see fit.ts).
 */
export function renderTable(summary: Summary, options: RenderOptions): string {
  return tableOf(sections(summary, options), options) + (options.chart ?? "") + explanation(options.explain, "  ");
}

/** --explain's lines after the tables. */
export const explanation = (lines: readonly string[] | undefined, bullet: string): string => (lines ? `\nHow the figures are computed:\n${lines.map((l) => `${bullet}${l}`).join("\n")}\n` : "");

/** Titled sections as boxed tables, each fitted to `width` (see fit.ts). */
export function tableOf(list: readonly Section[], options: { color: boolean; width?: number | undefined }): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const tables = list.map(safe).flatMap((section) => fitSection(section, options.width));
  return `${tables.map((section) => `${chalk.bold(section.title)}\n${draw(section, chalk)}`).join("\n\n")}\n`;
}
