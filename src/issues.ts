/**
 * Problems found in the input are data: a code, where it is, the value as written and what
 * was expected. Their wording lives here only, so tests can assert codes and lines.
 */
import { amountMarker, describeMarker, exporterDispute } from "./currency.js";
import { hintOf } from "./hints.js";
import { sanitizeForTerminal } from "./text.js";

/** The hints live in hints.ts; named here too, beside the wording they follow. */
export { hintOf };

/** A notice says what ceq chose for the user (a column, the files of a folder): never a problem,
 * so it stays one under --strict and is not among a result's warnings. */
export type Severity = "error" | "warning" | "notice";

export type IssueCode =
  | "unreadable-file"
  | "invalid-encoding"
  | "malformed-csv"
  | "unclosed-quote"
  | "empty-file"
  | "missing-column"
  | "ambiguous-column"
  | "ragged-row"
  | "bad-amount"
  | "long-amount"
  | "unknown-currency"
  | "ambiguous-amount"
  | "currency-marker"
  | "too-many-customers"
  | "changed-while-read"
  | "totals-row"
  | "footer"
  | "filtered"
  | "bad-fx-rate"
  | "title-rows"
  | "bad-currency"
  | "minor-units-fraction"
  | "minor-units-currency"
  | "minor-units-disputed"
  | "other-currency"
  | "stdin-too-big"
  | "bad-year"
  | "bad-date"
  | "bad-count"
  | "bad-phase"
  | "missing-id"
  | "duplicate-id"
  | "new-and-retained"
  | "retained-and-churned"
  | "no-earlier-record"
  | "negative-amount"
  | "no-rows"
  | "missing-phase"
  | "year-missing"
  | "ignored-cost"
  | "skipped-missing-id"
  | "first-period"
  | "partial-period"
  | "too-many-groups"
  | "bad-period"
  | "bad-survivors"
  | "cohort-cell"
  | "cohort-grows"
  | "no-cohort"
  | "spend-excluded"
  | "date-without-day"
  | "refund-column"
  | "refund-value"
  | "bad-refund"
  | "non-revenue-status"
  | "unknown-status"
  | "id-column"
  | "column-choice"
  | "unique-ids"
  | "ignored-files"
  | "missing-sheet"
  | "formula-without-value"
  | "missing-shared-string"
  | "rounded-number";

export interface Issue {
  readonly severity: Severity;
  readonly code: IssueCode;
  /** The file as the user named it ("<stdin>" for standard input). */
  readonly file: string;
  readonly line?: number;
  /** A workbook's sheet; `line` is then the row's number. */
  readonly sheet?: string;
  /** A workbook's cell (`C17`), or its row (`17:17`) for a problem of the whole row. */
  readonly cell?: string;
  /** The column as its header is written. */
  readonly column?: string;
  /** The cell as written in the file. */
  readonly value?: string;
  /** Code-specific details the wording needs. */
  readonly detail?: string;
  /** A warning that stays one under --strict (a totals row that reconciles: nothing is wrong). */
  readonly lenient?: boolean;
  /**
   * The likely fix, as data: the flag to add and, where it takes one, its value. Made where the
   * run's options are known, so a remedy the run has already taken is never offered.
   */
  readonly remedy?: Remedy;
}

/** The remedy's `why` of a value named as revenue that takes revenue back (a credit memo) written with a positive amount: no flag nets it. */
export const POSITIVE_TAKEN_BACK = "positive";

export interface Remedy {
  readonly flag: string;
  readonly value?: string;
  /** Why this flag: for `--source`, the export the header looks like ("a Stripe payments export"); for a
   * value not among a column's `--revenue-values`, those values with it, the other way to settle it. */
  readonly why?: string;
  /** A `--source` preset that settles this and the rest of the file's columns at once, offered first. */
  readonly source?: { readonly name: string; readonly why: string };
}

const MAX_VALUE_CHARS = 60;

