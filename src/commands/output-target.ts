/**
 * Where a command's result goes and how it looks there: the stream or file --output names, the
 * format its extension asks for, colour and the table's width. Shared by every command that prints
 * a result.
 */
import { Option, type Command } from "commander";
import type { Context } from "./context.js";
import { checkOutput, writeOutputFile, writeStream } from "../io/output.js";
import { UsageError } from "../errors.js";
import { FORMATS, type AnyFormat } from "../render/index.js";
import { integerIn } from "./option-values.js";

export interface OutputFlags {
  format?: AnyFormat;
  output?: string;
  decimals?: number;
  color: boolean;
  wide?: boolean;
}

/** The options every command that prints a result has: format, output file, decimals, colour, width. */
export function addOutputOptions(command: Command, formats: readonly AnyFormat[] = FORMATS): Command {
  const extensions = [".json", ".csv", ".tsv", ".md", ...(formats.includes("html") ? [".html"] : []), ...(formats.includes("xlsx") ? [".xlsx"] : [])];
  return command
    .addOption(new Option("-f, --format <format>", `output format (default: --output's extension, ${extensions.join(" ")}; else table)`).choices(formats))
    .option("-o, --output <file>", "write the result to a file (atomically; - for standard output)")
    .option("--decimals <n>", "decimals money is rounded to (default: the currency's)", integerIn(0, 18, "decimals"))
    .option("--no-color", "never color the table")
    .option("--wide", "the table's full layout, however wide (default: fit the terminal, 80 columns when unknown)");
}

export interface OutputTarget<F extends AnyFormat = AnyFormat> {
  /** The stream to write to, or undefined for the file `output`. */
  stream: NodeJS.WritableStream | undefined;
  output: string | undefined;
  format: F;
  color: boolean;
  width: number | undefined;
}

/** Where and how the result goes; an --output that is an input or a folder is refused before anything is read. */
export function outputTarget<F extends AnyFormat>(flags: OutputFlags, ctx: Context, inputs: readonly { path: string; flag: string }[], formats: readonly F[]): OutputTarget<F> {
  const stream = outputStream(flags.output, ctx);
  const output = stream ? undefined : flags.output;
  if (output !== undefined) checkOutput(output, inputs);
  const format = flags.format ?? formatOf(output) ?? "table";
  if (!(formats as readonly AnyFormat[]).includes(format)) throw new UsageError(`--output ${output} asks for ${format}, which this command does not write`, `name the format: --format ${formats.join("|")}`);
  if (format === "xlsx" && output === undefined) throw new UsageError("an xlsx workbook is a binary file: name it with --output", "such as --output equity.xlsx");
  return { stream, output, format: format as F, color: useColor(flags.color, output, ctx), width: tableWidth(flags.wide, stream, ctx) };
}

/** Writes the result: to its file atomically, or to its stream. */
export async function emit(target: OutputTarget<AnyFormat>, text: string | Uint8Array, ctx: Context): Promise<void> {
  if (target.output !== undefined) writeOutputFile(target.output, text);
  else await writeStream(target.stream ?? ctx.stdout, text);
}

/** The format a file name asks for by its extension: `equity.json` is JSON. */
export function formatOf(output: string | undefined): AnyFormat | undefined {
  const extension = /\.([A-Za-z]+)$/.exec(output ?? "")?.[1]?.toLowerCase();
  const formats: Record<string, AnyFormat> = { json: "json", csv: "csv", tsv: "tsv", md: "markdown", markdown: "markdown", html: "html", htm: "html", xlsx: "xlsx" };
  return extension !== undefined && Object.hasOwn(formats, extension) ? formats[extension] : undefined;
}

/**
 * Whether the table is coloured, as data tools decide it: never with --no-color, NO_COLOR, an
 * output file, or FORCE_COLOR=0; always with FORCE_COLOR=1 (or 2, 3), even into a pipe; else only
 * on a terminal that is not TERM=dumb.
 */
export function useColor(flag: boolean, output: string | undefined, ctx: Context): boolean {
  const { NO_COLOR, FORCE_COLOR, TERM } = ctx.env;
  if (!flag || output !== undefined || (NO_COLOR !== undefined && NO_COLOR !== "")) return false;
  if (FORCE_COLOR !== undefined && FORCE_COLOR !== "") return !["0", "false"].includes(FORCE_COLOR);
  return ctx.stdout.isTTY === true && TERM !== "dumb";
}

/**
 * The columns the table must fit in: the terminal's, else $COLUMNS (as a shell exports it), else
 * 80; none with --wide.
 */
export function tableWidth(wide: boolean | undefined, stream: NodeJS.WritableStream | undefined, ctx: Context): number | undefined {
  if (wide) return undefined;
  if (stream === ctx.stdout && ctx.stdout.isTTY === true && (ctx.stdout.columns ?? 0) > 0) return ctx.stdout.columns;
  const columns = Number(ctx.env.COLUMNS);
  return Number.isInteger(columns) && columns > 0 ? columns : 80;
}

/**
 * The stream an `--output` names itself: `-`, and the paths of standard output and error, which
 * may be a socket or a pipe that cannot be opened by name (as under a process manager).
 */
export function outputStream(output: string | undefined, ctx: Context): NodeJS.WritableStream | undefined {
  if (output === undefined || output === "-" || ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"].includes(output)) return ctx.stdout;
  if (["/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"].includes(output)) return ctx.stderr;
  return undefined;
}
