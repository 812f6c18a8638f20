/**
 * read/id-index.ts' idBytes() and idTexts(): a worker's ids handed to the main thread as the
 * bytes its IdIndex holds (read/day-summary.ts), not as a string an id. Against idOf() (the ids as
 * the index has always made them) after the bytes are moved as postMessage moves them
 * (structuredClone with transfer): multi-byte UTF-8, ids past the slot's inline bytes, an arena
 * grown many times, and random ids.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { IdIndex, idTexts } from "../../../src/read/id-index.js";
import { runs } from "../../support/runs.js";

const indexOf = (ids: IdIndex, id: string) => {
  const bytes = Buffer.from(id, "utf8");
  return ids.indexOf(bytes, 0, bytes.length);
};

/** idBytes() moved to "another thread" (its buffers transferred, as the worker posts them). */
const moved = (ids: IdIndex) => {
  const bytes = ids.idBytes();
  return structuredClone(bytes, { transfer: [bytes.arena.buffer as ArrayBuffer, bytes.spans.buffer as ArrayBuffer] });
};

describe("ids as bytes", () => {
  it("by hand: accents, an emoji, a long id, an empty one; each index's text as idOf() made it", () => {
    const ids = new IdIndex();
    const all = ["c1", "Zoë", "客户-42", "🙂 vip", "cus_8f3a01c2000b1f-and-a-long-tail-past-the-slot", "", "c1"];
    const index = all.map((id) => indexOf(ids, id));
    expect(index).toEqual([0, 1, 2, 3, 4, 5, 0]);
    const before = all.slice(0, 6).map((_, i) => ids.idOf(i));
    const text = idTexts(moved(ids));
    expect(all.slice(0, 6).map((_, i) => text(i))).toEqual(before);
    expect(before).toEqual(all.slice(0, 6));
  });

  it("the arena's memory is handed over, not copied: the index's own buffer is detached after the move", () => {
    const ids = new IdIndex();
    indexOf(ids, "a");
    const bytes = ids.idBytes();
    const arenaBuffer = bytes.arena.buffer;
    structuredClone(bytes, { transfer: [bytes.arena.buffer as ArrayBuffer, bytes.spans.buffer as ArrayBuffer] });
    expect(arenaBuffer.byteLength).toBe(0);
  });

  it("200,000 ids, the arena and the spans grown many times: every id back", () => {
    const ids = new IdIndex();
    const n = 200_000;
    for (let k = 0; k < n; k++) indexOf(ids, `customer-${k * 7919}-é`);
    const text = idTexts(moved(ids));
    for (let k = 0; k < n; k += 997) expect(text(k)).toBe(`customer-${k * 7919}-é`);
    expect(text(n - 1)).toBe(`customer-${(n - 1) * 7919}-é`);
  });

  it("random ids: each index's text after the move is the id first added at that index", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "grapheme", maxLength: 30 }), { maxLength: 60 }), (list) => {
        const ids = new IdIndex();
        const first: string[] = [];
        for (const id of list) if (indexOf(ids, id) === first.length) first.push(id);
        const text = idTexts(moved(ids));
        expect(first.map((_, i) => text(i))).toEqual(first);
      }),
      { numRuns: runs(100, 1000) },
    );
  });
});
