/**
 * The command line: commander wiring, and the one place that turns errors into messages and
 * exit codes. Importing it parses nothing; the bin calls main().
 */
import { readFileSync } from "node:fs";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { registerCalc } from "./commands/calc.js";
import { REPEATABLE_INPUTS } from "./commands/inputs.js";
import { processContext, type Context } from "./commands/context.js";
import { CliError, EXIT } from "./errors.js";
import { runCleanups } from "./io/cleanup.js";
import { isBrokenPipe } from "./io/output.js";
import { sanitizeForTerminal } from "./text.js";

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

/**
 * Makes an option given twice with different values a usage error: commander would silently keep
 * the last one, and `--year 2023 … --year 2024` in a script is a mistake to point at, not to
 * guess at. The same value twice is harmless and allowed. Input files are the exception: each
 * --new, --retained, --churned or --input names one more file to read.
 */
function refuseRepeats(command: Command): void {
  for (const option of command.options) {
    if (option.isBoolean() || option.negate || REPEATABLE_INPUTS.includes(option.long ?? "")) continue;
    const parse = option.parseArg as ((value: string, previous: unknown) => unknown) | undefined;
    let given: string | undefined;
    option.argParser((value: string, previous: unknown) => {
      if (given !== undefined && given !== value) {
        throw new InvalidArgumentError(`${option.long} was given twice, as ${JSON.stringify(given)} and ${JSON.stringify(value)}: give it once`);
      }
      given = value;
      return parse ? parse(value, previous) : value;
    });
  }
}

type Register = (program: Command, ctx: Context) => Command;

/**
 * The commands besides calc, loaded (`import()` of commands/deferred.ts, a chunk of the bundle)
 * only when the run may need them, in the order `ceq --help` lists them: their code (SQL, the value models,
 * the cohort table, the warehouse clients) is then neither read nor compiled by a calculation.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  validate: async () => (await import("./commands/deferred.js")).registerValidate,
  derive: async () => (await import("./commands/deferred.js")).registerDerive,
  cohorts: async () => (await import("./commands/deferred.js")).registerCohorts,
  value: async () => (await import("./commands/deferred.js")).registerValue,
  sql: async () => (await import("./commands/deferred.js")).registerSql,
  init: async () => (await import("./commands/deferred.js")).registerInit,
  sources: async () => (await import("./commands/deferred.js")).registerSources,
};

/**
 * The commands a run's arguments can reach. commander takes the first argument as a command's
 * name when it is one (`ceq sql …`); otherwise, as when it starts with an option other than the
 * program's own, every argument goes to the default command, calc. So a run that starts with an
 * option (`ceq --dir exports`), or has none, or names calc, is a calculation, and needs only
 * calc (`-V` included), unless it asks for help, which lists every command. Any other first word
 * (a command, a file, a mistyped command that calc's suggestion names) loads them all.
 */
export function commandsFor(args: readonly string[]): string[] {
  if (args.some((a) => a === "-h" || a === "--help" || a === "help")) return Object.keys(COMMANDS);
  const [first] = args;
  return first === undefined || first === "calc" || first.startsWith("-") ? [] : Object.keys(COMMANDS);
}

