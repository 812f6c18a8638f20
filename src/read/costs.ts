/**
 * The optional costs file: one row per year with acquisition and servicing costs, added to
 * any costs given per row. With --by, each row also names its segment in the --by columns.
 */
import * as z from "zod/mini";
import type { Segments } from "../model/segments.js";
import { groupOfFields } from "./group-index.js";
import type { IssueCode, IssueLog } from "../issues.js";
import { isNegative } from "../money.js";
import { InputProblem, type Source } from "../io/source.js";
import { fileCells } from "./options.js";
import { sideRecords } from "./side-records.js";
import { describeFound, normalizeHeader } from "../schema/columns.js";
import { cellSchemas, type CellOptions } from "../schema/row.js";
import { markerProblem } from "../schema/currency-marker.js";

const COST_COLUMNS = {
  year: ["year", "fiscal year", "fy"],
  acquisition: ["acquisition cost", "acquisition costs", "acquisition"],
  retention: ["servicing cost", "servicing costs", "service cost", "service costs", "servicing", "retention cost"],
} as const;

type CostField = keyof typeof COST_COLUMNS;

export async function readCostsFile(
  src: Source,
  segments: Segments,
  log: IssueLog,
  options: { delimiter?: string | undefined; cells: CellOptions },
): Promise<number> {
  let rows = 0;
  try {
    const file = await sideRecords(src, log, options.delimiter, options.cells.decimalComma ? "," : ".");
    if (!file) return rows;
    const header = file.header.fields;
    const normalized = header.map(normalizeHeader);
    const index: Partial<Record<CostField, number>> = {};
    for (const field of Object.keys(COST_COLUMNS) as CostField[]) {
      const i = normalized.findIndex((n) => (COST_COLUMNS[field] as readonly string[]).includes(n));
      if (i !== -1) index[field] = i;
    }
    if (index.year === undefined || (index.acquisition === undefined && index.retention === undefined)) {
      const detail = `${index.year === undefined ? "year" : "acquisition cost or servicing cost"}; ${describeFound(header)}`;
      log.add({ severity: "error", code: "missing-column", file: src.name, line: file.header.line, detail });
      return rows;
    }
    // With --by a cost belongs to a segment: a file that does not say which cannot be split.
    const by = (options.cells.by ?? []).map((column) => normalized.indexOf(normalizeHeader(column)));
    const lacking = (options.cells.by ?? []).filter((_, k) => by[k] === -1);
    if (lacking.length > 0) {
      const detail = `${lacking.map((c) => JSON.stringify(c)).join(", ")} (named by --by ${options.cells.by!.join(",")}): with --by, each cost names its segment; ${describeFound(header)}`;
      log.add({ severity: "error", code: "missing-column", file: src.name, line: file.header.line, detail });
      return rows;
    }
    const cells = cellSchemas(fileCells(options.cells, file.delimiter));
    const shape = {
      year: cells.year,
      acquisition: index.acquisition === undefined ? z.undefined() : cells.cost,
      retention: index.retention === undefined ? z.undefined() : cells.cost,
    };
    const schema = z.object(shape);
    for await (const record of file.rows) {
      rows++;
      const raw = {
        year: record.fields[index.year]!,
        acquisition: index.acquisition === undefined ? undefined : record.fields[index.acquisition]!,
        retention: index.retention === undefined ? undefined : record.fields[index.retention]!,
      };
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        for (const problem of parsed.error.issues) {
          const field = problem.path[0] as CostField;
          const column = header[index[field]!]!.trim();
          log.add({ severity: "error", code: problem.message as IssueCode, file: src.name, line: record.line, column, value: raw[field] ?? "" });
        }
        continue;
      }
      const { year, acquisition, retention } = parsed.data;
      // The costs file has no currency column: its costs are in the run's currency.
      const marked = markerProblem(header, record.fields, [index.acquisition ?? -1, index.retention ?? -1], { code: options.cells.currency });
      if (marked) {
        log.add({ ...marked, file: src.name, line: record.line });
        continue;
      }
      // A negative cost is as suspect here as in a row: the same warning (an error under --strict).
      for (const field of ["acquisition", "retention"] as const) {
        const cost = parsed.data[field];
        if (cost && isNegative(cost)) {
          log.add({ severity: "warning", code: "negative-amount", file: src.name, line: record.line, column: header[index[field]!]!.trim(), value: raw[field] ?? "" });
        }
      }
      const ledger = segments.of(groupOfFields(record.fields, by));
      if (acquisition) ledger.addCost("acquisition", year, acquisition);
      if (retention) ledger.addCost("retention", year, retention);
    }
  } catch (error) {
    if (!(error instanceof InputProblem)) throw error;
    log.add(error.issue);
  }
  return rows;
}
