import { basename } from "node:path";
import { quote, type Issue, type Remedy } from "../issues.js";
import { sourceRemedy } from "./sources/index.js";
import { suggestColumn } from "./hints.js";
import type { HintRole } from "./synonyms.js";

/** The fields ceq reads from an export, each found by a default name or named by a flag. */
export const FIELDS = ["year", "date", "revenue", "avgRevenue", "count", "cost", "id", "phase", "currency"] as const;
export type Field = (typeof FIELDS)[number];

/** Default header names, in order of preference, already normalized. */
export const DEFAULT_NAMES: Record<Field, readonly string[]> = {
  year: ["year", "fiscal year", "fy"],
  date: ["date", "period", "month"],
  revenue: ["revenue", "amount", "sales"],
  avgRevenue: ["avg revenue", "average revenue"],
  count: ["customers", "count", "customer count"],
  cost: ["cost", "acquisition cost", "servicing cost", "service cost"],
  id: ["customer id", "customer", "id"],
  phase: ["phase", "status", "type", "segment type"],
  currency: ["currency", "amount currency", "currency code"],
};

const FLAG_OF: Partial<Record<Field, string>> = { year: "--year-column", date: "--date-column", revenue: "--revenue-column", phase: "--phase-column" };
const ROLE_OF: Partial<Record<Field, HintRole>> = { year: "year", date: "date", revenue: "amount", phase: "phase" };

/**
 * The header cell a missing field most likely is, as a remedy (see hints.ts): for a missing year,
 * a date column too (`Invoice Date`: --date-column), whichever matches better, the date on a tie.
 */
function closest(header: readonly string[], fields: readonly Field[], taken: readonly number[], samples: readonly (readonly string[])[] | undefined): Remedy | undefined {
  let best: { field: Field; index: number; score: number } | undefined;
  for (const field of fields) {
    const found = suggestColumn(header, ROLE_OF[field]!, { defaults: DEFAULT_NAMES[field], taken, ...(samples && { samples }) });
    if (found && (!best || found.score < best.score)) best = { field, ...found };
  }
  return best ? { flag: FLAG_OF[best.field]!, value: header[best.index]!.trim() } : undefined;
}

/**
 * A one-file input with no phase column is most likely a file of one phase (`ceq new.csv`): the
 * flag for it, by the phase word its name starts with, or all three.
 */
function onePhaseFlag(file: string): Remedy {
  const name = basename(file).toLowerCase();
  const phase = ["new", "retained", "churned"].find((word) => name.startsWith(word));
  return { flag: phase !== undefined ? `--${phase}` : "--new, --retained or --churned" };
}

/** Column names given by flags (`--revenue-column` …), as the user wrote them. */
export type ColumnFlags = Partial<Record<Field, string>>;

