/** Issues about the inputs as a whole: rows in another currency, rows left out by --where, periods a phase does not cover. */
import { PHASE_WORD } from "./identities.js";
import { type Issue } from "../issues.js";
import { hasYear, type FileState } from "./phase-rows.js";
import type { FilePlan } from "./file-plan.js";
import { periodLabel, type Periods } from "../schema/period.js";
import { describeFilter, PHASES, type Phase, type RowFilter } from "../schema/row.js";

/**
 * One error for a file with rows in another currency than the run's, at the first of them,
 * counting the rows of each currency: they were not added, and no result is printed.
 */
export function otherCurrencies(state: FileState, plan: FilePlan, run: string, rated: boolean): Issue {
  const [code, first] = [...state.foreign].sort((a, b) => a[1].line - b[1].line)[0]!;
  const rows = (n: number) => `${n.toLocaleString("en")} row${n === 1 ? "" : "s"}`;
  const counts = [`${run} in ${rows(state.rows)}`, ...[...state.foreign].map(([c, { rows: n }]) => `${c} in ${rows(n)} without a rate`)];
  const fix = rated ? `--fx-rates has no rate for ${code} in ${first.year}: add it` : "give --fx-rates FILE (currency, year, rate) to convert them, or run ceq once per currency";
  const detail = `${run}, the currency of this run (--currency): the file has ${counts.join(", ")}; amounts in two currencies are never added: ${fix}`;
  return { severity: "error", code: "other-currency", file: state.name, line: first.line, column: plan.header[plan.columns.currency!]!.trim(), value: code, detail };
}

/** How many rows each --where filter left out (`counts[k]`), over all files: one line, which --strict lets be. */
export function filteredIssue(where: readonly RowFilter[], counts: readonly (number | undefined)[]): Issue {
  const detail = where.map((f, k) => {
    const n = counts[k] ?? 0;
    return `${describeFilter(f)} left out ${n.toLocaleString("en")} row${n === 1 ? "" : "s"}`;
  });
  return { severity: "warning", lenient: true, code: "filtered", file: "", detail: detail.join(", ") };
}

/**
 * Warns about periods (years, or quarters or months) that a phase has no rows for. A phase given in several files (one a month, as
 * exports are often cut) is covered by all of them together; the warning names them all.
 */
export function coverageIssues(files: FileState[], years: Set<number>, periods: Periods): Issue[] {
  const issues: Issue[] = [];
  const groups = new Map<Phase | undefined, FileState[]>();
  for (const file of files) if (file.records > 0) groups.set(file.phase, [...(groups.get(file.phase) ?? []), file]);
  for (const [filePhase, group] of groups) {
    const name = group.map((f) => f.name).join(", ");
    for (const phase of filePhase ? [filePhase] : PHASES) {
      for (const year of [...years].sort((a, b) => a - b)) {
        if (group.some((file) => hasYear(file, phase, year))) continue;
        const period = periodLabel(year, periods);
        const detail = filePhase ? period : `${PHASE_WORD[phase]} customers in ${period}`;
        issues.push({ severity: "warning", code: "year-missing", file: name, detail });
      }
    }
  }
  return issues;
}
