/**
 * Each input file is opened once per run and read through that one descriptor: by the first
 * reading, by the worker threads (which share the process's descriptors), and by a second
 * reading. An export job that replaces the file while ceq reads it (`mv new.tmp new.csv`) then
 * changes nothing ceq sees; one that rewrites it in place is caught at the end, when the file's
 * size and modification time no longer match those it had when it was opened.
 */
import { closeSync, fstatSync, openSync } from "node:fs";
import { stat } from "node:fs/promises";
import type { Issue } from "../issues.js";
import type { Source } from "./source.js";

/** The source with its file opened, when it is a regular file; anything else (standard input, a
 * FIFO, a missing file) as it is, for the reader to read or report. */
export async function openSource(src: Source): Promise<Source> {
  if (src.path === "-" || src.opened) return src;
  // stat first: opening a FIFO would wait for a writer, and closing it again could lose its data.
  const info = await stat(src.path).catch(() => undefined);
  if (!info?.isFile()) return src;
  let fd: number;
  try {
    // A plain descriptor, not a FileHandle, which would be closed when garbage collected.
    fd = openSync(src.path, "r");
  } catch {
    return src; // unreadable: the reader says why
  }
  const at = fstatSync(fd);
  return { ...src, opened: { fd, size: at.size, mtimeMs: at.mtimeMs } };
}

/** A "changed-while-read" error for every opened source whose file is not as it was when opened. */
export function changedSources(sources: readonly Source[]): Issue[] {
  const issues: Issue[] = [];
  for (const src of sources) {
    if (!src.opened) continue;
    const now = fstatSync(src.opened.fd);
    if (now.size !== src.opened.size || now.mtimeMs !== src.opened.mtimeMs) {
      const detail = `${src.opened.size.toLocaleString("en")} bytes when opened, ${now.size.toLocaleString("en")} now`;
      issues.push({ severity: "error", code: "changed-while-read", file: src.name, detail });
    }
  }
  return issues;
}

export function closeSources(sources: readonly Source[]): void {
  for (const src of sources) {
    if (src.opened) closeSync(src.opened.fd);
  }
}
