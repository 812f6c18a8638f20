/**
 * Strict on bad data, as ceq is: the query reads amounts, costs and dates with each engine's safe
 * cast (NULL where the text does not parse), counts the rows whose amount, cost, date or customer
 * id is NULL, empty or unreadable, and refuses to give a figure when that count is not 0: the
 * engine raises an error that says how many (SPEC "ceq sql"). Without this, Spark's default
 * (non-ANSI) CAST turns '1,234.56' into NULL, SUM drops it, and the figure is silently wrong (issue 31).
 *
 * How each engine refuses, and reads safely:
 * - DuckDB: TRY_CAST, TRY_STRPTIME; error(message).
 * - PostgreSQL (15 has no safe cast, pg_input_is_valid is 16+): a pattern decides whether the text
 *   is cast; a layout-shaped date that is no day (02/30) stops the query with PostgreSQL's own
 *   error. It refuses with a failed CAST(message AS INTEGER), whose error quotes the message.
 * - BigQuery: SAFE_CAST, SAFE.PARSE_DATE; ERROR(message).
 * - Snowflake: TRY_CAST, TRY_TO_DATE with the layout named (never the session's DATE_INPUT_FORMAT);
 *   a failed CAST(message AS INTEGER).
 * - Spark: CAST and to_date, which give NULL in the default (non-ANSI) mode and an error in ANSI
 *   mode; raise_error(message) (Spark 3.1+).
 * ClickHouse (clickhouse-parts.ts) has its own: patterns, a date that prints back as itself.
 */
import type { DateFormat } from "../schema/row.js";
import { isoDate, LAYOUTS, type Dialect, type DialectName } from "./dialects.js";

export interface Strict {
  /** The text as money, or NULL where it does not parse. */
  money(text: string): string;
  /** The text as a whole number, or NULL. */
  int(text: string): string;
  /** The text (trimmed by the caller or not) as a DATE in the layout, a time after it ignored; NULL where it is no date. */
  date(text: string, format: DateFormat): string;
  /** An expression that stops the query with the message (a text expression). */
  raise(message: string): string;
}

const first = (t: string) => `split_part(TRIM(${t}), ' ', 1)`;
const DECIMAL = "'^[-+]?([0-9]+([.][0-9]*)?|[.][0-9]+)$'";

export const STRICT: Record<Exclude<DialectName, "sqlite" | "clickhouse">, Strict> = {
  duckdb: {
    money: (t) => `TRY_CAST(${t} AS DECIMAL(38, 6))`,
    int: (t) => `TRY_CAST(${t} AS INTEGER)`,
    date: (t, f) => (f === "YYYY-MM-DD" ? isoDate(t, (x) => `TRY_CAST(${x} AS DATE)`) : `CAST(TRY_STRPTIME(${first(t)}, '${LAYOUTS[f].strftime}') AS DATE)`),
    raise: (m) => `error(${m})`,
  },
  postgres: {
    money: (t) => `CASE WHEN ${t} ~ ${DECIMAL} THEN CAST(${t} AS NUMERIC) END`,
    int: (t) => `CASE WHEN ${t} ~ '^[0-9]{1,9}$' THEN CAST(${t} AS INTEGER) END`,
    date: (t, f) =>
      f === "YYYY-MM-DD"
        ? isoDate(t, (x) => `CASE WHEN ${x} ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN CAST(${x} AS DATE) END`)
        : `CASE WHEN ${first(t)} ~ '${f === "YYYYMMDD" ? "^[0-9]{8}$" : `^[0-9]{1,2}[${f[2]}][0-9]{1,2}[${f[2]}][0-9]{4}$`}' THEN to_date(${first(t)}, '${LAYOUTS[f].toDate}') END`,
    raise: (m) => `CAST(${m} AS INTEGER)`,
  },
  bigquery: {
    money: (t) => `SAFE_CAST(${t} AS NUMERIC)`,
    int: (t) => `SAFE_CAST(${t} AS INT64)`,
    date: (t, f) => (f === "YYYY-MM-DD" ? isoDate(t, (x) => `SAFE_CAST(${x} AS DATE)`) : `SAFE.PARSE_DATE('${LAYOUTS[f].strftime}', SUBSTR(TRIM(${t}), 1, STRPOS(CONCAT(TRIM(${t}), ' '), ' ') - 1))`),
    raise: (m) => `ERROR(${m})`,
  },
  snowflake: {
    money: (t) => `TRY_CAST(${t} AS NUMBER(38, 6))`,
    int: (t) => `TRY_CAST(${t} AS INTEGER)`,
    date: (t, f) => (f === "YYYY-MM-DD" ? isoDate(t, (x) => `TRY_TO_DATE(${x}, 'YYYY-MM-DD')`) : `TRY_TO_DATE(SPLIT_PART(TRIM(${t}), ' ', 1), '${LAYOUTS[f].toDate}')`),
    raise: (m) => `CAST(${m} AS INTEGER)`,
  },
  spark: {
    money: (t) => `CAST(${t} AS DECIMAL(38, 6))`,
    int: (t) => `CAST(${t} AS INT)`,
    date: (t, f) => (f === "YYYY-MM-DD" ? isoDate(t, (x) => `CAST(${x} AS DATE)`) : `to_date(substring_index(TRIM(${t}), ' ', 1), '${LAYOUTS[f].spark}')`),
    raise: (m) => `raise_error(${m})`,
  },
};

/** The refusal as a CTE's body: one row, `refused` = 0 when no row of `from` matches `bad`, else the engine's error. */
export function checkBody(d: Dialect, from: string, bad: string, what: string, input = "log"): string {
  const message = `CONCAT('ceq refuses this ${input}: ', CAST(COUNT(*) AS ${d.text}), ' rows whose ${what} is empty or does not parse; no figure is given')`;
  return `SELECT CASE WHEN COUNT(*) > 0 THEN ${STRICT[d.name as keyof typeof STRICT].raise(message)} ELSE 0 END AS refused
FROM ${from}
WHERE ${bad}`;
}
