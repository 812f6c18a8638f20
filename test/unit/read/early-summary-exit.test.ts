/**
 * ceq value's worker, once it has summarized its shard as soon as it read it (summarizeEarly in
 * src/read/parallel/log-worker.ts), posts the summary and stops by itself: an idle thread collects
 * no garbage, so its tables stayed in memory until the main thread closed it after the merge (most
 * of the 10M-row log's peak; docs/clv.md, "Twelfth round"). Here nothing closes it: the test waits
 * for its exit event, then asks for the summary, which must be the one of the same log read on one
 * thread. Should the worker not stop by itself, the wait never ends and the test fails on vitest's
 * timeout. In-process; the worker is tsc's build (npm run build).
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { toExactString } from "../../../src/money.js";
import { daySummary } from "../../../src/read/day-summary.js";
import { folder } from "../../support/helpers.js";
import { readDays } from "../../support/read-days.js";

const EPOCH_2020 = Date.UTC(2020, 0, 1) / 86_400_000;
const dateOf = (day: number) => new Date((EPOCH_2020 + day) * 86_400_000).toISOString().slice(0, 10);

/** 3,000 plain lines in date order: 700 customers, on days 0-119 of 2020. */
function log(): string {
  const lines = ["customer_id,date,amount"];
  for (let i = 0; i < 3_000; i++) lines.push(`cus_${String((i * 7919) % 700).padStart(4, "0")},${dateOf(Math.floor(i / 25))},${(i % 97) + 1}.${String(i % 100).padStart(2, "0")}`);
  return `${lines.join("\n")}\n`;
}

/** Each customer's figures, by id. */
async function figures(path: string, threads: number, end: number) {
  const read = await readDays(path, threads, Infinity);
  try {
    const early = read.shard ? await read.shard.summarized() : undefined;
    // The worker stops by itself once it posted its summary: nothing here stops it.
    if (early) await read.shard!.exited;
    const summary = (await daySummary(read, end, undefined))!;
    const byId = new Map([...summary.customers].map((c) => [c.id, [c.x, c.txDays, c.tDays, c.first, toExactString(c.repeatTotal)]]));
    return { early, byId, repeat: summary.repeatCustomers };
  } finally {
    await read.shard?.close();
  }
}

describe("the worker that summarized its shard early", () => {
  it("stops by itself, and its summary is still the one-thread summary", async () => {
    const dir = folder();
    const path = join(dir, "log.csv");
    writeFileSync(path, log());
    const last = EPOCH_2020 + 119;
    const two = await figures(path, 2, last);
    const one = await figures(path, 1, last);
    expect(two.early).toBe(true);
    expect(one.byId.size).toBe(700);
    expect(two.byId).toEqual(one.byId);
    expect(two.repeat).toBe(one.repeat);
    // A customer by hand: cus_0000 buys on lines i ≡ 0 mod 700 (7919 and 700 are coprime), i = 0,
    // 700, 1400, 2100, 2800: days 0, 28, 56, 84, 112; the repeat days' amounts (i mod 97) + 1:
    // 22, 43, 64, 85 (700 mod 97 = 21, 1400 mod 97 = 42, ...), 214 in all.
    expect(two.byId.get("cus_0000")).toEqual([4, 112, 119, EPOCH_2020, "214.0000"]);
    rmSync(dir, { recursive: true });
  });
});
