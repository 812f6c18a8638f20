/**
 * The byte-level readers and the schema agree on every cell, valid or not (issue 33): where the
 * fast path reads an amount or a date, the schema reads the same value; where the schema refuses
 * a cell, the fast path refuses it too (and hands it to the schema, which words the error). Checked
 * on the scanners themselves (signedUnits, amountUnits, plainDate) and through their callers
 * (FastLines for phase exports, readLogLines for logs), first on a fixed list of cells that runs
 * every time, then on random ones. The fast path may refuse more than the schema (it then only
 * costs time), so the values it must read are asserted by hand beside (test/unit/csv/fast-lines.test.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FastLines, type FastPlan } from "../../src/csv/fast-lines.js";
import { amountUnits, signedUnits } from "../../src/csv/amount-bytes.js";
import { plainDate } from "../../src/csv/date-bytes.js";
import { readLogLines, type LogLinePlan } from "../../src/read/log-lines.js";
import { readAmount } from "../../src/schema/amount.js";
import { parseDate, parsePhase, type CalendarDate } from "../../src/schema/row.js";
import { runs } from "../support/runs.js";

const RUNS = Number(process.env.CEQ_PROPERTY_RUNS ?? runs(200, 1000));
const DOT = 0x2e;
const COMMA = 0x2c;

/** Cells the fixed checks run on: every shape named in issues 25 and 33, valid or not. */
const AMOUNT_CELLS = [
  // by threes, Indian, Swiss (ASCII and typographic apostrophe), plain
  "1,234.56", "1,234,567", "31,33,567.34", "-1,00,000", "1,00,00,000.5", "12,345", "1'234.56", "1’234.56", "1'234'567", "$1'234.5", "1234.5678",
  // malformed grouping: too long a lead, a short or empty group, a second decimal point, styles mixed
  "1234,567.00", "1,23", "1,23,4", "12,,345", "1.234.56", "12,34,567,890.00", "123,45,678", "1,234,56", "1,23,456,789", "1'23", "1'234,567.00", "1,234'567", "1’234'567", "1'234'", "1,234,", ",123", "'123",
  // signs in every position, currency symbols and codes, spaces
  "-12", "+12", "−12", "12-", "(12)", "(-12)", "-(12)", "(12)-", "--12", "-$12", "$-12", "($1,234.56)", "(1,234.56)", "1,234.56-", "- 12", "( 12 )", "$ 12", "€12", "12 €", "USD 12.00", "12.00 EUR", "CHF 1'234.50", " 12", "12 ", "1 234", "1 234,56", "$$12",
  // 30-digit values and more, and the fast path's 11-digit bound
  "123456789012345678901234567890", "1234567890123456789012345678901", "99999999999", "999999999999", "99,999,999,999.9999", "9,99,99,99,99,999", "0.12345", ".5", "5.", "",
  // with a decimal comma: these read only there
  "1.234,56", "1 234,56", "1'234,56", "1’234,56", "1.234.567,8", "12,5", "1,00,000", "(1.234,56)",
];

function schemaUnits(cell: string, decimalComma: boolean): bigint | null {
  const value = readAmount(cell, { decimalComma });
  if (typeof value === "string" || value.scale > 4) return null;
  return value.coef * 10n ** BigInt(4 - value.scale);
}

const bytesOf = (cell: string): Buffer => Buffer.from(cell, "utf8");

/** One phase-export line `A|2024|cell` through FastLines: the revenue it read, or null when it handed the line on. */
function throughFastLines(cell: string, decimal: "." | ","): number | null {
  const plan: FastPlan = { file: "t.csv", delimiter: "|", decimal, fields: 3, year: 1, revenue: 2, cost: -1, count: -1, id: 0, phase: -1, fixedPhase: 0, currency: -1, currencyCode: "USD", minorUnits: undefined, phaseOf: parsePhase, filters: [], by: [] };
  let read: number | null = null;
  const lines = new FastLines(plan, { row: (_p, _y, _c, revenue) => (read = revenue), negative: () => {}, filtered: () => {}, slow: () => (read = null) });
  lines.read(bytesOf(`A|2024|${cell}\n`), 2);
  return read;
}

interface LogRow {
  date: CalendarDate;
  amount: number;
}

/** One log line `A|date|amount` through readLogLines: what it read, or null when it handed the line on. */
function throughLog(date: string, amount: string): LogRow | null {
  const plan: LogLinePlan = { file: "t.csv", fields: 3, delimiter: "|".charCodeAt(0), id: 0, date: 1, amount: 2, cost: -1 };
  let read: LogRow | null = null;
  readLogLines(bytesOf(`A|${date}|${amount}\n`), 2, plan, { row: (_b, _s, _e, year, month, day, units) => (read = { date: { year, month, day }, amount: units }), slow: () => (read = null) }, new Int32Array(6));
  return read;
}

