import { Writable } from "node:stream";
import type { Context } from "../../src/commands/context.js";

/** A Context whose streams collect what the CLI writes, for running main() in-process. */
export function captureContext(): Context & { out: () => string; err: () => string } {
  const chunks = { out: [] as string[], err: [] as string[] };
  const sink = (into: string[]) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        into.push(chunk.toString());
        done();
      },
    });
  return {
    stdout: sink(chunks.out),
    stderr: sink(chunks.err),
    env: {},
    exitCode: 0,
    out: () => chunks.out.join(""),
    err: () => chunks.err.join(""),
  };
}

/** Runs ceq's main() in this process with `args`, as the binary would: the exit code and both streams. */
export async function runInProcess(args: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  const { main } = await import("../../src/cli.js");
  const ctx = captureContext();
  const code = await main(["node", "ceq", ...args], ctx);
  return { code, out: ctx.out(), err: ctx.err() };
}
