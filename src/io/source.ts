import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import type { Issue } from "../issues.js";
import type { DateFormat } from "../schema/row.js";

/** An input as the user named it: a path, or "-" for standard input. */
export interface Source {
  /** How messages name it: the path as given, or "<stdin>". */
  readonly name: string;
  readonly path: string;
  /** Only part of the file: the bytes from `start` (a line start) to `end`, lines numbered from `line`. */
  readonly range?: ByteRange;
  /**
   * The file opened once for the whole run (see openInputs): every reading, the worker threads'
   * included, reads this descriptor at explicit positions, so a file replaced while it is read
   * (an export job's `mv`) is never mixed with its successor.
   */
  readonly opened?: OpenedFile;
  /** The bytes to read instead of opening anything (standard input, passed through a spool). */
  readonly bytes?: AsyncIterable<Buffer>;
  /** `bytes` are a gzipped file's, inflated already: not to be inflated again, whatever they hold. */
  readonly inflated?: boolean;
  /** The encoding `--encoding` names; undefined: UTF-8, or what a byte order mark says. */
  readonly encoding?: Encoding | undefined;
  /** A workbook's sheet to read (`--sheet`, or a folder's sheet named after a phase); default the first visible. */
  readonly sheet?: string | undefined;
  /** The layout a workbook's date cells are written in, to read as the run's text dates are (`--date-format`). */
  readonly dateFormat?: DateFormat | undefined;
}

export const ENCODINGS = ["utf-8", "utf-16le", "utf-16be", "latin1", "cp1252"] as const;
export type Encoding = (typeof ENCODINGS)[number];

export interface OpenedFile {
  readonly fd: number;
  readonly size: number;
  readonly mtimeMs: number;
}

export interface ByteRange {
  readonly start: number;
  /** Exclusive; the end of the file when absent. */
  readonly end?: number;
  readonly line: number;
}

/** Whether bytes begin with gzip's magic number. */
export const isGzip = (head: Uint8Array): boolean => head[0] === 0x1f && head[1] === 0x8b;

/** The UTF-16 encoding a byte order mark announces, if any. */
export function utf16Bom(head: Uint8Array): "utf-16le" | "utf-16be" | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  return undefined;
}

/** The byte offset of the first UTF-16 LE code unit `unit` (below 256) at or after `from`, at an even distance from it; -1 if none. */
export function indexOfUnit(bytes: Uint8Array, unit: number, from: number): number {
  for (let i = bytes.indexOf(unit, from); i !== -1; i = bytes.indexOf(unit, i + 1)) {
    if ((i - from) % 2 === 0 && bytes[i + 1] === 0) return i;
  }
  return -1;
}

/** Whether bytes begin with UTF-8's byte order mark. */
export const hasUtf8Bom = (head: Uint8Array): boolean => head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;

/** Whether a source begins where the file does, so a BOM or gzip's magic number may be there. */
export const atFileStart = (src: Source): boolean => (src.range?.start ?? 0) === 0;

export const STDIN_NAME = "<stdin>";

export function source(path: string): Source {
  return { name: path === "-" ? STDIN_NAME : path, path };
}

/** A source with the run's workbook options (`--sheet`, `--date-format`); a sheet it names itself (a folder's phase-per-sheet workbook) stays. */
export function withWorkbook(src: Source, options: Pick<Source, "sheet" | "dateFormat">): Source {
  const sheet = src.sheet ?? options.sheet;
  const dateFormat = src.dateFormat ?? options.dateFormat;
  return { ...src, ...(sheet !== undefined ? { sheet } : {}), ...(dateFormat !== undefined ? { dateFormat } : {}) };
}

/** One input or several (a phase given in several files), as a list. */
export function sourcesOf(given: Source | readonly Source[] | undefined): readonly Source[] {
  return given === undefined ? [] : "path" in given ? [given] : given;
}

/** A problem that stops reading one input; it is reported as an issue of that file. */
export class InputProblem extends Error {
  constructor(readonly issue: Issue) {
    super(issue.code);
  }
}

export function unreadable(src: Source, detail: string): InputProblem {
  return new InputProblem({ severity: "error", code: "unreadable-file", file: src.name, detail });
}

export function describeFsError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory, not a file";
    default:
      return error.message;
  }
}

async function openBytes(src: Source): Promise<AsyncIterable<Buffer>> {
  if (src.bytes) return src.bytes;
  if (src.path === "-") return process.stdin;
  if (src.opened) {
    const { start, end } = src.range ?? {};
    // Read at explicit positions (start 0 included), so the descriptor can be read again.
    return createReadStream("", { fd: src.opened.fd, autoClose: false, highWaterMark: 1 << 20, start: start ?? 0, end: end === undefined ? undefined : end - 1 });
  }
  try {
    const info = await stat(src.path);
    if (info.isDirectory()) throw unreadable(src, "it is a directory, not a file");
  } catch (error) {
    if (error instanceof InputProblem) throw error;
    throw unreadable(src, describeFsError(error as NodeJS.ErrnoException));
  }
  const { start, end } = src.range ?? {};
  return createReadStream(src.path, { highWaterMark: 1 << 20, start, end: end === undefined ? undefined : end - 1 });
}

