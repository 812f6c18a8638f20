/**
 * Segments (`--by region`, `--by plan,channel`): a group is the combination of the --by columns'
 * values, each trimmed and compared exactly; an empty value is a group of its own. Each group
 * has its own sums; the company's are the sum over the groups, so the two always reconcile.
 */
import { Ledger, summarize, type Summary, type YearRange, type YearSummary, type YearTotals } from "./equity.js";
import type { Periods } from "../schema/period.js";
import type { Issue } from "../issues.js";

/** Joins a group's values into its key: a byte no export cell holds. */
export const GROUP_SEPARATOR = "\u001f";

/** How an empty value is shown in tables (JSON keeps it as the empty string it is). */
export const NO_VALUE = "(none)";

/** What the company's rows say in the --by columns of tables and workbooks. */
export const ALL_GROUPS = "(all)";

/** A --by column's cell as tables and workbooks show it: the value, (none) when empty, (all) on the company's rows. */
export const groupCell = (group: Record<string, string> | null, column: string): string => (group === null ? ALL_GROUPS : group[column] || NO_VALUE);

export const DEFAULT_MAX_GROUPS = 50;

/** A group's values as the object JSON writes: `{ "region": "EMEA" }`. */
export function groupRecord(by: readonly string[], key: string): Record<string, string> {
  const values = key.split(GROUP_SEPARATOR);
  return Object.fromEntries(by.map((column, i) => [column, values[i] ?? ""]));
}

/** The order groups are listed in: by their values, column by column, as text. */
export function compareKeys(a: string, b: string): number {
  const x = a.split(GROUP_SEPARATOR);
  const y = b.split(GROUP_SEPARATOR);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const [p, q] = [x[i] ?? "", y[i] ?? ""];
    if (p !== q) return p < q ? -1 : 1;
  }
  return 0;
}

/**
 * A ledger per group, made as groups are met; past `limit` groups a new one is only counted (the
 * run then ends with an error naming how many there are), so a column of a million values costs
 * a set of names, not a million ledgers. Without --by there is one group, "".
 */
export class Segments {
  readonly ledgers = new Map<string, Ledger>();
  /** Groups met past the limit: counted, never summed. */
  readonly overflow = new Set<string>();
  private readonly scratch = new Ledger();
  private lastKey = "";
  private last: Ledger | undefined;

  constructor(readonly limit = Infinity) {}

  /** The ledger of a group (the scratch one past the limit). */
  of(key: string): Ledger {
    if (key === this.lastKey && this.last) return this.last;
    let ledger = this.ledgers.get(key);
    if (!ledger) {
      if (this.ledgers.size >= this.limit) {
        this.overflow.add(key);
        return this.scratch;
      }
      this.ledgers.set(key, (ledger = new Ledger()));
    }
    this.lastKey = key;
    this.last = ledger;
    return ledger;
  }

  /** How many groups there are, counted past the limit too. */
  get count(): number {
    return this.ledgers.size + this.overflow.size;
  }

  /** Every group's settled sums, to send to another thread. */
  settled(): [string, [number, YearTotals][]][] {
    return [...this.ledgers].map(([key, ledger]) => [key, ledger.settled()]);
  }

  /** Adds another thread's groups. */
  merge(groups: Iterable<[string, Iterable<[number, YearTotals]>]>): void {
    for (const [key, years] of groups) this.of(key).merge(years);
  }

  /** The company's ledger: every group's sums added. */
  company(): Ledger {
    const company = new Ledger();
    for (const ledger of this.ledgers.values()) company.merge(ledger.settled());
    return company;
  }
}

/** The error for more groups than --max-groups allows, naming how many there are. */
export function tooManyGroups(by: readonly string[], count: number, limit: number): Issue {
  const detail = `--by ${by.join(",")} makes ${count.toLocaleString("en")} groups, more than --max-groups ${limit.toLocaleString("en")}`;
  return { severity: "error", code: "too-many-groups", file: "", detail, remedy: { flag: "--max-groups", value: String(count) } };
}

/**
 * The summary of a run by segment: each group's summary (every period of the company, zeros where
 * the group has none, so a group's change is against its own previous period) and the company's,
 * interleaved period by period: the groups in order, then the company.
 */
export function combineSummaries(company: Summary, groups: readonly (readonly [string, Summary])[], by: readonly string[]): Summary {
  if (by.length === 0) return company;
  const sorted = [...groups].sort((a, b) => compareKeys(a[0], b[0]));
  const label = (summary: YearSummary, key: string): YearSummary => ({ ...summary, group: groupRecord(by, key) });
  const years = company.years.flatMap((entry, i) => [...sorted.map(([key, s]) => label(s.years[i]!, key)), entry]);
  return { ...company, by, years, groupTotals: sorted.map(([key, s]) => label(s.total, key)) };
}

/** Summarizes a phase-export run: the company's ledger and, with --by, each group's. */
export function summarizeSegments(segments: Segments, by: readonly string[], range: YearRange, periods: Periods): Summary {
  const company = segments.company();
  // Quarters and months run from the first to the last, gaps included, as from a log; a year
  // without rows stays out, as it always has (a costs file can name it).
  if (periods.kind !== "year") company.fillGaps();
  const summary = summarize(company, range, periods);
  if (by.length === 0) return summary;
  const keys = [...company.years.keys()];
  const groups = [...segments.ledgers].map(([key, ledger]) => {
    ledger.ensure(keys);
    return [key, summarize(ledger, range, periods)] as const;
  });
  return combineSummaries(summary, groups, by);
}