/** Quotes a value as written, escaping control characters so none reaches a terminal raw. */
export function quote(value: string): string {
  const shown = value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…` : value;
  return JSON.stringify(shown).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const wording: Record<IssueCode, (issue: Issue) => string> = {
  "unreadable-file": (i) => `cannot read the file: ${i.detail}`,
  "invalid-encoding": (i) => `invalid ${i.detail ?? "UTF-8"}: the file must be UTF-8, or UTF-16 with a byte order mark`,
  "malformed-csv": (i) => `malformed CSV: ${i.detail}`,
  "unclosed-quote": () => "a quoted field is never closed",
  "empty-file": () => "the file is empty: expected a header row",
  "missing-column": (i) => `missing required column ${i.detail}`,
  "ambiguous-column": (i) => `the header names this column more than once: ${i.detail}`,
  "ragged-row": (i) => `the row has ${i.detail}`,
  "bad-amount": (i) => `is not an amount${i.detail !== undefined ? `; ${i.detail}` : ""}`,
  "long-amount": () => "has more digits than an amount can have (at most 30 before and 30 after the decimal point)",
  "ambiguous-amount": () => 'may be a decimal or a thousands group: the file is separated by ";", as files written with a decimal comma are, so its "." may group thousands and its "," be the decimal mark',
  "unknown-currency": (i) => `is not an amount: ${amountMarker(i.value ?? "") ?? "its marker"} is not a currency code (ISO 4217, such as USD or EUR)`,
  "currency-marker": (i) => `is an amount in ${describeMarker(amountMarker(i.value ?? "") ?? "")}, not in ${i.detail}: amounts in two currencies are never added`,
  "too-many-customers": () => "the customer counts add up to more than 9,007,199,254,740,991 (2^53 − 1), past what can be counted exactly: check the count column",
  "minor-units-fraction": () => "has a decimal point, but --minor-units reads amounts as whole numbers of the currency's minor unit (4900 is 49.00): drop --minor-units if the amounts are in the major unit",
  "minor-units-currency": () => "is a currency whose minor unit ceq does not know, so --minor-units cannot say what its whole numbers are (4900 is 49.00 USD, 4900 JPY, 4.900 KWD); ceq does not guess: give these rows' amounts in the major unit, without --minor-units",
  "minor-units-disputed": (i) => `is a currency whose whole numbers exporters count in different units: ${exporterDispute((i.value ?? "").trim().toUpperCase())}; --minor-units cannot say which unit this export's are, and ceq does not guess`,
  "bad-currency": () => "is not a currency code (expected three letters, such as USD or EUR)",
  "other-currency": (i) => `is not ${i.detail}`,
  "filtered": (i) => `${i.detail}`,
  "bad-fx-rate": (i) => `${i.detail}`,
  "footer": (i) => `the report's footer after the data (${i.detail}) was skipped`,
  "title-rows": (i) => `${i.detail} above the header were skipped as the report's title (--skip-rows says how many there are)`,
  "totals-row": (i) => `is a totals row, not a customer: left out; ${i.detail}`,
  "changed-while-read": (i) => `the file changed while it was read (${i.detail}): run ceq again once the export is complete`,
  "stdin-too-big": (i) => `standard input is over ${i.detail}, more than ceq keeps to read it a second time and place the customer id problems it found: give the export as a file`,
  "bad-year": () => "is not a year (expected four digits, such as 2024, from 1900 to 2200)",
  "bad-date": (i) =>
    i.detail !== undefined && i.detail !== "YYYY-MM-DD"
      ? `is not a date in the layout ${i.detail} (--date-format), in the years 1900 to 2200`
      : "is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY/MM/DD, in the years 1900 to 2200)",
  "bad-count": () => "is not a whole number of customers from 1 to 1,000,000,000,000",
  "bad-phase": () => "is not a phase (expected new, retained or churned)",
  "missing-id": () => "is empty: every row needs a customer id when the file has that column",
  "duplicate-id": (i) => `appears twice in ${i.detail}`,
  "new-and-retained": (i) => `is both new and retained in ${i.detail}`,
  "retained-and-churned": (i) => `is both retained and churned in ${i.detail}`,
  "no-earlier-record": (i) => `has no earlier record: ${i.detail}`,
  "negative-amount": () => "is negative",
  "no-rows": () => "has no data rows",
  "missing-phase": (i) => `no ${i.detail} input given: that phase counts as zero`,
  "year-missing": (i) => `has no rows for ${i.detail}`,
  "ignored-cost": () => "churned customers carry no cost: the column is ignored",
  "skipped-missing-id": (i) => `--skip-missing-id left out ${i.detail}`,
  "first-period": (i) => `the log starts in ${i.detail}: every customer active then counts as new, having no earlier period in the log (--from reports from a later period; earlier ones still classify)`,
  "partial-period": (i) => `the log ends on ${i.detail}`,
  "bad-period": () => "is not a period (expected a year such as 2024, or a period number such as 0; a quarter such as 2025-Q1; a month such as 2024-04)",
  "bad-survivors": () => "is not a whole number of customers (0 or more)",
  "cohort-cell": (i) => `${i.detail}`,
  "cohort-grows": (i) => `${i.detail}`,
  "no-cohort": (i) => `${i.detail}`,
  "missing-sheet": (i) => `no such sheet (--sheet): ${i.detail}`,
  "formula-without-value": () => "is a formula saved without its result (the program that wrote the file did not calculate it)",
  "missing-shared-string": (i) => `points to a text the workbook does not hold (${i.detail}): the file is damaged, and the cell's value is lost`,
  "rounded-number": (i) => `${i.detail}`,
  "spend-excluded": (i) => `${i.detail}`,
  "date-without-day": () => "names a month or a year, not a day: --model bgnbd and pareto-nbd count purchases per day, so every row needs its day (such as 2024-03-15)",
  "too-many-groups": (i) => `${i.detail}: a table of that many segments is read by nobody, so none is computed`,
  "refund-column": (i) => `is a refund or adjustment column, so it changes what the amounts mean: ${i.detail}`,
  "refund-value": (i) => `is not an amount (${i.detail}), and the column's name says it changes the amounts`,
  "bad-refund": (i) => `is not a refund: ${i.detail}`,
  "non-revenue-status": (i) => `marks rows that are not revenue, and they were not left out: ${i.detail}`,
  "unknown-status": (i) => `has values not known as revenue or not, read as revenue: ${i.detail}`,
  "id-column": (i) => `using ${quote(i.detail ?? "")} as the customer id (--id-column to choose another)`,
  "column-choice": (i) => `${i.detail} (${i.remedy?.flag} to choose another)`,
  "unique-ids": (i) => `never repeats in ${i.detail}: each row is a customer of its own, which looks like an order or charge id, not a customer's`,
  "ignored-files": (i) => `files not read (a phase's file has new, retained, churned or costs as a word of a .csv, .tsv, .txt or .xlsx name, or is a workbook with a sheet named after one): ${i.detail}`,
};

