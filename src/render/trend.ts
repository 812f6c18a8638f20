/**
 * A trend line chart for the dashboard, pure SVG text: periods along x, money along y, one line
 * per series on a common scale, a dot per point whose tooltip is the exact figure (the caller's
 * text, as JSON has it). Axis labels are abbreviated (12.5k): they are scale marks, not figures.
 */
import { escapeHtml } from "./svg.js";

export interface TrendSeries {
  name: string;
  kind: string;
  /** y per period (real-valued geometry) and the figure shown in its tooltip. */
  points: { y: number; figure: string }[];
}

/** A label's height in px, for keeping the axis marks apart. */
const LABEL_HEIGHT = 12;

const fmt = (x: number) => (Math.round(x * 10) / 10).toString();

/** 1234567 -> "1.2M", -12500 -> "-12.5k", 340 -> "340". */
export function abbreviate(x: number): string {
  const a = Math.abs(x);
  const [d, s] = a >= 1e9 ? [1e9, "B"] : a >= 1e6 ? [1e6, "M"] : a >= 1e3 ? [1e3, "k"] : [1, ""];
  const text = (a / d).toFixed(a / d >= 100 || d === 1 ? 0 : 1).replace(/\.0$/, "");
  return `${x < 0 ? "-" : ""}${text}${s}`;
}

export function trendChart(id: string, title: string, description: string, labels: readonly string[], series: readonly TrendSeries[], options: { width?: number; height?: number } = {}): string {
  const width = options.width ?? 520;
  const height = options.height ?? 220;
  const legendRows = Math.ceil(series.length / 3);
  const [left, right, top, bottom] = [46, width - 12, 14, height - 30 - 14 * legendRows];
  const n = labels.length;
  const values = series.flatMap((s) => s.points.map((p) => p.y));
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const x = (i: number) => left + (n <= 1 ? (right - left) / 2 : (i / (n - 1)) * (right - left));
  const y = (v: number) => top + ((max - v) / (max - min || 1)) * (bottom - top);
  const lines = series.map((s) => {
    const pts = s.points.map((p, i) => [x(i), y(p.y)] as const);
    const dots = s.points.map((p, i) => `<circle cx="${fmt(x(i))}" cy="${fmt(y(p.y))}" r="2.5"><title>${escapeHtml(`${s.name}, ${labels[i]}: ${p.figure}`)}</title></circle>`).join("");
    return `<g class="series ${s.kind}"><polyline points="${pts.map(([px, py]) => `${fmt(px)},${fmt(py)}`).join(" ")}"></polyline>${dots}</g>`;
  });
  // The first and last period under the axis, and those between that fit (56 px each, none crowding the last)
  const every = Math.max(1, Math.ceil((n * 56) / Math.max(1, right - left)));
  const ticked = (i: number) => i === n - 1 || (i % every === 0 && n - 1 - i >= every);
  // The last label ends at its point and the first starts at its own, so neither runs off the chart
  const anchor = (i: number) => (n > 1 && i === n - 1 ? " end" : n > 1 && i === 0 ? " start" : "");
  const ticks = labels.map((l, i) => (ticked(i) ? `<text class="label${anchor(i)}" x="${fmt(x(i))}" y="${bottom + 14}">${escapeHtml(l)}</text>` : "")).join("");
  // The scale's top, bottom and zero, each only where it clears those already placed (a label
  // is 12 px tall): a chart below zero has its top at 0, drawn once
  const marks: number[] = [];
  for (const v of [max, min, 0]) if (marks.every((m) => Math.abs(y(m) - y(v)) >= LABEL_HEIGHT)) marks.push(v);
  const axis = `<line class="zero" x1="${left}" x2="${right}" y1="${fmt(y(0))}" y2="${fmt(y(0))}"></line>${marks.map((v) => `<text class="label axis" x="${left - 4}" y="${fmt(y(v) + 4)}">${abbreviate(v)}</text>`).join("")}`;
  const legend = series.map((s, i) => `<text class="legend ${s.kind}" x="${left + (i % 3) * 150}" y="${height - 8 - 14 * (legendRows - 1 - Math.floor(i / 3))}">— ${escapeHtml(s.name)}</text>`).join("");
  return `<svg class="chart trend" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc"><title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(description)}</desc>${axis}${ticks}${lines.join("")}${legend}</svg>`;
}

/** CSS of the trend charts, added to the page's. */
export const TREND_CSS = `
svg.trend polyline { fill: none; stroke-width: 2; } svg.trend text.axis, svg.trend text.end { text-anchor: end; } svg.trend text.start { text-anchor: start; }
svg .series.acquisition polyline { stroke: var(--acq); } svg .series.acquisition circle { fill: var(--acq); }
svg .series.retention polyline { stroke: var(--ret); } svg .series.retention circle { fill: var(--ret); }
svg .series.churn polyline { stroke: var(--churn); } svg .series.churn circle { fill: var(--churn); }
svg .series.total polyline { stroke: var(--total); stroke-width: 3; } svg .series.total circle { fill: var(--total); }
svg .series.other polyline { stroke: var(--other); } svg .series.other circle { fill: var(--other); }
svg text.legend.acquisition { fill: var(--acq); } svg text.legend.retention { fill: var(--ret); } svg text.legend.churn { fill: var(--churn); }
svg text.legend.total { fill: var(--total); } svg text.legend.other { fill: var(--other); }
`;
