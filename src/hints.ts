/**
 * The hint printed after an issue: the fix to try, by the issue's code and what it carries (see
 * issues.ts, whose wording says what is wrong; this says what to do about it).
 */
import { amountMarker, describeMarker, disputeRemedy, markerCurrencies } from "./currency.js";
import { POSITIVE_TAKEN_BACK, type Issue, type IssueCode } from "./issues.js";

/** The date layout a value is most likely written in, to name in a hint (never to read by). */
function likelyLayout(value: string): string | undefined {
  const slash = /^\s*(\d{1,2})\/(\d{1,2})\/\d{4}\b/.exec(value);
  if (slash) {
    const [first, second] = [Number(slash[1]), Number(slash[2])];
    if (first > 12 && second <= 12) return "DD/MM/YYYY";
    if (second > 12 && first <= 12) return "MM/DD/YYYY";
    return "MM/DD/YYYY or DD/MM/YYYY (ceq never guesses which: look for a day over 12)";
  }
  if (/^\s*\d{1,2}\.\d{1,2}\.\d{4}\b/.test(value)) return "DD.MM.YYYY";
  if (/^\s*\d{8}\b/.test(value)) return "YYYYMMDD";
  return undefined;
}

/** Digits grouped by a comma or an apostrophe, and nothing but an amount's characters: a grouping that is none. */
const GROUPED = /^[\s$€£¥₹(+\-\u2212]*\d+(?:[,'\u2019]\d*)+(?:\.\d*)?[\s)\-]*$/;

/** A cell whose day looks right and a time follows (`2022-02-03 25:00`): the time is what is wrong. */
const ISO_DAY_AND_TIME = /^\s*\d{4}[-/](?:0[1-9]|1[0-2])[-/](?:0[1-9]|[12]\d|3[01])[T ]/;
const DAY_AND_TIME = /^\s*\S*\d[T ]\d/;
const TIME_HINT =
  "a time after the date is read as hh:mm, hh:mm:ss or hh:mm:ss.fff (hours 0-23, or 1-12 with AM/PM), then optionally Z, UTC or an offset up to ±14:00 (+01:00, +0100, +01); the date counts as written, whatever the time";

function dateHint(issue: Issue): string | undefined {
  const value = issue.value ?? "";
  const likely = likelyLayout(value);
  const given = issue.detail !== undefined && issue.detail !== "YYYY-MM-DD" ? issue.detail : undefined;
  if (likely === undefined) return given !== undefined ? `dates are read as ${given}: check --date-format against the export` : ISO_DAY_AND_TIME.test(value) ? TIME_HINT : undefined;
  if (given !== undefined && likely.startsWith(given)) return DAY_AND_TIME.test(value) ? TIME_HINT : undefined;
  return `name the layout of the dates: --date-format ${likely}`;
}

/** The fix for an amount marked with another currency, by where the one it must be in came from
 * (the flag its remedy names). */
function currencyHint(issue: Issue): string | undefined {
  const flag = issue.remedy?.flag;
  if (flag === "--currency") {
    const marker = amountMarker(issue.value ?? "") ?? "";
    const codes = markerCurrencies(marker);
    const run = codes.length <= 2 ? codes.map((c) => `--currency ${c}`).join(" or ") : `--currency ${codes[0]} (or the one it is)`;
    return `if the file's amounts are all in ${describeMarker(marker)}, run with ${run}; rows in several currencies need a currency column that says each row's, and --fx-rates FILE (currency, year, rate) to convert them`;
  }
  if (flag === "--currency-column") return "the currency column says which currency a row's amounts are in: correct the amount or the row's currency (--fx-rates FILE converts rows in another currency than --currency)";
  if (flag === "--fx-rates") return "a rate is the value of one unit of its currency in the run's (--currency): EUR,2024,1.08 under --currency USD says 1 EUR = 1.08 USD";
  return undefined;
}

/**
 * The fix to try, printed once per kind after the errors it would fix: the flag, or the step.
 * Only issues with a likely remedy have one.
 */
const hints: Partial<Record<IssueCode, (issue: Issue) => string | undefined>> = {
  "bad-amount": (i) =>
    i.remedy?.flag === "--decimal-comma"
      ? "amounts with a decimal comma (1.234,56) are read with --decimal-comma"
      : i.remedy?.flag === "--empty-as-zero"
        ? "if an empty amount means nothing was paid, add --empty-as-zero to read it as 0"
        : GROUPED.test(i.value ?? "")
          ? "digit groups are read when consistent: by threes (1,234,567.89), Indian (12,34,567.89) or Swiss (1'234'567.89), one separator throughout (docs/numbers-and-dates.md)"
          : undefined,
  "bad-date": dateHint,
  "minor-units-disputed": (i) => {
    const code = (i.value ?? "").trim().toUpperCase();
    return `declare the unit the export counts ${code} in: ${disputeRemedy(code)}`;
  },
  "ambiguous-amount": () => 'say how the file writes its amounts: --decimal-comma if "," is its decimal mark and "." groups thousands (1.500 is fifteen hundred), or --decimal-point if "." is its decimal mark (1.500 is one and a half)',
  "bad-fx-rate": (i) => (i.remedy?.flag === "--decimal-comma" ? "rates with a decimal comma (0,925) are read with --decimal-comma, as the amounts are" : undefined),
  "currency-marker": currencyHint,
  "bad-phase": () => 'map the export\'s own words to phases: --phase-map "Existing Customer=retained,Former Customer=churned" (built in: new, acquired, acquisition; retained, existing, old, retention; churned, lost, churn)',
  "too-many-groups": (i) => (i.remedy ? `to see them all anyway: ${i.remedy.flag} ${i.remedy.value}; or segment by a column with fewer values` : undefined),
  "unique-ids": (i) =>
    i.remedy?.value !== undefined ? `if "${i.remedy.value}" holds the customer, name it: ${i.remedy.flag} ${JSON.stringify(i.remedy.value)}` : i.remedy ? `name the column that holds the customer: ${i.remedy.flag} NAME` : undefined,
  "missing-id": (i) => (i.remedy ? `to leave out the rows without a customer id: ${i.remedy.flag} (one warning then gives their count and the sum of their amounts)` : undefined),
  "formula-without-value": () => "open the file in a spreadsheet (Excel, LibreOffice) and save it, so that every formula's result is stored, then run ceq again",
  "missing-shared-string": () => "open the workbook in a spreadsheet (Excel, LibreOffice) to see whether it repairs the file, or export the sheet from the system again",
  "invalid-encoding": () => "if the export comes from Excel on Windows or an older system, name its encoding: --encoding cp1252 (or latin1, utf-16le)",
  "refund-column": (i) => `if the amounts are before refunds, net them: --refund-column ${JSON.stringify(i.remedy?.value ?? i.column)}; if they are already net, say so: --ignore-column ${JSON.stringify(i.remedy?.value ?? i.column)}`,
  "refund-value": (i) => `if this column does not change the amounts, say so: --ignore-column ${JSON.stringify(i.remedy?.value ?? i.column)}`,
  "non-revenue-status": (i) =>
    i.remedy?.why === POSITIVE_TAKEN_BACK
      ? `export these rows with their minus sign, so that they net the sales they take back; or leave them out, knowing that the revenue is then before them: --where ${JSON.stringify(i.remedy.value ?? "")}`
      : `leave them out: --where ${JSON.stringify(i.remedy?.value ?? "")} (or, if these rows are revenue after all, ${i.remedy?.why !== undefined ? `name them with the column's revenue values: --revenue-values ${JSON.stringify(i.remedy.why)}` : `--ignore-column ${JSON.stringify(i.column)}`})`,
  "unknown-status": (i) => `if every row is revenue, say so: --ignore-column ${JSON.stringify(i.column)}; else leave the others out with --where "${i.column}!=VALUE"`,
  "missing-column": (i) => {
    if (i.remedy === undefined) return undefined;
    if (i.remedy.flag === "--source") return `this looks like ${i.remedy.why}: --source ${i.remedy.value}`;
    if (i.remedy.value !== undefined) return `if "${i.remedy.value}" is that column, name it: ${i.remedy.flag} ${JSON.stringify(i.remedy.value)}`;
    return i.remedy.flag.startsWith("--new,")
      ? `a file of one phase has no phase column: give it with ${i.remedy.flag}, by the phase it holds`
      : `a file of one phase has no phase column: give it as ${i.remedy.flag} ${i.file}`;
  },
};

/** The hint line's text for an issue, or undefined when there is no likely remedy. */
export function hintOf(issue: Issue): string | undefined {
  const hint = hints[issue.code]?.(issue);
  const source = issue.remedy?.source;
  if (source === undefined) return hint;
  const preset = `this looks like ${source.why}: --source ${source.name}`;
  return hint === undefined ? preset : `${preset}; or ${hint}`;
}
