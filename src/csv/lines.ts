/**
 * Whole lines of bytes split into fields without csv-parse: the plain fast path's lines, lines whose
 * quotes enclose whole fields, and where a block stops being either (see readBatches).
 */
import { decodeUtf8, InputProblem } from "../io/source.js";
import { MAX_RECORD_CHARS, type Batch, type CsvRecord } from "./records.js";

export function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === "");
}
export const LF = 0x0a;
export const CR = 0x0d;
export const QUOTE = 0x22;

/**
 * A block of whole lines whose every quote encloses a whole field with no quote, delimiter or
 * line break inside (`"C1","2024","12.50"`, as billing systems and CRMs quote everything),
 * with those quotes taken out. csv-parse reads the same fields and lines from either, so the
 * fast path can read it. Undefined when any quote is anything else: then csv-parse reads on.
 */
export function unquoteSimple(bytes: Uint8Array, delimiter: number): Buffer | undefined {
  const length = bytes.length;
  const out = Buffer.allocUnsafe(length);
  let o = 0;
  let fieldStart = true;
  for (let i = 0; i < length; i++) {
    const c = bytes[i]!;
    if (c !== QUOTE) {
      out[o++] = c;
      fieldStart = c === delimiter || c === LF;
      continue;
    }
    if (!fieldStart) return undefined;
    let close = i + 1;
    for (; close < length; close++) {
      const d = bytes[close]!;
      if (d === QUOTE || d === delimiter || d === LF || d === CR) break;
      out[o++] = d;
    }
    if (close >= length || bytes[close] !== QUOTE) return undefined;
    if (!endsField(bytes, close + 1, delimiter)) return undefined;
    i = close;
    fieldStart = false;
  }
  return out.subarray(0, o);
}

/** Whether a field's closing quote may stand before `after`: the field ends there, at a
 * delimiter, the line's end (LF or CRLF), or the input's. */
export function endsField(bytes: Uint8Array, after: number, delimiter: number): boolean {
  return after === bytes.length || bytes[after] === delimiter || bytes[after] === LF || (bytes[after] === CR && bytes[after + 1] === LF);
}

/** Whole lines for the fast path: as they are without a quote, unquoted when their quotes are
 * simple (unquoteSimple), undefined when any quote is not. */
export function fastPathLines(bytes: Buffer, delimiter: number): Buffer | undefined {
  return bytes.indexOf(QUOTE) === -1 ? bytes : unquoteSimple(bytes, delimiter);
}

export function countLines(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) n++;
  return n;
}

/**
 * Where the first byte that is not valid UTF-8 (or a NUL) is in a block starting at `line`:
 * its line, and the text of the whole lines before that line.
 */
export function badByte(bytes: Buffer, line: number): { line: number; linesBefore: string } {
  // A chunk may begin with the rest of a character the chunk before began (continuation bytes,
  // 10xxxxxx): those are valid, and not where the bad byte is.
  let rest = 0;
  while (rest < 3 && rest < bytes.length && (bytes[rest]! & 0xc0) === 0x80) rest++;
  const text = new TextDecoder().decode(bytes.subarray(rest));
  const bad = text.search(/[\ufffd\u0000]/);
  const before = bad === -1 ? text : text.slice(0, bad);
  let n = 0;
  for (let i = before.indexOf("\n"); i !== -1; i = before.indexOf("\n", i + 1)) n++;
  return { line: line + n, linesBefore: bad === -1 ? "" : text.slice(0, text.lastIndexOf("\n", bad) + 1) };
}
/**
 * The fields of one line whose every quoted field opens at a field's start and closes on the
 * line (`"1,234.56"`, `"say ""hi"""`), as csv-parse gives them; undefined for anything else
 * (a quote left open, a quote inside an unquoted field, text after a closing quote).
 */
