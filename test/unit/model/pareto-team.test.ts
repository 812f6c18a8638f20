/**
 * Pareto/NBD's passes cut into items and shared by two threads (src/model/value/pareto-state.ts,
 * pareto-smooth.ts, team.ts), on the distinct triples of 3,000 customers drawn from BG/NBD
 * (test/support/drawn-triples.ts), ordered by (x, t_x, T) as triplesOf gives them, cut into parts
 * from 512 triples (PARTS_FROM, 65,536, in the fits; small here so that the mutation runs stay short):
 * - the triples' pass is cut where x changes, in 16 parts, past that many triples; in one part
 *   below it, or when the triples are not ordered by x;
 * - by parts, the value is paretoSum's to 1e-13 and the gradient and Hessian one part's to 1e-9;
 * - with a follower thread (dist/ as `npm test` builds it), the same bits as one thread alone;
 * - fitParetoNbd with the spend thread's team: the same fit to the bit; and A₀'s terms of Newton's
 *   last call give P(alive) the bits a0Term's series gives, for every triple.
 */
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { fitSpendAside, type SpendColumns } from "../../../src/commands/spend-fit.js";
import { fitParetoNbd, paretoModel, paretoSum } from "../../../src/model/value/pareto-nbd.js";
import { paretoSmooth, paretoWork } from "../../../src/model/value/pareto-smooth.js";
import { keptTerms } from "../../../src/model/value/pareto-pairs.js";
import { fittedTerms, PARTS_FROM, paretoState } from "../../../src/model/value/pareto-state.js";
import { TeamLead, teamWords } from "../../../src/model/value/team.js";
import type { Triple } from "../../../src/model/value/summary.js";
import { drawnTriples } from "../../support/drawn-triples.js";

const triples: Triple[] = drawnTriples(3_000, 3, [1, 520]).sort((a, b) => a.x - b.x || a.tx - b.tx || a.T - b.T);
/** Parts from this many triples in these tests. */
const FROM = 512;
/** The same triples in another order: not ordered by x, so one part. */
const shuffled = triples.map((t, k) => ({ t, key: (k * 7919) % triples.length })).sort((a, b) => a.key - b.key).map(({ t }) => t);
/** Points near the fit's maximum (ln r, ln α, ln s, ln β) and away from it, α > β and α < β. */
const POINTS = [
  [0.1, 2.7, 0.18, 4.6],
  [-0.5, 1.5, 0.7, 1.0],
  [0.3, 3.0, -0.2, 3.5],
];

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(b));

describe("the triples' pass in parts", () => {
  it("past 512 triples ordered by x: 16 parts, cut where x changes; else one", () => {
    expect(triples.length).toBe(2_897);
    const { parts, d } = paretoState(triples, false, FROM);
    expect(parts.length).toBe(17);
    expect([parts[0], parts[16]]).toEqual([0, triples.length]);
    for (let p = 1; p < 16; p++) {
      expect(parts[p]!).toBeGreaterThanOrEqual(parts[p - 1]!);
      // A part begins where x changes, or at the end (a part left empty past a large x).
      if (parts[p]! < triples.length) expect(d.x[parts[p]!]).not.toBe(d.x[parts[p]! - 1]);
    }
    // No part is more than the largest x's triples beyond an even share.
    const largest = Math.max(...[...new Set(triples.map((t) => t.x))].map((x) => triples.filter((t) => t.x === x).length));
    for (let p = 0; p < 16; p++) expect(parts[p + 1]! - parts[p]!).toBeLessThanOrEqual(Math.ceil(triples.length / 16) + largest);
    expect([...paretoState(shuffled, false, FROM).parts]).toEqual([0, triples.length]);
    expect([...paretoState(triples.slice(0, FROM - 1), false, FROM).parts]).toEqual([0, FROM - 1]);
    expect([...paretoState(triples.slice(0, FROM), false, FROM).parts]).toHaveLength(17);
    // The fits' own bound: these triples are one part there.
    expect(PARTS_FROM).toBeGreaterThan(triples.length);
    expect([...paretoState(triples).parts]).toEqual([0, triples.length]);
  });

  it("by parts: the value is paretoSum's to 1e-13; the gradient and Hessian one part's to 1e-9", () => {
    const [byParts, onePart, sum] = [paretoSmooth(paretoState(triples, false, FROM)), paretoSmooth(shuffled), paretoSum(triples)];
    for (const u of POINTS) {
      const [a, b] = [byParts(u), onePart(u)];
      expect(relative(a.value, sum(u))).toBeLessThan(1e-13);
      a.gradient.forEach((g, i) => expect(relative(g, b.gradient[i]!)).toBeLessThan(1e-9));
      a.hessian!.forEach((row, i) => row.forEach((h, j) => expect(relative(h, b.hessian![i]![j]!)).toBeLessThan(1e-9)));
    }
  });
});

