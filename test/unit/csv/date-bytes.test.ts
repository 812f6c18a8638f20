/**
 * The byte-level date reader's edges (src/csv/date-bytes.ts): each bound on both sides, each
 * accepted shape on its own. The differential property (test/properties/byte-readers-agree.test.ts)
 * holds plainDate to the schema wherever it reads a cell; a cell it refuses but should read only
 * costs time there, so the readings are asserted here, the days by hand (docs/mutation.md).
 */
import { describe, expect, it } from "vitest";
import { plainDate } from "../../../src/csv/date-bytes.js";

const date = (text: string) => plainDate(Buffer.from(text), 0, text.length);
const DAY = 20220203;

describe("the day", () => {
  it("every month's first and last day, leap years by the Gregorian rule", () => {
    expect(date("2022-01-01")).toBe(20220101);
    expect(date("2022-12-31")).toBe(20221231);
    expect(date("2022-04-30")).toBe(20220430);
    expect(date("2024-02-29")).toBe(20240229);
    expect(date("2000-02-29")).toBe(20000229);
    expect(date("1900-01-01")).toBe(19000101);
    expect(date("2200-12-31")).toBe(22001231);
  });

  it("refuses a day, month or year out of range", () => {
    for (const text of ["2022-00-10", "2022-13-01", "2022-02-00", "2022-02-29", "1900-02-29", "2022-04-31", "2022-01-32", "1899-12-31", "2201-01-01"]) expect(date(text), text).toBe(-1);
  });

  it("refuses a separator or a digit that is none", () => {
    for (const text of ["2022x02-03", "2022-02x03", "2022/02/03", "202:-01-01", "200x-01-01", "2022-0:-03", "2022-02-0:", "20220-2-03"]) expect(date(text), text).toBe(-1);
  });
});

describe("a time after the day", () => {
  it("reads each shape the schema reads, at each bound", () => {
    for (const time of [
      " 17:02", " 9:41", "T00:00:00Z", " 12:00", " 23:59", " 23:59:59", "T23:59:60Z", "T17:02:37,5+01", "T17:02:37.012Z", "T17:02:37.123456789Z",
      " 9:41 AM", " 9:41 PM", " 9:41am", " 9:41 Pm", " 1:00 AM", " 12:30 PM", " 12:59:59 am",
      " 17:02 UTC", "T17:02Z", " 17:02 +00:00", " 17:02 +01:59", "T17:02-14", " 17:02 +0000",
    ])
      expect(date(`2022-02-03${time}`), time).toBe(DAY);
  });

  it("refuses a time or an offset that is none", () => {
    for (const time of [" 17:02 UTCX", " 17:02 UTX", " 17:02 XTC", " 17:02 UXC", " 13:00 AM", " 0:30 PM", " 24:00", " 17:60", "T17:02:37.Z", " 17:02:", " 17:02 +15", " 17:02 +01:60", " 17:02 +0"])
      expect(date(`2022-02-03${time}`), time).toBe(-1);
  });

  it("reads only the bytes in [start, end): what follows is the next cell's", () => {
    const text = "2022-02-03 17:02:37";
    expect(plainDate(Buffer.from(text), 0, 16)).toBe(DAY); // "2022-02-03 17:02" then ":37"
    expect(plainDate(Buffer.from(`${text}.5`), 0, 19)).toBe(DAY);
    expect(plainDate(Buffer.from("2022-02-03 17:02 PM"), 0, 16)).toBe(DAY); // 17:02, the PM not in the cell
    expect(plainDate(Buffer.from("2022-02-03 17:02 +01"), 0, 16)).toBe(DAY);
    expect(plainDate(Buffer.from("x2022-02-03|"), 1, 11)).toBe(DAY);
  });
});

/**
 * The cells the first Stryker run showed untested (docs/mutation.md, date-bytes): each is refused
 * by the schema's TIME pattern (schema/row.ts) and must be refused here, byte for byte.
 */
describe("a time's parts that are none", () => {
  it("refuses an hour, minute or second that is no digit, and minutes after no colon", () => {
    for (const time of ["Tx:00", " :00", " 17x02", " 17.02", " 17:x0", " 17:0x", " 17:02:x0", " 17:02:-1"]) expect(date(`2022-02-03${time}`), time).toBe(-1);
  });

  it("refuses an AM or PM that is none: a letter then m, or a then another letter", () => {
    for (const time of [" 10:00xm", " 10:00 xm", " 10:00 ax", " 10:00Ax", " 10:00 m"]) expect(date(`2022-02-03${time}`), time).toBe(-1);
  });

  it("refuses an offset with no sign, hours that are no digits, or minutes too long or no digits", () => {
    for (const time of [" 17:02x05", " 17:02 x05", " 17:02+x5", " 17:02-1x", " 17:02+05:301", " 17:02+05301", " 17:02+05:x0", " 17:02+050x"]) expect(date(`2022-02-03${time}`), time).toBe(-1);
  });

  it("reads a fraction and an AM/PM only up to the cell's end, whatever digits or letters follow it", () => {
    expect(plainDate(Buffer.from("2022-02-03 17:02:37.57"), 0, 21)).toBe(DAY); // the fraction ".5", then "7"
    expect(plainDate(Buffer.from("2022-02-03 17:02PM"), 0, 16)).toBe(DAY); // 17:02, the PM not in the cell
    expect(plainDate(Buffer.from("2022-02-03 10:02am"), 0, 16)).toBe(DAY);
  });
});
