/**
 * The sheets a workbook file lists, read without reading its sheets: its central directory says
 * where xl/workbook.xml is, and that part alone is inflated. For a folder's files (`--dir`), whose
 * phases may be a workbook's sheets.
 */
import { closeSync, fstatSync, openSync } from "node:fs";
import { parseWorkbook } from "./parts.js";
import type { SheetEntry } from "./sheets.js";
import { entryBytes, zipEntries } from "./zip.js";

/** The sheets of the workbook at `path`, or undefined when it is not one (not a ZIP, no xl/workbook.xml, unreadable). */
export async function workbookSheets(path: string): Promise<SheetEntry[] | undefined> {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return undefined;
  }
  try {
    const entry = (await zipEntries(fd, fstatSync(fd).size)).get("xl/workbook.xml");
    return entry ? parseWorkbook((await entryBytes(fd, entry)).toString("utf8")).sheets : undefined;
  } catch {
    return undefined; // a damaged archive: the reader, which reads it whole, says what is wrong
  } finally {
    closeSync(fd);
  }
}
