/** The input's issues on standard error, and the end of the command when any is an error. */
import type { Context } from "./context.js";
import { InputError } from "../errors.js";
import { formatLog, type IssueLog } from "../issues.js";

/** Prints the log's messages; with any error, ends the command (exit 1) saying what was not written. */
export function reportIssues(log: IssueLog, ctx: Context, unwritten = "no result was written"): void {
  const messages = formatLog(log);
  if (messages.length > 0) ctx.stderr.write(`${messages.join("\n")}\n`);
  if (log.errorCount > 0) throw new InputError(`${log.errorCount} error${log.errorCount === 1 ? "" : "s"} in the input; ${unwritten}`);
}
