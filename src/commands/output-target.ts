/**
 * Where a command's result goes and how it looks there: the stream or file --output names, the
 * format its extension asks for, colour and the table's width. Shared by every command that prints
 * a result.
 */
import type { Context } from "../context.js";
import type { Format } from "../render/index.js";

/** The format a file name asks for by its extension: `equity.json` is JSON. */
export function formatOf(output: string | undefined): Format | undefined {
  const extension = /\.([A-Za-z]+)$/.exec(output ?? "")?.[1]?.toLowerCase();
  const formats: Record<string, Format> = { json: "json", csv: "csv", tsv: "tsv", md: "markdown", markdown: "markdown" };
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
