/**
 * GroupIndex finds a plain line's --by group from its cells' bytes: the same index as a Map of
 * the keys as the slow path writes them (each cell trimmed, joined by GROUP_SEPARATOR), numbered
 * in the order lines first name them; one column and several, padded cells, empty cells, and
 * keys longer than its first scratch buffer.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GROUP_SEPARATOR } from "../../../src/model/segments.js";
import { GroupIndex } from "../../../src/read/group-index.js";
import { runs } from "../../support/runs.js";

const cell = fc.oneof(
  fc.constantFrom("north", " north", "north\t", "", "  ", "North", "a b", "x".repeat(300)),
  fc.stringMatching(/^[ -+\--~]{0,12}$/),
);

/** A line's fields' bounds, as scanLine() gives them: [start, end) of each, in `bytes`. */
function boundsOf(fields: string[]): { bytes: Uint8Array; bounds: Int32Array } {
  const bytes = Buffer.from(fields.join(","), "latin1");
  const bounds = new Int32Array(2 * fields.length);
  let at = 0;
  fields.forEach((f, k) => {
    bounds[2 * k] = at;
    bounds[2 * k + 1] = at + f.length;
    at += f.length + 1;
  });
  return { bytes, bounds };
}

describe("GroupIndex", () => {
  for (const by of [[1], [2, 0], [0, 1, 2]]) {
    it(`gives a line the index of its key, columns ${by.join(",")}`, () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 40 }), (lines) => {
          const keys = new Map<string, number>();
          const named = (key: string): number => {
            expect(keys.has(key)).toBe(false);
            keys.set(key, keys.size);
            return keys.size - 1;
          };
          const groups = new GroupIndex(by, named);
          const expected = new Map<string, number>();
          for (const fields of lines) {
            const key = by.map((i) => fields[i]!.trim()).join(GROUP_SEPARATOR);
            if (!expected.has(key)) expected.set(key, expected.size);
            const { bytes, bounds } = boundsOf(fields);
            expect(groups.indexOf(bytes, bounds)).toBe(expected.get(key));
          }
          expect([...keys]).toEqual([...expected]);
        }),
        { numRuns: runs(200, 2000) },
      );
    });
  }
});
