/**
 * Collects what the revenue movements of phase exports need (model/phase-movements.ts): every
 * row with a customer id, and the periods with a row that cannot be followed by id (no id
 * column, or a row counting several customers). A RowVisitor: rows then take the schema's path.
 */
import { exportMovements, type ExportMovements, type IdRow } from "../model/phase-movements.js";
import type { Phase } from "../schema/row.js";
import { periodLabel, type Periods } from "../schema/period.js";
import type { RowVisitor } from "./phase-rows.js";

export class MovementRows {
  private readonly rows: IdRow[] = [];
  private readonly blocked = new Map<number, string>();

  constructor(private readonly periods: Periods) {}

  readonly visit: RowVisitor = (phase: Phase, period: number, row) => {
    if (row.id === undefined || row.customers !== 1) {
      if (this.blocked.has(period)) return;
      const what = row.id === undefined ? "has no customer id" : `counts ${row.customers} customers`;
      this.blocked.set(period, `${row.file}:${row.line} ${what}: the customers of ${periodLabel(period, this.periods)} cannot be followed by id`);
      return;
    }
    this.rows.push({ phase, period, id: row.id, revenue: row.revenue, cost: row.cost, group: row.group });
  };

  /** The movements over the summary's periods (keys of the company's ledger; gaps filled for quarters and months). */
  movements(keys: Iterable<number>, segmented: boolean): ExportMovements {
    const sorted = [...keys].sort((a, b) => a - b);
    const periods = this.periods.kind === "year" || sorted.length === 0 ? sorted : Array.from({ length: sorted.at(-1)! - sorted[0]! + 1 }, (_, i) => sorted[0]! + i);
    return exportMovements(this.rows, periods, this.blocked, segmented, (p) => periodLabel(p, this.periods));
  }
}
