import { CsvError, parse } from "csv-parse";
import type { Issue } from "../issues.js";
import { spreadsheetBatches } from "../xlsx/input.js";
import { atFileStart, decodeUtf8, InputProblem, peek, readUtf8, replay, type Source } from "../io/source.js";

/** One CSV record and the line of the file it starts on. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

export const DELIMITERS = [",", ";", "\t", "|"] as const;
/** No export row is this long; past it the file is not CSV (or a quote never closed). */
export const MAX_RECORD_CHARS = 1 << 20;
const SNIFF_CHARS = 64 * 1024;

function count(line: string, delimiter: string): number {
  return line.split(delimiter).length - 1;
}

/** The most frequent number (the larger on a tie): a delimiter's usual count per line. */
function usual(counts: readonly number[]): number {
  const seen = new Map<number, number>();
  for (const c of counts) seen.set(c, (seen.get(c) ?? 0) + 1);
  let best = 0;
  let times = 0;
  for (const [c, k] of seen) if (k > times || (k === times && c > best)) [best, times] = [c, k];
  return best;
}

/** The sample with quoted text taken out, so that its delimiters and line breaks do not count. */
function unquoted(sample: string): string {
  return sample.replace(/"(?:[^"]|"")*"?/g, '""');
}

/**
 * Picks the delimiter of a sample: the candidate that splits every sampled line into the same
 * number of fields, most fields first; quoted text is ignored, so `"1,5";"2,5"` is `;`. A report's
 * title lines above its header (up to 20) do not count: the lines are counted from the first one
 * with the candidate's usual number of fields.
 */
export function sniffDelimiter(sample: string): string {
  const lines = unquoted(sample).split(/\r\n|\n|\r/);
  if (sample.length >= SNIFF_CHARS) lines.pop(); // the last line may be cut short
  const all = lines.filter((l) => l.trim() !== "").slice(0, 70);
  let best = ",";
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = all.map((l) => count(l, d));
    const n = usual(counts.filter((c) => c > 0));
    const from = counts.indexOf(n);
    if (n === 0 || from > 20) continue;
    // The most lines with the usual count win; then a candidate whose lines all have it, from the
    // first such line to the last (a footer after it does not count); then more fields.
    const window = counts.slice(from, from + 50);
    const matching = window.filter((c) => c === n).length;
    const consistent = window.slice(0, window.lastIndexOf(n) + 1).every((c) => c === n);
    const score = matching * 1000 + (consistent ? 500 : 0) + Math.min(n, 499);
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/** The chunks up to an invalid-encoding problem (readText's, in UTF-16), which is handed to `keep` rather than thrown. */
async function* upToBadText(chunks: AsyncGenerator<Buffer>, keep: (problem: InputProblem) => void): AsyncGenerator<Buffer> {
  try {
    yield* chunks;
  } catch (error) {
    if (!(error instanceof InputProblem) || error.issue.code !== "invalid-encoding") throw error;
    keep(error);
  }
}

/** Bytes that always decode to SNIFF_CHARS characters, when the input has that many. */
export const SNIFF_BYTES = SNIFF_CHARS * 4;

/**
 * Byte chunks, with the first SNIFF_BYTES gathered so the delimiter can be detected first. The
 * sample is the same text whatever the chunks' size (1 MiB from a file, 16 KiB from gunzip), so
 * the same bytes are read the same way plain or gzipped.
 */
async function sampled(bytes: AsyncGenerator<Buffer>): Promise<{ sample: string; chunks: AsyncGenerator<Buffer> }> {
  const { head, rest } = await peek(bytes, SNIFF_BYTES);
  return { sample: sniffSample(head), chunks: replay(head, rest) };
}

/** The text the delimiter is detected from: the first SNIFF_CHARS characters of the input. */
export function sniffSample(head: Uint8Array): string {
  // Only for sniffing: a bad byte here is reported, with its line, where it is read.
  const sample = new TextDecoder().decode(head.subarray(0, SNIFF_BYTES));
  return sample.length > SNIFF_CHARS ? sample.slice(0, SNIFF_CHARS) : sample;
}

/**
 * Whether lines end with a lone CR, as old Mac exports ("CSV (Macintosh)") do: the first line
 * break outside quotes is a CR without an LF after it. Only csv-parse, which detects that, splits
 * such lines; the fast path and the ranges of big files split at LF.
 */
export function crLineEndings(sample: string): boolean {
  const text = unquoted(sample);
  const i = text.search(/[\r\n]/);
  return i !== -1 && text[i] === "\r" && i + 1 < text.length && text[i + 1] !== "\n";
}

/**
 * Line breaks inside quoted fields. Lines end at LF (a CRLF holds one), as the fast path, `grep -n`
 * and editors count them, so a lone CR is not one; in a file whose lines end with a lone CR,
 * CRLF, LF and a lone CR each count once.
 */
function lineBreaksIn(fields: readonly string[], crLines: boolean): number {
  let n = 0;
  for (const f of fields) {
    if (!crLines) {
      for (let i = f.indexOf("\n"); i !== -1; i = f.indexOf("\n", i + 1)) n++;
      continue;
    }
    if (f.indexOf("\n") === -1 && f.indexOf("\r") === -1) continue;
    n += f.split(/\r\n|\r|\n/).length - 1;
  }
  return n;
}

/** Line breaks in a text as the lines of its file are counted (see lineBreaksIn). */
function lineBreaks(text: string, crLines: boolean): number {
  return lineBreaksIn([text], crLines);
}

function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === "");
}

