/**
 * The fast path reads a `$` only when the run's currency is one `$` is written for: under
 * `--currency EUR` a `$12` cell goes to the slow path, which refuses it (schema/currency-marker.ts).
 * Values in units of 10^-4, worked by hand.
 */
import { describe, expect, it } from "vitest";
import { amountUnits, signedUnits } from "../../../src/csv/amount-bytes.js";

const DOT = 0x2e;
const signed = (text: string, dollar: boolean) => signedUnits(Buffer.from(text), 0, Buffer.byteLength(text), DOT, dollar);
const plain = (text: string, dollar: boolean) => amountUnits(Buffer.from(text), 0, Buffer.byteLength(text), DOT, dollar);

describe("a dollar sign on the fast path", () => {
  it("is read when the run's currency is written with it", () => {
    expect(signed("$12", true)).toBe(120_000);
    expect(signed("-$1,234.56", true)).toBe(-12_345_600);
    expect(signed("($5)", true)).toBe(-50_000);
    expect(plain("$0.50", true)).toBe(5_000);
  });

  it("is left to the slow path when it is not", () => {
    expect(signed("$12", false)).toBeNaN();
    expect(signed("-$1,234.56", false)).toBeNaN();
    expect(signed("($5)", false)).toBeNaN();
    expect(signed("$1,23,456.78", false)).toBeNaN();
    expect(plain("$0.50", false)).toBe(-1);
  });

  it("plain amounts read the same either way", () => {
    for (const dollar of [true, false]) {
      expect(signed("12", dollar)).toBe(120_000);
      expect(signed("-1,234.56", dollar)).toBe(-12_345_600);
      expect(signed("1,23,456.78", dollar)).toBe(1_234_567_800);
      expect(plain("1'234.5", dollar)).toBe(12_345_000);
    }
  });
});
