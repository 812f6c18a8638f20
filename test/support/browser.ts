/**
 * Headless Chromium from Debian's package, driven by playwright-core (no browser of its own is
 * downloaded): a page opened from a file, its console errors and every request it makes recorded.
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);

/** Flags for a machine with no network and no display: nothing in the background reaches out. */
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"];

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM!, args: ARGS });
}

/** A screenshot's path under CEQ_DEEP=1 (as .ci/run sets it), else none. */
export const shot = (path: string): string | undefined => (process.env.CEQ_DEEP === "1" ? path : undefined);

export interface Visit {
  errors: string[];
  requests: string[];
}

/**
 * Opens a file at a width (and colour scheme), waits for it to load, and takes a full-page
 * screenshot where a path is given: the screenshot's PNG is most of a visit's CPU, so quick runs
 * pass `shot(path)`, which is undefined unless CEQ_DEEP=1 (issue 28).
 */
export async function visit(browser: Browser, file: string, width: number, screenshot: string | undefined, colorScheme: "light" | "dark" = "light"): Promise<Visit & { background: string; svgs: number; tables: number }> {
  const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  if (screenshot !== undefined) await page.screenshot({ path: screenshot, fullPage: true });
  const background = String(await page.evaluate("getComputedStyle(document.body).backgroundColor"));
  const svgs = await page.locator("svg[role=img]").count();
  const tables = await page.locator("table").count();
  await page.close();
  return { errors, requests, background, svgs, tables };
}