export interface RecordOptions {
  delimiter?: string | undefined;
  /** Told the delimiter once it is known (given or detected), before the first batch. */
  onDelimiter?: (delimiter: string) => void;
  /** Every byte through csv-parse, no block on the fast path (the differential test's plain path). */
  plain?: boolean;
  /** Blocks with quotes come as bytes as they are (`quotes` set), for a reader that reads simple
   * quoted fields in place (FastLines): it gives back, as the value of `next()`, the byte offset
   * of the line it stopped at, and csv-parse reads on from there. */
  quotes?: boolean;
  /** Told a workbook's warning (numbers rounded to Excel's 15 digits) once its sheet is read. */
  onWarning?: (issue: Issue) => void;
}

/**
 * What the reader gets: CSV records from csv-parse, or a block of whole lines as UTF-8 bytes
 * that contains no quote character at all, whose split on the delimiter is unambiguous: the
 * fast path. The reader decodes (and so validates) whatever it does not read byte by byte.
 */
export type Batch = { kind: "records"; records: CsvRecord[] } | { kind: "bytes"; bytes: Buffer; line: number; quotes?: boolean };

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

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

function countLines(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, i + 1)) n++;
  return n;
}

/**
 * Where the first byte that is not valid UTF-8 (or a NUL) is in a block starting at `line`:
 * its line, and the text of the whole lines before that line.
 */
