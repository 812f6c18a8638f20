/**
 * The checks that need more than one row: a customer id twice in a phase and year, a customer
 * both new and retained or both retained and churned in one year, and a retained or churned
 * customer with no earlier record. Reading fills a compact IdTable; if it flags anything, the
 * inputs are read a second time and each flagged row is checked against the real id strings,
 * which names both places and rules out hash collisions.
 */
import { BatchedIds, IdTable } from "./id-table.js";
import { periodLabel, type Periods } from "../schema/period.js";
import type { Issue } from "../issues.js";
import type { Phase } from "../schema/row.js";

export interface Where {
  readonly file: string;
  readonly line: number;
  /** The id column's header as the file writes it. */
  readonly column: string;
}

export const PHASE_WORD: Record<Phase, string> = { acquisition: "new", retention: "retained", churn: "churned" };
export const PHASE_INDEX: Record<Phase, number> = { acquisition: 0, retention: 1, churn: 2 };

const at = (w: Where): string => `${w.file}:${w.line}`;

export class CustomerIds {
  readonly table = new IdTable();
  /** What the main thread's rows go to (the table, batched). */
  readonly sink = new BatchedIds(this.table);

  /** Whether the table suggests any problem, so the inputs must be read again to place it. */
  needsSecondPass(): boolean {
    this.sink.flush();
    if (this.table.duplicates > 0) return true;
    const { conflicts, withoutHistory } = this.table.tally();
    return conflicts > 0 || withoutHistory > 0;
  }

  /** The second reading; `excused` ids failed to parse somewhere, so a missing history is that error's. */
  secondPass(excused: ReadonlySet<string> = new Set(), periods: Periods = { kind: "year", fiscalYearStart: 1 }): SecondPass {
    this.sink.flush();
    return new SecondPass(this.table, excused, periods);
  }
}

/** Visits every valid row again, in the same order, and returns the issues of the flagged ones. */
export class SecondPass {
  private readonly first = new Map<string, Where>();
  private readonly byPhase = new Map<string, Where>();
  private readonly reported = new Set<string>();
  private readonly earliest: number;

  constructor(
    private readonly table: IdTable,
    private readonly excused: ReadonlySet<string> = new Set(),
    /** What the table's keys are: years, or quarters or months (named `2025-Q1`, `2024-04`). */
    private readonly periods: Periods = { kind: "year", fiscalYearStart: 1 },
  ) {
    this.earliest = Math.min(...table.years);
  }

  private label(period: number): string {
    return periodLabel(period, this.periods);
  }

  visit(phase: Phase, year: number, id: string, where: Where): Issue[] {
    const entry = this.table.lookup(id);
    if (!entry) return [];
    const issues: Issue[] = [];
    const p = PHASE_INDEX[phase];
    if (entry.duplicate) {
      const key = `${p}\u0000${year}\u0000${id}`;
      const first = this.first.get(key);
      if (first) issues.push(this.issue("error", "duplicate-id", id, where, `${PHASE_WORD[phase]} customers of ${this.label(year)} (first at ${at(first)})`));
      else this.first.set(key, where);
    }
    const pairs: [Phase, Phase, "new-and-retained" | "retained-and-churned"][] = [
      ["acquisition", "retention", "new-and-retained"],
      ["retention", "churn", "retained-and-churned"],
    ];
    for (const [a, b, code] of pairs) {
      if (phase !== a && phase !== b) continue;
      if (!entry.bits(year, PHASE_INDEX[a]) || !entry.bits(year, PHASE_INDEX[b])) continue;
      const other = phase === a ? b : a;
      const mine = `${phase}\u0000${year}\u0000${id}`;
      if (!this.byPhase.has(mine)) this.byPhase.set(mine, where);
      const partner = this.byPhase.get(`${other}\u0000${year}\u0000${id}`);
      const once = `${code}\u0000${year}\u0000${id}`;
      if (partner && !this.reported.has(once)) {
        this.reported.add(once);
        issues.push(this.issue("error", code, id, where, `${this.label(year)} (${PHASE_WORD[other]} at ${at(partner)})`));
      }
    }
    if (phase !== "acquisition" && year > this.earliest && !this.excused.has(id) && !this.activeBefore(entry.bits, year)) {
      const detail = `${PHASE_WORD[phase]} in ${this.label(year)}, but neither new nor retained in an earlier ${this.periods.kind}`;
      issues.push(this.issue("warning", "no-earlier-record", id, where, detail));
    }
    return issues;
  }

  private activeBefore(bits: (year: number, phase: number) => boolean, year: number): boolean {
    return this.table.years.some((y) => y < year && (bits(y, 0) || bits(y, 1)));
  }

  private issue(severity: Issue["severity"], code: Issue["code"], id: string, where: Where, detail: string): Issue {
    return { severity, code, file: where.file, line: where.line, column: where.column, value: id, detail };
  }
}
