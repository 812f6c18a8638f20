/**
 * The byte mutations the fuzz targets apply to real files: flips, inserted delimiters, quotes,
 * BOM and NUL bytes, deletions, truncations, duplications and words that once broke a reader.
 */
import fc from "fast-check";

/** Text that once found Object.prototype (a phase `constructor`), and an amount whose decimals
 * once cost memory quadratic in their number. */
export const WORDS = [...Object.getOwnPropertyNames(Object.prototype), "__proto__", "CONSTRUCTOR", `0.${"0".repeat(5_000)}1`, `${"9".repeat(400)}.5`];
const INTERESTING = [0x22, 0x2c, 0x3b, 0x0a, 0x0d, 0x09, 0x00, 0xff, 0xfe, 0xef, 0xbb, 0xbf, 0x1b, 0x28, 0x29, 0x2d, 0x2e, 0x24, 0x20];

export const mutation = fc.oneof(
  fc.record({ kind: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), byte: fc.constantFrom(...INTERESTING) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant("word" as const), at: fc.nat(), word: fc.constantFrom(...WORDS) }),
);

export type Mutation = { kind: string; at: number; byte?: number; length?: number; word?: string };

export function mutate(seed: Buffer, steps: Mutation[]): Buffer {
  let bytes = Buffer.from(seed);
  for (const step of steps) {
    const at = bytes.length === 0 ? 0 : step.at % bytes.length;
    if (step.kind === "flip") bytes[at] = step.byte!;
    else if (step.kind === "insert") bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([step.byte!]), bytes.subarray(at)]);
    else if (step.kind === "delete") bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + step.length!)]);
    else if (step.kind === "truncate") bytes = bytes.subarray(0, at);
    else if (step.kind === "word") bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(step.word!), bytes.subarray(at)]);
    else bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at, at + step.length!), bytes.subarray(at)]);
  }
  return bytes;
}
