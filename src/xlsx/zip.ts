/**
 * A ZIP archive read through its central directory (PKWARE APPNOTE.TXT 6.3.10: end of central
 * directory §4.3.16, central directory header §4.3.12, local file header §4.3.7), from a file
 * descriptor: a part is found by name wherever it is stored, small parts are inflated whole, and
 * a sheet is inflated as a stream. exceljs's streaming reader reads the entries in stored order
 * in one pass instead, and loses xl/workbook.xml when it is stored last, as exceljs itself and
 * others store it (exceljs/exceljs#3064: "Cannot read properties of undefined (reading
 * 'sheets')", intermittently): here the order does not matter.
 */
import { read } from "node:fs";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { createInflateRaw, inflateRawSync } from "node:zlib";

const readAt = promisify(read);

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end record (22 bytes) and the longest comment after it (65,535). */
const TAIL_BYTES = 22 + 0xffff;

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly localOffset: number;
}

/** A ZIP's structure is not what its format says: the file is damaged, cut short, or ZIP64 (over 4 GiB). */
export class ZipError extends Error {}

async function bytesAt(fd: number, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await readAt(fd, buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return buffer.subarray(0, done);
}

/** The entries of the archive in the file `fd` of `size` bytes, by name. */
export async function zipEntries(fd: number, size: number): Promise<Map<string, ZipEntry>> {
  const tailStart = Math.max(0, size - TAIL_BYTES);
  const tail = await bytesAt(fd, tailStart, size - tailStart);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end === -1) throw new ZipError("no end of central directory record (the file is cut short or damaged)");
  const count = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw new ZipError("a ZIP64 archive (over 4 GiB or 65,535 parts), which ceq does not read");
  const directory = await bytesAt(fd, directoryOffset, directorySize);
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL) throw new ZipError("a damaged central directory");
    const nameLength = directory.readUInt16LE(at + 28);
    const name = directory.toString("utf8", at + 46, at + 46 + nameLength);
    entries.set(name, { name, method: directory.readUInt16LE(at + 10), compressedSize: directory.readUInt32LE(at + 20), localOffset: directory.readUInt32LE(at + 42) });
    at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
  }
  return entries;
}

/** Where an entry's data starts: after its local header, whose name and extra field may differ in length from the directory's. */
async function dataStart(fd: number, entry: ZipEntry): Promise<number> {
  const header = await bytesAt(fd, entry.localOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw new ZipError(`a damaged part (${entry.name})`);
  if (entry.method !== 0 && entry.method !== 8) throw new ZipError(`a part compressed in a way ceq does not read (method ${entry.method}, ${entry.name})`);
  return entry.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
}

/** A small part, inflated whole (the workbook, its relationships, styles, shared strings). */
export async function entryBytes(fd: number, entry: ZipEntry): Promise<Buffer> {
  const data = await bytesAt(fd, await dataStart(fd, entry), entry.compressedSize);
  return entry.method === 8 ? inflateRawSync(data) : data;
}

/** A part's bytes as they are inflated: a sheet, never held whole. */
export async function* entryStream(fd: number, entry: ZipEntry): AsyncGenerator<Buffer> {
  const start = await dataStart(fd, entry);
  if (entry.compressedSize === 0) return;
  const raw = storedBytes(fd, start, entry.compressedSize);
  if (entry.method === 0) {
    yield* raw;
    return;
  }
  const inflate = createInflateRaw({ chunkSize: 1 << 20 });
  const source = Readable.from(raw);
  source.on("error", (e) => inflate.destroy(e));
  source.pipe(inflate);
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } finally {
    source.destroy();
  }
}

/**
 * A part's stored bytes, read at their positions. Not fs.createReadStream: its destroy() closes
 * the descriptor even with autoClose false, and a reader that stops at a bad cell destroys it,
 * so the run's own close of the input then failed (EBADF, exit 70).
 */
async function* storedBytes(fd: number, start: number, length: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < length; ) {
    const size = Math.min(1 << 20, length - at);
    const { bytesRead, buffer } = await readAt(fd, Buffer.allocUnsafe(size), 0, size, start + at);
    if (bytesRead === 0) throw new ZipError(`a part cut short (${at} of its ${length} bytes)`);
    yield buffer.subarray(0, bytesRead);
    at += bytesRead;
  }
}
