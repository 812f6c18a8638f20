/**
 * Small SVG charts for the HTML dashboard, pure strings: bars with a native tooltip (<title>) each,
 * a zero line, and labels under every bar so no series is told apart by colour alone. Geometry is
 * real-valued; the figures in tooltips and labels are the exact text the caller gives.
 */

import { TREND_CSS } from "./trend.js";
import { HEATMAP_CSS } from "./heatmap-css.js";

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface Bar {
  /** Under the bar. */
  label: string;
  /** Where the bar starts and ends on the value axis (a waterfall step starts where the last ended). */
  from: number;
  to: number;
  /** A CSS class: its colour and pattern. */
  kind: string;
  /** The figure printed over the bar and in its tooltip. */
  figure: string;
  /** The tooltip's text (hover): the bar's name and figures. */
  tooltip: string;
  /** A part of the bar drawn inside it from its start (won-back customers inside the new), with its own tooltip. */
  part?: { to: number; kind: string; tooltip: string };
}

const fmt = (x: number) => (Math.round(x * 10) / 10).toString();

/** A character's width at the charts' 11 px, at most (digits of system-ui measure 6.2 px in Chromium). */
const CHAR_WIDTH = 6.6;

/** Vertical bars over a shared value axis; `id` names the title and description for screen readers. */
export function barChart(id: string, title: string, description: string, bars: readonly Bar[], options: { width?: number; height?: number; domain?: readonly [number, number] } = {}): string {
  // Each bar's slot holds its figure and its label side by side with the next one's: a chart too
  // narrow for its longest text is widened (it scales down with the page, text and all)
  const longest = Math.max(0, ...bars.flatMap((b) => [b.figure.length, b.label.length]));
  const slotWidth = Math.max(70, Math.ceil(longest * CHAR_WIDTH) + 8);
  const width = Math.max(options.width ?? 220, slotWidth * bars.length + 20);
  const height = options.height ?? 200;
  const top = 24;
  // Room under the zero line for a negative bar's figure above the labels, which sit at height − 14
  const bottom = height - 40;
  const values = bars.flatMap((b) => [b.from, b.to]);
  // Small multiples share one domain, so that their bars compare
  const max = Math.max(0, ...values, options.domain?.[1] ?? 0);
  const min = Math.min(0, ...values, options.domain?.[0] ?? 0);
  const span = max - min || 1;
  const y = (v: number) => top + ((max - v) / span) * (bottom - top);
  const slot = (width - 20) / Math.max(1, bars.length);
  const barWidth = Math.min(48, slot * 0.7);
  const parts = bars.map((b, i) => {
    const x = 10 + i * slot + (slot - barWidth) / 2;
    const [y1, y2] = [y(Math.max(b.from, b.to)), y(Math.min(b.from, b.to))];
    const h = Math.max(1, y2 - y1);
    const labelY = b.to >= b.from ? y1 - 5 : y2 + 13;
    const part = b.part && b.part.to !== b.from ? partRect(b.part, b.from, x, barWidth, y) : "";
    return `<g class="bar ${b.kind}"><title>${escapeHtml(b.tooltip)}</title><rect x="${fmt(x)}" y="${fmt(y1)}" width="${fmt(barWidth)}" height="${fmt(h)}" rx="2"></rect>${part}<text class="figure" x="${fmt(x + barWidth / 2)}" y="${fmt(Math.min(Math.max(labelY, 12), bottom + 12))}">${escapeHtml(b.figure)}</text><text class="label" x="${fmt(x + barWidth / 2)}" y="${height - 14}">${escapeHtml(b.label)}</text></g>`;
  });
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc"><title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(description)}</desc><line class="zero" x1="6" x2="${width - 6}" y1="${fmt(y(0))}" y2="${fmt(y(0))}"></line>${parts.join("")}</svg>`;
}

/** A bar's part, drawn over it from its start, with its own tooltip. */
function partRect(part: NonNullable<Bar["part"]>, from: number, x: number, width: number, y: (v: number) => number): string {
  const [y1, y2] = [y(Math.max(from, part.to)), y(Math.min(from, part.to))];
  return `<g class="part ${part.kind}"><title>${escapeHtml(part.tooltip)}</title><rect x="${fmt(x)}" y="${fmt(y1)}" width="${fmt(width)}" height="${fmt(Math.max(1, y2 - y1))}"></rect></g>`;
}

export interface Series {
  name: string;
  kind: string;
  /** y per x; null where there is no point. */
  points: (number | null)[];
  /** Dots only (observed data) rather than a line (a model). */
  dots?: boolean;
}

