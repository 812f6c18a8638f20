import { resolve } from "node:path";
import { Readable, Writable } from "node:stream";
import type { Context } from "../../src/commands/context.js";
import { ROOT, type Run } from "./helpers.js";

/** A Context whose streams collect what the CLI writes, for running main() in-process. */
export function captureContext(stdin: string | Buffer = "", merged = false): Context & { out: () => string; err: () => string } {
  // Merged: both streams into one list, in the order written, as `2>&1` on a terminal shows them.
  const out: Buffer[] = [];
  const chunks = { out, err: merged ? out : ([] as Buffer[]) };
  const sink = (into: Buffer[]) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        into.push(Buffer.from(chunk));
        done();
      },
    });
  return {
    // A closed pipe when nothing is given, as ceq() gives the binary.
    stdin: Readable.from(stdin.length === 0 ? [] : [Buffer.from(stdin)]),
    stdout: sink(chunks.out),
    stderr: sink(chunks.err),
    env: {},
    exitCode: 0,
    // Decoded once at the end: a character may be cut between two writes.
    out: () => Buffer.concat(chunks.out).toString("utf8"),
    err: () => (merged ? "" : Buffer.concat(chunks.err).toString("utf8")),
  };
}

/** Runs ceq's main() in this process with `args`, as the binary would: the exit code and both streams. */
export async function runInProcess(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const { main } = await import("../../src/cli.js");
  const ctx = captureContext();
  const code = await main(["node", "ceq", ...args], ctx);
  return { code, out: ctx.out(), err: ctx.err() };
}

/** The in-process runs, one after another: they share the working folder and the module state. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * ceq() of helpers.ts without a process: main() in this one, with the same options and the same
 * result. For tests of what a command computes or says, where the binary itself is not the
 * point (issue 28: a spawn costs 0.4-0.6 s of CPU). The environment is the test process's without
 * colour settings, then the test's own, as ceq() gives the binary; standard input is a closed
 * pipe unless given.
 *
 * `cwd` (default the repository, as for ceq()) is entered with process.chdir() for the run, as
 * relative paths are resolved by the file system: test files run in forks (vitest.config.ts),
 * where that is allowed. Runs started together (Promise.all) therefore run one after another, and
 * a run that outlives its test's timeout holds up the runs queued behind it: keep the long reads
 * (the public logs of ../shared/data, Online Retail's 541,909 rows) on ceq().
 */
export function cli(args: readonly string[], options: CliOptions = {}): Promise<Run> {
  const run = queue.then(() => runOnce(args, options, false));
  queue = run.catch(() => undefined);
  return run;
}

/** cli() with standard output and standard error in one stream, in the order written (`2>&1`): `stdout` holds both. */
export function cliMerged(args: readonly string[], options: CliOptions = {}): Promise<Run> {
  const run = queue.then(() => runOnce(args, options, true));
  queue = run.catch(() => undefined);
  return run;
}

type CliOptions = { stdin?: string | Buffer; cwd?: string; env?: Record<string, string> };

async function runOnce(args: readonly string[], options: CliOptions, merged: boolean): Promise<Run> {
  const { main } = await import("../../src/cli.js");
  const ctx = captureContext(options.stdin, merged);
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.FORCE_COLOR;
  delete env.NO_COLOR;
  ctx.env = Object.assign(env, options.env);
  // Entered only when it is not the folder already: worker threads (the mutation runs' pool)
  // cannot chdir, and a test with absolute paths and no cwd needs none there.
  const before = process.cwd();
  const into = resolve(options.cwd ?? ROOT);
  if (into !== before) process.chdir(into);
  try {
    const code = await main(["node", "ceq", ...args], ctx);
    return { code, stdout: ctx.out(), stderr: ctx.err() };
  } finally {
    if (into !== before) process.chdir(before);
  }
}