/** A follower thread running dist/'s paretoWork on the state it is sent; counts its items in `did`. */
const FOLLOWER = `
const { parentPort, workerData } = require("node:worker_threads");
Promise.all([import(workerData.team), import(workerData.smooth)]).then(([team, smooth]) => {
  parentPort.on("message", ({ words, state, did }) => {
    const work = smooth.paretoWork(state);
    team.follow(words, (kind, item) => {
      work(kind, item);
      Atomics.add(did, 0, 1);
      Atomics.notify(did, 0);
    });
    parentPort.postMessage("followed");
  });
  parentPort.postMessage("ready");
});`;

const workers: Worker[] = [];
afterAll(async () => {
  await Promise.all(workers.map((w) => w.terminate()));
});

describe("two threads", () => {
  it("a follower thread works out items of every pass: the same bits as one thread alone", async () => {
    const dist = (file: string) => new URL(`../../../dist/model/value/${file}`, import.meta.url).href;
    const worker = new Worker(FOLLOWER, { eval: true, workerData: { team: dist("team.js"), smooth: dist("pareto-smooth.js") } });
    workers.push(worker);
    await new Promise((resolve) => worker.once("message", resolve));
    const [state, words, did] = [paretoState(triples, true, FROM), teamWords(), new Int32Array(new SharedArrayBuffer(4))];
    const lead = new TeamLead(words);
    worker.postMessage({ words, state, did });
    const followed = new Promise((resolve) => worker.once("message", resolve));
    const work = paretoWork(state);
    const passes: number[] = [];
    const together = paretoSmooth(state, (kind, count) => {
      const before = Atomics.load(did, 0);
      let mine = 0;
      lead.run(kind, count, (k, item) => {
        // The first item here waits until the follower has worked one out of this pass.
        if (mine++ === 0) while (Atomics.load(did, 0) === before) Atomics.wait(did, 0, before);
        work(k, item);
      });
      passes.push(Atomics.load(did, 0) - before);
    });
    const alone = paretoSmooth(paretoState(triples, false, FROM));
    for (const u of POINTS) expect(together(u)).toEqual(alone(u));
    expect(passes.length).toBe(2 * POINTS.length);
    for (const taken of passes) expect(taken).toBeGreaterThan(0);
    lead.end();
    expect(await followed).toBe("followed");
  });

  it("fitParetoNbd with the spend thread's team: the same fit, to the bit", async () => {
    const spend: SpendColumns = { x: Float64Array.from({ length: 500 }, (_, k) => 1 + (k % 4)), mean: Float64Array.from({ length: 500 }, (_, k) => 10 + ((k * 7919) % 3001) / 100) };
    const aside = fitSpendAside(spend, 2, 0);
    const team = aside.paretoTeam();
    expect(team).toBeDefined();
    const [together, alone] = [fitParetoNbd(triples, team), fitParetoNbd(triples)];
    expect(together.params).toEqual(alone.params);
    expect(together.logLikelihood).toBe(alone.logLikelihood);
    expect((await aside.result()).q).toBeGreaterThan(0);
    aside.stop();
    await aside.ended;
  });
});

describe("A₀'s terms of Newton's last call", () => {
  it("give P(alive) a0Term's bits for every triple; none at other parameters", () => {
    const state = paretoState(triples, false, FROM);
    const u = POINTS[0]!;
    paretoSmooth(state)(u);
    const [r, alpha, s, beta] = u.map(Math.exp) as [number, number, number, number];
    const known = fittedTerms(state, [r, alpha, s, beta]);
    expect(known).toBeDefined();
    let kept = 0;
    known!(() => kept++);
    expect(kept).toBe(new Set(triples.map((t) => `${t.x}:${t.tx}`)).size + new Set(triples.map((t) => `${t.x}:${t.T}`)).size);
    const [seeded, computed] = [paretoModel({ r, alpha, s, beta }, 0, known), paretoModel({ r, alpha, s, beta }, 0)];
    for (const t of triples) expect(Object.is(seeded.pAlive(t.x, t.tx, t.T), computed.pAlive(t.x, t.tx, t.T))).toBe(true);
    // One bit off in r: not the call's parameters.
    const next = new Float64Array([r]);
    const bits = new BigInt64Array(next.buffer);
    bits[0] = bits[0]! + 1n;
    expect(next[0]).not.toBe(r);
    expect(fittedTerms(state, [next[0]!, alpha, s, beta])).toBeUndefined();
  });

  it("keptTerms: known values are looked up, not worked out; others worked out once", () => {
    const asked: string[] = [];
    const term = keptTerms((x, t) => (asked.push(`${x}:${t}`), x * 100 + t), (keep) => {
      for (let x = 0; x < 3000; x++) keep(x, 0.5, -x);
    });
    // 3,000 kept: the table grew past its first 1,024 places with them.
    for (let x = 0; x < 3000; x++) expect(term(x, 0.5)).toBe(-x);
    expect(asked).toEqual([]);
    expect([term(2, 0.25), term(2, 0.25), term(2, 0.5)]).toEqual([200.25, 200.25, -2]);
    expect(asked).toEqual(["2:0.25"]);
  });
});
