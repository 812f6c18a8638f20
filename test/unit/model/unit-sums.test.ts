/**
 * UnitSums and toUnits at their bounds (issue 33: the `model-flows` module's survivors). A sum
 * of whole units stays in a double only while it is below 2^52 in magnitude; past it the slot
 * moves into an exact decimal. Values worked out by hand in the comments.
 */
import { describe, expect, it } from "vitest";
import { decimal, toFixed } from "../../../src/money.js";
import { toUnits, UnitSums } from "../../../src/model/unit-sums.js";

const LIMIT = 2 ** 52; // 4503599627370496

describe("toUnits: an amount as whole units of 10^-4, or undefined", () => {
  it("scales each scale from 0 to 4 up to units", () => {
    expect(toUnits(decimal(12n, 0))).toBe(120000);
    expect(toUnits(decimal(123n, 2))).toBe(12300); // 1.23
    expect(toUnits(decimal(12345n, 4))).toBe(12345); // 1.2345, scale 4 exactly
    expect(toUnits(decimal(-5n, 3))).toBe(-50); // -0.005
  });

  it("an amount with more than four decimals has no units", () => {
    expect(toUnits(decimal(123456n, 5))).toBeUndefined();
  });

  it("units below 2^52 in magnitude fit, 2^52 and more do not", () => {
    expect(toUnits(decimal(BigInt(LIMIT - 1), 4))).toBe(LIMIT - 1);
    expect(toUnits(decimal(BigInt(-(LIMIT - 1)), 4))).toBe(-(LIMIT - 1));
    expect(toUnits(decimal(BigInt(LIMIT), 4))).toBeUndefined();
    expect(toUnits(decimal(BigInt(-LIMIT), 4))).toBeUndefined();
  });
});

describe("UnitSums: sums past 2^52 stay exact", () => {
  it("three additions of 2^52 - 1 units sum exactly to 3 × 2^52 - 3 (a double would round it)", () => {
    const sums = new UnitSums(4);
    for (let k = 0; k < 3; k++) sums.addUnits(1, LIMIT - 1);
    // 3 × 4503599627370495 = 13510798882111485 units = 1351079888211.1485; above 2^53 a double
    // holds only even integers, so summed in a double it would end in 4 or 6
    expect(toFixed(sums.value(1), 4)).toBe("1351079888211.1485");
  });

  it("the same below zero", () => {
    const sums = new UnitSums(4);
    for (let k = 0; k < 3; k++) sums.addUnits(2, -(LIMIT - 1));
    expect(toFixed(sums.value(2), 4)).toBe("-1351079888211.1485");
  });

  it("a slot that reaches 2^52 exactly holds part of it exactly: unitsOf says so", () => {
    const sums = new UnitSums(4);
    sums.addUnits(0, LIMIT - 1);
    expect(sums.unitsOf(0)).toBe(LIMIT - 1);
    sums.addUnits(0, 1);
    expect(sums.unitsOf(0)).toBeUndefined();
    expect(toFixed(sums.value(0), 4)).toBe("450359962737.0496");
    const below = new UnitSums(4);
    below.addUnits(0, -(LIMIT - 1));
    below.addUnits(0, -1);
    expect(below.unitsOf(0)).toBeUndefined();
    expect(toFixed(below.value(0), 4)).toBe("-450359962737.0496");
  });

  it("add() takes units while they fit and an exact decimal when they do not", () => {
    const sums = new UnitSums(4);
    sums.add(0, decimal(125n, 2)); // 1.25: 12500 units
    expect(sums.unitsOf(0)).toBe(12500);
    sums.add(0, decimal(1n, 6)); // 0.000001: more than four decimals
    expect(sums.unitsOf(0)).toBeUndefined();
    expect(toFixed(sums.value(0), 6)).toBe("1.250001");
  });

  it("growing: the first block while it grows by copying, then one block of 2^16 slots", () => {
    const sums = new UnitSums(8);
    expect(sums.growing).toBe(8 * 8);
    sums.ensure(2 ** 16 + 1);
    expect(sums.growing).toBe(8 * 2 ** 16);
    sums.addUnits(2 ** 16, 7);
    expect(sums.unitsOf(2 ** 16)).toBe(7);
  });
});
