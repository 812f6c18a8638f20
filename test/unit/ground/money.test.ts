import { describe, expect, it } from "vitest";
import { add, decimal, multiplyInteger, ratio, roundedCoef, toExactString, toFixed, toLiteral, ZERO, type Decimal } from "../../../src/money.js";
import { parseAmount } from "../../../src/schema/amount.js";

const dot = (s: string): Decimal => {
  const d = parseAmount(s, { decimalComma: false });
  if (!d) throw new Error(`not an amount: ${s}`);
  return d;
};
const sum = (values: Decimal[]): Decimal => values.reduce(add, ZERO);

describe("exact sums", () => {
  it("0.1 + 0.2 is 0.3, where a double gives 0.30000000000000004", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(toExactString(add(dot("0.1"), dot("0.2")))).toBe("0.3");
    expect(toFixed(add(dot("0.1"), dot("0.2")), 2)).toBe("0.30");
  });

  it("100,000 × 0.01 adds up to exactly 1000.00", () => {
    let double = 0;
    for (let i = 0; i < 100_000; i++) double += 0.01;
    expect(double).not.toBe(1000);
    const exact = sum(Array.from({ length: 100_000 }, () => dot("0.01")));
    expect(toExactString(exact)).toBe("1000.00");
  });

  it("keeps 4-decimal prices exact and rounds only when printed", () => {
    const prices = ["19.9999", "0.0001", "1.2345", "3.3333"].map(dot);
    expect(toExactString(sum(prices))).toBe("24.5678");
    expect(toFixed(sum(prices), 2)).toBe("24.57");
    // 3 × 1.1115 = 3.3345: printed at 3 places, a half-even tie goes to the even digit
    expect(toFixed(multiplyInteger(dot("1.1115"), 3), 3)).toBe("3.334");
  });

  it("adds amounts of different scales", () => {
    expect(toExactString(add(dot("1.5"), dot("0.255")))).toBe("1.755");
    expect(toExactString(add(dot("-10"), dot("0.01")))).toBe("-9.99");
  });

  it("stays exact beyond 2^53 cents (totals in won or rupiah)", () => {
    const big = dot("90071992547409.93"); // 2^53 + 1 cents would already be lost in a double
    const total = sum([big, big, dot("0.01")]);
    expect(toExactString(total)).toBe("180143985094819.87");
    expect(toLiteral(total, 2)).toBe("180143985094819.87");
  });
});

describe("rounding half to even", () => {
  it.each([
    ["0.125", 2, "0.12"],
    ["0.135", 2, "0.14"],
    ["-0.125", 2, "-0.12"],
    ["2.5", 0, "2"],
    ["3.5", 0, "4"],
    ["-0.004", 2, "0.00"],
    ["1234.5", 2, "1234.50"],
  ])("%s at %i places is %s", (value, places, expected) => {
    expect(toFixed(dot(value), places)).toBe(expected);
  });

  it("rounds exact quotients: 1/3, 2/3, 5/32, 1/8", () => {
    const q = (n: number, d: number) => ratio(decimal(BigInt(n)), decimal(BigInt(d)))!;
    expect(toFixed(q(1, 3), 4)).toBe("0.3333");
    expect(toFixed(q(2, 3), 4)).toBe("0.6667");
    expect(toFixed(q(5, 32), 4)).toBe("0.1562"); // 0.15625: tie to even
    expect(toFixed(q(27, 32), 4)).toBe("0.8438"); // 0.84375: tie to even
    expect(toFixed(q(-1, 8), 2)).toBe("-0.12");
    expect(roundedCoef(ratio(dot("10.00"), dot("3"))!, 2)).toBe(333n);
  });

  it("has no quotient for a zero denominator", () => {
    expect(ratio(dot("10"), ZERO)).toBeNull();
  });

  it("writes the shortest literal for JSON", () => {
    expect(toLiteral(dot("300.00"), 2)).toBe("300");
    expect(toLiteral(dot("300.50"), 2)).toBe("300.5");
    expect(toLiteral(dot("-0.001"), 2)).toBe("0");
    expect(toLiteral(dot("12.345"), 2)).toBe("12.34");
  });
});