export function splitQuotedLine(text: string, delimiter: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] !== '"') {
      const end = text.indexOf(delimiter, i);
      const cell = end === -1 ? text.slice(i) : text.slice(i, end);
      if (cell.includes('"')) return undefined;
      fields.push(cell);
      if (end === -1) return fields;
      i = end + delimiter.length;
      continue;
    }
    let value = "";
    let from = i + 1;
    for (;;) {
      const quote = text.indexOf('"', from);
      if (quote === -1) return undefined;
      value += text.slice(from, quote);
      if (text[quote + 1] !== '"') {
        i = quote + 1;
        break;
      }
      value += '"';
      from = quote + 2;
    }
    fields.push(value);
    if (i === text.length) return fields;
    if (!text.startsWith(delimiter, i)) return undefined;
    i += delimiter.length;
  }
}

/**
 * A block of whole lines with quotes that unquoteSimple() does not take, read line by line while
 * each line is a whole record: runs of lines without quotes or with simple ones go to the fast
 * path as bytes, and a line splitQuotedLine() splits becomes a record. Returns how many bytes
 * were read: from the first line that is neither (a field that goes on to the next line, a
 * stray quote, bad UTF-8), csv-parse reads.
 */
export function* wholeLines(lines: Buffer, delimiter: string, firstLine: number): Generator<Batch, number> {
  const delimiterByte = delimiter.charCodeAt(0);
  let runStart = 0;
  let runLine = firstLine;
  let records: CsvRecord[] = [];
  let start = 0;
  let line = firstLine;
  /** The run of fast-path lines that ends where this line starts, if there is one. */
  const run = (): Batch | undefined =>
    runStart !== -1 && start > runStart ? { kind: "bytes", bytes: fastPathLines(lines.subarray(runStart, start), delimiterByte)!, line: runLine } : undefined;
  while (start < lines.length) {
    const lf = lines.indexOf(LF, start);
    const end = lf === -1 ? lines.length : lf + 1;
    if (fastPathLines(lines.subarray(start, end), delimiterByte)) {
      if (records.length > 0) {
        yield { kind: "records", records };
        records = [];
      }
      if (runStart === -1) [runStart, runLine] = [start, line];
    } else {
      let stop = lf === -1 ? end : lf;
      if (stop > start && lines[stop - 1] === CR) stop--;
      const text = end - start > MAX_RECORD_CHARS ? null : decodeUtf8(lines.subarray(start, stop));
      const fields = text === null ? undefined : splitQuotedLine(text, delimiter);
      const before = run();
      if (before) yield before;
      runStart = -1;
      if (!fields) {
        if (records.length > 0) yield { kind: "records", records };
        return start;
      }
      if (!isBlank(fields)) records.push({ fields, line });
    }
    start = end;
    line++;
  }
  if (records.length > 0) yield { kind: "records", records };
  const last = run();
  if (last) yield last;
  return start;
}

/** Splits a block of whole lines (no quotes) into records, as csv-parse would; bad UTF-8 or a
 * NUL is an error at its line. */
export function splitLines(bytes: Buffer, firstLine: number, delimiter: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = firstLine;
  for (let start = 0; start < bytes.length; line++) {
    let end = bytes.indexOf(LF, start);
    if (end === -1) end = bytes.length;
    const record = lineRecord(bytes.subarray(start, end), line, delimiter, file, false);
    if (record) records.push(record);
    start = end + 1;
  }
  return records;
}

/**
 * One line (`bytes`, without its line feed; a CR before it is dropped) as csv-parse reads it:
 * null when it is blank; with `quotes`, its quoted fields split as csv-parse splits them, and
 * undefined when they do not all close on the line (csv-parse must read on from there). Bad
 * UTF-8 or a NUL is an error at its line.
 */
export function lineRecord(bytes: Buffer, line: number, delimiter: string, file: string, quotes: boolean): CsvRecord | null | undefined {
  const stop = bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.length - 1 : bytes.length;
  const text = decodeUtf8(bytes.subarray(0, stop));
  if (text === null) throw new InputProblem({ severity: "error", code: "invalid-encoding", file, line, detail: "UTF-8" });
  const fields = quotes && text.includes('"') ? splitQuotedLine(text, delimiter) : text.split(delimiter);
  if (!fields) return undefined;
  return isBlank(fields) ? null : { fields, line };
}
