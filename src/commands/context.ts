/** Where a command reads and writes, so tests can run the CLI in-process and the core never touches process. */
export interface Context {
  /** Standard input: read when an input is "-", or when nothing is named and something is piped. */
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** The exit code the command chose (gates, validation); errors thrown set theirs in cli.ts. */
  exitCode: number;
}

export function processContext(): Context {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env, exitCode: 0 };
}
