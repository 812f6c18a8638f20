/**
 * Where a big file can be cut for threads: after its header, at a line start, in UTF-8 or UTF-16 LE,
 * plain or gzipped. Reads only the file's first bytes.
 */
import { read as readAt } from "node:fs";
import { promisify } from "node:util";
import { crLineEndings, sniffSample, sniffDelimiter } from "../csv/sniff.js";
import { decodeUtf8, hasUtf8Bom, indexOfUnit, isGzip, utf16Bom, type Source } from "../io/source.js";
import { isSpreadsheet } from "../xlsx/detect.js";

export const LF = 0x0a;
/** Where a big file's data begins, when it can be read in ranges across threads. */
export interface Split {
  dataStart: number;
  size: number;
  delimiter: string;
  /** What the ranges hold: UTF-8 bytes, or UTF-16 LE that each range decodes. */
  encoding: "utf-8" | "utf-16le";
}

/** The size of an opened regular file big enough to be read in ranges; undefined for anything
 * else (standard input, a FIFO, a missing file: the whole-file reader reads or reports those). */
export function bigFileSize(src: Source, minBytes: number): number | undefined {
  const size = src.opened?.size;
  return size !== undefined && size >= minBytes ? size : undefined;
}

const readPositioned = promisify(readAt);

/**
 * A file is read in ranges when it is an opened regular file of at least `minBytes`, not gzip,
 * UTF-8 or (with `utf16`) UTF-16 LE, and its first line is a complete header row: the data then
 * begins right after it. Anything unusual is left to the whole-file reader, which reports it.
 */
export async function splitPoint(src: Source, minBytes: number, delimiter: string | undefined, utf16 = false): Promise<Split | undefined> {
  const size = bigFileSize(src, minBytes);
  const given = src.encoding ?? "utf-8";
  if (size === undefined || !src.opened || (given !== "utf-8" && !(utf16 && given === "utf-16le"))) return undefined;
  const buffer = Buffer.alloc(Math.min(size, 4 * 65536 + 4));
  const { bytesRead } = await readPositioned(src.opened.fd, buffer, 0, buffer.length, 0);
  const head = buffer.subarray(0, bytesRead);
  if (isGzip(head) || isSpreadsheet(head)) return undefined;
  const bom = utf16Bom(head);
  // Ranges are read as UTF-8 bytes, or as UTF-16 LE decoded in each range; UTF-16 BE, and a byte
  // order mark at odds with --encoding, are the whole-file reader's (which reports the latter).
  if (bom === "utf-16be" || (bom === "utf-16le" && (!utf16 || src.encoding === "utf-8"))) return undefined;
  if (bom === "utf-16le" || given === "utf-16le") return utf16Split(head.subarray(0, head.length & ~1), bom ? 2 : 0, size, delimiter);
  return utf8Split(head, size, delimiter);
}

/** splitPoint() for UTF-8 bytes from the file's start, a byte order mark allowed. */
export function utf8Split(head: Buffer, size: number, delimiter: string | undefined): Split | undefined {
  const start = hasUtf8Bom(head) ? 3 : 0;
  const lf = head.indexOf(LF, start);
  if (lf === -1) return undefined;
  const text = decodeUtf8(head.subarray(start, lf));
  const sample = sniffSample(head.subarray(start));
  return headerSplit(text, sample, lf + 1, size, delimiter, "utf-8");
}

/** A gzipped file big enough to be read across threads: a quarter of `minBytes`, as CSV inflates about fourfold. */
export async function isBigGzip(src: Source, minBytes: number): Promise<boolean> {
  const size = bigFileSize(src, minBytes / 4);
  if (size === undefined || !src.opened) return false;
  const magic = Buffer.alloc(2);
  const { bytesRead } = await readPositioned(src.opened.fd, magic, 0, 2, 0);
  return bytesRead === 2 && isGzip(magic);
}

export async function* emptyChunks(): AsyncGenerator<Buffer> {}

/** splitPoint() for UTF-16 LE: the header ends at the first line feed code unit. */
function utf16Split(head: Buffer, start: number, size: number, delimiter: string | undefined): Split | undefined {
  const lf = indexOfUnit(head, LF, start);
  if (lf === -1) return undefined;
  const bad = firstBadUnit(head, start);
  if (bad !== -1 && bad < lf) return undefined; // the whole-file reader says where
  const decoder = new TextDecoder("utf-16le", { ignoreBOM: true });
  const text = decoder.decode(head.subarray(start, lf));
  // The delimiter is sniffed from what the whole-file reader sees: the whole lines before a bad unit.
  const valid = decoder.decode(head.subarray(start, bad === -1 ? head.length : bad));
  const sample = bad === -1 ? valid : valid.slice(0, valid.lastIndexOf("\n") + 1);
  return headerSplit(text, sniffSample(Buffer.from(sample, "utf8")), lf + 2, size, delimiter, "utf-16le");
}

/** The offset of the first UTF-16 LE unit from `start` that is no character (a NUL, a lone
 * surrogate), or -1; a high surrogate at the very end may be completed past `bytes`. */
function firstBadUnit(bytes: Uint8Array, start: number): number {
  for (let i = start; i + 1 < bytes.length; i += 2) {
    const unit = bytes[i]! | (bytes[i + 1]! << 8);
    if (unit === 0 || (unit >= 0xdc00 && unit <= 0xdfff)) return i;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      if (i + 3 >= bytes.length) return -1;
      const next = bytes[i + 2]! | (bytes[i + 3]! << 8);
      if (next < 0xdc00 || next > 0xdfff) return i;
      i += 2;
    }
  }
  return -1;
}

/** The split after a header line (`text`, null when it does not decode), if it is a complete one. */
function headerSplit(text: string | null, sample: string, dataStart: number, size: number, delimiter: string | undefined, encoding: Split["encoding"]): Split | undefined {
  if (text === null || text.trim() === "") return undefined;
  if ((text.split('"').length - 1) % 2 === 1) return undefined; // a quoted header cell runs on past the line
  if (crLineEndings(sample)) return undefined;
  const sep = delimiter ?? sniffDelimiter(sample);
  if (text.split(sep).every((cell) => cell.trim() === "" || cell.trim() === '""')) return undefined;
  return { dataStart, size, delimiter: sep, encoding };
}
