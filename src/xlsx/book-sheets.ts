/**
 * The sheets a workbook file lists, read from the file without reading its sheets: the ZIP's
 * central directory (at its end) says where xl/workbook.xml is, and that part alone is inflated.
 * For a folder's files (`--dir`), whose phases may be a workbook's sheets. Layout from PKWARE's
 * APPNOTE.TXT 6.3.10: end of central directory record §4.3.16, central directory header §4.3.12,
 * local file header §4.3.7.
 */
import { open } from "node:fs/promises";
import { inflateRawSync } from "node:zlib";
import { isZip } from "./detect.js";
import type { SheetEntry } from "./sheets.js";

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end record (22 bytes) and the longest comment after it (65,535). */
const TAIL_BYTES = 22 + 0xffff;
/** No workbook.xml lists sheets in more than this: a bound on what a corrupt size could make us read. */
const MAX_PART_BYTES = 64 << 20;

/** XML's five predefined entities and character references, as sheet names may hold them. */
function xmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[e.toLowerCase()]!;
  });
}

/** The sheets of a workbook.xml, in tab order (ECMA-376 Part 1 §18.2.19 sheet: name, state). */
export function sheetsOfWorkbookXml(xml: string): SheetEntry[] {
  const sheets: SheetEntry[] = [];
  for (const [tag] of xml.matchAll(/<(?:\w+:)?sheet\s[^>]*>/g)) {
    const name = /\sname="([^"]*)"/.exec(tag)?.[1];
    const state = /\sstate="([^"]*)"/.exec(tag)?.[1];
    if (name !== undefined) sheets.push({ name: xmlText(name), ...(state !== undefined ? { state } : {}) });
  }
  return sheets;
}

/** The sheets of the workbook at `path`, or undefined when it is not one (not a ZIP, no xl/workbook.xml, ZIP64, unreadable). */
export async function workbookSheets(path: string): Promise<SheetEntry[] | undefined> {
  const file = await open(path, "r").catch(() => undefined);
  if (!file) return undefined;
  try {
    const { size } = await file.stat();
    const read = async (position: number, length: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await file.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    };
    if (!isZip(await read(0, 4))) return undefined;
    const tailStart = Math.max(0, size - TAIL_BYTES);
    const tail = await read(tailStart, size - tailStart);
    let end = -1;
    for (let i = tail.length - 22; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD) { end = i; break; }
    if (end === -1) return undefined;
    const entries = tail.readUInt16LE(end + 10);
    const directory = await read(tail.readUInt32LE(end + 16), tail.readUInt32LE(end + 12));
    let at = 0;
    for (let n = 0; n < entries && at + 46 <= directory.length && directory.readUInt32LE(at) === CENTRAL; n++) {
      const method = directory.readUInt16LE(at + 10);
      const compressed = directory.readUInt32LE(at + 20);
      const nameLength = directory.readUInt16LE(at + 28);
      const skip = nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
      const name = directory.toString("utf8", at + 46, at + 46 + nameLength);
      const local = directory.readUInt32LE(at + 42);
      at += 46 + skip;
      if (name !== "xl/workbook.xml") continue;
      if (compressed > MAX_PART_BYTES || (method !== 0 && method !== 8)) return undefined;
      const header = await read(local, 30);
      if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) return undefined;
      const data = await read(local + 30 + header.readUInt16LE(26) + header.readUInt16LE(28), compressed);
      return sheetsOfWorkbookXml((method === 8 ? inflateRawSync(data) : data).toString("utf8"));
    }
    return undefined;
  } catch {
    return undefined; // a damaged archive: the reader, which reads it whole, says what is wrong
  } finally {
    await file.close();
  }
}
