#!/usr/bin/env node
/**
 * The README's dashboard screenshots: the demo's --format html in Debian's Chromium (through
 * playwright-core) at 1280 and 390 pixels, into docs/. Run after `npm run build`:
 *   node scripts/screenshots.mjs
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const page = join(mkdtempSync(join(tmpdir(), "ceq-shots-")), "dashboard.html");
execFileSync(process.execPath, [join(ROOT, "bin", "ceq.js"), "--dir", join(ROOT, "fixtures", "demo"), "-o", page]);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
for (const width of [1280, 390]) {
  const tab = await browser.newPage({ viewport: { width, height: 900 } });
  await tab.goto(pathToFileURL(page).href);
  await tab.screenshot({ path: join(ROOT, "docs", `dashboard-${width}.png`), fullPage: width !== 1280, clip: width === 1280 ? { x: 0, y: 0, width, height: 1000 } : undefined });
  await tab.close();
}
await browser.close();
