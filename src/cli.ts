/**
 * The command line: commander wiring, and the one place that turns errors into messages and
 * exit codes. Importing it parses nothing; the bin calls main().
 */
import { readFileSync } from "node:fs";
import { unlinkSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { registerCalc } from "./commands/calc.js";
import { CliError, EXIT } from "./errors.js";
import { isBrokenPipe, removePendingSync } from "./io/output.js";

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

export function program(): Command {
  const program = new Command("ceq")
    .description("Customer equity per year from new, retained and churned customer exports, exact to the cent.")
    .version(version(), "-V, --version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerCalc(program, true);
  for (const command of program.commands) command.exitOverride().showHelpAfterError("(run with --help for usage)");
  program.addHelpText(
    "after",
    `
Examples:
  $ ceq --dir fixtures/demo
  $ ceq --new new.csv --retained retained.csv --churned churned.csv --format json
  $ ceq calc --help

Exit codes: 0 success, 1 invalid input, 2 usage error, 3 a CI gate failed, 70 internal error.`,
  );
  return program;
}

function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are answers, not failures; commander already printed its message.
    return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help" ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  if (isBrokenPipe(error)) return EXIT.ok;
  const detail = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ceq: internal error: ${detail.split("\n")[0]} (please report this; set CEQ_DEBUG=1 for details)\n`);
  if (process.env.CEQ_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ""}\n`);
  return EXIT.internal;
}

/** Runs ceq with the given argv (as process.argv: node, script, ...args) and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  process.stdout.on("error", (error) => {
    if (isBrokenPipe(error)) process.exit(EXIT.ok);
  });
  process.once("SIGINT", () => {
    removePendingSync(unlinkSync);
    process.exit(130);
  });
  try {
    process.exitCode = undefined;
    await program().parseAsync([...argv]);
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    return exitCodeOf(error);
  }
}
