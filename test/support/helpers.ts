import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const BIN = join(ROOT, "bin", "ceq.js");
export const DEMO = join(ROOT, "fixtures", "demo");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built ceq binary as a user would, with color and CI variables out of the way. */
export function ceq(args: string[], options: { stdin?: string | Buffer; cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return new Promise((done, fail) => {
    // The caller's environment without colour settings, then the test's own (which may set them).
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.FORCE_COLOR;
    delete env.NO_COLOR;
    Object.assign(env, options.env);
    const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }));
    child.stdin.end(options.stdin ?? "");
  });
}

/** A fresh folder with the given files in it, inside the run's folder (test/support/temp-root.ts). */
export function folder(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(process.env.CEQ_TEST_ROOT ?? tmpdir(), "ceq-test-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** No stack trace frames ("    at fn (file:1:2)") in a message. */
export const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;
