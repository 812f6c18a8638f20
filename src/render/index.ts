import { renderCsv, renderTsv } from "./csv.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { renderTable } from "./table.js";
import type { Format, Renderer } from "./types.js";

export { ALL_FORMATS, FORMATS, type AnyFormat, type Format, type RenderOptions, type Renderer } from "./types.js";

export const renderers = {
  table: renderTable,
  csv: renderCsv,
  tsv: renderTsv,
  json: renderJson,
  markdown: renderMarkdown,
} satisfies Record<Format, Renderer>;