/** A line chart over x = 0, 1, …, with a legend in words. */
export function lineChart(id: string, title: string, description: string, series: readonly Series[], options: { width?: number; height?: number; min?: number; max?: number } = {}): string {
  const width = options.width ?? 420;
  const height = options.height ?? 220;
  const [left, right, top, bottom] = [36, width - 10, 16, height - 40];
  const n = Math.max(...series.map((s) => s.points.length));
  const values = series.flatMap((s) => s.points.filter((p): p is number => p !== null));
  const max = options.max ?? Math.max(...values);
  const min = options.min ?? Math.min(0, ...values);
  const x = (i: number) => left + (n <= 1 ? 0 : (i / (n - 1)) * (right - left));
  const y = (v: number) => top + ((max - v) / (max - min || 1)) * (bottom - top);
  const drawn = series.map((s) => {
    const pts = s.points.map((p, i) => (p === null ? null : ([x(i), y(p), p, i] as const))).filter((p) => p !== null);
    const marks = pts.map(([px, py, p, i]) => `<circle cx="${fmt(px)}" cy="${fmt(py)}" r="${s.dots ? 3.5 : 2}"><title>${escapeHtml(`${s.name}, period ${i}: ${p.toFixed(4)}`)}</title></circle>`).join("");
    const line = s.dots ? "" : `<polyline points="${pts.map(([px, py]) => `${fmt(px)},${fmt(py)}`).join(" ")}"></polyline>`;
    return `<g class="series ${s.kind}">${line}${marks}</g>`;
  });
  const legend = series.map((s, i) => `<text class="legend ${s.kind}" x="${left + i * 170}" y="${height - 8}">${s.dots ? "● " : "— "}${escapeHtml(s.name)}</text>`).join("");
  const axis = `<line class="zero" x1="${left}" x2="${right}" y1="${fmt(y(min))}" y2="${fmt(y(min))}"></line><text class="label" x="${left - 4}" y="${fmt(y(max) + 4)}" text-anchor="end">${max.toFixed(2)}</text><text class="label" x="${left - 4}" y="${fmt(y(min) + 4)}" text-anchor="end">${min.toFixed(2)}</text><text class="label" x="${right}" y="${bottom + 14}" text-anchor="end">periods after acquisition: 0 to ${n - 1}</text>`;
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc"><title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(description)}</desc>${axis}${drawn.join("")}${legend}</svg>`;
}

/** A table behind a chart: what a screen reader reads, and what a reader can copy. */
export function dataTable(caption: string, headers: readonly string[], rows: readonly (readonly string[])[], numericFrom = 1): string {
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("");
  const body = rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td${i >= numericFrom ? ' class="num"' : ""}>${escapeHtml(c)}</td>`)).join("")}</tr>`).join("");
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/**
 * A box that scrolls sideways must be reachable from the keyboard (WCAG 2.1.1; axe's
 * scrollable-region-focusable): each table's box takes the focus, named by the table's caption.
 */
function focusableScrolls(body: string): string {
  return body.replace(/<div class="scroll">(<table[^>]*><caption>([^<]*)<\/caption>)/g, (_, table: string, caption: string) => `<div class="scroll" tabindex="0" role="region" aria-label="${caption}">${table}`);
}

/** The page around the sections: inline CSS only (light and dark, A4 print), no script that runs, nothing fetched. */
export function page(title: string, subtitle: string, body: string, data: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ceq">
<title>${escapeHtml(title)}</title>
<style>${CSS}${TREND_CSS}${HEATMAP_CSS}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><p>${escapeHtml(subtitle)}</p></header>
<main>
${focusableScrolls(body)}
</main>
<footer><p>Made by ceq. Every figure is the same as in <code>--format json</code>, which this file also carries (the data block at its end).</p></footer>
<script type="application/json" id="ceq-data">${data.replace(/</g, "\\u003c")}</script>
</body>
</html>
`;
}

const CSS = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --card: #f6f8fa;
  --acq: #1a7f37; --ret: #0969da; --churn: #cf222e; --total: #6e40c9; --other: #9a6700; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #30363d; --card: #161b22;
  --acq: #3fb950; --ret: #4493f8; --churn: #f85149; --total: #a371f7; --other: #d29922; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 12px 20px; }
h1 { font-size: 1.6rem; margin: 8px 0 0; } h2 { font-size: 1.15rem; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
header p, footer p, .note { color: var(--muted); margin: 4px 0; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 190px), 1fr)); gap: 10px; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.kpi .name { color: var(--muted); font-size: .85rem; } .kpi .value { font-size: 1.35rem; font-weight: 600; font-variant-numeric: tabular-nums; }
.charts { display: flex; flex-wrap: wrap; gap: 12px; }
figure { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 8px; max-width: 100%; break-inside: avoid; }
figcaption { font-weight: 600; font-size: .9rem; margin: 0 0 4px 4px; }
svg.chart { max-width: 100%; height: auto; display: block; }
svg .zero { stroke: var(--muted); stroke-width: 1; }
svg text { fill: var(--fg); font-size: 11px; text-anchor: middle; } svg text.label { fill: var(--muted); }
svg .bar rect { stroke: var(--fg); stroke-width: .5; }
svg .acquisition rect { fill: var(--acq); } svg .retention rect { fill: var(--ret); } svg .churn rect { fill: var(--churn); }
svg .total rect { fill: var(--total); } svg .other rect { fill: var(--other); }
svg .bar:hover rect { opacity: .75; }
svg .series polyline { fill: none; stroke-width: 2; } svg .series.fitted polyline { stroke: var(--ret); } svg .series.fitted circle { fill: var(--ret); }
svg .series.actual circle { fill: var(--churn); } svg text.legend { text-anchor: start; }
table { border-collapse: collapse; margin: 10px 0 4px; font-variant-numeric: tabular-nums; font-size: .9rem; }
caption { text-align: left; color: var(--muted); padding-bottom: 4px; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 10px; text-align: left; } td.num { text-align: right; }
details summary { cursor: pointer; color: var(--muted); margin-top: 6px; }
.scroll { overflow-x: auto; max-width: 100%; } .scroll:focus-visible { outline: 2px solid var(--ret); outline-offset: 2px; }
main { min-width: 0; } section { min-width: 0; max-width: 100%; }
.kpi { min-width: 0; } .kpi .value { overflow-wrap: anywhere; font-size: clamp(1.05rem, 0.9rem + 0.6vw, 1.35rem); }
svg .part rect { fill: var(--other); stroke: var(--fg); stroke-width: .5; }
figure.owner { flex: 1 1 440px; min-width: 0; } figure.owner table { font-size: .8rem; }
@page { size: A4; margin: 12mm; }
@media print { body { font-size: 11px; background: #fff; color: #000; } header, main, footer { max-width: none; padding: 0; }
  details > table, details { display: block; } details summary { display: none; } figure { border-color: #999; } }
`;
