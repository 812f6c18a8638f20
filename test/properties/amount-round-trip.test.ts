/**
 * Property test: amounts survive format-then-parse exactly in every style. Moved out of
 * amounts-and-dialects.test.ts, whose dialect property reads files for a minute, so that a
 * mutation run of src/schema/amount.ts (docs/mutation.md) can run this one alone.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toExactString } from "../../src/money.js";
import { parseAmount } from "../../src/schema/amount.js";
import { amountArb, amountStyleArb, formatAmount, plain } from "../support/dialect.js";
import { runs } from "../support/runs.js";

const RUNS = Number(process.env.CEQ_PROPERTY_RUNS ?? runs(100, 1000));

describe("amounts", () => {
  it("survive format-then-parse exactly in every style", () => {
    fc.assert(
      fc.property(amountArb, amountStyleArb(), (amount, style) => {
        const written = formatAmount(amount, style);
        const parsed = parseAmount(written, { decimalComma: style.decimalComma });
        expect(parsed, written).not.toBeNull();
        expect(toExactString(parsed!)).toBe(plain(amount));
      }),
      { numRuns: RUNS * 5 },
    );
  });
});