/** Header names compare case-insensitively, ignoring spaces, quotes and a BOM; `_ - space` are one. */
export function normalizeHeader(name: string): string {
  return name
    .replace(/^\ufeff/, "")
    .trim()
    .replace(/^["']+|["']+$/g, "")
    .toLowerCase()
    .replace(/[\s_-]+/g, " ")
    .trim();
}

export type ColumnIndex = Partial<Record<Field, number>>;

export interface ResolveOptions {
  file: string;
  line: number;
  flags: ColumnFlags;
  /** Whether the file must have a phase column (one-file input). */
  needsPhase: boolean;
  /** Fields this file never reads (cost in the churned file): a flag naming them may miss. */
  unread?: readonly Field[];
  /** Rows below the header, for a hint to check that a column's values fit (see hints.ts). */
  samples?: readonly (readonly string[])[];
}

function findColumn(normalized: readonly string[], names: readonly string[]): { index: number; name: string } | undefined {
  for (const name of names) {
    const index = normalized.indexOf(name);
    if (index !== -1) return { index, name };
  }
  return undefined;
}

/** Names listed of a header in a message; a wider header is cut, with a count of the rest. */
const LISTED_COLUMNS = 20;

/** "found: year, amount, note" — the header's named columns, the first 20 and how many more. */
export function describeFound(header: readonly string[]): string {
  const names = header.map((h) => h.trim()).filter((h) => h !== "");
  if (names.length === 0) return "no named columns";
  const rest = names.length - LISTED_COLUMNS;
  return `found: ${names.slice(0, LISTED_COLUMNS).join(", ")}${rest > 0 ? ` and ${rest.toLocaleString("en")} more` : ""}`;
}

/**
 * Maps each field to its column. A flag names its column explicitly and wins over defaults;
 * a field whose name stands twice in the header is ambiguous rather than guessed.
 */
export function resolveColumns(header: readonly string[], options: ResolveOptions): { columns: ColumnIndex; issues: Issue[] } {
  const normalized = header.map(normalizeHeader);
  const columns: ColumnIndex = {};
  const issues: Issue[] = [];
  const at = { file: options.file, line: options.line };
  const bySource = sourceRemedy(header, options.flags);
  const missing = (what: string, field?: Field): void => {
    const fields: Field[] = field === "year" ? ["date", "year"] : field === undefined ? [] : [field];
    const remedy = bySource ?? (field === undefined ? undefined : (closest(header, fields, Object.values(columns), options.samples) ?? (field === "phase" ? onePhaseFlag(options.file) : undefined)));
    issues.push({ severity: "error", code: "missing-column", ...at, detail: `${what}; ${describeFound(header)}`, ...(remedy && { remedy }) });
  };

  for (const field of FIELDS) {
    // In a file of one phase a type, status or phase column (Salesforce's Type, Stripe's Status)
    // is someone else's data: never read, on any path, whatever it says.
    if (field === "phase" && !options.needsPhase) continue;
    const flag = options.flags[field];
    const names = flag !== undefined ? [normalizeHeader(flag)] : DEFAULT_NAMES[field];
    const found = findColumn(normalized, names);
    if (!found) {
      if (flag !== undefined && !options.unread?.includes(field)) missing(`"${flag}" (named by the column flag)`);
      continue;
    }
    if (normalized.indexOf(found.name) !== normalized.lastIndexOf(found.name)) {
      issues.push({ severity: "error", code: "ambiguous-column", ...at, column: header[found.index]!.trim(), detail: found.name });
      continue;
    }
    columns[field] = found.index;
  }

  // An explicit flag for one of two alternatives settles which is read.
  if (options.flags.date !== undefined && options.flags.year === undefined) delete columns.year;
  if (options.flags.avgRevenue !== undefined && options.flags.revenue === undefined) delete columns.revenue;
  if (columns.year !== undefined) delete columns.date;
  if (columns.revenue !== undefined) delete columns.avgRevenue;

  const ambiguous = new Set(issues.map((i) => i.detail));
  const absent = (field: Field) => !DEFAULT_NAMES[field].some((n) => ambiguous.has(n)) && options.flags[field] === undefined;
  if (columns.year === undefined && columns.date === undefined && absent("year") && absent("date")) {
    missing("year (or date)", "year");
  }
  if (columns.revenue === undefined && columns.avgRevenue === undefined && absent("revenue") && absent("avgRevenue")) {
    missing("revenue (or avg revenue)", "revenue");
  }
  if (options.needsPhase && columns.phase === undefined && absent("phase")) missing("phase", "phase");
  return { columns, issues };
}

/**
 * The notice for a field whose default names more than one column of the header has: every such
 * column (in the header's order), the one read (the first in the names' order of preference) and
 * the flag that names another. Undefined when the chosen column is the only one; a column read for
 * another field (`taken`) is not counted.
 */
export function choiceNotice(
  header: readonly string[],
  chosen: number,
  names: readonly string[],
  taken: readonly number[],
  normalize: (name: string) => string,
  at: { file: string; line: number },
  field: { what: string; flag: string },
): Issue | undefined {
  const wanted = new Set(names.map(normalize));
  const matching = header.flatMap((cell, i) => (i === chosen || (!taken.includes(i) && wanted.has(normalize(cell))) ? [quote(cell.trim())] : []));
  if (matching.length < 2) return undefined;
  const listed = `${matching.slice(0, -1).join(", ")} and ${matching.at(-1)}`;
  return { severity: "notice", code: "column-choice", ...at, detail: `${listed} could each be the ${field.what}: using ${quote(header[chosen]!.trim())}`, remedy: { flag: field.flag } };
}

const FIELD_NAMES: Record<Field, { what: string; flag: string }> = {
  year: { what: "year", flag: "--year-column" },
  date: { what: "date", flag: "--date-column" },
  revenue: { what: "revenue", flag: "--revenue-column" },
  avgRevenue: { what: "average revenue", flag: "--avg-revenue-column" },
  count: { what: "customer count", flag: "--count-column" },
  cost: { what: "cost", flag: "--cost-column" },
  id: { what: "customer id", flag: "--id-column" },
  phase: { what: "phase", flag: "--phase-column" },
  currency: { what: "currency", flag: "--currency-column" },
};

/**
 * The notices of a phase export's header, as resolveColumns() read it: for each field read by its
 * default names (no flag named it) where more than one column has one, the column read and the
 * others. `unread`: fields the file never reads (cost in the churned file).
 */
export function columnNotices(header: readonly string[], columns: ColumnIndex, flags: ColumnFlags, at: { file: string; line: number }, unread: readonly Field[] = []): Issue[] {
  const taken = Object.values(columns);
  return FIELDS.flatMap((field) => {
    const chosen = columns[field];
    if (chosen === undefined || flags[field] !== undefined || unread.includes(field)) return [];
    const notice = choiceNotice(header, chosen, DEFAULT_NAMES[field], taken, normalizeHeader, at, FIELD_NAMES[field]);
    return notice ? [notice] : [];
  });
}
