/**
 * Dates with a time and an offset (issue 25), in every --date-format layout: the period is the
 * calendar date as written, never converted to another zone; a time that is none (25:00, +15:00)
 * makes the cell no date. Values worked by hand.
 */
import { describe, expect, it } from "vitest";
import { DATE_FORMATS, parseDate, parseDateYear, type DateFormat } from "../../../src/schema/row.js";

/** 31 December 2022 as each layout writes it. */
const NEW_YEARS_EVE: Record<DateFormat, string> = { "YYYY-MM-DD": "2022-12-31", "MM/DD/YYYY": "12/31/2022", "DD/MM/YYYY": "31/12/2022", "DD.MM.YYYY": "31.12.2022", YYYYMMDD: "20221231" };

const TIMES = [
  "T23:30:00Z", " 23:30:00 +0100", " 23:30:00 -0500", " 23:30:00+01:00", "T23:30:00.123456-05:00", "T23:30:00,5+01", " 23:30", " 11:30 PM", " 11:30:59 pm UTC", " 23:30:00 UTC", "T23:59:60Z", " 23:30 +14:00", " 23:30 -1400",
];

describe("a date with a time and an offset", () => {
  it.each(DATE_FORMATS.flatMap((format) => TIMES.map((time) => [format, NEW_YEARS_EVE[format] + time] as const)))("%s: %j is 31 December 2022, in 2022", (format, text) => {
    // 23:30 at +01:00 is 22:30 UTC and at -05:00 04:30 UTC on 1 January 2023: the day written is what counts
    expect(parseDate(text, format)).toEqual({ year: 2022, month: 12, day: 31 });
    expect(parseDateYear(text, 1, format)).toBe(2022);
    // A fiscal year from April puts December in the year after, as for the date alone
    expect(parseDateYear(text, 4, format)).toBe(2023);
  });

  const NOT_TIMES = [
    " 24:00", " 25:00:00", " 23:60", " 23:30:61", " 23:30 +1500", " 23:30 -15:00", " 23:30+01:60", " 23:30+1", " 23:30+01:", " 13:30 PM", " 0:30 AM", " 00:30 AM",
    "T23:30:00.1234567890Z", "T23:30:00.Z", "T23:30.5", "T23", "T", "  23:30", " 23:30  Z", " 23:30 z", " 123:00", " 23:3", "X23:30",
  ];
  it.each(DATE_FORMATS.flatMap((format) => NOT_TIMES.map((time) => [format, NEW_YEARS_EVE[format] + time] as const)))("%s: %j is no date", (format, text) => {
    expect(parseDate(text, format)).toBeNull();
  });

  it("a month alone takes no time; a day that is none stays none with a time", () => {
    expect(parseDate("2024-03")).toEqual({ year: 2024, month: 3, day: undefined });
    expect(parseDate("2024-03 10:00")).toBeNull();
    expect(parseDate("2024-02-30T10:00Z")).toBeNull();
    expect(parseDate("2023-02-29 10:00 +0100")).toBeNull();
    expect(parseDate("2024-02-29 10:00 +0100")).toEqual({ year: 2024, month: 2, day: 29 });
  });
});

describe("zone abbreviations after a time (Recurly writes 2012-01-19 11:16:41 PST)", () => {
  it("are read as labels: the date is the one written", () => {
    for (const zone of ["PST", "PDT", "EST", "GMT", "CET", "CEST", "AEST"]) {
      expect(parseDate(`2012-12-31 23:16:41 ${zone}`), zone).toEqual({ year: 2012, month: 12, day: 31 });
    }
    expect(parseDate("12/31/2012 11:16 PM PST", "MM/DD/YYYY")).toEqual({ year: 2012, month: 12, day: 31 });
  });

  it("only the listed ones: an unknown word, a lower-case one or a zone without a time is no date", () => {
    for (const text of ["2012-01-19 11:16:41 XYZ", "2012-01-19 11:16:41 pst", "2012-01-19 PST", "2012-01-19 11:16:41 PSTX"]) expect(parseDate(text), text).toBeNull();
  });
});
