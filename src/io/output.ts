import { randomBytes } from "node:crypto";
import { rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** Temp files being written, removed if the process is interrupted before the rename. */
const pending = new Set<string>();

export function removePendingSync(remove: (path: string) => void): void {
  for (const path of pending) {
    try {
      remove(path);
    } catch {
      // already gone
    }
  }
  pending.clear();
}

/**
 * Writes the file atomically: a temp file beside it, then a rename, so a reader (or a crash)
 * never sees half a result and an existing file is replaced whole or not at all.
 */
export async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  pending.add(temp);
  try {
    await writeFile(temp, text, { flag: "wx" });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    pending.delete(temp);
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