/** The amount checks on one cell: each fast reading that accepts it gives the schema's value. */
function amountsAgree(cell: string): void {
  const bytes = bytesOf(cell);
  for (const [decimal, decimalComma] of [[DOT, false], [COMMA, true]] as const) {
    const expected = schemaUnits(cell, decimalComma);
    const signed = signedUnits(bytes, 0, bytes.length, decimal);
    if (!Number.isNaN(signed)) expect(BigInt(signed), `signedUnits(${JSON.stringify(cell)}, ${decimalComma ? "decimal comma" : "decimal point"})`).toBe(expected);
    const unsigned = amountUnits(bytes, 0, bytes.length, decimal);
    if (unsigned !== -1) expect(BigInt(unsigned), `amountUnits(${JSON.stringify(cell)})`).toBe(expected);
    if (!cell.includes("|")) {
      const row = throughFastLines(cell, decimalComma ? "," : ".");
      if (row !== null) expect(BigInt(row), `FastLines on ${JSON.stringify(cell)}`).toBe(expected);
    }
  }
  // --minor-units: plain digits only, a whole number of minor units (the schema's scale-0 amount)
  const minor = amountUnits(bytes, 0, bytes.length, -1);
  if (minor !== -1) expect(BigInt(minor), `minor units ${JSON.stringify(cell)}`).toBe(schemaUnits(cell, false));
  if (!cell.includes("|")) {
    const logged = throughLog("2024-01-31", cell);
    if (logged !== null) expect(BigInt(logged.amount), `readLogLines on ${JSON.stringify(cell)}`).toBe(schemaUnits(cell, false));
  }
}

/** The date checks on one cell: where plainDate or the log path reads it, parseDate reads the same day. */
function datesAgree(cell: string): void {
  const bytes = bytesOf(cell);
  const fast = plainDate(bytes, 0, bytes.length);
  const schema = parseDate(cell);
  if (fast !== -1) expect({ year: Math.floor(fast / 10000), month: Math.floor(fast / 100) % 100, day: fast % 100 }, `plainDate(${JSON.stringify(cell)})`).toEqual(schema);
  if (!cell.includes("|")) {
    const logged = throughLog(cell, "1");
    if (logged !== null) expect(logged.date, `readLogLines on ${JSON.stringify(cell)}`).toEqual(schema);
  }
}

const DATE_CELLS = [
  "2022-02-03", "2022-02-03T17:02:37Z", "2022-02-03 17:02:37 +0100", "2022-02-03 17:02:37+01:00", "2022-02-03T17:02:37.123456Z", "2022-02-03T17:02:37,5+01", "2022-12-31 23:30:00 -0500",
  "2022-12-31T23:30:00+14:00", "2022-02-03 9:41:27 PM", "2022-02-03 9:41 am +01:00", "2022-02-03 17:02", "2022-02-03 17:02:37 UTC", "2022-02-03 17:02:37 Z", "2016-12-31T23:59:60Z", "2022-02-03T00:00:00.123456789Z",
  // not a time, so not a date: hours, minutes, seconds, offsets out of range; AM/PM on a 24-hour clock; a fraction too long or empty
  "2022-02-03 24:00", "2022-02-03 25:00:00", "2022-02-03 17:60", "2022-02-03 17:02:61", "2022-02-03 17:02:37 +1500", "2022-02-03 17:02:37+01:60", "2022-02-03 17:02:37+1", "2022-02-03 17:02:37+01:", "2022-02-03 13:41 PM", "2022-02-03 0:41 AM", "2022-02-03 00:41 AM",
  "2022-02-03T17:02:37.1234567890Z", "2022-02-03T17:02:37.Z", "2022-02-03T17:02.5", "2022-02-03T17", "2022-02-03T", "2022-02-03 ", "2022-02-03  17:02", "2022-02-03T17:02:37  Z", "2022-02-03T17:02:37 z", "2022-02-03 123:00", "2022-02-03 1:2", "2022-02-03X17:02",
  // not a day: the date part decides as before
  "2022-02-30 10:00", "2022-13-01T10:00Z", "1899-12-31 23:59", "2201-01-01T00:00Z", "2024-03 10:00", "2024-03", "2024/03/01 10:00", "22-02-03 10:00", " 2022-02-03", "2022-02-03 17:02:37 +0100 ",
  // a non-digit as the year's last digit: the fast path read 202x as 1920 (its non-digit weighed -100)
  "202x-01-01", "210:-06-30", "202/-01-01 10:00",
];

