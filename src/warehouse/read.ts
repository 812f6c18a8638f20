/**
 * A transaction log read from a warehouse: the check first (a row ceq would refuse stops the run
 * with an error, no figure), then the engine's rows of customer and period, put where a file's
 * rows go (CustomerPeriods), so that ceq classifies and renders them as it does a file's. The
 * engine's rows come a batch at a time (Engine.batches): a 10M-row log's millions of customer
 * periods are never held as rows of text.
 */
import { InputError } from "../errors.js";
import { IssueLog } from "../issues.js";
import { decimal, type Decimal } from "../money.js";
import { GROUP_SEPARATOR } from "../model/segments.js";
import { CustomerPeriods } from "../read/customer-periods.js";
import { idColumnNotice, uniqueIdsWarning, type IdChoice } from "../read/id-choice.js";
import type { TransactionLog } from "../read/log-options.js";
import type { CalendarDate } from "../schema/period.js";
import type { Engine } from "./engines.js";
import type { WarehouseQueries } from "./queries.js";

/** An exact decimal as an engine prints one: -12.500000. Anything else is the engine's fault, named. */
export function exact(text: string | null, what: string): Decimal {
  const m = text === null ? null : /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) throw new InputError(`the warehouse returned ${JSON.stringify(text)} as a ${what}: not an exact decimal`, "report this to ceq's maintainers with the engine's version");
  const frac = m[3] ?? "";
  return decimal(BigInt(`${m[1]}${m[2]}${frac}`), frac.length);
}

function day(text: string | null): CalendarDate | undefined {
  const m = text === null ? null : /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : undefined;
}

export interface WarehouseRead {
  /** How the log is named in messages (the table, or the file DuckDB reads). */
  name: string;
  by: number;
  maxErrors: number;
  strict: boolean;
  /** The table's customer id column, as a file's header gives it: named in a notice when no flag
   * named it, and checked for ids that never repeat (read/id-choice.ts), as a file's is. */
  id: IdChoice;
}

export async function readWarehouseLog(engine: Engine, queries: WarehouseQueries, o: WarehouseRead): Promise<TransactionLog> {
  const checked = (await engine.query(queries.check)).rows[0] ?? [];
  const bad = Number(checked[0] ?? 0);
  const rows = Number(checked[1] ?? 0);
  if (bad > 0) {
    throw new InputError(`ceq refuses ${o.name}: ${bad} of its ${rows} rows ${bad === 1 ? "has a" : "have a"} ${queries.what} that is empty or does not parse; no figure is given`, `find them in the warehouse (ceq sql --dialect … --explain shows how each cell is read), mend or filter them in a view, and run again`);
  }
  const log = new IssueLog(o.maxErrors, o.strict);
  const customers = new CustomerPeriods();
  const groups = new Map<string, number>();
  if (o.by > 0 && queries.segments !== undefined) {
    // Every segment value a row has, as a file's reader meets them: a customer's earlier row in a
    // period can be in a segment where no customer ends that period, whose row is then zeros.
    for (const row of (await engine.query(queries.segments)).rows) {
      const key = row.slice(0, o.by).map((v) => v ?? "").join(GROUP_SEPARATOR);
      if (!groups.has(key)) groups.set(key, groups.size);
    }
  }
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let read = 0;
  for await (const batch of engine.batches(queries.customerPeriods)) {
    for (const row of batch) {
      const id = row[0] ?? "";
      const period = Number(row[1]);
      const revenue = exact(row[2 + o.by] ?? null, "revenue");
      const cost = exact(row[3 + o.by] ?? null, "cost");
      const entry = customers.entry(id, period);
      customers.addTo(entry, revenue, cost, row[4 + o.by] === "1" || row[4 + o.by] === "true");
      if (o.by > 0) {
        const key = row.slice(2, 2 + o.by).map((v) => v ?? "").join(GROUP_SEPARATOR);
        let index = groups.get(key);
        if (index === undefined) groups.set(key, (index = groups.size));
        customers.setGroup(entry, index, 0);
      }
      if (period < first) first = period;
      if (period > last) last = period;
    }
    read += batch.length;
  }
  const notice = idColumnNotice(o.id);
  if (notice) log.add(notice);
  const unique = uniqueIdsWarning(o.id, rows, customers.customers);
  if (unique) log.add(unique);
  return {
    customers,
    tally: undefined,
    first: read === 0 ? 0 : first,
    last: read === 0 ? -1 : last,
    firstDate: read === 0 ? undefined : day(checked[2] ?? null),
    lastDate: read === 0 ? undefined : day(checked[3] ?? null),
    log,
    files: [{ file: o.name, role: "transactions", rows }],
    fxRates: [],
    shard: undefined,
    groups: groups.size > 0 ? [...groups.keys()] : [""],
  };
}
