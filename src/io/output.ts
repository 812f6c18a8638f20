import { randomBytes } from "node:crypto";
import { lstatSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { CliError, EXIT, UsageError } from "../errors.js";

/** What a failed write says: "no space left on device (ENOSPC)". */
export function describeWriteError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    ENOENT: "no such folder",
    EACCES: "permission denied",
    EPERM: "permission denied",
    ENOSPC: "no space left on device",
    EDQUOT: "disk quota exceeded",
    EIO: "input/output error",
    EROFS: "read-only file system",
    EISDIR: "it is a directory",
    ENOTDIR: "a part of the path is not a folder",
  };
  const word = e?.code !== undefined && Object.hasOwn(words, e.code) ? words[e.code] : undefined;
  return word !== undefined ? `${word} (${e.code})` : (e?.message ?? String(error));
}

const statOrUndefined = (path: string): Stats | undefined => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};

/**
 * Checks where `--output` points before anything is read: a directory, or a file that is one of
 * the inputs (overwriting an export with its own result), is a usage error and nothing is touched.
 */
export function checkOutput(path: string, inputs: readonly { path: string; flag: string }[]): void {
  const target = statOrUndefined(path);
  if (!target) return;
  if (target.isDirectory()) throw new UsageError(`--output ${path} is a directory: name a file, such as ${join(path, "equity.json")}`);
  if (!target.isFile()) return;
  for (const input of inputs) {
    if (input.path === "-") continue;
    const info = statOrUndefined(input.path);
    if (info && info.dev === target.dev && info.ino === target.ino) {
      throw new UsageError(`--output ${path} is also an input (${input.flag} ${input.path}): the result would overwrite it; write it elsewhere`);
    }
  }
}

/** The file a path names once its symbolic links are followed, even a link to a file not there yet. */
function followLinks(path: string): string {
  let at = resolve(path);
  for (let hops = 0; hops < 40; hops++) {
    let link: Stats;
    try {
      link = lstatSync(at);
    } catch {
      return at; // not there yet: written as a new file
    }
    if (!link.isSymbolicLink()) return at;
    at = resolve(dirname(at), readlinkSync(at));
  }
  return realpathSync(path); // a loop of links: let the system say so
}

/**
 * Writes the result to a file. A regular file is written atomically: a temp file beside it (beside
 * the link's target when the path is a symbolic link, so the link stays a link), then a rename, so
 * a reader (or a crash) never sees half a result and an existing file is replaced whole or not at
 * all. A device, a FIFO or a socket (`/dev/stdout`, a named pipe) cannot be replaced: it is
 * written to, as is anything under /dev or /proc.
 *
 * Synchronous on purpose: a result is a few KB, and a signal handler runs only between event
 * loop tasks, so an interrupt can never find the temp file written but not yet renamed or
 * removed (with async calls it could, and a file opened in the thread pool could even appear
 * after the handler had cleaned up).
 */
export function writeOutputFile(path: string, text: string | Uint8Array): void {
  try {
    const existing = statOrUndefined(path);
    if (existing?.isDirectory()) throw new CliError(`cannot write ${path}: it is a directory`, EXIT.usage);
    const special = /^\/(dev|proc)\//.test(resolve(path));
    if ((existing && !existing.isFile()) || special) {
      writeFileSync(path, text);
      return;
    }
    const target = followLinks(path);
    const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    try {
      writeFileSync(temp, text, { flag: "wx" });
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot write ${path}: ${describeWriteError(error)}`, EXIT.input);
  }
}

/** True for the error a closed pipe gives (`ceq … | head -1`): not a failure of ours. */
export function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "EPIPE";
}

/**
 * Writes to a stream (standard output), resolving when flushed; a closed pipe resolves quietly.
 * Any other write error (a full disk, an I/O error) is the user's to know about: exit 1, one line.
 */
export function writeStream(stream: NodeJS.WritableStream, text: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      if (isBrokenPipe(error)) resolve();
      else reject(new CliError(`cannot write to standard output: ${describeWriteError(error)}`, EXIT.input));
    };
    stream.once("error", onError);
    try {
      stream.write(text, (error) => {
        stream.off("error", onError);
        if (error) onError(error);
        else resolve();
      });
    } catch (error) {
      stream.off("error", onError);
      onError(error as Error);
    }
  });
}
