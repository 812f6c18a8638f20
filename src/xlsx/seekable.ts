/**
 * A workbook as a file that can be read at any position, as its central directory (at the end)
 * must be read first: the input's own descriptor when it is a regular file holding the ZIP as it
 * is; otherwise (standard input, a gzipped workbook, a FIFO) its bytes copied to a temporary file,
 * removed when the read ends or the process does.
 */
import { closeSync, createWriteStream, fstatSync, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { onCleanup } from "../io/cleanup.js";
import type { Source } from "../io/source.js";
import { isZip } from "./detect.js";

export interface SeekableFile {
  readonly fd: number;
  readonly size: number;
  close(): void;
}

export async function seekable(src: Source, bytes: AsyncIterable<Buffer>): Promise<SeekableFile> {
  if (src.opened) {
    const head = Buffer.alloc(4);
    readSync(src.opened.fd, head, 0, 4, 0);
    if (isZip(head)) return { fd: src.opened.fd, size: src.opened.size, close: () => {} };
  }
  const dir = mkdtempSync(join(tmpdir(), "ceq-xlsx-"));
  const remove = (): void => rmSync(dir, { recursive: true, force: true });
  const forget = onCleanup(remove);
  const path = join(dir, "workbook.xlsx");
  await pipeline(Readable.from(bytes), createWriteStream(path));
  const fd = openSync(path, "r");
  return {
    fd,
    size: fstatSync(fd).size,
    close: () => {
      closeSync(fd);
      remove();
      forget();
    },
  };
}
