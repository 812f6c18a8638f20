/** Which delimiter a file uses and whether its lines end with a lone CR, from its first characters. */

export const DELIMITERS = [",", ";", "\t", "|"] as const;
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
/** Bytes that always decode to SNIFF_CHARS characters, when the input has that many. */
export const SNIFF_BYTES = SNIFF_CHARS * 4;
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
