/**
 * `ceq sources [NAME]`: the `--source` presets, each with the export it reads, where that export
 * is in the vendor's UI and what the preset does; with a name, also its options and the vendor
 * documentation it was built from.
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import type { Context } from "./context.js";
import { writeStream } from "../io/output.js";
import { sanitizeForTerminal } from "../text.js";
import { presetOptions, SOURCE_NAMES, SOURCES, sourceNamed, type SourceName } from "../schema/sources/index.js";

const FORMATS = ["text", "json"] as const;
type Format = (typeof FORMATS)[number];

/** One preset as data: what `--format json` prints, and what the text is made from. */
function entry(name: SourceName) {
  const p = SOURCES[name];
  return { name, system: p.$system, export: p.$export, path: p.$path, does: p.$does, options: Object.fromEntries(presetOptions(name)), documentation: p.$source, notes: p.$comment };
}

/** The list, or one preset in full; pure, so tests and the renderer agree. */
export function renderSources(names: readonly SourceName[], format: Format, full: boolean): string {
  const entries = names.map(entry);
  if (format === "json") return `${JSON.stringify(full ? entries[0] : entries, null, 2)}\n`;
  const width = Math.max(...names.map((n) => n.length));
  const pad = " ".repeat(width + 2);
  const blocks = entries.map((e) => {
    const lines = [`${e.name.padEnd(width)}  ${e.system} ${e.export}`, `${pad}export: ${e.path}`, `${pad}does: ${e.does}`];
    if (full) {
      lines.push(`${pad}options: ${JSON.stringify(e.options)}`, `${pad}notes: ${e.notes}`, ...e.documentation.map((d) => `${pad}documentation: ${d}`));
    }
    return lines.join("\n");
  });
  const footer = full ? "" : "\nUse one with --source NAME (flags and --config override it); ceq sources NAME shows its options and documentation.\n";
  return `${blocks.join("\n\n")}\n${footer}`;
}

function sourceArgument(value: string): SourceName {
  const name = sourceNamed(value);
  if (name === undefined) throw new InvalidArgumentError(`expected one of ${SOURCE_NAMES.join(", ")}`);
  return name;
}

export function registerSources(program: Command, ctx: Context): Command {
  return program
    .command("sources")
    .description("list the --source presets: the export each reads, where it is in the vendor's UI, what it does")
    .argument("[name]", "one preset, shown with its options and the vendor documentation behind it", sourceArgument)
    .addOption(new Option("-f, --format <format>", "text or json").choices(FORMATS).default("text"))
    .addHelpText(
      "after",
      `
Examples:
  $ ceq sources
  $ ceq sources stripe
  $ ceq --transactions unified_payments.csv --source stripe`,
    )
    .action(async (name: SourceName | undefined, flags: { format: Format }) => {
      const text = renderSources(name === undefined ? SOURCE_NAMES : [name], flags.format, name !== undefined);
      await writeStream(ctx.stdout, flags.format === "json" ? text : text.split("\n").map(sanitizeForTerminal).join("\n"));
    });
}