/** The message without its location: "revenue: "12,34x" is not an amount". */
export function describe(issue: Issue): string {
  const column = issue.column !== undefined ? `${issue.column}: ` : "";
  const value = issue.value !== undefined ? `${quote(issue.value)} ` : "";
  return `${column}${value}${wording[issue.code](issue)}`;
}

/** "new.csv:17", "new.csv", or "" for an issue of the run rather than of a file. */
export function location(issue: Issue): string {
  if (issue.sheet !== undefined) return `${issue.file} [${issue.sheet}]${issue.cell !== undefined ? `!${issue.cell}` : ""}`;
  return issue.line !== undefined ? `${issue.file}:${issue.line}` : issue.file;
}

/** Puts an issue of a workbook's sheet in its sheet and cell: xlsx/places.ts sets it when it is
 * loaded (a workbook is being read), so that the ground imports nothing of the workbook reader. */
let placed: (issue: Issue) => Issue = (issue) => issue;

export function placeIssuesWith(place: (issue: Issue) => Issue): void {
  placed = place;
}

/** One line: `error: exports/new.csv:17: revenue: "12,34x" is not an amount`. Header names and
 * paths come from the data too, so control characters are escaped in the whole line. */
export function formatIssue(issue: Issue): string {
  const where = location(issue);
  return sanitizeForTerminal(`${issue.severity}: ${where === "" ? "" : `${where}: `}${describe(issue)}`);
}

/** Collects issues, keeping at most `max` of each severity and counting the rest. */
export class IssueLog {
  readonly errors: Issue[] = [];
  readonly warnings: Issue[] = [];
  /** What ceq chose (see Severity): printed after the warnings, never counted as a problem. */
  readonly notices: Issue[] = [];
  omittedErrors = 0;
  omittedWarnings = 0;

  /** Under `strict`, every warning is recorded as an error. */
  constructor(
    private readonly max: number,
    private readonly strict = false,
  ) {}

