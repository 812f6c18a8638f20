import { randomBytes } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes the file atomically: a temp file beside it, then a rename, so a reader (or a crash)
 * never sees half a result and an existing file is replaced whole or not at all.
 *
 * Synchronous on purpose: a result is a few KB, and a signal handler runs only between event
 * loop tasks, so an interrupt can never find the temp file written but not yet renamed or
 * removed (with async calls it could, and a file opened in the thread pool could even appear
 * after the handler had cleaned up).
 */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  try {
    writeFileSync(temp, text, { flag: "wx" });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** True for the error a closed pipe gives (`ceq … | head -1`): not a failure of ours. */
export function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "EPIPE";
}

/** Writes to a stream (standard output), resolving when flushed; a closed pipe resolves quietly. */
export function writeStream(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => (isBrokenPipe(error) ? resolve() : reject(error));
    stream.once("error", onError);
    stream.write(text, (error) => {
      stream.off("error", onError);
      if (error) onError(error);
      else resolve();
    });
  });
}
