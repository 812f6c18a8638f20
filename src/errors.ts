/**
 * Errors commands throw; only the CLI entry turns them into messages and exit codes.
 */
export const EXIT = { ok: 0, input: 1, usage: 2, gate: 3, internal: 70 } as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** The likely fix, printed on a `hint:` line of its own. */
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** Unknown or conflicting options, missing input: exit 2. */
export class UsageError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.usage, hint);
  }
}

/** Invalid or unreadable input whose lines were already reported: exit 1. */
export class InputError extends CliError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.input, hint);
  }
}
