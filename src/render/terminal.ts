/**
 * Text from the data never reaches a terminal raw: control characters (ANSI escapes, and line
 * breaks and tabs, with which a header cell could forge a line such as `valid: 0 errors`), the
 * line and paragraph separators, and the bidirectional controls (U+202E and its kin, which make
 * text display in another order than it is read) are shown as \uXXXX escapes, on one line.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

export function sanitizeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
