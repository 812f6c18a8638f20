/**
 * The pieces of ClickHouse SQL that the transaction and phase queries share, written for the
 * oldest server ceq supports, Debian's ClickHouse 18.16 (what a prototype measured there, issue 31):
 * no trim() or lpad() (a regular expression and a concat instead), `CAST('abc' AS Decimal(38, 6))`
 * is silently 0 and more than 6 decimals an error (so an amount is matched by a pattern first and
 * cast only when it matches), `toDateOrNull('2020-02-30')` is 2020-03-01 and `Date` covers
 * 1970-2105 only (so a date is valid when it prints back as the text it was read from).
 * Every row that does not parse is counted, and the query refuses to give a figure when any did.
 * Current versions (26.x, through chDB) refuse a joined subquery without an alias
 * (joined_subquery_requires_alias): each one is named.
 */
import type { PeriodKind } from "../schema/period.js";
import type { DateFormat } from "../schema/row.js";

export const ZERO = "toDecimal128(0, 6)";

/** A column name in backticks, its backslashes and backticks escaped (ClickHouse's identifier syntax). */
export const quote = (name: string): string => `\`${name.replace(/\\/g, "\\\\").replace(/`/g, "\\`")}\``;

/** A column's text, trimmed; NULL is the empty text. */
export const text = (column: string): string => `replaceRegexpAll(ifNull(toString(${quote(column)}), ''), '^[[:space:]]+|[[:space:]]+$', '')`;

/** An amount as ceq's SQL reads one: digits, an optional minus and up to 6 decimals (ClickHouse's Decimal(38, 6) refuses more). */
const AMOUNT = "'^-?[0-9]+([.][0-9]{1,6})?$'";
export const amountOk = (t: string): string => `match(${t}, ${AMOUNT})`;
/** An amount (or a cost), 0 where it does not parse, an empty one included (those rows are counted
 * and refused, never summed, as ceq refuses an empty amount or cost cell). */
export const amount = (t: string): string => `toDecimal128(if(${amountOk(t)}, ${t}, '0'), 6)`;

const pad2 = (x: string) => `if(length(${x}) = 1, concat('0', ${x}), ${x})`;

/** A date's text (trimmed) as YYYY-MM-DD text in the layout ceq reads, a time after it ignored. */
export function isoText(t: string, format: DateFormat): string {
  const first = `splitByChar(' ', ${t})[1]`;
  const parts = (sep: string) => `splitByChar('${sep}', ${first})`;
  switch (format) {
    case "YYYY-MM-DD": {
      // `2024-03-05`, `2024/03/05`, `2024-03` (its first day), `2024-03-05T08:26:00Z`.
      const s = `replaceAll(${t}, '/', '-')`;
      return `if(length(${s}) = 7, concat(${s}, '-01'), substring(${s}, 1, 10))`;
    }
    case "MM/DD/YYYY":
      return `concat(${parts("/")}[3], '-', ${pad2(`${parts("/")}[1]`)}, '-', ${pad2(`${parts("/")}[2]`)})`;
    case "DD/MM/YYYY":
      return `concat(${parts("/")}[3], '-', ${pad2(`${parts("/")}[2]`)}, '-', ${pad2(`${parts("/")}[1]`)})`;
    case "DD.MM.YYYY":
      return `concat(${parts(".")}[3], '-', ${pad2(`${parts(".")}[2]`)}, '-', ${pad2(`${parts(".")}[1]`)})`;
    case "YYYYMMDD":
      return `concat(substring(${first}, 1, 4), '-', substring(${first}, 5, 2), '-', substring(${first}, 7, 2))`;
  }
}

/** A real calendar day in 1970-2105: the text prints back as itself. */
export const dateOk = (iso: string): string => `(match(${iso}, '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') AND toString(toDateOrZero(${iso})) = ${iso})`;
export const day = (iso: string): string => `toDateOrZero(${iso})`;

/** A period as a whole number from a Date `d`: fiscal years and quarters (named by their fiscal year), calendar months. */
export function periodOf(d: string, period: PeriodKind, s: number): string {
  const year = `toInt32(toYear(${d}))`;
  const month = `toInt32(toMonth(${d}))`;
  const fiscal = s === 1 ? year : `(${year} + if(${month} >= ${s}, 1, 0))`;
  if (period === "year") return `toInt32(${fiscal})`;
  if (period === "month") return `toInt32(${year} * 12 + ${month} - 1)`;
  return `toInt32(${fiscal} * 4 + intDiv((${month} - ${s} + 12) % 12, 3))`;
}

/** A period number's label (2024, 2024-Q1, 2024-03) and its fiscal year. Periods are positive: intDiv and % need no floor. */
export function labels(p: string, period: PeriodKind, s: number): { label: string; fiscalYear: string } {
  if (period === "year") return { label: `toString(${p})`, fiscalYear: p };
  if (period === "quarter") return { label: `concat(toString(intDiv(${p}, 4)), '-Q', toString(${p} % 4 + 1))`, fiscalYear: `intDiv(${p}, 4)` };
  const month = `(${p} % 12 + 1)`;
  return {
    label: `concat(toString(intDiv(${p}, 12)), '-', if(${month} < 10, '0', ''), toString(${month}))`,
    fiscalYear: s === 1 ? `intDiv(${p}, 12)` : `(intDiv(${p}, 12) + if(${month} >= ${s}, 1, 0))`,
  };
}

/**
 * The refusal: a condition that is true when no row was bad, and otherwise stops the query with an
 * error that says how many. 18.16's throwIf takes no message, so the error is a failed cast of
 * the message itself (both branches of if() are computed, hence '0' when all is well).
 */
export const refuseBad = (bad: string, what: string, input = "log"): string =>
  `toUInt8(if(${bad} > 0, concat('ceq refuses this ${input}: ', toString(${bad}), ' rows whose ${what} is empty or does not parse; no figure is given'), '0')) = 0`;

export const indent = (body: string): string => body.replace(/^/gm, "  ");

/**
 * --explain: the spec's definitions, one comment line each, above the query. ClickHouse's query has
 * no named steps to hang them on: the per-customer GROUP BY carries log_rows and customer_periods,
 * the arrays active_periods and classified, the grid bounds and periods, the last GROUP BY sums.
 */
export const explained = (definitions: Record<string, string>): string =>
  `-- The definitions this query carries out (SPEC "From transactions"):\n${Object.entries(definitions).map(([step, text]) => `-- ${step}: ${text.replace(/\*\*/g, "")}\n`).join("")}`;
