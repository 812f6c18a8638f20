#!/usr/bin/env node
/**
 * What memory touched for the first time costs on this machine: `node scripts/fresh-memory.mjs`.
 * Allocates 100 MB at a time as a Float64Array, writes one number in each 4 KB page (the kernel
 * gives a page on its first write: a page fault), and writes them again (no fault); medians of
 * five rounds. On the bench's virtual machine (4 December 2026) a page fault cost 14-18 µs, 3.5-4.6
 * ms a MB, where writing the same pages again took 1 ms for all 100 MB: there, an array that `ceq
 * value` makes and fills for 1.6 million customers (12.6 MB) costs about 45 ms before any
 * arithmetic (docs/benchmark.md, eighteenth session).
 */
const MB = 100;
const PAGE = 4096;
const rounds = [];
for (let round = 0; round < 5; round++) {
  const array = new Float64Array((MB * 1024 * 1024) / 8);
  const step = PAGE / 8;
  let start = performance.now();
  for (let k = 0; k < array.length; k += step) array[k] = round + 1;
  const first = performance.now() - start;
  start = performance.now();
  for (let k = 0; k < array.length; k += step) array[k] = round + 2;
  const again = performance.now() - start;
  rounds.push({ first, again });
}
const median = (values) => values.sort((a, b) => a - b)[values.length >> 1];
const pages = (MB * 1024 * 1024) / PAGE;
const first = median(rounds.map((r) => r.first));
const again = median(rounds.map((r) => r.again));
console.log(`${MB} MB touched for the first time: ${first.toFixed(0)} ms (${((first * 1000) / pages).toFixed(2)} µs a 4 KB page, ${(first / MB).toFixed(2)} ms a MB); touched again: ${again.toFixed(1)} ms (medians of ${rounds.length})`);