/** Yields the first chunk again, then the rest: lets a reader peek at magic bytes and BOMs. */
export async function* replay(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  yield first;
  for (let r = await rest.next(); !r.done; r = await rest.next()) yield r.value;
}

/** Reads chunks until there are `atLeast` bytes (or the input ends): those, and the rest. */
export async function peek(bytes: AsyncIterable<Buffer>, atLeast: number): Promise<{ head: Buffer; rest: AsyncIterator<Buffer> }> {
  const it = bytes[Symbol.asyncIterator]();
  const parts: Buffer[] = [];
  let length = 0;
  while (length < atLeast) {
    const r = await it.next();
    if (r.done) break;
    parts.push(r.value);
    length += r.value.length;
  }
  return { head: Buffer.concat(parts), rest: it };
}

/** The input's bytes, gunzipped on the fly when they start with gzip's magic number. */
export async function readBytes(src: Source): Promise<AsyncIterable<Buffer>> {
  const opened = await openBytes(src);
  if (!atFileStart(src) || src.inflated) return opened;
  const { head, rest } = await peek(opened, 2);
  const bytes = replay(head, rest);
  if (!isGzip(head)) return bytes;
  // Inflated ahead of the reader (on libuv's threads), so that it runs while the reader works;
  // in chunks of 1 MiB, which take a third less CPU than 64 KiB ones (282 MB: 0.62 s against 0.91 s).
  const gunzip = createGunzip({ chunkSize: 1 << 20, ...({ readableHighWaterMark: 8 << 20 } as object) }); // a Transform option, not in ZlibOptions' type
  return (async function* () {
    const input = Readable.from(bytes);
    input.on("error", (e) => gunzip.destroy(e));
    input.pipe(gunzip);
    try {
      for await (const chunk of gunzip) yield chunk as Buffer;
    } catch (error) {
      if (error instanceof InputProblem) throw error;
      throw unreadable(src, `not valid gzip data (${(error as Error).message})`);
    }
  })();
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * UTF-16 text up to its first unit that is no character (a lone surrogate) or NUL: the whole
 * lines before it, and how many line feeds come before it (its line is one more).
 */
export function utf16BeforeBad(bytes: Uint8Array, encoding: "utf-16le" | "utf-16be"): { whole: string; newlines: number } {
  const text = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
  const bad = text.search(/[\ufffd\u0000]/);
  const valid = bad === -1 ? text : text.slice(0, bad);
  return { whole: valid.slice(0, valid.lastIndexOf("\n") + 1), newlines: countNewlines(valid) };
}

/**
 * Decodes UTF-16 (LE or BE: the byte order mark's, else `--encoding`'s) to text, in pieces of
 * whole characters. An invalid unit (a lone surrogate, an odd last byte) or a NUL stops the
 * read with the line it is on, after the whole lines before it, as the byte-level path reads
 * UTF-8. Past the file's start (a range of it, see splitPoint) there is no byte order mark:
 * U+FEFF there is text.
 */
export async function* readText(src: Source & { replay?: AsyncIterable<Buffer> }): AsyncGenerator<string> {
  let bytes: AsyncIterable<Buffer>;
  try {
    bytes = src.replay ?? (await readBytes(src));
  } catch (error) {
    if (error instanceof InputProblem) throw error;
    throw unreadable(src, describeFsError(error as NodeJS.ErrnoException));
  }
  const { head, rest } = await peek(bytes, 4);
  const start = atFileStart(src);
  const bom = start ? utf16Bom(head) : undefined;
  const encoding = bom ?? (src.encoding === "utf-16be" ? "utf-16be" : "utf-16le");
  const label = encoding.toUpperCase();
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  let line = src.range?.line ?? 1;
  /** The error at the first bad character of a piece, and the piece's whole lines before it. */
  const fail = (piece: Buffer): { before: string; problem: InputProblem } => {
    const { whole, newlines } = utf16BeforeBad(piece, encoding);
    return { before: whole, problem: new InputProblem({ severity: "error", code: "invalid-encoding", file: src.name, line: line + newlines, detail: label }) };
  };
  /** A unit that is the first half of a surrogate pair, whose second half may be in the next chunk. */
  const highSurrogate = (b: Buffer, at: number): boolean => {
    const unit = encoding === "utf-16le" ? b[at]! | (b[at + 1]! << 8) : (b[at]! << 8) | b[at + 1]!;
    return unit >= 0xd800 && unit <= 0xdbff;
  };
  let pending: Buffer = Buffer.alloc(0);
  let first = true;
  try {
    for await (const chunk of replay(head, rest)) {
      let buffer = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
      if (first && bom) buffer = buffer.subarray(2);
      first = false;
      // Pieces end on a whole character: an odd byte, or a high surrogate, waits for the next chunk.
      let cut = buffer.length - (buffer.length % 2);
      if (cut >= 2 && highSurrogate(buffer, cut - 2)) cut -= 2;
      pending = buffer.subarray(cut);
      const piece = buffer.subarray(0, cut);
      let text: string;
      try {
        text = decoder.decode(piece);
        if (text.includes("\u0000")) throw new Error("NUL");
      } catch {
        const { before, problem } = fail(piece);
        if (before !== "") yield before;
        throw problem;
      }
      line += countNewlines(text);
      if (text !== "") yield text;
    }
    if (pending.length > 0) throw fail(pending).problem;
  } catch (error) {
    if (error instanceof InputProblem) throw error;
    throw unreadable(src, describeFsError(error as NodeJS.ErrnoException));
  }
}

/**
 * The input as UTF-8 bytes, for the byte-level reader: UTF-8 passes through with its BOM
 * removed (and is validated where it is decoded); UTF-16 is decoded, checked and re-encoded.
 */
export async function* readUtf8(src: Source & { replay?: AsyncIterable<Buffer> }): AsyncGenerator<Buffer> {
  let bytes: AsyncIterable<Buffer>;
  try {
    bytes = src.replay ?? (await readBytes(src));
  } catch (error) {
    if (error instanceof InputProblem) throw error;
    throw unreadable(src, describeFsError(error as NodeJS.ErrnoException));
  }
  if (!atFileStart(src)) {
    // A range of a UTF-16 file (see splitPoint) is decoded as the whole file is.
    if (src.encoding === "utf-16le" || src.encoding === "utf-16be") for await (const text of readText({ ...src, replay: bytes })) yield Buffer.from(text, "utf8");
    else yield* bytes;
    return;
  }
  const { head, rest } = await peek(bytes, 4);
  const bomSays = utf16Bom(head) ?? (hasUtf8Bom(head) ? "utf-8" : undefined);
  const given = src.encoding;
  if (given !== undefined && bomSays !== undefined && given !== bomSays) {
    throw unreadable(src, `it starts with a ${bomSays.toUpperCase()} byte order mark, but --encoding ${given} was given: drop --encoding`);
  }
  if (given === "latin1" || given === "cp1252") {
    yield* reencode(src, replay(head, rest), given);
    return;
  }
  if (bomSays === "utf-16le" || bomSays === "utf-16be" || given === "utf-16le" || given === "utf-16be") {
    for await (const text of readText({ ...src, replay: replay(head, rest), ...(given ? { encoding: given } : {}) })) yield Buffer.from(text, "utf8");
    return;
  }
  const bom = hasUtf8Bom(head);
  try {
    let first = true;
    for await (const chunk of replay(head, rest)) {
      yield first && bom ? chunk.subarray(3) : chunk;
      first = false;
    }
  } catch (error) {
    if (error instanceof InputProblem) throw error;
    throw unreadable(src, describeFsError(error as NodeJS.ErrnoException));
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Windows-1252's characters for 0x80-0x9F (Node 20's TextDecoder reads that label as Latin-1);
 * the five bytes it leaves undefined stay the C1 controls, as the WHATWG encoding standard has it.
 */
const CP1252_HIGH = [
  "\u20ac", "\u0081", "\u201a", "\u0192", "\u201e", "\u2026", "\u2020", "\u2021", "\u02c6", "\u2030", "\u0160", "\u2039", "\u0152", "\u008d", "\u017d", "\u008f",
  "\u0090", "\u2018", "\u2019", "\u201c", "\u201d", "\u2022", "\u2013", "\u2014", "\u02dc", "\u2122", "\u0161", "\u203a", "\u0153", "\u009d", "\u017e", "\u0178",
];

/**
 * A one-byte encoding as UTF-8: ISO-8859-1 byte for byte, or Windows-1252 (Excel on Windows),
 * whose 0x80-0x9F are € and typographic quotes. Every byte is a character, so nothing is invalid.
 */
async function* reencode(src: Source, bytes: AsyncIterable<Buffer>, encoding: "latin1" | "cp1252"): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of bytes) {
      const latin1 = chunk.toString("latin1");
      yield Buffer.from(encoding === "latin1" ? latin1 : latin1.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!), "utf8");
    }
  } catch (error) {
    if (error instanceof InputProblem) throw error;
    throw unreadable(src, describeFsError(error as NodeJS.ErrnoException));
  }
}

/** Bytes as UTF-8 text, or null when they are not valid UTF-8 or hold a NUL. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    const text = utf8.decode(bytes);
    return text.includes("\u0000") ? null : text;
  } catch {
    return null;
  }
}
