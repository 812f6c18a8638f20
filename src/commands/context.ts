/** Where a command writes, so tests can run the CLI in-process and the core never touches process. */
export interface Context {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** The exit code the command chose (gates, validation); errors thrown set theirs in cli.ts. */
  exitCode: number;
}

export function processContext(): Context {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, exitCode: 0 };
}
