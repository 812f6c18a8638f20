/**
 * Two threads sharing one pass (src/model/value/team.ts): the leader takes every item when no
 * follower joins; with one, the follower works out items of the same pass and the results are
 * where each item writes them; an item that throws on either thread is worked out again on the
 * leader, so that the lowest failing item's error is the one thrown, as on one thread (and one
 * that throws on the follower alone fails the pass all the same); end() lets a
 * follower go, waiting or not yet come. The follower is a worker thread running dist/model/value/
 * team.js, which `npm test` builds first. Nothing waits for a time: the leader's first item waits
 * on shared memory until the follower has worked one out, so that the follower surely takes part.
 */
import { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it } from "vitest";
import { MAX_ITEMS, TeamLead, teamWords, type TeamWords } from "../../../src/model/value/team.js";

const TEAM = new URL("../../../dist/model/value/team.js", import.meta.url).href;

/**
 * A follower thread: each item of kind k writes 1000·k + item to out[item] after it counts itself in
 * `did` (and wakes whoever waits there); items in `throwing` throw "item N" on both threads.
 */
const FOLLOWER = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.team).then((team) => {
  parentPort.on("message", ({ words, out, did, throwing }) => {
    team.follow(words, (kind, item) => {
      Atomics.add(did, 0, 1);
      Atomics.notify(did, 0);
      if (throwing.includes(item)) throw new Error("item " + item);
      out[item] = 1000 * kind + item;
    });
    parentPort.postMessage("followed");
  });
  parentPort.postMessage("ready");
});`;

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

/** A follower started and told its words; resolves once it listens, with a promise of its "followed" (in an object: an async function's promise would wait for it). */
async function follower(words: TeamWords, out: Float64Array, did: Int32Array, throwing: number[] = []): Promise<{ followed: Promise<unknown> }> {
  const worker = new Worker(FOLLOWER, { eval: true, workerData: { team: TEAM } });
  workers.push(worker);
  const messages: unknown[] = [];
  const waiting: ((m: unknown) => void)[] = [];
  worker.on("message", (m) => (waiting.length ? waiting.shift()!(m) : messages.push(m)));
  const next = () => (messages.length ? Promise.resolve(messages.shift()) : new Promise((resolve) => waiting.push(resolve)));
  expect(await next()).toBe("ready");
  worker.postMessage({ words, out, did, throwing });
  return { followed: next() };
}

const shared = (n: number) => new Float64Array(new SharedArrayBuffer(8 * n));
const counter = () => new Int32Array(new SharedArrayBuffer(4));

/** The leader's work: as the follower's, its first item waiting until the follower has worked one out. */
function leaderWork(out: Float64Array, did: Int32Array, throwing: number[] = []) {
  let first = true;
  return (kind: number, item: number) => {
    if (first) {
      first = false;
      Atomics.wait(did, 0, 0);
    }
    if (throwing.includes(item)) throw new Error(`item ${item}`);
    out[item] = 1000 * kind + item;
  };
}

describe("TeamLead alone", () => {
  it("takes every item in order, pass after pass", () => {
    const lead = new TeamLead(teamWords());
    for (const [kind, count] of [[0, 5], [3, 1], [15, 40], [2, 0]] as const) {
      const seen: number[] = [];
      lead.run(kind, count, (k, item) => {
        expect(k).toBe(kind);
        seen.push(item);
      });
      expect(seen).toEqual(Array.from({ length: count }, (_, i) => i));
    }
    lead.end();
  });

  it("throws the first failing item's error; refuses a pass past its word", () => {
    const lead = new TeamLead(teamWords());
    const seen: number[] = [];
    expect(() =>
      lead.run(1, 8, (_, item) => {
        seen.push(item);
        if (item === 2 || item === 6) throw new Error(`item ${item}`);
      }),
    ).toThrow(/^item 2$/);
    // Every item was tried, then item 2 again, here.
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 2]);
    expect(() => lead.run(0, MAX_ITEMS + 1, () => {})).toThrow(RangeError);
    expect(() => lead.run(16, 1, () => {})).toThrow(RangeError);
    // A pass after a failure starts afresh.
    const again: number[] = [];
    lead.run(0, 3, (_, item) => again.push(item));
    expect(again).toEqual([0, 1, 2]);
  });
});

describe("TeamLead with a follower thread", () => {
  it("both work out items of each pass; every item's result is at its place", async () => {
    const words = teamWords();
    const lead = new TeamLead(words);
    const [out, did] = [shared(500), counter()];
    const { followed } = await follower(words, out, did);
    for (let pass = 0; pass < 30; pass++) {
      out.fill(-1);
      const before = Atomics.load(did, 0);
      let mine = 0;
      lead.run(pass % 16, 500, (kind, item) => {
        // Each pass's first item here waits until the follower has done one of this pass.
        if (mine++ === 0) while (Atomics.load(did, 0) === before) Atomics.wait(did, 0, before);
        out[item] = 1000 * kind + item;
      });
      expect(Atomics.load(did, 0)).toBeGreaterThan(before);
      expect([...out]).toEqual(Array.from({ length: 500 }, (_, i) => 1000 * (pass % 16) + i));
    }
    lead.end();
    expect(await followed).toBe("followed");
  });

  it("an item that throws on the follower is worked out again here: the lowest one's error, as alone", async () => {
    const words = teamWords();
    const lead = new TeamLead(words);
    const [out, did] = [shared(64), counter()];
    const { followed } = await follower(words, out, did, [9, 40]);
    expect(() => lead.run(1, 64, leaderWork(out, did, [9, 40]))).toThrow(/^item 9$/);
    // The next pass goes on, with both.
    out.fill(-1);
    lead.run(0, 64, (_, item) => (out[item] = item));
    expect([...out]).toEqual(Array.from({ length: 64 }, (_, i) => i));
    lead.end();
    expect(await followed).toBe("followed");
  });

  it("an item that throws on the follower alone: the pass fails all the same, naming it", async () => {
    const words = teamWords();
    const lead = new TeamLead(words);
    const [out, did] = [shared(16), counter()];
    // Every item throws there, none here; the first one here waits until the follower has had one.
    const { followed } = await follower(words, out, did, Array.from({ length: 16 }, (_, i) => i));
    expect(() => lead.run(0, 16, leaderWork(out, did))).toThrow(/^item \d+ of a shared pass failed on the other thread alone/);
    lead.end();
    expect(await followed).toBe("followed");
  });

  it("end() before the follower comes: it returns at once, having taken nothing", async () => {
    const words = teamWords();
    const lead = new TeamLead(words);
    lead.run(0, 3, () => {});
    lead.end();
    const [out, did] = [shared(3), counter()];
    expect(await (await follower(words, out, did)).followed).toBe("followed");
    expect(Atomics.load(did, 0)).toBe(0);
  });
});