  add(given: Issue): void {
    const found = placed(given);
    const issue: Issue = this.strict && found.severity === "warning" && !found.lenient ? { ...found, severity: "error" } : found;
    if (issue.severity === "notice") {
      if (this.notices.length < this.max) this.notices.push(issue);
    } else if (issue.severity === "error") {
      if (this.errors.length < this.max) this.errors.push(issue);
      else this.omittedErrors++;
    } else if (this.warnings.length < this.max) this.warnings.push(issue);
    else this.omittedWarnings++;
  }

  /**
   * Whether an issue of this severity would only be counted now (its kind's list is full): if so
   * it is counted, and the caller need not build it. A path that finds many alike (a negative
   * amount on every row) asks this first.
   */
  countsOnly(severity: Issue["severity"], lenient = false): boolean {
    const error = severity === "error" || (this.strict && !lenient);
    if (error ? this.errors.length < this.max : this.warnings.length < this.max) return false;
    if (error) this.omittedErrors++;
    else this.omittedWarnings++;
    return true;
  }

  /** Counts issues found and left out elsewhere (by a worker thread that kept its first `max`). */
  addOmitted(errors: number, warnings: number): void {
    this.omittedErrors += errors;
    this.omittedWarnings += warnings;
  }

  get errorCount(): number {
    return this.errors.length + this.omittedErrors;
  }

  get warningCount(): number {
    return this.warnings.length + this.omittedWarnings;
  }
}

/** How many issues of one group are printed before the rest are counted in one line. */
export const SHOWN_PER_GROUP = 3;

/** Issues alike enough to be counted together: the same kind, in the same file and column. */
function groupKey(issue: Issue): string {
  return [issue.severity, issue.code, issue.file, issue.column ?? "", hintOf(issue) ?? ""].join("\u0000");
}

/** Issues in groups of alike ones, each group where its first issue stood. */
export function groupIssues(issues: readonly Issue[]): Issue[][] {
  const groups = new Map<string, Issue[]>();
  for (const issue of issues) {
    const key = groupKey(issue);
    const group = groups.get(key);
    if (group) group.push(issue);
    else groups.set(key, [issue]);
  }
  return [...groups.values()];
}

/** "… and 41 more like it (lines 7-212)". */
function moreLikeIt(rest: readonly Issue[]): string {
  const lines = rest.map((i) => i.line).filter((l): l is number => l !== undefined);
  const word = rest[0]?.sheet !== undefined ? "row" : "line"; // a sheet's lines are its rows
  const range = lines.length === 0 ? "" : lines.length === 1 ? ` (${word} ${lines[0]})` : ` (${word}s ${Math.min(...lines)}-${Math.max(...lines)})`;
  return `… and ${rest.length} more like it${range}`;
}

/**
 * The lines for a list of issues: each group's first three, a count of the rest, and after the
 * group the hint that would fix it, once per run (`hinted` remembers which were printed).
 */
function formatGroups(issues: readonly Issue[], hinted: Set<string>): string[] {
  const lines: string[] = [];
  for (const group of groupIssues(issues)) {
    lines.push(...group.slice(0, SHOWN_PER_GROUP).map(formatIssue));
    if (group.length > SHOWN_PER_GROUP) lines.push(moreLikeIt(group.slice(SHOWN_PER_GROUP)));
    const hint = hintOf(group[0]!);
    if (hint !== undefined && !hinted.has(hint)) {
      hinted.add(hint);
      lines.push(sanitizeForTerminal(`hint: ${hint}`));
    }
  }
  return lines;
}

/** Every line to print on standard error for a log, errors first. */
export function formatLog(log: IssueLog): string[] {
  const hinted = new Set<string>();
  const lines = formatGroups(log.errors, hinted);
  if (log.omittedErrors > 0) lines.push(`… and ${log.omittedErrors} more error${log.omittedErrors === 1 ? "" : "s"} (--max-errors shows more)`);
  lines.push(...formatGroups(log.warnings, hinted));
  if (log.omittedWarnings > 0) lines.push(`… and ${log.omittedWarnings} more warning${log.omittedWarnings === 1 ? "" : "s"}`);
  lines.push(...formatGroups(log.notices, hinted));
  return lines;
}
