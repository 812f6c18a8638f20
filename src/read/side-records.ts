/**
 * The records of a side file (fx rates, costs, cohorts): the header, then each row that has as
 * many fields as the header. A ragged row is an error at its line, as in the main inputs: a
 * decimal-comma rate written unquoted (`EUR,2023,1,1`) must not be read as its first half.
 */
import type { IssueLog } from "../issues.js";
import { readRecords, type CsvRecord } from "../csv/records.js";
import type { Source } from "../io/source.js";

export interface SideFile {
  header: CsvRecord;
  /** The delimiter it is read with (given, or detected); "," for a workbook. */
  delimiter: string;
  /** The rows whose field count matches the header's; the others are logged. */
  rows: AsyncGenerator<CsvRecord>;
}

/**
 * The header and rows of a side file, or undefined (an empty-file error logged) when it has no line.
 * `decimalMark` is the one its amounts are read with: a workbook's number cells are written with it.
 */
export async function sideRecords(src: Source, log: IssueLog, delimiter: string | undefined, decimalMark: "." | ","): Promise<SideFile | undefined> {
  // A workbook's warnings (a number rounded to Excel's digits) go to the run's log, as for the main inputs.
  let detected = delimiter ?? ",";
  const records = readRecords(src, { delimiter, decimalMark, onWarning: (issue) => log.add(issue), onDelimiter: (d) => (detected = d) });
  const first = await records.next();
  if (first.done) {
    log.add({ severity: "error", code: "empty-file", file: src.name });
    return undefined;
  }
  const header = first.value;
  async function* rows(): AsyncGenerator<CsvRecord> {
    for await (const record of records) {
      if (record.fields.length === header.fields.length) yield record;
      else log.add({ severity: "error", code: "ragged-row", file: src.name, line: record.line, detail: `${record.fields.length} fields; the header has ${header.fields.length}` });
    }
  }
  return { header, delimiter: detected, rows: rows() };
}
