/**
 * Standard input is read as it arrives, checked as it arrives, and can be read only once. A
 * second reading (to place the id problems the first one found) needs its bytes again, so they
 * are copied to a temp file as they pass, but only while that can still be needed: the copy is
 * dropped as soon as the header shows no id column, and it is bounded (past `limit` bytes it is
 * dropped, and a second reading that needs it says so). The copy is removed at the end of the run,
 * on exit, and on SIGINT or SIGTERM (see cleanup.ts).
 */
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onCleanup } from "./cleanup.js";

/** The default bound of the copy: standard input past this is read, but cannot be read twice. */
export const DEFAULT_SPOOL_LIMIT = 2 ** 31;

export class StdinSpool {
  private dir: string | undefined;
  private fd: number | undefined;
  private written = 0;
  /** Why there is no copy to read again: "dropped" (not needed) or "too big". */
  private lost: "dropped" | "too big" | undefined;
  private unregister: (() => void) | undefined;

  constructor(private readonly limit: number = DEFAULT_SPOOL_LIMIT) {}

  /** The input's chunks, each copied before it is passed on. */
  async *tee(input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of input) {
      this.copy(chunk);
      yield chunk;
    }
  }

  /** No second reading will need the bytes (no id column): stop copying and remove the copy. */
  drop(): void {
    this.lost ??= "dropped";
    this.remove();
  }

  /** The copy, for a second reading; or why there is none. */
  replay(): { path: string } | { missing: "dropped" | "too big" } {
    if (this.lost || !this.dir) return { missing: this.lost ?? "dropped" };
    if (this.fd !== undefined) closeSync(this.fd); // written synchronously: complete on disk
    this.fd = undefined;
    return { path: join(this.dir, "stdin") };
  }

  /** The bound, for messages. */
  get bound(): number {
    return this.limit;
  }

  private copy(chunk: Buffer): void {
    if (this.lost) return;
    if (this.written + chunk.length > this.limit) {
      this.lost = "too big";
      this.remove();
      return;
    }
    try {
      if (this.fd === undefined) {
        this.dir = mkdtempSync(join(tmpdir(), "ceq-stdin-"));
        this.unregister = onCleanup(() => this.remove());
        this.fd = openSync(join(this.dir, "stdin"), "wx");
      }
      for (let done = 0; done < chunk.length; ) done += writeSync(this.fd, chunk, done);
      this.written += chunk.length;
    } catch {
      // No room for the copy (a full /tmp): reading goes on; only a second reading would miss it.
      this.lost = "too big";
      this.remove();
    }
  }

  /** Closes and removes the copy; safe to call more than once. */
  remove(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.unregister?.();
    this.unregister = undefined;
  }
}
