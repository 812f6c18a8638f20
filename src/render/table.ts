import { Chalk } from "chalk";
import Table from "cli-table3";
import type { Summary } from "../equity.js";
import { sanitizeForTerminal } from "./terminal.js";
import { sections } from "./model.js";
import type { RenderOptions } from "./types.js";

/** Boxed tables for people: thousands separators, currency symbol, negatives in red on a TTY. */
export function renderTable(summary: Summary, options: RenderOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  return `${sections(summary, options)
    .map((section) => {
      const table = new Table({
        head: section.headers.map((h) => chalk.bold(h)),
        style: { head: [], border: [] },
        chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
        colAligns: section.rows[0]?.map((c) => (c.numeric ? "right" : "left")) ?? [],
      });
      for (const row of section.rows) {
        table.push(row.map((c) => (c.negative ? chalk.red(sanitizeForTerminal(c.text)) : sanitizeForTerminal(c.text))));
      }
      return `${chalk.bold(section.title)}\n${table.toString()}`;
    })
    .join("\n\n")}\n`;
}
