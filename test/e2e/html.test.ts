/**
 * `--format html`: the page's structure and figures against the JSON (parsed, no browser), and the
 * page in headless Chromium at 1280 and 390 pixels, light and dark: no console error, no request
 * but the file itself. Skipped with a message where Chromium is absent (apt-get install chromium).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { cli } from "../support/capture.js";
import { DEMO, folder, ROOT } from "../support/helpers.js";
import { CHROMIUM, launch, shot, visit } from "../support/browser.js";

async function page(args: string[]): Promise<{ html: string; json: string; file: string }> {
  const dir = folder();
  const file = join(dir, "page.html");
  const run = await cli([...args, "-o", file]);
  expect(run.code, run.stderr).toBe(0);
  const json = (await cli([...args, "-f", "json"])).stdout;
  return { html: readFileSync(file, "utf8"), json, file };
}

/** The page's text outside the data block, tags removed. */
const visibleText = (html: string) => html.replace(/<script[\s\S]*?<\/script>/g, "").replace(/<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " ").replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));

/** Every money figure and percentage on the page, as the number JSON writes: "$1,544.60" is 1544.6, "15.56%" is 0.1556. */
function pageFigures(html: string): number[] {
  const text = visibleText(html);
  const money = [...text.matchAll(/-?\$[\d,]+\.\d{2}/g)].map((m) => Number(m[0].replace(/[$,]/g, "")));
  const percent = [...text.matchAll(/-?[\d,]+\.\d{2}%/g)].map((m) => Number((Number(m[0].replace(/[%,]/g, "")) / 100).toFixed(4)));
  return [...money, ...percent];
}

/** Every number JSON holds, deep. */
function jsonNumbers(value: unknown): number[] {
  if (typeof value === "number") return [value];
  if (value && typeof value === "object") return Object.values(value).flatMap(jsonNumbers);
  return [];
}

