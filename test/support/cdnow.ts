/**
 * The CDNOW sample (../shared/data/CDNOW_sample.txt: master id, sample id, yyyymmdd, CDs, dollars;
 * its README gives the counting rules), read in place for the tests that check the published BG/NBD
 * fit: each customer's distinct purchase days, as day numbers since 1970-01-01 in order (a day's
 * lines are one purchase, as the paper counts). Tests skip when the file is absent.
 */
import { existsSync, readFileSync } from "node:fs";

export const CDNOW_SAMPLE = new URL("../../../shared/data/CDNOW_sample.txt", import.meta.url);
export const hasCdnowSample = (): boolean => existsSync(CDNOW_SAMPLE);

export function cdnowSampleDays(): { id: string; days: number[] }[] {
  const byId = new Map<string, Set<number>>();
  for (const line of readFileSync(CDNOW_SAMPLE, "utf8").split("\n")) {
    const [, id, date] = line.trim().split(/\s+/);
    if (!id || !date) continue;
    if (!byId.has(id)) byId.set(id, new Set());
    byId.get(id)!.add(Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8)) / 86_400_000);
  }
  return [...byId].map(([id, set]) => ({ id, days: [...set].sort((a, b) => a - b) }));
}
