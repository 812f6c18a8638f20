/**
 * What differs between the engines `ceq sql` writes for: types, date parsing, the series of
 * periods, a file as a table. Everything else in the query is the SQL they share. Money is always
 * an exact decimal type (BigQuery's NUMERIC: 38 digits, 9 after the point), never a float.
 */
import type { DateFormat } from "../schema/row.js";
import { bigQueryQuoted, doubleQuoted, sparkQuoted } from "./identifiers.js";

export const DIALECTS = ["duckdb", "postgres", "clickhouse", "bigquery", "snowflake", "spark", "sqlite"] as const;
export type DialectName = (typeof DIALECTS)[number];

export interface Dialect {
  name: DialectName;
  money: string;
  int: string;
  text: string;
  /** A text date in a layout, the time after it ignored, as a DATE. */
  date(text: string, format: DateFormat): string;
  year(date: string): string;
  month(date: string): string;
  /** The FROM items over `bounds` that yield every period from first_period to last_period, and the period's expression. */
  series: { from: string; period: string };
  /** A quoted identifier (a column name). */
  quote(name: string): string;
}

/** The layouts as strftime patterns (DuckDB, BigQuery) and as to_date patterns (PostgreSQL, Snowflake), and Spark's. */
export const LAYOUTS: Record<Exclude<DateFormat, "YYYY-MM-DD">, { strftime: string; toDate: string; spark: string }> = {
  "MM/DD/YYYY": { strftime: "%m/%d/%Y", toDate: "MM/DD/YYYY", spark: "M/d/yyyy" },
  "DD/MM/YYYY": { strftime: "%d/%m/%Y", toDate: "DD/MM/YYYY", spark: "d/M/yyyy" },
  "DD.MM.YYYY": { strftime: "%d.%m.%Y", toDate: "DD.MM.YYYY", spark: "d.M.yyyy" },
  YYYYMMDD: { strftime: "%Y%m%d", toDate: "YYYYMMDD", spark: "yyyyMMdd" },
};

/** ISO dates as ceq reads them: `2024-03-05`, `2024/03/05`, `2024-03` (its first day), a time after them ignored. */
export function isoDate(text: string, cast: (t: string) => string): string {
  const t = `REPLACE(TRIM(${text}), '/', '-')`;
  return cast(`CASE WHEN LENGTH(${t}) = 7 THEN CONCAT(${t}, '-01') ELSE SUBSTR(${t}, 1, 10) END`);
}

const extract = (part: string, int: string) => (d: string) => `CAST(EXTRACT(${part} FROM ${d}) AS ${int})`;

/** ClickHouse has no window functions or WITH subqueries (18.16): its own plan, in clickhouse.ts. */
export const DIALECT: Record<Exclude<DialectName, "sqlite" | "clickhouse">, Dialect> = {
  duckdb: {
    name: "duckdb",
    money: "DECIMAL(38, 6)",
    int: "INTEGER",
    text: "VARCHAR",
    date: (t, f) => (f === "YYYY-MM-DD" ? isoDate(t, (x) => `CAST(${x} AS DATE)`) : `CAST(strptime(split_part(TRIM(${t}), ' ', 1), '${LAYOUTS[f].strftime}') AS DATE)`),
    year: extract("YEAR", "INTEGER"),
    month: extract("MONTH", "INTEGER"),
    series: { from: "bounds, generate_series(bounds.first_period, bounds.last_period) AS series(period)", period: "series.period" },
    quote: doubleQuoted("duckdb"),
  },
  postgres: {
    name: "postgres",
    money: "NUMERIC",
    int: "INTEGER",
    text: "TEXT",
    date: (t, f) => (f === "YYYY-MM-DD" ? isoDate(t, (x) => `CAST(${x} AS DATE)`) : `to_date(split_part(TRIM(${t}), ' ', 1), '${LAYOUTS[f].toDate}')`),
    year: extract("YEAR", "INTEGER"),
    month: extract("MONTH", "INTEGER"),
    series: { from: "bounds, generate_series(bounds.first_period, bounds.last_period) AS series(period)", period: "series.period" },
    quote: doubleQuoted("postgres", 63),
  },
  bigquery: {
    name: "bigquery",
    money: "NUMERIC",
    int: "INT64",
    text: "STRING",
    date: (t, f) => (f === "YYYY-MM-DD" ? isoDate(t, (x) => `CAST(${x} AS DATE)`) : `PARSE_DATE('${LAYOUTS[f].strftime}', SUBSTR(TRIM(${t}), 1, STRPOS(CONCAT(TRIM(${t}), ' '), ' ') - 1))`),
    year: extract("YEAR", "INT64"),
    month: extract("MONTH", "INT64"),
    series: { from: "bounds, UNNEST(GENERATE_ARRAY(bounds.first_period, bounds.last_period)) AS period", period: "period" },
    quote: bigQueryQuoted,
  },
  snowflake: {
    name: "snowflake",
    money: "NUMBER(38, 6)",
    int: "INTEGER",
    text: "VARCHAR",
    date: (t, f) => (f === "YYYY-MM-DD" ? isoDate(t, (x) => `CAST(${x} AS DATE)`) : `TO_DATE(SPLIT_PART(TRIM(${t}), ' ', 1), '${LAYOUTS[f].toDate}')`),
    year: extract("YEAR", "INTEGER"),
    month: extract("MONTH", "INTEGER"),
    series: { from: "bounds, TABLE(FLATTEN(input => ARRAY_GENERATE_RANGE(bounds.first_period, bounds.last_period + 1))) AS series", period: "CAST(series.value AS INTEGER)" },
    quote: doubleQuoted("snowflake"),
  },
  spark: {
    name: "spark",
    money: "DECIMAL(38, 6)",
    int: "INT",
    text: "STRING",
    date: (t, f) => (f === "YYYY-MM-DD" ? isoDate(t, (x) => `CAST(${x} AS DATE)`) : `to_date(substring_index(TRIM(${t}), ' ', 1), '${LAYOUTS[f].spark}')`),
    year: (d) => `year(${d})`,
    month: (d) => `month(${d})`,
    series: { from: "bounds", period: "explode(sequence(bounds.first_period, bounds.last_period))" },
    quote: sparkQuoted,
  },
};
