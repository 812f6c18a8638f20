import type { Summary } from "../model/equity.js";
import { defuse } from "./csv.js";
import { sanitizeForTerminal } from "../text.js";
import { sections, type Section } from "./model.js";
import { explanation } from "./table.js";
import type { RenderOptions } from "./types.js";

function escape(text: string): string {
  return sanitizeForTerminal(text).replace(/\|/g, "\\|");
}

/** A text cell or header, defused as in CSV: a Markdown table is pasted into spreadsheets too. */
const textCell = (text: string): string => escape(defuse(text));

/** GitHub-flavoured Markdown tables, numbers right-aligned, for reports and pull requests. */
export function renderMarkdown(summary: Summary, options: RenderOptions): string {
  return markdownOf(sections(summary, options)) + explanation(options.explain, "- ");
}

/** Titled sections as Markdown tables. */
export function markdownOf(list: readonly Section[]): string {
  return `${list
    .map((section) => {
      const align = section.rows[0]?.map((c) => (c.numeric ? "---:" : "---")) ?? section.headers.map(() => "---");
      const lines = [
        `## ${section.title}`,
        "",
        `| ${section.headers.map(textCell).join(" | ")} |`,
        `| ${align.join(" | ")} |`,
        ...section.rows.map((row) => `| ${row.map((c) => (c.numeric ? escape(c.text) : textCell(c.text))).join(" | ")} |`),
      ];
      return lines.join("\n");
    })
    .join("\n\n")}\n`;
}
