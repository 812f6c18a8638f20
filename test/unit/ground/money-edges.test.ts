/**
 * src/money.ts at its edges, each value worked out by hand: comparisons at equality, signs at
 * zero, a negative denominator, padding under 1, literals without a point, and fromDouble's
 * exponents. Written for issue 33's mutation run (docs/mutation.md).
 */
import { describe, expect, it } from "vitest";
import {
  abs,
  add,
  approximate,
  compare,
  decimal,
  fromDouble,
  fromInteger,
  isNegative,
  isZero,
  multiply,
  multiplyInteger,
  negate,
  pow10,
  ratio,
  roundedCoef,
  subtract,
  toExactString,
  toFixed,
  toLiteral,
} from "../../../src/money.js";

describe("building and combining decimals", () => {
  it("decimal() is scale 0 unless told; fromInteger takes numbers and bigints", () => {
    expect(decimal(12n)).toEqual({ coef: 12n, scale: 0 });
    expect(decimal(12n, 3)).toEqual({ coef: 12n, scale: 3 });
    expect(fromInteger(-7)).toEqual({ coef: -7n, scale: 0 });
    expect(fromInteger(10n ** 20n)).toEqual({ coef: 10n ** 20n, scale: 0 });
  });

  it("pow10 grows its table on demand and answers any order of asks", () => {
    expect(pow10(25)).toBe(10n ** 25n);
    expect(pow10(0)).toBe(1n);
    expect(pow10(3)).toBe(1000n);
    expect(pow10(26)).toBe(10n ** 26n);
  });

  it("subtract, negate, multiply and multiplyInteger are exact", () => {
    // 1.5 - 0.25 = 1.25
    expect(toExactString(subtract(decimal(15n, 1), decimal(25n, 2)))).toBe("1.25");
    expect(negate(decimal(3n, 1))).toEqual({ coef: -3n, scale: 1 });
    // 1.25 × 0.8 = 1.000 (scale 3)
    expect(toExactString(multiply(decimal(125n, 2), decimal(8n, 1)))).toBe("1.000");
    expect(toExactString(multiplyInteger(decimal(-125n, 2), 3n))).toBe("-3.75");
  });

  it("add keeps the larger scale, in either order", () => {
    expect(add(decimal(1n, 1), decimal(1n, 3))).toEqual({ coef: 101n, scale: 3 });
    expect(add(decimal(1n, 3), decimal(1n, 1))).toEqual({ coef: 101n, scale: 3 });
    expect(add(decimal(7n, 2), decimal(-7n, 2))).toEqual({ coef: 0n, scale: 2 });
  });
});

describe("comparing and signs", () => {
  it("compare is -1, 0, 1, across scales and at equality", () => {
    expect(compare(decimal(150n, 2), decimal(15n, 1))).toBe(0);
    expect(compare(decimal(15n, 1), decimal(150n, 2))).toBe(0);
    expect(compare(decimal(149n, 2), decimal(15n, 1))).toBe(-1);
    expect(compare(decimal(16n, 1), decimal(159n, 2))).toBe(1);
    expect(compare(decimal(-1n), decimal(0n))).toBe(-1);
    expect(compare(decimal(0n), decimal(-1n))).toBe(1);
  });

  it("zero is neither negative nor changed by abs; abs only flips a negative", () => {
    expect(isZero(decimal(0n, 5))).toBe(true);
    expect(isZero(decimal(1n, 5))).toBe(false);
    expect(isZero(decimal(-1n, 5))).toBe(false);
    expect(isNegative(decimal(0n))).toBe(false);
    expect(isNegative(decimal(-1n, 4))).toBe(true);
    expect(isNegative(decimal(1n, 4))).toBe(false);
    expect(abs(decimal(-25n, 1))).toEqual({ coef: 25n, scale: 1 });
    expect(abs(decimal(25n, 1))).toEqual({ coef: 25n, scale: 1 });
    expect(abs(decimal(0n, 1))).toEqual({ coef: 0n, scale: 1 });
  });
});