export async function program(ctx: Context, args: readonly string[] = ["help"]): Promise<Command> {
  const needed = commandsFor(args);
  const registers = new Map(await Promise.all(needed.map(async (name) => [name, await COMMANDS[name]!()] as const)));
  const program = new Command("ceq")
    .description("Customer equity per year from new, retained and churned customer exports, exact to the cent.")
    .version(version(), "-V, --version")
    .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
  const calc = registerCalc(program, ctx, true);
  // A command not loaded is still named (hidden, with nothing to run: no argument of this run
  // reaches it), so that calc's "did you mean" for a stray word lists every command as before.
  for (const name of Object.keys(COMMANDS)) registers.get(name)?.(program, ctx) ?? program.command(name, { hidden: true });
  for (const command of [program, ...program.commands]) {
    refuseRepeats(command);
    command
      .exitOverride()
      .showHelpAfterError("(run with --help for usage)")
      .configureOutput({ writeOut: (s) => ctx.stdout.write(s), writeErr: (s) => ctx.stderr.write(s) });
  }
  // `ceq --help` is the calculation's help too: it is the default command.
  program.addHelpText("after", () => {
    const help = calc.createHelp();
    const options = help.visibleOptions(calc);
    const width = Math.max(...options.map((o) => help.optionTerm(o).length));
    return `\nOptions of the calculation (ceq [calc] [options]):\n${options.map((o) => `  ${help.optionTerm(o).padEnd(width)}  ${help.optionDescription(o)}`).join("\n")}\n`;
  });
  program.addHelpText(
    "after",
    `
Examples:
  $ ceq --dir fixtures/demo
  $ ceq --new new.csv --retained retained.csv --churned churned.csv --format json
  $ ceq validate --dir exports/ --report github
  $ ceq --transactions invoices.csv --period quarter
  $ ceq derive --transactions invoices.csv --out-dir phases/
  $ ceq cohorts --transactions invoices.csv --period quarter
  $ ceq value --transactions invoices.csv --discount-rate 0.1
  $ ceq sql --dialect postgres --transactions billing.payments
  $ ceq init my-exports
  $ ceq sources

Exit codes: 0 success, 1 invalid input, 2 usage error, 3 a CI gate failed, 70 internal error.`,
  );
  return program;
}

function exitCodeOf(error: unknown, ctx: Context): number {
  if (error instanceof CommanderError) {
    // Help and version are answers, not failures; commander already printed its message.
    return ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code) ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof CliError) {
    ctx.stderr.write(`error: ${sanitizeForTerminal(error.message)}\n`);
    if (error.hint !== undefined) ctx.stderr.write(`hint: ${sanitizeForTerminal(error.hint)}\n`);
    return error.exitCode;
  }
  if (isBrokenPipe(error)) return EXIT.ok;
  const detail = error instanceof Error ? error.message : String(error);
  ctx.stderr.write(`ceq: internal error: ${sanitizeForTerminal(detail.split("\n")[0] ?? "")} (please report this; set CEQ_DEBUG=1 for details)\n`);
  if (ctx.env.CEQ_DEBUG) ctx.stderr.write(`${(error as Error)?.stack ?? ""}\n`);
  return EXIT.internal;
}

/**
 * Runs ceq with the given argv (as process.argv: node, script, ...args) and returns the exit
 * code. With no context it uses the process's streams and handles a closed pipe and Ctrl-C.
 */
export async function main(argv: readonly string[], context?: Context): Promise<number> {
  const ctx = context ?? processContext();
  if (!context) {
    process.stdout.on("error", (error) => {
      if (isBrokenPipe(error)) process.exit(EXIT.ok);
    });
    // An interrupted or terminated run leaves nothing behind: the output is written and renamed
    // in one synchronous step (see writeOutputFile), and the copy of standard input, if any, is
    // removed here. Then the signal is raised again with its default action, so the shell sees
    // ceq end by it (exit status 130 or 143); see cleanup.ts for why not process.exit().
    // `on`, not `once`: with no listener left Node gives the signal its default action at once, so
    // a second one during the clean-up (a terminal's Ctrl-C reaches ceq and, when it started itself
    // again for huge pages, the first process passes it on too: see relaunch.ts) would end the run
    // before it. The listeners are removed once the clean-up is done.
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.on(signal, () => {
        runCleanups();
        process.removeAllListeners(signal);
        process.kill(process.pid, signal);
      });
    }
  }
  try {
    await (await program(ctx, argv.slice(2))).parseAsync([...argv]);
    return ctx.exitCode;
  } catch (error) {
    return exitCodeOf(error, ctx);
  }
}