function badByte(bytes: Buffer, line: number): { line: number; linesBefore: string } {
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
 * Streams the input in batches, each record or line with the line it starts on. Blocks of whole
 * lines go straight to the caller as bytes when they hold no quote, or only quotes around whole
 * plain fields, which are taken out (unquoteSimple). A line whose quoted fields all close on it
 * is split here (wholeLines). From the first quote that is neither, csv-parse reads the rest of
 * the file, so quoted fields with line breaks and stray quotes are read as csv-parse reads them.
 * A file whose lines end with a lone CR is csv-parse's from the start. Blank lines and rows of
 * empty cells are skipped; ragged rows are passed on.
 *
 * Lines are counted here, not taken from csv-parse's info.lines, which counts a CRLF inside a
 * quoted field twice: every physical line outside quotes is one record (blank ones included,
 * as csv-parse emits them when it is not told to skip them), plus the breaks inside its fields.
 */
export async function* readBatches(given: Source, options: RecordOptions = {}): AsyncGenerator<Batch> {
  // A workbook (told by its bytes, whatever its name) is read as records; anything else as CSV, from the same bytes.
  const sheet = await spreadsheetBatches(given, options);
  if (sheet.batches) {
    options.onDelimiter?.(",");
    yield* sheet.batches;
    return;
  }
  const src = sheet.src;
  // A bad character in UTF-16 ends the chunks after the whole lines before it: they are read, then it is thrown.
  let badText: InputProblem | undefined;
  const { sample, chunks } = await sampled(upToBadText(readUtf8(src), (problem) => (badText = problem)));
  const delimiter = options.delimiter ?? sniffDelimiter(sample);
  options.onDelimiter?.(delimiter);
  // A range of a file (src.range past its start) is read only when the file's first line ended
  // with an LF, so it has no lone-CR line endings; its sample may start anywhere, even in quotes.
  const crLines = atFileStart(src) && crLineEndings(sample);
  // Records are taken in on_record, as csv-parse finds them, rather than read from the stream:
  // a syntax error destroys the stream with records still buffered, and their errors would be lost.
  let queue: CsvRecord[] = [];
  let nextLine = src.range?.line ?? 1;
  /** The line the next text given to csv-parse starts on: unlike nextLine, it counts the lines of
   * a record csv-parse has not finished yet (a quoted field over many lines). */
  let fedLine: number | undefined;
  const parser = parse({
    delimiter,
    relax_quotes: true,
    relax_column_count: true,
    // Lines end at LF or CRLF, whichever each line has, as the fast path reads them (csv-parse
    // would take the first line's ending for all); or, in a lone-CR file, at any of the three.
    record_delimiter: crLines ? ["\r\n", "\r", "\n"] : ["\r\n", "\n"],
    max_record_size: MAX_RECORD_CHARS,
    on_record: (fields: string[]) => {
      const line = nextLine;
      nextLine += lineBreaksIn(fields, crLines) + 1;
      if (!isBlank(fields)) queue.push({ fields, line });
      return null;
    },
  });
  // Errors arrive through the write callbacks; this listener only keeps a late 'error' event
  // from crashing the process once the callback has already reported it.
  let failure: Error | undefined;
  parser.on("error", (error: Error) => (failure ??= error));
  const decoder = new TextDecoder("utf-8", { fatal: true });
  /** Gives text to csv-parse; its errors reject. */
  const feed = (text: string, end: boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      const done = (error?: Error | null): void => {
        const problem = error ?? failure;
        if (problem) reject(problem);
        else resolve();
      };
      if (failure) done(failure);
      else if (end) parser.end(text, done);
      else parser.write(text, done);
    });
  /** Feeds bytes to csv-parse, decoded strictly; `null` ends the input. */
  const step = async (bytes: Buffer | null): Promise<void> => {
    let text: string | undefined;
    try {
      text = bytes === null ? decoder.decode() : decoder.decode(bytes, { stream: true });
    } catch {
      text = undefined;
    }
    fedLine ??= nextLine;
    if (text === undefined || text.includes("\u0000")) {
      const at = badByte(bytes ?? Buffer.alloc(0), fedLine);
      const problem = new InputProblem({ severity: "error", code: "invalid-encoding", file: src.name, line: at.line, detail: "UTF-8" });
      // The whole lines before the bad byte are read first, as the fast path reads them.
      if (at.linesBefore !== "") await feed(at.linesBefore, true); // end(), or csv-parse holds back the last record
      throw problem;
    }
    fedLine += lineBreaks(text, crLines);
    await feed(text, bytes === null);
  };
  const drain = (): Batch => {
    const records = queue;
    queue = [];
    return { kind: "records", records };
  };
  let quoted = options.plain === true || crLines;
  const delimiterByte = delimiter.charCodeAt(0);
  const fastBytes = (bytes: Buffer): Buffer | undefined => fastPathLines(bytes, delimiterByte);
  let carry: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of chunks) {
      if (!quoted) {
        let block = chunk;
        if (carry.length > 0) {
          // The line cut at the chunk's start, joined on its own: the rest of the chunk is
          // passed on where it lies, not copied behind the carry.
          const lf = chunk.indexOf(LF);
          const joined = lf === -1 ? undefined : Buffer.concat([carry, chunk.subarray(0, lf + 1)]);
          const plainJoined = joined && fastBytes(joined);
          if (plainJoined) {
            yield { kind: "bytes", bytes: plainJoined, line: nextLine };
            nextLine++;
            block = chunk.subarray(lf + 1);
          } else {
            block = Buffer.concat([carry, chunk]);
          }
        }
        const cut = block.lastIndexOf(LF) + 1;
        const lines = block.subarray(0, cut);
        carry = block.subarray(cut);
        if (carry.length > MAX_RECORD_CHARS) {
          // a line this long is no export row: csv-parse refuses it with its line number
          quoted = true;
          await step(block);
          carry = Buffer.alloc(0);
          if (queue.length > 0) yield drain();
          continue;
        }
        // A reader of quotes in place reads a quoted block as it is: no copy without the quotes.
        const plainLines = lines.indexOf(QUOTE) === -1 ? lines : options.quotes ? undefined : unquoteSimple(lines, delimiterByte);
        if (plainLines) {
          if (plainLines.length > 0) yield { kind: "bytes", bytes: plainLines, line: nextLine };
          nextLine += countLines(lines);
          continue;
        }
        // A reader of quotes in place is given the block as it is, and says where it stopped, if it did.
        const stopped = options.quotes ? ((yield { kind: "bytes", bytes: lines, line: nextLine, quotes: true }) as number | undefined) : 0;
        if (stopped === undefined) {
          nextLine += countLines(lines);
          continue;
        }
        nextLine += countLines(lines.subarray(0, stopped));
        const rest = lines.subarray(stopped);
        const taken = yield* wholeLines(rest, delimiter, nextLine);
        nextLine += countLines(rest.subarray(0, taken));
        if (taken === rest.length) continue;
        quoted = true;
        await step(block.subarray(stopped + taken));
        carry = Buffer.alloc(0);
      } else {
        await step(chunk);
      }
      if (queue.length > 0) yield drain();
    }
    const plainCarry = quoted ? undefined : fastBytes(carry);
    if (badText) {
      // The text ended after a whole line: what csv-parse holds back is read, unless the bad
      // character cut a quoted field short (its error is the bad character's).
      try {
        await step(null);
      } catch (error) {
        if (!(error instanceof CsvError)) throw error;
      }
      if (queue.length > 0) yield drain();
      throw badText;
    }
    if (plainCarry) {
      if (plainCarry.length > 0) yield { kind: "bytes", bytes: plainCarry, line: nextLine };
    } else {
      await step(carry);
      await step(null);
      if (queue.length > 0) yield drain();
    }
  } catch (error) {
    if (queue.length > 0) yield drain();
    if (error instanceof InputProblem) throw error;
    if (error instanceof CsvError) throw csvProblem(src, error, nextLine);
    throw error;
  } finally {
    parser.destroy();
  }
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
function* wholeLines(lines: Buffer, delimiter: string, firstLine: number): Generator<Batch, number> {
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

/** Streams the CSV records of an input one by one (the costs file and tests; no fast path). */
export async function* readRecords(src: Source, options: RecordOptions = {}): AsyncGenerator<CsvRecord> {
  let detected: string = options.delimiter ?? ",";
  for await (const batch of readBatches(src, { delimiter: options.delimiter, onDelimiter: (d) => (detected = d), ...(options.onWarning ? { onWarning: options.onWarning } : {}) })) {
    if (batch.kind === "records") yield* batch.records;
    else yield* splitLines(batch.bytes, batch.line, detected, src.name);
  }
}

/** A CSV syntax error, placed at the line of the record it stopped in. */
function csvProblem(src: Source, error: CsvError, line: number): InputProblem {
  if (error.code === "CSV_QUOTE_NOT_CLOSED") {
    return new InputProblem({ severity: "error", code: "unclosed-quote", file: src.name, line });
  }
  if (error.code === "CSV_MAX_RECORD_SIZE") return recordTooLong(src.name, line);
  const detail = error.message.replace(/^Invalid [^:]*: /, "").replace(/,? at line \d+.*$/, "");
  return new InputProblem({ severity: "error", code: "malformed-csv", file: src.name, line, detail });
}

/** A record past MAX_RECORD_CHARS, whichever reader meets it first. */
export function recordTooLong(file: string, line: number): InputProblem {
  const detail = `a record longer than ${MAX_RECORD_CHARS.toLocaleString("en")} characters (not a CSV export, or a quote that never closes)`;
  return new InputProblem({ severity: "error", code: "malformed-csv", file, line, detail });
}
