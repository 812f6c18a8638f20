/**
 * The cohort heatmap: the `ceq cohorts` table (retention by acquisition cohort × periods since) as
 * a grid graded in colour by retention, each cell with its figures inside (retention, customers),
 * so that the colour only repeats what the text says. An HTML table: it reads aloud, copies, and
 * scrolls in its own box on a narrow screen. For the dashboard and `ceq cohorts --format html`.
 */
import { cohortSize } from "../model/cohorts.js";
import { approximate, fromInteger, ratio } from "../money.js";
import { periodLabel } from "../schema/period.js";
import { renderJsonCohorts, type CohortView } from "./cohorts.js";
import { escapeHtml, page } from "./svg.js";
import type { RenderOptions } from "./types.js";
import { displayCount, displayPercent } from "./values.js";

import { GRADES } from "./heatmap-css.js";

export function cohortHeatmap(view: CohortView): string {
  const { table, periods } = view;
  const width = Math.max(0, ...table.cohorts.map((c) => c.cells.length));
  const span = periods.kind === "year" ? "years" : `${periods.kind}s`;
  const head = `<tr><th scope="col">Cohort</th><th scope="col">Size</th>${Array.from({ length: width }, (_, k) => `<th scope="col">+${k}</th>`).join("")}</tr>`;
  const rows = table.cohorts.map((c) => {
    const size = cohortSize(c);
    const cells = Array.from({ length: width }, (_, k) => {
      const cell = c.cells[k];
      if (!cell) return `<td class="empty"></td>`;
      const r = ratio(fromInteger(cell.customers), fromInteger(size));
      const grade = r === null ? 0 : Math.min(GRADES - 1, Math.floor(approximate(r) * GRADES));
      const label = `${displayPercent(r)}`;
      return `<td class="heat g${grade}" title="${escapeHtml(`${periodLabel(c.period, periods)} cohort, ${periodLabel(cell.period, periods)}: ${displayCount(cell.customers)} of ${displayCount(size)} active (${label})`)}"><span class="pct">${escapeHtml(label)}</span><span class="n">${escapeHtml(displayCount(cell.customers))}</span></td>`;
    });
    return `<tr><th scope="row">${escapeHtml(periodLabel(c.period, periods))}</th><td class="num">${escapeHtml(displayCount(size))}</td>${cells.join("")}</tr>`;
  });
  const caption = `Retention by acquisition cohort: the share of each cohort active, ${span} after it was won (customers below)`;
  return `<div class="scroll"><table class="heatmap"><caption>${escapeHtml(caption)}</caption><thead>${head}</thead><tbody>${rows.join("")}</tbody></table></div>`;
}

/** The section of the dashboard. */
export const heatmapSection = (view: CohortView): string => `<section><h2>Cohorts: retention by acquisition cohort</h2>${cohortHeatmap(view)}</section>`;

/** `ceq cohorts --format html`: the heatmap as a page of its own, with the JSON it was drawn from. */
export function renderCohortsHtml(view: CohortView, options: RenderOptions): string {
  const n = view.table.cohorts.length;
  return page("Cohorts", `${options.currency} · ${n} cohort${n === 1 ? "" : "s"}`, heatmapSection(view), renderJsonCohorts(view, options).trimEnd());
}