describe("rounding and printing", () => {
  it("a negative denominator gives the quotient's sign to the numerator", () => {
    // 10 / -4 = -2.5 → -2 (half to even); -10 / -4 = 2.5 → 2; 15 / -4 = -3.75 → -3.8 at 1 place
    expect(roundedCoef(ratio(decimal(10n), decimal(-4n))!, 0)).toBe(-2n);
    expect(roundedCoef(ratio(decimal(-10n), decimal(-4n))!, 0)).toBe(2n);
    expect(toFixed(ratio(decimal(15n), decimal(-4n))!, 1)).toBe("-3.8");
    // 7 / 2 = 3.5 → 4; 5 / 2 = 2.5 → 2; 11 / 4 = 2.75 → 2.8; 9 / 4 = 2.25 → 2.2
    expect(roundedCoef(ratio(decimal(7n), decimal(2n))!, 0)).toBe(4n);
    expect(roundedCoef(ratio(decimal(5n), decimal(2n))!, 0)).toBe(2n);
    expect(roundedCoef(ratio(decimal(11n), decimal(4n))!, 1)).toBe(28n);
    expect(roundedCoef(ratio(decimal(9n), decimal(4n))!, 1)).toBe(22n);
    // 2.6 → 3 (over half), 2.4 → 2 (under)
    expect(roundedCoef(decimal(26n, 1), 0)).toBe(3n);
    expect(roundedCoef(decimal(24n, 1), 0)).toBe(2n);
    expect(roundedCoef(decimal(-26n, 1), 0)).toBe(-3n);
  });

  it("scales up without rounding when there are fewer decimals than asked", () => {
    expect(roundedCoef(decimal(12n, 1), 3)).toBe(1200n);
    expect(roundedCoef(decimal(12n, 3), 3)).toBe(12n);
    expect(toFixed(decimal(5n), 2)).toBe("5.00");
  });

  it("pads amounts under one, keeps the sign, and writes no point at 0 decimals", () => {
    expect(toFixed(decimal(5n, 2), 2)).toBe("0.05");
    expect(toFixed(decimal(-5n, 2), 2)).toBe("-0.05");
    expect(toFixed(decimal(-5n, 3), 2)).toBe("0.00");
    expect(toFixed(decimal(1234n), 0)).toBe("1234");
    expect(toFixed(decimal(-1234n), 0)).toBe("-1234");
    expect(toFixed(decimal(7n, 4), 4)).toBe("0.0007");
  });

  it("literals: trailing zeros and a bare point go, integer zeros stay", () => {
    expect(toLiteral(decimal(1000n), 0)).toBe("1000");
    expect(toLiteral(decimal(100n), 2)).toBe("100");
    expect(toLiteral(decimal(-50n, 2), 2)).toBe("-0.5");
    expect(toLiteral(decimal(105n, 2), 2)).toBe("1.05");
    expect(toExactString(decimal(30n, 2))).toBe("0.30");
  });

  it("approximate: a decimal and a ratio as doubles", () => {
    expect(approximate(decimal(125n, 2))).toBe(1.25);
    expect(approximate(ratio(decimal(1n), decimal(4n))!)).toBe(0.25);
    expect(approximate(ratio(decimal(5n, 1), decimal(-2n))!)).toBe(-0.25);
  });
});

describe("fromDouble", () => {
  it("spells the shortest digits out, exponents included", () => {
    expect(fromDouble(1.1e30)).toEqual({ coef: 11n * 10n ** 29n, scale: 0 });
    expect(fromDouble(1e21)).toEqual({ coef: 10n ** 21n, scale: 0 });
    expect(fromDouble(1.5e-7)).toEqual({ coef: 15n, scale: 8 });
    expect(fromDouble(-0.25)).toEqual({ coef: -25n, scale: 2 });
    expect(fromDouble(123)).toEqual({ coef: 123n, scale: 0 });
    expect(fromDouble(12.5)).toEqual({ coef: 125n, scale: 1 });
  });

  it("refuses what is not a finite number", () => {
    expect(() => fromDouble(Number.NaN)).toThrow(/not a finite number: NaN/);
    expect(() => fromDouble(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});
