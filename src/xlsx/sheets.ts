/** Which sheet of a workbook is read. Pure. */

/** A sheet as xl/workbook.xml lists it, in tab order; `state` is "hidden" or "veryHidden" for sheets not shown. */
export interface SheetEntry {
  readonly name: string;
  readonly state?: string | undefined;
}

const visible = (s: SheetEntry): boolean => s.state === undefined || s.state === "visible";

/** The sheets as a message lists them: `"New", "Retained", "Old" (hidden)`. */
export function describeSheets(sheets: readonly SheetEntry[]): string {
  return sheets.map((s) => `${JSON.stringify(s.name)}${visible(s) ? "" : " (hidden)"}`).join(", ");
}

/**
 * The sheet `--sheet` names: by name first (as Excel compares them, ignoring case), else by its
 * 1-based number in tab order; without `--sheet`, the first visible sheet, as the file opens on
 * a sheet the user sees. A name that is neither is a message listing the sheets there are.
 */
export function chooseSheet(sheets: readonly SheetEntry[], wanted: string | undefined): string | { detail: string } {
  if (wanted === undefined) {
    const first = sheets.find(visible) ?? sheets[0];
    return first ? first.name : { detail: "the workbook has no sheets" };
  }
  const key = wanted.trim().toLowerCase();
  const named = sheets.find((s) => s.name.trim().toLowerCase() === key);
  if (named) return named.name;
  if (/^\d+$/.test(key)) {
    const n = Number(key);
    if (n >= 1 && n <= sheets.length) return sheets[n - 1]!.name;
  }
  const count = `${sheets.length} sheet${sheets.length === 1 ? "" : "s"}`;
  return { detail: `the workbook has ${count}: ${describeSheets(sheets)} (--sheet takes a name, or a number from 1 to ${sheets.length})` };
}
