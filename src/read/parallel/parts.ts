/**
 * The parts of a big file that threads read at once, in file order: byte ranges of a file read
 * at explicit positions (FileRanges), or blocks of whole lines cut from a stream that cannot be
 * read at positions, a gzipped export (StreamBlocks). Either way a part is a RangeTask, and the
 * rest of the file from a part on can be had as a Source, for the main thread to read on its own
 * when a part holds a quote that may span lines.
 */
import type { Source } from "../../io/source.js";
import type { RangeResult, RangeTask } from "./range.js";

/** What a part's task carries besides where its lines are. */
export type TaskBase = Omit<RangeTask, "fd" | "start" | "end" | "size" | "utf16" | "bytes">;

export interface Parts {
  /** Makes up to `want` parts ready to hand out (reading the stream ahead, if it is one). */
  ready(want: number): Promise<void>;
  /** The next ready part, or undefined when none is ready (or none is left). */
  next(): RangeTask | undefined;
  /** Whether any part is left, ready or not. */
  more(): boolean;
  /** What ended the parts early (a corrupt stream), to throw once the parts before it are read. */
  readonly failure: unknown;
  /**
   * The file on from part `from` (whose `result` said it holds another quote), lines numbered
   * from `line`; `later` are the parts handed out after it, in order, whose results are dropped.
   */
  rest(from: RangeTask, result: RangeResult, later: readonly RangeTask[], line: number): Source;
}

/** Byte ranges of an opened file, about `rangeBytes` each, from `dataStart`. */
export class FileRanges implements Parts {
  private offset: number;
  private readonly step: number;
  readonly failure = undefined;

  constructor(
    private readonly src: Source,
    private readonly base: TaskBase,
    dataStart: number,
    private readonly size: number,
    rangeBytes: number,
    private readonly encoding: "utf-8" | "utf-16le",
  ) {
    this.offset = dataStart;
    // A UTF-16 range starts on a code unit: at an even distance from the data's start.
    this.step = encoding === "utf-16le" ? rangeBytes + (rangeBytes % 2) : rangeBytes;
  }

  async ready(): Promise<void> {}

  next(): RangeTask | undefined {
    if (this.offset >= this.size) return undefined;
    const start = this.offset;
    this.offset += this.step;
    return { ...this.base, fd: this.src.opened!.fd, start, end: Math.min(start + this.step, this.size), size: this.size, utf16: this.encoding === "utf-16le" };
  }

  more(): boolean {
    return this.offset < this.size;
  }

  rest(_from: RangeTask, result: RangeResult, _later: readonly RangeTask[], line: number): Source {
    this.offset = this.size;
    return { ...this.src, encoding: this.encoding, range: { start: result.ownStart, line } };
  }
}

const LF = 0x0a;

/**
 * Blocks of whole lines, at most `step` bytes each (or one line longer than that), cut from a
 * stream of UTF-8 bytes (a gzipped file, inflated on libuv's threads). A failure of the stream (a corrupt gzip member) ends the
 * blocks after the whole lines before it; `failure` then holds it, to be thrown once they are read.
 */
export class StreamBlocks implements Parts {
  private readonly blocks: Buffer[] = [];
  private carry: Buffer;
  private readonly gathered: Buffer[] = [];
  private gatheredBytes = 0;
  private ended = false;
  failure: unknown;

  constructor(
    private readonly src: Source,
    private readonly base: TaskBase,
    first: Buffer,
    private readonly chunks: AsyncIterator<Buffer>,
    private readonly step: number,
  ) {
    this.carry = first;
  }

  async ready(want: number): Promise<void> {
    while (this.blocks.length < want && !this.ended) {
      let chunk: IteratorResult<Buffer>;
      try {
        chunk = await this.chunks.next();
      } catch (error) {
        this.failure = error;
        this.ended = true;
        this.carry = Buffer.concat([this.carry, ...this.gathered.splice(0)]);
        const cut = this.carry.lastIndexOf(LF) + 1;
        if (cut > 0) this.blocks.push(this.carry.subarray(0, cut));
        this.carry = Buffer.alloc(0);
        break;
      }
      if (chunk.done) {
        this.ended = true;
        this.carry = Buffer.concat([this.carry, ...this.gathered.splice(0)]);
        if (this.carry.length > 0) this.blocks.push(this.carry);
        this.carry = Buffer.alloc(0);
        break;
      }
      // Chunks are smaller than a block (1 MiB from gunzip): gathered, and joined once a block's worth is in.
      this.gathered.push(chunk.value);
      this.gatheredBytes += chunk.value.length;
      if (this.carry.length + this.gatheredBytes < this.step) continue;
      this.carry = Buffer.concat([this.carry, ...this.gathered.splice(0)]);
      this.gatheredBytes = 0;
      // As many blocks of whole lines, of at most `step` bytes, as the bytes hold: a chunk may
      // hold several (gunzip's are 1 MiB); a line longer than a block is a block of its own.
      while (this.carry.length >= this.step) {
        const cut = this.carry.lastIndexOf(LF, this.step - 1) + 1 || this.carry.indexOf(LF, this.step) + 1;
        if (cut === 0) break; // a line longer than a block: gathered until it ends (the reader refuses one too long)
        this.blocks.push(this.carry.subarray(0, cut));
        this.carry = this.carry.subarray(cut);
      }
    }
  }

  next(): RangeTask | undefined {
    const bytes = this.blocks.shift();
    if (!bytes) return undefined;
    return { ...this.base, fd: -1, start: 0, end: bytes.length, size: bytes.length, utf16: false, bytes };
  }

  more(): boolean {
    return this.blocks.length > 0 || !this.ended;
  }

  rest(from: RangeTask, _result: RangeResult, later: readonly RangeTask[], line: number): Source {
    const parts = [from, ...later].map((task) => task.bytes as Buffer);
    const self = this;
    async function* bytes(): AsyncGenerator<Buffer> {
      yield* parts;
      yield* self.blocks.splice(0);
      if (self.carry.length > 0) yield self.carry;
      yield* self.gathered.splice(0);
      self.carry = Buffer.alloc(0);
      if (self.failure !== undefined) throw self.failure;
      for (let r = await self.chunks.next(); !r.done; r = await self.chunks.next()) yield r.value;
    }
    this.ended = true;
    // Not the file's start: the bytes are inflated already, and have no byte order mark.
    return { ...this.src, bytes: bytes(), range: { start: 1, line } };
  }
}
