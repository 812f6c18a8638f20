/**
 * Identifiers in the SQL `ceq sql` writes: column names from a file's header or a flag, and table
 * names, each escaped by its engine's documented rule, or refused when no escape can hold them.
 * A name is data: quoted, nothing in it (a quote, a backslash, `--`, a line break) can end the
 * identifier and become SQL.
 */
import { UsageError } from "../errors.js";

/** Why a name cannot be an identifier in a dialect: a usage error naming both. */
function refuse(name: string, dialect: string, why: string): never {
  throw new UsageError(`${JSON.stringify(name)} cannot be written as a ${dialect} identifier: ${why}`, "rename the column (or table) in the warehouse, or with a view");
}

/** No engine stores NUL in a name; PostgreSQL cuts names at 63 bytes and would read another column. */
function check(name: string, dialect: string, maxBytes?: number): void {
  if (name.length === 0) refuse(name, dialect, "it is empty");
  if (name.includes("\u0000")) refuse(name, dialect, "it holds a NUL character");
  if (maxBytes !== undefined && Buffer.byteLength(name, "utf8") > maxBytes) refuse(name, dialect, `it is longer than ${maxBytes} bytes, where ${dialect} cuts names short`);
}

/**
 * Double-quoted, a `"` doubled: the SQL standard's delimited identifier, as DuckDB, PostgreSQL
 * ("4.1.1 Identifiers and Key Words": up to NAMEDATALEN − 1 = 63 bytes) and Snowflake ("Identifier
 * requirements": double quotes within are escaped by another; up to 255 characters) read it.
 */
export const doubleQuoted = (dialect: string, maxBytes?: number) => (name: string): string => {
  check(name, dialect, maxBytes);
  return `"${name.replace(/"/g, '""')}"`;
};

/**
 * BigQuery ("Lexical structure and syntax", Quoted identifiers): backticks, with the escape
 * sequences of string literals. So a backslash is `\\` and a backtick `` \` `` (a name ending in
 * `\` would otherwise escape the closing backtick), and a control character is `\uhhhh`.
 */
export function bigQueryQuoted(name: string): string {
  check(name, "bigquery");
  const escaped = name.replace(/[\\`\u0000-\u001f\u007f]/g, (c) => (c === "\\" ? "\\\\" : c === "`" ? "\\`" : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`));
  return `\`${escaped}\``;
}

/** Spark SQL ("Identifiers"): backticks, a backtick inside doubled; a backslash is not special there. */
export function sparkQuoted(name: string): string {
  check(name, "spark");
  return `\`${name.replace(/`/g, "``")}\``;
}

/** A plain identifier part, written as it is (unquoted, so an engine folds its case as usual). */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_$]*$/;

/**
 * A table name, up to project.schema.table: a plain part as it is, any other (a hyphen, as in
 * BigQuery project ids, or `--`, which raw would start a comment) quoted by the dialect's rule.
 */
export function tableName(name: string, quote: (part: string) => string): string {
  return name
    .split(".")
    .map((part) => (PLAIN.test(part) ? part : quote(part)))
    .join(".");
}
