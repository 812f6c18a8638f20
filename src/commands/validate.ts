/** `ceq validate`: check the inputs only, and report every problem for people, tools or GitHub. */
import { Option, type Command } from "commander";
import { applyConfig } from "./config.js";
import type { Context } from "./context.js";
import { EXIT } from "../errors.js";
import { writeStream } from "../io/output.js";
import { readInputs } from "../read/inputs.js";
import { REPORTS, reporters, type ReportFormat } from "../render/report.js";
import { addInputOptions, readOptions, type InputFlags } from "./inputs.js";
import { classifyLogs } from "./transactions.js";

interface ValidateFlags extends InputFlags {
  report: ReportFormat;
}

export function registerValidate(program: Command, ctx: Context): Command {
  const command = program.command("validate").description("check the exports without computing: every error and warning, with file and line");
  addInputOptions(command)
    .addOption(new Option("--report <format>", "report format").choices(REPORTS).default("text"))
    .addHelpText(
      "after",
      `
The report goes to standard output; the exit code is 0 when the inputs are valid (warnings
allowed unless --strict) and 1 when they are not.

Examples:
  $ ceq validate --dir exports/
  $ ceq validate --dir exports/ --strict --report github
  $ ceq validate --input all.csv --report json > validation.json
  $ ceq validate --transactions invoices.csv --date-format MM/DD/YYYY --strict`,
    )
    .action(async (flags: ValidateFlags, command: Command) => {
      ctx.exitCode = await validate(applyConfig(command, flags, ctx), ctx);
    });
  return command;
}

export async function validate(flags: ValidateFlags, ctx: Context): Promise<number> {
  const options = await readOptions(flags, ctx);
  // A log is classified too: its first and last periods' warnings belong to its validation.
  const { log, files } = flags.transactions !== undefined ? await classifyLogs(flags, options) : await readInputs(options);
  await writeStream(ctx.stdout, reporters[flags.report]({ log, files }));
  return log.errorCount > 0 ? EXIT.input : EXIT.ok;
}
