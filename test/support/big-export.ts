/**
 * A deterministic export of new customers for the threads tests (test/properties/threads-agree,
 * test/e2e/parallel): amounts in cents, written as text, and the exact sums per year in cents,
 * tallied here independently of ceq.
 */
export const HEADER = "customer_id,year,revenue,cost,note";
/** A row up to its revenue: `line.replace(ROW_LINE, "$112.5x")` puts a bad amount in its place. */
export const ROW_LINE = /^(C\d+,\d+,)[^,]+/;

/** `pad` letters lengthen each row's note: a file of a given size in fewer rows, less to parse. */
export function makeExport(rows: number, tweak: (line: string, i: number) => string = (l) => l, pad = 0) {
  const padding = "x".repeat(pad);
  const lines = [HEADER];
  const sums = new Map<number, bigint>();
  for (let i = 0; i < rows; i++) {
    const year = 2019 + (i % 5);
    const revenue = 1000 + ((i * 7919) % 900000);
    const cost = 100 + ((i * 104729) % 5000);
    const cents = (n: number) => `${Math.floor(n / 100)}.${String(n % 100).padStart(2, "0")}`;
    lines.push(tweak(`C${i},${year},${cents(revenue)},${cents(cost)},plain note ${i % 97}${padding}`, i));
    sums.set(year, (sums.get(year) ?? 0n) + BigInt(revenue - cost));
  }
  return { text: lines.join("\n") + "\n", sums, header: HEADER };
}
