/**
 * `ceq value --cohorts FILE`: survivors per acquisition cohort, in the long shape `ceq cohorts`
 * writes (`cohort,period,customers,revenue`; revenue optional), so published survival data can be
 * fed in directly. Periods are years (or plain period numbers: 0, 1, 2, …), fiscal quarters
 * (`2025-Q1`) or months (`2024-04`), one kind per file.
 */
import type { IssueLog } from "../issues.js";
import { InputProblem, type Source } from "../io/source.js";
import { sideRecords } from "./side-records.js";
import type { Cohort, CohortTable } from "../model/cohorts.js";
import { parseAmount } from "../schema/amount.js";
import { describeFound, normalizeHeader } from "../schema/columns.js";
import { periodLabel, quarterOfLabel, type PeriodKind } from "../schema/period.js";
import type { Decimal } from "../money.js";

/** A period as `ceq cohorts` writes it, as its kind and number (see schema/period.ts). */
export function parsePeriodLabel(text: string): { kind: PeriodKind; key: number } | null {
  const t = text.trim();
  if (/^\d{1,4}$/.test(t)) return { kind: "year", key: Number(t) };
  const quarter = quarterOfLabel(t);
  if (quarter !== null) return { kind: "quarter", key: quarter };
  const month = /^(\d{4})-(\d{2})$/.exec(t);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12) return { kind: "month", key: Number(month[1]) * 12 + Number(month[2]) - 1 };
  return null;
}

export interface CohortsFile {
  table: CohortTable;
  kind: PeriodKind;
}

const COLUMNS = { cohort: ["cohort"], period: ["period"], customers: ["customers", "survivors", "active customers"], revenue: ["revenue"] } as const;

/** Reads a cohorts file; problems go to the log (file:line, column, value), and then no table. */
export async function readCohortsFile(src: Source, log: IssueLog, delimiter: string | undefined): Promise<CohortsFile | undefined> {
  const cells = new Map<number, Map<number, { customers: number; revenue: Decimal | null; line: number }>>();
  let kind: PeriodKind | undefined;
  try {
    // Its revenue is read with a decimal point whatever --decimal-comma says (as `ceq cohorts` writes it).
    const file = await sideRecords(src, log, delimiter, ".");
    if (!file) return undefined;
    const header = file.header.fields;
    const normalized = header.map(normalizeHeader);
    const at = (names: readonly string[]) => normalized.findIndex((n) => names.includes(n));
    const index = { cohort: at(COLUMNS.cohort), period: at(COLUMNS.period), customers: at(COLUMNS.customers), revenue: at(COLUMNS.revenue) };
    if (index.cohort === -1 || index.period === -1 || index.customers === -1) {
      return void log.add({ severity: "error", code: "missing-column", file: src.name, line: file.header.line, detail: `cohort, period and customers (revenue optional); ${describeFound(header)}` });
    }
    const column = (i: number) => header[i]!.trim();
    for await (const record of file.rows) {
      const { fields, line } = record;
      const cohort = parsePeriodLabel(fields[index.cohort]!);
      const period = parsePeriodLabel(fields[index.period]!);
      const customersText = fields[index.customers]!.trim();
      const customers = /^\d{1,15}$/.test(customersText) ? Number(customersText) : null;
      const revenue = index.revenue === -1 || fields[index.revenue]!.trim() === "" ? null : parseAmount(fields[index.revenue]!, { decimalComma: false });
      const bad = (i: number, code: "bad-period" | "bad-survivors" | "bad-amount") => log.add({ severity: "error", code, file: src.name, line, column: column(i), value: fields[i]! });
      if (!cohort) bad(index.cohort, "bad-period");
      if (!period) bad(index.period, "bad-period");
      if (customers === null) bad(index.customers, "bad-survivors");
      if (index.revenue !== -1 && fields[index.revenue]!.trim() !== "" && revenue === null) bad(index.revenue, "bad-amount");
      if (!cohort || !period || customers === null) continue;
      const problem = (detail: string) => log.add({ severity: "error", code: "cohort-cell", file: src.name, line, detail });
      kind ??= cohort.kind;
      if (cohort.kind !== kind || period.kind !== kind) {
        problem(`mixes periods of two kinds (${kind}s above, "${fields[cohort.kind !== kind ? index.cohort : index.period]!.trim()}" here): one file holds years, quarters or months`);
        continue;
      }
      if (period.key < cohort.key) {
        problem(`period ${fields[index.period]!.trim()} comes before its cohort ${fields[index.cohort]!.trim()}`);
        continue;
      }
      let held = cells.get(cohort.key);
      if (!held) cells.set(cohort.key, (held = new Map()));
      const twice = held.get(period.key);
      if (twice) {
        problem(`cohort ${fields[index.cohort]!.trim()}, period ${fields[index.period]!.trim()} is given twice (first at line ${twice.line})`);
        continue;
      }
      held.set(period.key, { customers, revenue, line });
    }
  } catch (error) {
    if (!(error instanceof InputProblem)) throw error;
    return void log.add(error.issue);
  }
  if (kind === undefined) return void log.add({ severity: "error", code: "no-rows", file: src.name });
  return { table: tableOf(cells, kind, src.name, log), kind };
}

/** Cohorts from their cells: each from its own period to the file's last, a missing cell an error. */
function tableOf(cells: Map<number, Map<number, { customers: number; revenue: Decimal | null; line: number }>>, kind: PeriodKind, file: string, log: IssueLog): CohortTable {
  const label = (p: number) => periodLabel(p, { kind, fiscalYearStart: 1 });
  const last = Math.max(...[...cells.values()].flatMap((held) => [...held.keys()]));
  const cohorts: Cohort[] = [...cells.keys()].sort((a, b) => a - b).map((period) => {
    const held = cells.get(period)!;
    const end = Math.max(...held.keys());
    const list = [];
    for (let p = period; p <= end; p++) {
      const cell = held.get(p);
      if (!cell) log.add({ severity: "error", code: "cohort-cell", file, detail: `cohort ${label(period)} has no row for period ${label(p)}: give every period from the cohort's own to its last, with 0 customers where none is left` });
      list.push({ period: p, customers: cell?.customers ?? 0, revenue: cell?.revenue ?? null });
    }
    return { period, cells: list };
  });
  return { cohorts, last };
}
