import type { Summary } from "../model/equity.js";
import type { Issue } from "../issues.js";
import type { FxRate } from "../schema/row.js";
import type { CohortView } from "./cohorts.js";

export const FORMATS = ["table", "csv", "tsv", "json", "markdown"] as const;
export type Format = (typeof FORMATS)[number];

/** Every format some command writes: the text ones, the HTML dashboard and the Excel workbook. */
export const ALL_FORMATS = [...FORMATS, "html", "xlsx"] as const;
export type AnyFormat = (typeof ALL_FORMATS)[number];

export interface RenderOptions {
  currency: string;
  /** Decimals money is rounded to (the currency's minor unit unless overridden). */
  decimals: number;
  /** Whether the table may use color; renderers never look at the terminal themselves. */
  color: boolean;
  /** The columns the table must fit in (the terminal's width); undefined for the full layout. */
  width?: number;
  /** Warnings to carry in formats that have room for them (JSON). */
  warnings: readonly Issue[];
  /** The exchange rates that converted rows (--fx-rates), listed in JSON. */
  fxRates?: readonly FxRate[];
  /** `--explain`: one period's formulas with their figures (after the table; in JSON, `explain`). */
  explain?: readonly string[];
  /** A chart drawn for the table (see chart.ts), printed between the tables and --explain's lines. */
  chart?: string;
  /** A log's acquisition cohorts, for the dashboard's heatmap. */
  cohorts?: CohortView;
  /** With --by, the dashboard's small multiples show this many segments, the rest as "other". */
  top?: number;
  /** `--owners`, `--bridge` or `--movements` with `--format xlsx`: the workbook's sheet of that view. */
  view?: "owners" | "bridge" | "movements";
}

/** A renderer is pure: the summary in, the whole text out. */
export type Renderer = (summary: Summary, options: RenderOptions) => string;
