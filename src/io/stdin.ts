/**
 * Standard input as the input when no other is named (`cat all.csv | ceq`): only when it is a
 * pipe, a socket or a file, never a terminal, and only when something arrives on it. An empty one
 * (a script's or a test's closed pipe) is no input, and ceq says how to give one.
 */
import { fstatSync } from "node:fs";

function isPiped(): boolean {
  if (process.stdin.isTTY) return false;
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket() || stat.isFile();
  } catch {
    return false; // closed
  }
}

/** Whether standard input is piped and has data; the first chunk is put back for the reader. */
export function stdinHasData(): Promise<boolean> {
  if (!isPiped()) return Promise.resolve(false);
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    const settle = (has: boolean, error?: Error) => {
      stdin.off("readable", onReadable).off("end", onEnd).off("error", onError);
      if (error) reject(error);
      else resolve(has);
    };
    const onReadable = () => {
      const chunk: Buffer | null = stdin.read();
      if (chunk === null) return; // the end follows
      stdin.unshift(chunk);
      settle(true);
    };
    const onEnd = () => settle(false);
    const onError = (error: Error) => settle(false, error);
    stdin.on("readable", onReadable).on("end", onEnd).on("error", onError);
  });
}
