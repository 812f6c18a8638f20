/**
 * Two threads sharing one pass of a fit (issue 32): the main thread leads each pass (lead), a
 * second thread, once free, follows (follow) and takes items of the same pass from a count on
 * shared memory, as takeChunks does for the valuing (commands/spend-fit.ts). The leader never
 * waits for a follower to join: it takes every item itself if none does, and waits only for the
 * items a follower has taken to be done (Atomics.wait on their count, an event, never a time).
 * Items write their results to places of their own, so the results are the same bits whoever
 * works out an item.
 *
 * One 64-bit word holds the pass's number, its kind of work, its count of items and the next item
 * to take, so that a follower reads them at once: a follower late from an earlier pass finds
 * another pass's number and takes nothing. Items, kinds and passes each fit their bits below.
 */

/** The words two threads share: [0] the newest pass (waited on), [1] items done, [2] lowest failed item + 1, [3] stop. */
export interface TeamWords {
  control: Int32Array;
  /** The pass's number (19 bits, above the rest), its kind (4), its count (20), the next item to take (20). */
  claim: BigInt64Array;
}

const [NEWEST, DONE, FAILED, STOP] = [0, 1, 2, 3];
const ITEM_BITS = 20n;
const ITEM_MASK = (1n << ITEM_BITS) - 1n;
const KIND_SHIFT = 2n * ITEM_BITS;
const PASS_SHIFT = KIND_SHIFT + 4n;
/** Passes are numbered from 1 up to this, then from 1 again (a word's sign bit stays clear). */
const PASSES = (1 << 19) - 1;
/** Items a pass may have: 2^20 − 1. */
export const MAX_ITEMS = Number(ITEM_MASK);

/** A work's items: `work(kind, item)` writes item's results where only it writes. */
export type TeamWork = (kind: number, item: number) => void;

export function teamWords(): TeamWords {
  return { control: new Int32Array(new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT)), claim: new BigInt64Array(new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT)) };
}

interface Claim {
  pass: number;
  kind: number;
  count: number;
  item: number;
}

const unpack = (v: bigint): Claim => ({
  pass: Number(v >> PASS_SHIFT),
  kind: Number((v >> KIND_SHIFT) & 15n),
  count: Number((v >> ITEM_BITS) & ITEM_MASK),
  item: Number(v & ITEM_MASK),
});

/**
 * Takes items of pass `pass` until none is left or another pass has begun, running `work` on
 * each and counting it done; an item whose work throws is noted (the lowest) and counted done.
 */
function takeItems({ control, claim }: TeamWords, pass: number, work: TeamWork): void {
  for (;;) {
    const v = Atomics.load(claim, 0);
    const c = unpack(v);
    if (c.pass !== pass || c.item >= c.count) return;
    if (Atomics.compareExchange(claim, 0, v, v + 1n) !== v) continue;
    try {
      work(c.kind, c.item);
    } catch {
      for (let seen = Atomics.load(control, FAILED); seen === 0 || c.item + 1 < seen; seen = Atomics.load(control, FAILED)) {
        if (Atomics.compareExchange(control, FAILED, seen, c.item + 1) === seen) break;
      }
    }
    Atomics.add(control, DONE, 1);
    Atomics.notify(control, DONE);
  }
}

/** The leading thread's side: its passes are numbered from 1. */
export class TeamLead {
  private pass = 0;

  constructor(readonly words: TeamWords) {}

  /**
   * Runs `count` items of `kind`, taking them with any follower, and returns once every item is
   * done. Where an item's work threw (here or there), the lowest such item is worked out here
   * again, so that its error is thrown on this thread as it would be with no follower. An item may
   * have written part of its results before it threw, and an item that adds to its places cannot
   * be worked out twice: should that item not throw here, the pass fails all the same.
   */
  run(kind: number, count: number, work: TeamWork): void {
    if (count > MAX_ITEMS || kind > 15) throw new RangeError(`a pass of ${count} items of kind ${kind} is past the team's word`);
    const { control, claim } = this.words;
    const pass = (this.pass = (this.pass % PASSES) + 1);
    Atomics.store(control, DONE, 0);
    Atomics.store(control, FAILED, 0);
    Atomics.store(claim, 0, (BigInt(pass) << PASS_SHIFT) | (BigInt(kind) << KIND_SHIFT) | (BigInt(count) << ITEM_BITS));
    Atomics.store(control, NEWEST, pass);
    Atomics.notify(control, NEWEST);
    takeItems(this.words, pass, work);
    for (let done = Atomics.load(control, DONE); done < count; done = Atomics.load(control, DONE)) Atomics.wait(control, DONE, done);
    const failed = Atomics.load(control, FAILED);
    if (failed > 0) {
      work(kind, failed - 1);
      throw new Error(`item ${failed - 1} of a shared pass failed on the other thread alone: its numbers cannot be trusted`);
    }
  }

  /** Lets the follower go: it returns from follow(). NEWEST changes, so that a follower about to wait does not. */
  end(): void {
    Atomics.store(this.words.control, STOP, 1);
    Atomics.store(this.words.control, NEWEST, -1);
    Atomics.notify(this.words.control, NEWEST);
  }
}

/** The following thread's side: takes items of each new pass until the leader ends the team. */
export function follow(words: TeamWords, work: TeamWork): void {
  const { control } = words;
  let seen = 0;
  for (;;) {
    if (Atomics.load(control, STOP) === 1) return;
    const newest = Atomics.load(control, NEWEST);
    if (newest === seen) {
      Atomics.wait(control, NEWEST, seen);
      continue;
    }
    seen = newest;
    takeItems(words, newest, work);
  }
}
