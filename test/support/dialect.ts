/**
 * Writes amounts and CSV files the way different systems do, for property tests: the same
 * data in any dialect must read back to the same values.
 */
import { gzipSync } from "node:zlib";
import fc from "fast-check";

/** An exact amount as sign, integer digits and fraction digits. */
export interface Amount {
  negative: boolean;
  int: bigint;
  frac: string;
}

export interface AmountStyle {
  decimalComma: boolean;
  /** Thousands separator, or "" for none; "indian" groups lakh and crore (`12,34,567`). */
  group: "" | "," | "." | " " | "\u00a0" | "\u202f" | "'" | "\u2019" | "indian";
  negative: "minus" | "parentheses" | "trailing";
  currency: "" | "$" | "€" | "£" | "USD " | " EUR";
}

export const amountArb: fc.Arbitrary<Amount> = fc.record({
  negative: fc.boolean(),
  int: fc.bigInt({ min: 0n, max: 10n ** 15n }),
  frac: fc.stringMatching(/^\d{0,4}$/),
});

export const amountStyleArb = (decimalComma?: boolean): fc.Arbitrary<AmountStyle> =>
  (decimalComma === undefined ? fc.boolean() : fc.constant(decimalComma)).chain((comma) =>
    fc.record({
      decimalComma: fc.constant(comma),
      group: comma
        ? fc.constantFrom("" as const, "." as const, " " as const, "\u00a0" as const, "\u202f" as const, "'" as const, "\u2019" as const)
        : fc.constantFrom("" as const, "," as const, "indian" as const, "'" as const, "\u2019" as const),
      negative: fc.constantFrom("minus" as const, "parentheses" as const, "trailing" as const),
      currency: fc.constantFrom("" as const, "$" as const, "€" as const, "£" as const, "USD " as const, " EUR" as const),
    }),
  );

/** The exact value as plain text with the fraction digits as written: "-1234.50". */
export function plain(a: Amount): string {
  const text = a.frac === "" ? `${a.int}` : `${a.int}.${a.frac}`;
  return a.negative && (a.int !== 0n || /[1-9]/.test(a.frac)) ? `-${text}` : text;
}

export function formatAmount(a: Amount, style: AmountStyle): string {
  let int = a.int.toString();
  if (style.group === "indian") int = int.length <= 3 ? int : `${int.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ",")},${int.slice(-3)}`;
  else if (style.group !== "") int = int.replace(/\B(?=(\d{3})+(?!\d))/g, style.group);
  let text = a.frac === "" ? int : `${int}${style.decimalComma ? "," : "."}${a.frac}`;
  const suffix = style.currency.startsWith(" ");
  if (!suffix) text = `${style.currency}${text}`;
  else text = `${text}${style.currency}`;
  if (!a.negative) return text;
  if (style.negative === "parentheses") return `(${text})`;
  if (style.negative === "trailing") return `${text}-`;
  return `-${text}`;
}

export interface Dialect {
  delimiter: "," | ";" | "\t" | "|";
  eol: "\n" | "\r\n" | "\r";
  encoding: "utf8" | "utf8-bom" | "utf16le" | "utf16be";
  quoteAll: boolean;
  gzip: boolean;
  headerStyle: "snake" | "title" | "upper" | "kebab";
  extraColumns: number;
  blankLinesAtEnd: number;
  amount: AmountStyle;
}

export const dialectArb: fc.Arbitrary<Dialect> = fc.record({
  delimiter: fc.constantFrom("," as const, ";" as const, "\t" as const, "|" as const),
  eol: fc.constantFrom("\n" as const, "\r\n" as const, "\r" as const),
  encoding: fc.constantFrom("utf8" as const, "utf8-bom" as const, "utf16le" as const, "utf16be" as const),
  quoteAll: fc.boolean(),
  gzip: fc.boolean(),
  headerStyle: fc.constantFrom("snake" as const, "title" as const, "upper" as const, "kebab" as const),
  extraColumns: fc.integer({ min: 0, max: 4 }),
  blankLinesAtEnd: fc.integer({ min: 0, max: 2 }),
  amount: amountStyleArb(),
});

export const CLEAN: Dialect = {
  delimiter: ",",
  eol: "\n",
  encoding: "utf8",
  quoteAll: false,
  gzip: false,
  headerStyle: "snake",
  extraColumns: 0,
  blankLinesAtEnd: 0,
  amount: { decimalComma: false, group: "", negative: "minus", currency: "" },
};

function header(name: string, style: Dialect["headerStyle"]): string {
  const words = name.split(" ");
  switch (style) {
    case "snake":
      return words.join("_");
    case "title":
      return words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join(" ");
    case "upper":
      return words.join(" ").toUpperCase();
    case "kebab":
      return words.join("-");
  }
}

function cell(text: string, d: Dialect): string {
  const needs = d.quoteAll || text.includes(d.delimiter) || /["\r\n]/.test(text);
  return needs ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Text an extra column may hold: delimiters, quotes and line breaks included. */
const NOTES = ["ok", "call back, maybe", 'said "no"', "line one\nline two", "a;b|c\td", ""];

/** A CSV file of named columns in the dialect: bytes ready to write. */
export function renderFile(columns: string[], rows: string[][], d: Dialect): Buffer {
  const extras = Array.from({ length: d.extraColumns }, (_, i) => `note ${i + 1}`);
  const lines = [[...columns, ...extras].map((c) => cell(header(c, d.headerStyle), d)).join(d.delimiter)];
  rows.forEach((row, r) => {
    const notes = extras.map((_, i) => NOTES[(r + i) % NOTES.length]!);
    lines.push([...row, ...notes].map((c) => cell(c, d)).join(d.delimiter));
  });
  const text = lines.join(d.eol) + d.eol + d.eol.repeat(d.blankLinesAtEnd);
  let bytes: Buffer;
  switch (d.encoding) {
    case "utf8":
      bytes = Buffer.from(text, "utf8");
      break;
    case "utf8-bom":
      bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
      break;
    case "utf16le":
      bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
      break;
    case "utf16be":
      bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]);
      break;
  }
  return d.gzip ? gzipSync(bytes) : bytes;
}
