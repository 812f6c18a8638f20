import type { Summary } from "../equity.js";
import { sanitizeForTerminal } from "./terminal.js";
import { sections, type Section } from "./model.js";
import { explanation } from "./table.js";
import type { RenderOptions } from "./types.js";

function escape(text: string): string {
  return sanitizeForTerminal(text).replace(/\|/g, "\\|");
}

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
        `| ${section.headers.map(escape).join(" | ")} |`,
        `| ${align.join(" | ")} |`,
        ...section.rows.map((row) => `| ${row.map((c) => escape(c.text)).join(" | ")} |`),
      ];
      return lines.join("\n");
    })
    .join("\n\n")}\n`;
}
