/**
 * Customer ids seen per phase and year, for the checks that need more than one row: duplicates
 * within a phase and year, and a customer in two phases that exclude each other in one year.
 * Pure: it is told where each id was seen and answers with issues.
 */
import type { Issue } from "./issues.js";
import type { Phase } from "./schema/row.js";

export interface Where {
  readonly file: string;
  readonly line: number;
}

export const PHASE_WORD: Record<Phase, string> = { acquisition: "new", retention: "retained", churn: "churned" };

type IdsByYear = Map<number, Map<string, Where>>;

function at(w: Where): string {
  return `${w.file}:${w.line}`;
}

export class CustomerIds {
  private readonly byPhase: Record<Phase, IdsByYear> = { acquisition: new Map(), retention: new Map(), churn: new Map() };

  /** Records an id; returns where it was first seen when it is a duplicate in that phase and year. */
  record(phase: Phase, year: number, id: string, where: Where): Where | undefined {
    const years = this.byPhase[phase];
    let ids = years.get(year);
    if (!ids) years.set(year, (ids = new Map()));
    const first = ids.get(id);
    if (first) return first;
    ids.set(id, where);
    return undefined;
  }

  /** A duplicate-id issue for a repeated id. */
  static duplicate(phase: Phase, year: number, id: string, where: Where, first: Where): Issue {
    return {
      severity: "error",
      code: "duplicate-id",
      file: where.file,
      line: where.line,
      column: "customer id",
      value: id,
      detail: `${PHASE_WORD[phase]} customers of ${year} (first at ${at(first)})`,
    };
  }

  /** Customers both new and retained, or both retained and churned, in one year; and retained or
   * churned customers with no earlier record while earlier years have ids (a warning). */
  crossCheck(): Issue[] {
    const issues: Issue[] = [];
    const retained = this.byPhase.retention;
    for (const [year, ids] of retained) {
      const fresh = this.byPhase.acquisition.get(year);
      const churned = this.byPhase.churn.get(year);
      for (const [id, where] of ids) {
        const asNew = fresh?.get(id);
        if (asNew) issues.push(this.conflict("new-and-retained", id, where, `${year} (new at ${at(asNew)})`));
        const asChurned = churned?.get(id);
        if (asChurned) issues.push(this.conflict("retained-and-churned", id, asChurned, `${year} (retained at ${at(where)})`));
      }
    }
    issues.push(...this.withoutHistory());
    return issues;
  }

  private conflict(code: "new-and-retained" | "retained-and-churned", id: string, where: Where, detail: string): Issue {
    return { severity: "error", code, file: where.file, line: where.line, column: "customer id", value: id, detail };
  }

  /** First year each customer was active (new or retained). */
  private firstActive(): Map<string, number> {
    const first = new Map<string, number>();
    for (const phase of ["acquisition", "retention"] as const) {
      for (const [year, ids] of this.byPhase[phase]) {
        for (const id of ids.keys()) {
          const seen = first.get(id);
          if (seen === undefined || year < seen) first.set(id, year);
        }
      }
    }
    return first;
  }

  private withoutHistory(): Issue[] {
    const allYears = Object.values(this.byPhase).flatMap((m) => [...m.keys()]);
    if (allYears.length === 0) return [];
    const earliest = Math.min(...allYears);
    const first = this.firstActive();
    const issues: Issue[] = [];
    for (const phase of ["retention", "churn"] as const) {
      for (const [year, ids] of this.byPhase[phase]) {
        if (year <= earliest) continue;
        for (const [id, where] of ids) {
          const since = first.get(id);
          if (since === undefined || since >= year) {
            issues.push({
              severity: "warning",
              code: "no-earlier-record",
              file: where.file,
              line: where.line,
              column: "customer id",
              value: id,
              detail: `${PHASE_WORD[phase]} in ${year}, but neither new nor retained in an earlier year`,
            });
          }
        }
      }
    }
    return issues;
  }
}