describe("the dashboard's structure and figures", () => {
  it("is one file: inline CSS and SVG, no external reference, no script that runs, the JSON it was drawn from", async () => {
    const { html, json } = await page(["--dir", DEMO]);
    expect(html).not.toMatch(/<link|<img|<iframe|\bsrc=|url\(|@import|https?:\/\//i);
    expect([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])).toEqual(['<script type="application/json" id="ceq-data">']);
    const data = /<script type="application\/json" id="ceq-data">([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(JSON.parse(data)).toEqual(JSON.parse(json));
    // A chart per period in each section, each with a title and description, and a table behind each section.
    expect(html.match(/<svg [^>]*role="img" aria-labelledby="[^"]+-title [^"]+-desc"/g)).toHaveLength(4 + 4 + 2 + 1 + 1 + 3); // waterfalls, customers, rates; the trend, the bridge, an owner's panel each
    expect(html.match(/<table>/g)).toHaveLength(3 + 1 + 3); // the bridge's, and each owner's
    expect(html).toContain("@media (prefers-color-scheme: dark)");
    expect(html).toContain("@page { size: A4");
  });

  it("every figure on the page is one of the JSON's, to the cent, and every year's equity and rates are there", async () => {
    const { html, json } = await page(["--dir", DEMO]);
    const doc = JSON.parse(json) as { years: { customerEquity: number; churnRate: number; acquisition: { equity: number } }[] };
    const known = new Set(jsonNumbers(doc).flatMap((n) => [n, -n]));
    const shown = pageFigures(html);
    expect(shown.length).toBeGreaterThan(60);
    expect(shown.filter((n) => !known.has(n))).toEqual([]);
    for (const y of doc.years) {
      expect(shown).toContain(y.customerEquity);
      expect(shown).toContain(y.churnRate);
      expect(shown).toContain(y.acquisition.equity);
    }
    // Hovering a bar shows its figures: the waterfall's 2024 churn step.
    expect(html).toContain("<title>Churned revenue 2024: $13,401.41 (7 churned)</title>");
    expect(visibleText(html)).toContain("Customer equity 2024");
  });

  it("with --by: a small chart per segment, on the segments' figures", async () => {
    const { html, json } = await page(["--dir", join(ROOT, "fixtures", "segments", "phases"), "--by", "plan,channel"]);
    expect(html).toContain("By segment: plan, channel");
    expect(html.match(/<svg [^>]*aria-labelledby="segment-\d+-title/g)).toHaveLength(4);
    expect(html).toContain("<figcaption>4. plan Pro, channel Partner: -$500.00</figcaption>"); // ranked by customer equity, last
    const known = new Set(jsonNumbers(JSON.parse(json)).flatMap((n) => [n, -n]));
    expect(pageFigures(html).filter((n) => !known.has(n))).toEqual([]);
  });

  it("ceq value: the survival curve, observed against fitted, and the sensitivity bars", async () => {
    const dir = folder({ "high.csv": `cohort,period,customers\n${[1000, 869, 743, 653, 593, 551, 517, 491].map((n, t) => `0,${t},${n}`).join("\n")}\n` });
    const { html, json } = await page(["value", "--cohorts", join(dir, "high.csv"), "--model", "sbg", "--discount-rate", "0.1", "--margin", "100"]);
    expect(html).toContain("fitted (sBG)");
    expect(html).toContain("observed (cohorts)");
    expect(html.match(/<circle /g)!.length).toBeGreaterThanOrEqual(8 + 8);
    expect(html).toContain('aria-labelledby="sensitivity-title sensitivity-desc"');
    const doc = JSON.parse(json) as { customerEquity: number; sensitivity: { delta: number }[] };
    expect(pageFigures(html)).toContain(doc.customerEquity);
    for (const s of doc.sensitivity) expect(pageFigures(html)).toContain(s.delta);
  });
});

describe.skipIf(!CHROMIUM)("the dashboard in headless Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("renders at 1280 and 390 pixels, light and dark, with no console error and no request but the file", async () => {
    const { file } = await page(["--dir", DEMO]);
    const shots = folder();
    for (const width of [1280, 390]) {
      for (const scheme of ["light", "dark"] as const) {
        const seen = await visit(browser, file, width, shot(join(shots, `dashboard-${width}-${scheme}.png`)), scheme);
        expect(seen.errors).toEqual([]);
        expect(seen.requests).toEqual([`file://${file}`]);
        expect(seen.svgs).toBe(15);
        expect(seen.tables).toBe(7);
        expect(seen.background).toBe(scheme === "light" ? "rgb(255, 255, 255)" : "rgb(13, 17, 23)");
      }
    }
  }, 60_000);

  it("prints on A4: Chromium's print of the page is A4 pages (595 × 842 points), the charts and tables on them", async () => {
    const { file } = await page(["--dir", DEMO]);
    const tab = await browser.newPage();
    await tab.goto(`file://${file}`);
    await tab.emulateMedia({ media: "print" });
    const pdf = (await tab.pdf({ preferCSSPageSize: true })).toString("latin1");
    await tab.close();
    const pages = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const size of pages) expect(size).toEqual([595, 842]);
  }, 60_000);

  it("the value page renders with no console error and no request", async () => {
    const dir = folder({ "high.csv": `cohort,period,customers\n${[1000, 869, 743, 653].map((n, t) => `0,${t},${n}`).join("\n")}\n` });
    const { file } = await page(["value", "--cohorts", join(dir, "high.csv"), "--model", "sbg", "--discount-rate", "0.1", "--margin", "100", "--acquisition-cost", "0"]);
    const seen = await visit(browser, file, 1280, shot(join(dir, "value.png")));
    expect(seen.errors).toEqual([]);
    expect(seen.requests).toEqual([`file://${file}`]);
  }, 60_000);
});
if (!CHROMIUM) describe("the dashboard in headless Chromium", () => it("is skipped: Chromium is absent (apt-get install chromium)", () => {}));
