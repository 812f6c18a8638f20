import { once } from "node:events";
import { CsvError, parse } from "csv-parse";
import { InputProblem, readText, type Source } from "./source.js";

/** One CSV record and the line of the file it starts on. */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
}

export const DELIMITERS = [",", ";", "\t", "|"] as const;
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

function newlinesIn(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) for (let i = f.indexOf("\n"); i !== -1; i = f.indexOf("\n", i + 1)) n++;
  return n;
}

export interface RecordOptions {
  delimiter?: string | undefined;
}

/**
 * Streams the CSV records of an input, each with the line it starts on. Blank lines and rows
 * of empty cells are skipped; ragged rows are passed on for the caller to report.
 */
export async function* readRecords(src: Source, options: RecordOptions = {}): AsyncGenerator<CsvRecord> {
  const { sample, chunks } = await sampled(readText(src));
  const delimiter = options.delimiter ?? sniffDelimiter(sample);
  const parser = parse({
    delimiter,
    info: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
  });
  let lastLine = 0;
  const feeding = (async () => {
    for await (const chunk of chunks) if (!parser.write(chunk)) await once(parser, "drain");
    parser.end();
  })().catch((error: unknown) => parser.destroy(error as Error));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      lastLine = info.lines;
      yield { fields: record, line: info.lines - newlinesIn(record) };
    }
  } catch (error) {
    if (error instanceof InputProblem) throw error;
    if (error instanceof CsvError) throw csvProblem(src, error, lastLine + 1);
    throw error;
  } finally {
    parser.destroy();
    await feeding;
  }
}

function csvProblem(src: Source, error: CsvError, nextLine: number): InputProblem {
  if (error.code === "CSV_QUOTE_NOT_CLOSED") {
    return new InputProblem({ severity: "error", code: "unclosed-quote", file: src.name, line: nextLine });
  }
  const line = (error as unknown as { lines?: number }).lines ?? nextLine;
  const detail = error.message.replace(/^Invalid [^:]*: /, "").replace(/,? at line \d+.*$/, "");
  return new InputProblem({ severity: "error", code: "malformed-csv", file: src.name, line, detail });
}
