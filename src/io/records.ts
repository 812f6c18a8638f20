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
}

/**
 * Streams the CSV records of an input, each with the line it starts on. Blank lines and rows
 * of empty cells are skipped; ragged rows are passed on for the caller to report.
 *
 * Lines are counted here, not taken from csv-parse's info.lines, which counts a CRLF inside a
 * quoted field twice: every physical line outside quotes is one record (blank ones included,
 * as csv-parse emits them when it is not told to skip them), plus the breaks inside its fields.
 */
export async function* readRecords(src: Source, options: RecordOptions = {}): AsyncGenerator<CsvRecord> {
  const { sample, chunks } = await sampled(readText(src));
  const delimiter = options.delimiter ?? sniffDelimiter(sample);
  // Records are taken in on_record, as csv-parse finds them, rather than read from the stream:
  // a syntax error destroys the stream with records still buffered, and their errors would be lost.
  const queue: CsvRecord[] = [];
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
  try {
    for await (const chunk of chunks) {
      await step(chunk);
      yield* queue.splice(0);
    }
    await step(null);
    yield* queue.splice(0);
  } catch (error) {
    yield* queue.splice(0);
    if (error instanceof InputProblem) throw error;
    if (error instanceof CsvError) throw csvProblem(src, error, nextLine);
    throw error;
  } finally {
    parser.destroy();
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
