/**
 * What Pareto/NBD's smooth likelihood (pareto-smooth.ts) reads and writes from call to call: the
 * indexed triples and their pairs, each pair's term and derivatives, the per-x and per-T numbers
 * of the call's parameters, and the sums of the parts of the pass over the triples. Made on shared
 * memory when a second thread shares the passes (team.ts), where every number has one writer a call.
 */
import { plainInt32, sharedCopy, sharedInt32, type Int32Of } from "../typed-arrays.js";
import { pairsOf, type KnownTerms, type Pairs } from "./pareto-pairs.js";
import { indexTriples, type IndexedTriples, type Triple, type TripleColumns } from "./summary.js";

/**
 * Each pair's numbers in pairTerms' output: its term and the gradient in (r, α, s, β); the Hessian's
 * upper half apart, so that the pass over the triples, which reads the pairs in no order, reads 40
 * bytes a pair and not 120.
 */
export const PAIR_OUT = 5;

/** A pair's term and its derivatives. */
export interface PairTerms {
  terms: Float64Array;
  hessians: Float64Array;
}

/** Triples from which the pass over them is cut into parts (PARTS of them) at changes of x. */
export const PARTS_FROM = 1 << 16;
const PARTS = 16;
/** Pairs a chunk of the pairs' pass (lnA0Series on each): a few milliseconds' work. */
export const PAIR_CHUNK = 2048;
/** A part's sums: the value, the gradient and the Hessian's upper half in (r, α, s, β). */
export const PARTIAL = 15;
/** The two kinds of work in a call (team.ts): pairs' terms by chunks, then the triples by parts. */
export const [PAIRS_KIND, TRIPLES_KIND] = [0, 1];

/**
 * What a call reads and writes, on shared memory when two threads share its passes: the indexed
 * triples and their pairs, each pair's terms and the weight of its Hessian, the per-x and per-T
 * numbers of the call's parameters, and each part's sums. Every number has one writer a call.
 */
export interface ParetoState {
  d: IndexedTriples;
  atTx: Pairs;
  atT: Pairs;
  termsTx: PairTerms;
  termsT: PairTerms;
  weightTx: Float64Array;
  weightT: Float64Array;
  /** Per x: customers, Σ c·w, ln Γ(r + x), ln(s/(r + s + x)), 1/(r + s + x). */
  perX: Float64Array[];
  /** Per T: ln(α + T), ln(β + T), 1/(α + T), 1/(β + T). */
  perT: Float64Array[];
  /** Where each part's triples begin, and the end. */
  parts: Int32Array;
  partials: Float64Array;
  /** r, α, s, β of the call. */
  params: Float64Array;
}

/**
 * The parts of the triples' pass: one below `from` triples (the sum's order paretoSum's), else
 * PARTS cut where x changes, so that no pair or x is written by two parts (every pair has one x).
 * The triples come ordered by x from triplesOf; in another order, one part.
 */
function partsOf(x: Int32Array, int32: Int32Of, from: number): Int32Array {
  const n = x.length;
  let ordered = true;
  for (let i = 1; i < n && ordered; i++) ordered = x[i - 1]! <= x[i]!;
  const parts = int32(n < from || !ordered ? 2 : PARTS + 1);
  parts[parts.length - 1] = n;
  if (parts.length === 2) return parts;
  for (let p = 1; p < PARTS; p++) {
    let at = Math.max(parts[p - 1]!, Math.round((p * n) / PARTS));
    while (at > 0 && at < n && x[at] === x[at - 1]) at++;
    parts[p] = at;
  }
  return parts;
}

/** The state of paretoSmooth's calls on `data`; on shared memory when `shared`; in parts from `partsFrom` triples (tests give fewer). */
export function paretoState(data: readonly Triple[] | TripleColumns, shared = false, partsFrom = PARTS_FROM): ParetoState {
  // The columns of a triple or a pair made on shared memory; the few distinct values, and the counts, copied there.
  const own = (a: Float64Array): Float64Array => (shared ? sharedCopy(a) : a);
  const int32 = shared ? sharedInt32 : plainInt32;
  const indexed = indexTriples(data, int32);
  const [atTx, atT] = [pairsOf(indexed, indexed.tx, indexed.txs.length, int32), pairsOf(indexed, indexed.T, indexed.Ts.length, int32)];
  const d = { ...indexed, xs: own(indexed.xs), txs: own(indexed.txs), Ts: own(indexed.Ts), count: own(indexed.count) };
  const zeros = (n: number) => own(new Float64Array(n));
  const made = (n: number): PairTerms => ({ terms: zeros(PAIR_OUT * n), hessians: zeros(10 * n) });
  const parts = partsOf(d.x, int32, partsFrom);
  return {
    d,
    atTx,
    atT,
    termsTx: made(atTx.x.length),
    termsT: made(atT.x.length),
    weightTx: zeros(atTx.x.length),
    weightT: zeros(atT.x.length),
    perX: Array.from({ length: 5 }, () => zeros(d.xs.length)),
    perT: Array.from({ length: 4 }, () => zeros(d.Ts.length)),
    parts,
    partials: zeros(PARTIAL * (parts.length - 1)),
    params: zeros(4),
  };
}

/** The chunks of a call's pairs' pass, A₀'s (x, t_x) terms first, then (x, T). */
export const pairChunks = (s: ParetoState): [number, number] => [Math.ceil(s.atTx.x.length / PAIR_CHUNK), Math.ceil(s.atT.x.length / PAIR_CHUNK)];

/**
 * A₀'s terms of every pair as the last call worked them out, if that call's parameters are
 * `params` (r, α, s, β) to the bit (Newton's last call is at the maximum it returns): the same
 * numbers as pareto-nbd.ts a0Term gives at them, for the fitted model's P(alive).
 */
export function fittedTerms(s: ParetoState, params: readonly number[]): KnownTerms | undefined {
  if (!params.every((p, i) => Object.is(p, s.params[i]))) return undefined;
  return (keep) => {
    for (const [pairs, times, { terms }] of [[s.atTx, s.d.txs, s.termsTx], [s.atT, s.d.Ts, s.termsT]] as const) {
      for (let k = 0; k < pairs.x.length; k++) keep(s.d.xs[pairs.x[k]!]!, times[pairs.t[k]!]!, terms[PAIR_OUT * k]!);
    }
  };
}

