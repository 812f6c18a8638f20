/**
 * A phase table with a customer id column, read where it lives but checked as a file is: the
 * engine sends the table's cells as text (the id, the period or date, the revenue or average
 * revenue, the count, the cost, each --by column), a batch at a time (Engine.batches), and they
 * reach ceq as the rows of a CSV file with the table's own column names as header. ceq's phase
 * reader then reads them as it reads an export: every cell parsed by ceq's rules, each id kept
 * for the checks that need more than one row (an id twice in a phase and period, new and retained
 * at once, no earlier record), the revenue movements, the owners and the cohorts.
 *
 * Each reading runs the query again: the reader reads a second time when its id table flags a
 * problem, to name both places. The rows come in a set order so that both readings, and every
 * run, number them alike: a file DuckDB reads in its own order (line N is the file's line N), a
 * table ordered by the columns sent (line N is the (N-1)th row in that order, after the header).
 */
import type { Source } from "../io/source.js";
import { quote as clickhouseQuote } from "../sql/clickhouse-parts.js";
import { DIALECT } from "../sql/dialects.js";
import type { Engine } from "./engines.js";
import type { WarehouseKind } from "./url.js";

/** The SELECT that sends the columns as text, in the reading's order. */
export function phaseRowsQuery(kind: WarehouseKind, from: string, columns: readonly string[], fileOrder: boolean): string {
  const q = kind === "clickhouse" ? clickhouseQuote : DIALECT[kind].quote;
  const text = (c: string) => (kind === "clickhouse" ? `toString(${q(c)})` : `CAST(${q(c)} AS ${DIALECT[kind].text})`);
  const order = fileOrder ? "" : `\nORDER BY ${columns.map(q).join(", ")}`;
  return `SELECT ${columns.map((c, i) => `${text(c)} AS c${i + 1}`).join(", ")}\nFROM ${from}${order}`;
}

/** A cell as a CSV file writes it: quoted when it holds the delimiter, a quote, a line break or edge spaces. */
function csvCell(value: string | null, delimiter: string): string {
  const v = value ?? "";
  return v.includes(delimiter) || /["\r\n]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * The table as a Source the phase reader reads: named as the table is given (or the file DuckDB
 * reads), with no path to open, its bytes the engine's rows, queried afresh at each reading.
 */
export function phaseTableSource(engine: Engine, name: string, sql: string, header: readonly string[], delimiter: string): Source {
  const line = (cells: readonly (string | null)[]) => cells.map((c) => csvCell(c, delimiter)).join(delimiter);
  const bytes: AsyncIterable<Buffer> = {
    async *[Symbol.asyncIterator]() {
      yield Buffer.from(`${line(header)}\n`);
      for await (const batch of engine.batches(sql)) {
        if (batch.length > 0) yield Buffer.from(`${batch.map(line).join("\n")}\n`);
      }
    },
  };
  // path "": nothing on disk is opened, even if a file bears the table's name.
  return { name, path: "", bytes, encoding: "utf-8" };
}
