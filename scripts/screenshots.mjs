#!/usr/bin/env node
/**
 * The dashboard screenshots of docs/dashboard.md and docs/owners.md: the demo's --format html in Debian's Chromium (through
 * playwright-core) at 1280 and 390 pixels, into docs/ (dashboard-*.png: the top; owners-*.png: the
 * bridge and the owners' panels). Run after `npm run build`:
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
  // The top of the page: the figures and the trend at 1280, a phone's first screens at 390
  await tab.screenshot({ path: join(ROOT, "docs", `dashboard-${width}.png`), clip: { x: 0, y: 0, width, height: width === 1280 ? 1000 : 1800 } });
  // The phase owners' part: the bridge and the owners' panels (at 390 px, the bridge and the first panels)
  const bridge = await tab.locator("section", { hasText: "Bridge: what moved customer equity" }).boundingBox();
  const owners = await tab.locator("section", { hasText: "Phase owners: outcome, outputs and activities" }).boundingBox();
  if (bridge && owners) {
    const height = Math.min(owners.y + owners.height - bridge.y + 20, width === 1280 ? 4000 : 2400);
    await tab.screenshot({ path: join(ROOT, "docs", `owners-${width}.png`), fullPage: true, clip: { x: 0, y: bridge.y - 10, width, height } });
  }
  await tab.close();
}
await browser.close();
