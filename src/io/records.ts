import { CsvError, parse } from "csv-parse";
import { InputProblem, readText, type Source } from "./source.js";

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

/**
 * Picks the delimiter of a sample: the candidate that splits every sampled line into the same
 * number of fields, most fields first; quoted text is ignored, so `"1,5";"2,5"` is `;`.
 */
export function sniffDelimiter(sample: string): string {
  const unquoted = sample.replace(/"(?:[^"]|"")*"?/g, '""');
  const lines = unquoted.split(/\r\n|\n|\r/);
  if (sample.length >= SNIFF_CHARS) lines.pop(); // the last line may be cut short
  const nonEmpty = lines.filter((l) => l.trim() !== "").slice(0, 50);
  const header = nonEmpty[0] ?? "";
  let best = ",";
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const n = count(header, d);
    if (n === 0) continue;
    const consistent = nonEmpty.every((l) => count(l, d) === n);
    const score = (consistent ? 1_000_000 : 0) + n;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

/** Text chunks, with the first SNIFF_CHARS gathered so the delimiter can be detected first. */
async function sampled(text: AsyncGenerator<string>): Promise<{ sample: string; chunks: AsyncGenerator<string> }> {
  let sample = "";
  while (sample.length < SNIFF_CHARS) {
    const r = await text.next();
    if (r.done) break;
    sample += r.value;
  }
  async function* chunks(): AsyncGenerator<string> {
    if (sample !== "") yield sample;
    yield* text;
  }
  return { sample, chunks: chunks() };
}

/** Line breaks inside quoted fields: CRLF, LF and a lone CR each count once. */
function lineBreaksIn(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) {
    if (f.indexOf("\n") === -1 && f.indexOf("\r") === -1) continue;
    n += f.split(/\r\n|\r|\n/).length - 1;
  }
  return n;
}

function isBlank(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === "");
}

export interface RecordOptions {
  delimiter?: string | undefined;
  /** Told the delimiter once it is known (given or detected), before the first batch. */
  onDelimiter?: (delimiter: string) => void;
}

/**
 * What the reader gets: CSV records from csv-parse, or a block of whole lines that contains no
 * quote character at all, whose split on the delimiter is unambiguous: the fast path.
 */
export type Batch = { kind: "records"; records: CsvRecord[] } | { kind: "lines"; text: string; line: number };

/** Up to the last line break, and the rest to carry into the next chunk. */
function wholeLines(text: string): [string, string] {
  const cut = text.lastIndexOf("\n") + 1;
  return [text.slice(0, cut), text.slice(cut)];
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

/**
 * Streams the input in batches, each record or line with the line it starts on. Blocks of whole
 * lines without a quote go straight to the caller; from the first quote on, csv-parse reads the
 * rest of the file, so quoted fields with delimiters, quotes and line breaks are read correctly.
 * Blank lines and rows of empty cells are skipped; ragged rows are passed on for the caller.
 *
 * Lines are counted here, not taken from csv-parse's info.lines, which counts a CRLF inside a
 * quoted field twice: every physical line outside quotes is one record (blank ones included,
 * as csv-parse emits them when it is not told to skip them), plus the breaks inside its fields.
 */
export async function* readBatches(src: Source, options: RecordOptions = {}): AsyncGenerator<Batch> {
  const { sample, chunks } = await sampled(readText(src));
  const delimiter = options.delimiter ?? sniffDelimiter(sample);
  options.onDelimiter?.(delimiter);
  // Records are taken in on_record, as csv-parse finds them, rather than read from the stream:
  // a syntax error destroys the stream with records still buffered, and their errors would be lost.
  let queue: CsvRecord[] = [];
  let nextLine = 1;
  const parser = parse({
    delimiter,
    relax_quotes: true,
    relax_column_count: true,
    max_record_size: MAX_RECORD_CHARS,
    on_record: (fields: string[]) => {
      const line = nextLine;
      nextLine += lineBreaksIn(fields) + 1;
      if (!isBlank(fields)) queue.push({ fields, line });
      return null;
    },
  });
  // Errors arrive through the write callbacks; this listener only keeps a late 'error' event
  // from crashing the process once the callback has already reported it.
  let failure: Error | undefined;
  parser.on("error", (error: Error) => (failure ??= error));
  const step = (chunk: string | null): Promise<void> =>
    new Promise((resolve, reject) => {
      const done = (error?: Error | null): void => {
        const problem = error ?? failure;
        if (problem) reject(problem);
        else resolve();
      };
      if (failure) done(failure);
      else if (chunk === null) parser.end(done);
      else parser.write(chunk, done);
    });
  const drain = (): Batch => {
    const records = queue;
    queue = [];
    return { kind: "records", records };
  };
  let quoted = false;
  let carry = "";
  try {
    for await (const chunk of chunks) {
      if (!quoted) {
        const [lines, rest] = wholeLines(carry + chunk);
        carry = rest;
        if (carry.length > MAX_RECORD_CHARS) {
          // a line this long is no export row: csv-parse refuses it with its line number
          quoted = true;
          await step(lines + carry);
          carry = "";
          yield drain();
          continue;
        }
        if (!lines.includes('"')) {
          if (lines !== "") yield { kind: "lines", text: lines, line: nextLine };
          nextLine += countLines(lines);
          continue;
        }
        quoted = true;
        await step(lines + carry);
        carry = "";
      } else {
        await step(chunk);
      }
      if (queue.length > 0) yield drain();
    }
    if (!quoted && !carry.includes('"')) {
      if (carry !== "") yield { kind: "lines", text: carry, line: nextLine };
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

/** Splits a block of whole lines (no quotes) into records, as csv-parse would. */
export function splitLines(text: string, firstLine: number, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let line = firstLine;
  for (let start = 0; start < text.length; line++) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const fields = text.slice(start, stop).split(delimiter);
    if (!isBlank(fields)) records.push({ fields, line });
    start = end + 1;
  }
  return records;
}

/** Streams the CSV records of an input one by one (the costs file and tests; no fast path). */
export async function* readRecords(src: Source, options: RecordOptions = {}): AsyncGenerator<CsvRecord> {
  const delimiter = options.delimiter;
  let detected: string | undefined = delimiter;
  for await (const batch of readBatches(src, { delimiter, onDelimiter: (d) => (detected = d) })) {
    if (batch.kind === "records") yield* batch.records;
    else yield* splitLines(batch.text, batch.line, detected!);
  }
}

/** A CSV syntax error, placed at the line of the record it stopped in. */
function csvProblem(src: Source, error: CsvError, line: number): InputProblem {
  if (error.code === "CSV_QUOTE_NOT_CLOSED") {
    return new InputProblem({ severity: "error", code: "unclosed-quote", file: src.name, line });
  }
  if (error.code === "CSV_MAX_RECORD_SIZE") {
    const detail = `a record longer than ${MAX_RECORD_CHARS.toLocaleString("en")} characters (not a CSV export, or a quote that never closes)`;
    return new InputProblem({ severity: "error", code: "malformed-csv", file: src.name, line, detail });
  }
  const detail = error.message.replace(/^Invalid [^:]*: /, "").replace(/,? at line \d+.*$/, "");
  return new InputProblem({ severity: "error", code: "malformed-csv", file: src.name, line, detail });
}