describe("amounts: the fast path and the schema agree", () => {
  it.each(AMOUNT_CELLS)("%j", (cell) => amountsAgree(cell));

  const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^\\d{${min},${max}}$`));
  const separator = fc.constantFrom(",", ".", " ", "'", "\u2019", "\u00a0", "\u202f", "");
  // A body from digit runs and separators: consistent (one separator) or mixed, each run 0-4 digits
  const body = fc
    .record({ lead: digits(0, 4), runs: fc.array(fc.tuple(separator, digits(0, 4)), { maxLength: 6 }), one: separator, mixed: fc.boolean(), decimal: fc.constantFrom("", ".", ","), frac: digits(0, 6) })
    .map((b) => b.lead + b.runs.map(([s, d]) => (b.mixed ? s : b.one) + d).join("") + (b.decimal === "" ? "" : b.decimal + b.frac));
  // A number grouped by one of the styles the readers know, up to 31 digits
  const styled = fc
    .record({ int: fc.oneof({ weight: 3, arbitrary: fc.bigInt({ min: 0n, max: 10n ** 11n }) }, { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: 10n ** 31n }) }), style: fc.constantFrom("plain", "threes", "indian", "apostrophe", "typographic", "dot", "space", "threes", "indian", "apostrophe"), decimal: fc.constantFrom("", ".", ","), frac: digits(1, 4) })
    .map(({ int, style, decimal, frac }) => {
      const s = int.toString();
      const threes = (sep: string) => s.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
      const grouped = {
        plain: s,
        threes: threes(","),
        indian: s.length <= 3 ? s : `${s.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ",")},${s.slice(-3)}`,
        apostrophe: threes("'"),
        typographic: threes("\u2019"),
        dot: threes("."),
        space: threes(" "),
      }[style];
      return grouped + (decimal === "" ? "" : decimal + frac);
    });
  // Mostly the shapes the fast path reads (no sign, a minus, parentheses, a trailing minus; no
  // currency or a $; no padding), so that its readings are compared often, not only its refusals
  const mostly = <T>(common: readonly T[], rare: readonly T[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...common) }, { weight: 1, arbitrary: fc.constantFrom(...rare) });
  const wrapped = fc
    .record({
      number: fc.oneof({ weight: 2, arbitrary: styled }, { weight: 1, arbitrary: body }),
      sign: mostly(["", "-", "trailing", "parens"], ["+", "\u2212", "parens-minus", "minus-in-parens", "double"]),
      currency: mostly(["", "$"], ["€", "USD ", " EUR", "$ ", "CHF "]),
      pad: mostly([""], [" "]),
    })
    .map(({ number, sign, currency, pad }) => {
      const money = currency.startsWith(" ") ? number + currency : currency + number;
      const signed = { "": money, "-": `-${money}`, "+": `+${money}`, "\u2212": `\u2212${money}`, trailing: `${money}-`, parens: `(${money})`, "parens-minus": `(${money})-`, "minus-in-parens": `(-${money})`, double: `--${money}` }[sign]!;
      return pad + signed + pad;
    });
  const junk = fc.string({ unit: fc.constantFrom(..."0123456789,.'\u2019 -+()$€\u2212"), maxLength: 16 });

  it("on random cells: every grouping style, malformed ones, signs, currencies, spaces, 30 digits", () => {
    fc.assert(fc.property(fc.oneof({ weight: 3, arbitrary: wrapped }, { weight: 1, arbitrary: junk }), amountsAgree), { numRuns: RUNS * 5 });
  });
});

describe("dates: the fast path and the schema agree", () => {
  it.each(DATE_CELLS)("%j", (cell) => datesAgree(cell));

  const two = (min: number, max: number) => fc.integer({ min, max }).map((n) => String(n).padStart(2, "0"));
  const time = fc
    .record({
      sep: fc.constantFrom("T", " ", "  ", "", "t"),
      hour: fc.oneof(fc.integer({ min: 0, max: 25 }).map(String), two(0, 25)),
      minute: two(0, 61),
      second: fc.option(two(0, 61)),
      fraction: fc.option(fc.tuple(fc.constantFrom(".", ","), fc.stringMatching(/^\d{0,10}$/))),
      meridiem: fc.constantFrom("", " AM", "PM", " pm", " Am"),
      offset: fc.constantFrom("", "Z", " Z", "UTC", " UTC", "z", "+01:00", "-05:00", " +0100", "+01", "+14:00", "-1400", "+15:00", "+01:60", "+1", "+01:", " +01:00"),
    })
    .map((t) => `${t.sep}${t.hour}:${t.minute}${t.second === null ? "" : `:${t.second}${t.fraction === null ? "" : t.fraction.join("")}`}${t.meridiem}${t.offset}`);
  const day = fc.record({ year: fc.integer({ min: 1899, max: 2201 }), month: fc.integer({ min: 0, max: 13 }), day: fc.integer({ min: 0, max: 32 }) }).map((d) => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`);
  const junk = fc.string({ unit: fc.constantFrom(..."0123456789-:T +ZUTCAPMapm.,"), maxLength: 32 });

  it("on random cells: times, offsets and fractions in and out of range, after valid and invalid days", () => {
    fc.assert(fc.property(fc.oneof(fc.tuple(day, fc.oneof(time, fc.constant(""))).map(([d, t]) => d + t), junk), datesAgree), { numRuns: RUNS * 5 });
  });
});
