/**
 * Bytes to CSV records: the batches the readers take (records from csv-parse, or blocks of whole lines
 * for the fast path), with every record's line as editors count it.
 */
import { CsvError, parse } from "csv-parse";
import type { Issue } from "../issues.js";
import { spreadsheetBatches } from "../xlsx/input.js";
import { atFileStart, InputProblem, peek, readUtf8, replay, type Source } from "../io/source.js";
import { SNIFF_BYTES, crLineEndings, sniffDelimiter, sniffSample } from "./sniff.js";
import { LF, QUOTE, badByte, countLines, fastPathLines, isBlank, splitLines, unquoteSimple, wholeLines } from "./lines.js";


/** One CSV record and the line of the file it starts on. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
  /** A spreadsheet's row (xlsx/read.ts): its cells stand in their columns, and the ones past its
   * last filled cell are empty ones, not missing fields (see read/footer.ts). */
  readonly grid?: true;
}

/** No export row is this long; past it the file is not CSV (or a quote never closed). */
export const MAX_RECORD_CHARS = 1 << 20;

/** The chunks up to an invalid-encoding problem (readText's, in UTF-16), which is handed to `keep` rather than thrown. */
async function* upToBadText(chunks: AsyncGenerator<Buffer>, keep: (problem: InputProblem) => void): AsyncGenerator<Buffer> {
  try {
    yield* chunks;
  } catch (error) {
    if (!(error instanceof InputProblem) || error.issue.code !== "invalid-encoding") throw error;
    keep(error);
  }
}

/**
 * Byte chunks, with the first SNIFF_BYTES gathered so the delimiter can be detected first. The
 * sample is the same text whatever the chunks' size (1 MiB from a file, 16 KiB from gunzip), so
 * the same bytes are read the same way plain or gzipped.
 */
async function sampled(bytes: AsyncGenerator<Buffer>): Promise<{ sample: string; chunks: AsyncGenerator<Buffer> }> {
  const { head, rest } = await peek(bytes, SNIFF_BYTES);
  return { sample: sniffSample(head), chunks: replay(head, rest) };
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
  /** The decimal mark the file's amounts are read with ("," under --decimal-comma; "." by default): a
   * workbook's number cells are written with it, so that each is read as the number it holds. A CSV's
   * text is as written. */
  decimalMark?: "." | ",";
}

/**
 * What the reader gets: CSV records from csv-parse, or a block of whole lines as UTF-8 bytes
 * that contains no quote character at all, whose split on the delimiter is unambiguous: the
 * fast path. The reader decodes (and so validates) whatever it does not read byte by byte.
 */
export type Batch = { kind: "records"; records: CsvRecord[] } | { kind: "bytes"; bytes: Buffer; line: number; quotes?: boolean };


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


/** Streams the CSV records of an input one by one (the costs file and tests; no fast path). */
export async function* readRecords(src: Source, options: RecordOptions = {}): AsyncGenerator<CsvRecord> {
  let detected: string = options.delimiter ?? ",";
  const onDelimiter = (d: string): void => {
    detected = d;
    options.onDelimiter?.(d);
  };
  for await (const batch of readBatches(src, { delimiter: options.delimiter, onDelimiter, decimalMark: options.decimalMark, ...(options.onWarning ? { onWarning: options.onWarning } : {}) })) {
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
