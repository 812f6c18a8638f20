/** Each fixture dialect, read by the built binary, gives exactly the clean export's result. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ceq, ROOT } from "../support/helpers.js";

const DIALECTS = join(ROOT, "fixtures", "dialects");
const names = readdirSync(DIALECTS, { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== "clean")
  .map((e) => e.name);

async function run(name: string) {
  const dir = join(DIALECTS, name);
  const args = readFileSync(join(dir, "ARGS"), "utf8").trim().split(/\s+/).filter(Boolean);
  // A dialect either names its one file (--input, relative to its folder) or is read as a folder.
  const result = args.includes("--input") ? await ceq([...args, "-f", "json"], { cwd: dir }) : await ceq(["--dir", dir, ...args, "-f", "json"]);
  return { ...result, doc: result.code === 0 ? JSON.parse(result.stdout) : null };
}

/** Cents per year from the clean files, summed with BigInt: an independent check of the clean result. */
function cleanEquityCents(): Map<number, bigint> {
  const cents = (s: string) => BigInt(s.replace(".", ""));
  const equity = new Map<number, bigint>();
  const add = (year: number, v: bigint) => equity.set(year, (equity.get(year) ?? 0n) + v);
  const rows = (file: string) =>
    readFileSync(join(DIALECTS, "clean", file), "utf8").trim().split("\n").slice(1).map((l) => l.split(","));
  for (const [, y, r, c] of rows("new.csv")) add(Number(y), cents(r!) - cents(c!));
  for (const [, y, r, c] of rows("retained.csv")) add(Number(y), cents(r!) - cents(c!));
  for (const [, y, r] of rows("churned.csv")) add(Number(y), -cents(r!));
  return equity;
}

describe("fixtures/dialects", () => {
  let clean: Awaited<ReturnType<typeof run>>;
  beforeAll(async () => {
    clean = await run("clean");
  });

  it("has the six dialects the issue names", () => {
    expect(names.sort()).toEqual(["crm", "excel-de", "excel-utf16", "google-sheets", "gzip", "one-file"]);
  });

  it("reads the clean export without warnings, to the cent", () => {
    expect(clean.code).toBe(0);
    expect(clean.stderr).toBe("");
    const expected = cleanEquityCents();
    expect(clean.doc.years.map((y: { year: number }) => y.year)).toEqual([...expected.keys()].sort());
    for (const y of clean.doc.years) {
      expect(Math.round(y.customerEquity * 100), String(y.year)).toBe(Number(expected.get(y.year)));
    }
  });

  it.each(names)("%s gives the clean result exactly", async (name) => {
    const result = await run(name);
    expect(result.code, result.stderr).toBe(0);
    const { warnings, ...rest } = result.doc;
    const { warnings: cleanWarnings, ...cleanRest } = clean.doc;
    expect(rest).toEqual(cleanRest);
    expect(JSON.stringify(rest)).toBe(JSON.stringify(cleanRest)); // same key order too
    // Google Sheets keeps one template for all tabs: its churned tab's cost column is ignored.
    const expectedWarnings = name === "google-sheets" ? ["Cost: churned customers carry no cost: the column is ignored"] : [];
    expect(warnings.map((w: { message: string }) => w.message)).toEqual(expectedWarnings);
    expect(cleanWarnings).toEqual([]);
  });
});
