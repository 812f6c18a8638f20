/**
 * StreamBlocks cuts a stream (a gzipped export, inflated) into blocks of whole lines for the
 * threads, and gives back the rest of the stream from any block on when that block must be read
 * on one thread. Checked on random texts cut into random chunks: the blocks are whole lines that
 * add up to the input, and the rest from a block on is every byte from there, none lost or doubled.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { StreamBlocks, type TaskBase } from "../../../src/read/parallel/parts.js";
import type { RangeResult, RangeTask } from "../../../src/read/parallel/range.js";
import { source } from "../../../src/io/source.js";
import { runs } from "../../support/runs.js";

const base = {} as TaskBase;
const noResult = {} as RangeResult;

async function* chunksOf(text: Buffer, cuts: number[], failAfter?: number): AsyncGenerator<Buffer> {
  let at = 0;
  for (const [k, n] of cuts.entries()) {
    if (failAfter !== undefined && k === failAfter) throw new Error("corrupt gzip");
    if (at >= text.length) break;
    yield text.subarray(at, at + n);
    at += n;
  }
  if (at < text.length) yield text.subarray(at);
}

async function all(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of source) parts.push(chunk);
  return Buffer.concat(parts);
}

const line = fc.string({ maxLength: 30 }).map((s) => s.replace(/\n/g, ""));
const input = fc.record({
  lines: fc.array(line, { minLength: 1, maxLength: 60 }),
  finalEol: fc.boolean(),
  cuts: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 80 }),
  step: fc.integer({ min: 1, max: 100 }),
  first: fc.nat({ max: 20 }),
});

describe("StreamBlocks", () => {
  it("hands out whole lines that add up to the stream, and the rest from any block on", async () => {
    await fc.assert(
      fc.asyncProperty(input, fc.nat(), async ({ lines, finalEol, cuts, step, first }, fromPick) => {
        const text = Buffer.from(lines.join("\n") + (finalEol ? "\n" : ""));
        const head = text.subarray(0, Math.min(first, text.length));
        const blocks = new StreamBlocks(source("x.csv"), base, head, chunksOf(text.subarray(head.length), cuts), step);
        const handed: RangeTask[] = [];
        while (blocks.more()) {
          await blocks.ready(3);
          for (let t = blocks.next(); t; t = blocks.next()) handed.push(t);
        }
        const bytes = handed.map((t) => Buffer.from(t.bytes!));
        expect(Buffer.concat(bytes).equals(text)).toBe(true);
        for (const b of bytes.slice(0, -1)) expect(b[b.length - 1]).toBe(0x0a);

        // Again, stopping at a block with the others handed out after it (the reader's `running`): the rest is every byte from it on.
        const again = new StreamBlocks(source("x.csv"), base, head, chunksOf(text.subarray(head.length), cuts), step);
        const out: RangeTask[] = [];
        await again.ready(4);
        for (let t = again.next(); t; t = again.next()) out.push(t);
        if (out.length === 0) return;
        const from = fromPick % out.length;
        const later = out.slice(from + 1);
        const before = Buffer.concat(out.slice(0, from).map((t) => Buffer.from(t.bytes!)));
        const rest = again.rest(out[from]!, noResult, later, 7);
        expect(rest.range?.line).toBe(7);
        expect((await all(rest.bytes!)).equals(text.subarray(before.length))).toBe(true);
      }),
      { numRuns: runs(60, 300) },
    );
  });

  it("a failing stream ends the blocks after the whole lines before it, and keeps the failure", async () => {
    const text = Buffer.from("a,1\nb,2\nc,3\nd,4\n");
    const blocks = new StreamBlocks(source("x.csv"), base, Buffer.alloc(0), chunksOf(text, [5, 5, 5], 2), 4);
    const handed: Buffer[] = [];
    while (blocks.more()) {
      await blocks.ready(2);
      for (let t = blocks.next(); t; t = blocks.next()) handed.push(Buffer.from(t.bytes!));
    }
    // 10 bytes came before the failure: "a,1\nb,2\nc," of which the whole lines are "a,1\nb,2\n".
    expect(Buffer.concat(handed).toString()).toBe("a,1\nb,2\n");
    expect((blocks.failure as Error).message).toBe("corrupt gzip");
  });
});

describe("a gzipped export read in blocks", () => {
  it("reads what is inside the gzip as the one-thread reader does, even another gzip (never inflated twice)", async () => {
    const { readInputs } = await import("../../../src/read/inputs.js");
    const { formatIssue } = await import("../../../src/issues.js");
    const { gzipSync } = await import("node:zlib");
    const { mkdtempSync, writeFileSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const dir = mkdtempSync(join(tmpdir(), "ceq-parts-"));
    const csv = "customer_id,year,revenue,acquisition_cost\nC1,2020,10.00,1.00\nC2,2021,12.50,2.00\n";
    const cases = { "plain.csv.gz": gzipSync(csv), "twice.csv.gz": gzipSync(gzipSync(csv)) };
    const outcome = async (file: string, threads: number) => {
      const { ledger, log } = await readInputs({ inputs: { phases: { acquisition: source(join(dir, file)) } }, parallel: { threads, minBytes: 0, rangeBytes: 8 } });
      return { issues: [...log.errors, ...log.warnings].map(formatIssue), years: [...ledger.years.keys()] };
    };
    try {
      for (const [name, bytes] of Object.entries(cases)) writeFileSync(join(dir, name), bytes);
      const plain = await outcome("plain.csv.gz", 2);
      expect(plain.years).toEqual([2020, 2021]);
      expect(plain).toEqual(await outcome("plain.csv.gz", 1));
      const twice = await outcome("twice.csv.gz", 2);
      expect(twice.issues.some((i) => i.startsWith("error:"))).toBe(true);
      expect(twice).toEqual(await outcome("twice.csv.gz", 1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
