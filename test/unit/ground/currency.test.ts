import { describe, expect, it } from "vitest";
import { currencyDecimals, currencySymbol } from "../../../src/currency.js";

/** What Intl says, the way currency.ts asked it before it kept a table of common codes. */
function fromIntl(code: string): { decimals: number; symbol: string } {
  const decimals = new Intl.NumberFormat("en", { style: "currency", currency: code }).resolvedOptions().maximumFractionDigits!;
  const parts = new Intl.NumberFormat("en", { style: "currency", currency: code, currencyDisplay: "narrowSymbol" }).formatToParts(1);
  const symbol = parts.find((p) => p.type === "currency")!.value;
  return { decimals, symbol: /^[A-Z]{2,}$/.test(symbol) ? `${symbol} ` : symbol };
}

describe("currencies", () => {
  it("gives the spec's minor units", () => {
    expect(["USD", "EUR", "JPY", "KWD", "BHD", "OMR", "JOD", "TND"].map(currencyDecimals)).toEqual([2, 2, 0, 3, 3, 3, 3, 3]);
  });

  it("agrees with Intl on the codes it knows without asking Intl, and on others", () => {
    for (const code of ["USD", "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "SEK", "INR", "BRL", "KWD"]) {
      expect({ decimals: currencyDecimals(code), symbol: currencySymbol(code) }, code).toEqual(fromIntl(code));
    }
  });

  it("falls back to two decimals and the code for a code Intl does not know", () => {
    expect(currencyDecimals("XQQ")).toBe(2);
    expect(currencySymbol("XQQ")).toBe("XQQ ");
  });
});
