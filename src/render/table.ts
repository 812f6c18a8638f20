import { Chalk, type ChalkInstance } from "chalk";
import Table from "cli-table3";
import type { Summary } from "../equity.js";
import { fitSection } from "./fit.js";
import { sections, type Section } from "./model.js";
import { sanitizeForTerminal } from "./terminal.js";
import type { RenderOptions } from "./types.js";

/** A section's boxed table, without its title. */
function draw(section: Section, chalk: ChalkInstance): string {
  const table = new Table({
    ...(section.headers.length > 0 && { head: section.headers.map((h) => chalk.bold(h)) }),
    style: { head: [], border: [] },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
    colAligns: section.rows[0]?.map((c) => (c.numeric ? "right" : "left")) ?? [],
  });
  for (const row of section.rows) {
    table.push(row.map((c) => (c.negative ? chalk.red(sanitizeForTerminal(c.text)) : sanitizeForTerminal(c.text))));
  }
  return table.toString();
}

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
  const plain = new Chalk({ level: 0 });
  const tables = list.flatMap((section) => fitSection(section, options.width, (s) => draw(s, plain)));
  return `${tables.map((section) => `${chalk.bold(sanitizeForTerminal(section.title))}\n${draw(section, chalk)}`).join("\n\n")}\n`;
}
