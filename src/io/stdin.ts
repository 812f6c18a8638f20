/**
 * Standard input as the input when no other is named (`cat all.csv | ceq`): only when it is a
 * pipe, a socket or a file, never a terminal, and only when something arrives on it. An empty one
 * (a script's or a test's closed pipe) is no input, and ceq says how to give one.
 */
import { fstatSync } from "node:fs";

type Stdin = NodeJS.ReadableStream & { isTTY?: boolean };

function isPiped(stdin: Stdin): boolean {
  if (stdin.isTTY) return false;
  // A stream given in place of the process's (ceq run in-process) is read as a pipe.
  if (stdin !== process.stdin) return true;
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket() || stat.isFile();
  } catch {
    return false; // closed
  }
}

/** Whether standard input is piped and has data; the first chunk is put back for the reader. */
export function stdinHasData(stdin: Stdin = process.stdin): Promise<boolean> {
  if (!isPiped(stdin)) return Promise.resolve(false);
  return new Promise((resolve, reject) => {
    const settle = (has: boolean, error?: Error) => {
      stdin.off("readable", onReadable).off("end", onEnd).off("error", onError);
      if (error) reject(error);
      else resolve(has);
    };
    const onReadable = () => {
      const chunk = stdin.read() as Buffer | string | null;
      if (chunk === null) return; // the end follows
      stdin.unshift(chunk);
      settle(true);
    };
    const onEnd = () => settle(false);
    const onError = (error: Error) => settle(false, error);
    stdin.on("readable", onReadable).on("end", onEnd).on("error", onError);
  });
}
