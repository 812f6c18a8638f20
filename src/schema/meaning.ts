/**
 * Meaning columns: columns ceq does not read whose name says they change what an amount means.
 * A refund or adjustment column nets the amount; a status or type column says which rows are
 * revenue at all (a failed charge, a voided invoice, the payment row that repeats an invoice).
 * Such a column is applied (`--refund-column`, `--where`) or acknowledged (`--ignore-column`),
 * never ignored: a number read past it could be silently wrong.
 *
 * This module is pure: it classifies header names and cell values; the readers count and report.
 */
import { compactName } from "./transaction.js";

/** What the run says of meaning columns: the refund columns it subtracts, and the columns it reads past. */
export interface MeaningOptions {
  refund: readonly string[];
  /** The refunds' own date: each is booked in its period. */
  refundDate?: string;
  ignore: readonly string[];
  /** Status or type columns whose revenue values the run names (`--revenue-values`): every other value there is not revenue. */
  revenueValues?: readonly RevenueValues[];
}

/** `--revenue-values "Transaction Type=Invoice,Credit Memo"`: a column, and the values of it that are revenue. */
export interface RevenueValues {
  column: string;
  values: readonly string[];
}

/** The column and values a `--revenue-values` text names, or why it names none. */
export function parseRevenueValues(text: string): RevenueValues | string {
  const at = text.indexOf("=");
  const column = at === -1 ? "" : text.slice(0, at).trim();
  const values = text.slice(at + 1).split(",").map((v) => v.trim());
  if (column === "" || values.some((v) => v === "")) return 'expected COLUMN=VALUE,VALUE,… naming the values of a status or type column that are revenue, such as "Transaction Type=Invoice,Sales Receipt,Credit Memo"';
  return { column, values };
}

export type MeaningKind = "refund" | "status";

/** How a status value reads: revenue, not revenue, not revenue unless a refund column nets it, or unknown. */
export type StatusClass = "revenue" | "non-revenue" | "refund" | "refund-row" | "unknown";

export interface MeaningColumn {
  index: number;
  /** The header as written, trimmed. */
  name: string;
  kind: MeaningKind;
  /** For a one-word yes/no column (`Paid`, `Voided`): what "true" means. */
  truthMeans?: "revenue" | "non-revenue" | "refund";
  /** The values `--revenue-values` names as this column's revenue, as written: every other value is not. */
  revenueValues?: readonly string[];
}

/** The words of a header: lower case, a trailing `(UTC)`-style note dropped, split on anything not a letter or digit. */
export function headerWords(name: string): string[] {
  return name
    .replace(/^\ufeff/, "")
    .replace(/\([^)]*\)\s*$/, "")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== "");
}

const REFUND_WORDS = new Set(["refund", "refunds", "refunded", "adjustment", "adjustments", "adjusted", "credit", "credits", "credited", "writeoff", "writeoffs", "erstattung", "erstattet", "gutschrift", "gutschriften"]);
/** Two-word refund names (written off, write off). */
const REFUND_PAIRS = [["written", "off"], ["write", "off"]];
/** Words that make a refund-like name something other than an amount (its date, reason, status, a card). */
const NOT_AN_AMOUNT = new Set(["date", "time", "at", "on", "reason", "note", "notes", "status", "state", "method", "id", "number", "no", "currency", "card", "type", "count", "limit", "terms", "by", "datum", "grund"]);
/** Words that make a column a status wherever they stand (`Financial Status`, `Deal Stage`). */
const STATUS_WORDS = new Set(["status", "stage", "dealstage", "stagename", "doctype", "belegart", "belegtyp", "buchungsart", "zahlungsstatus"]);
/** `Type` and `State` say which rows are revenue alone or of a record (`Transaction Type`), not of
 * a customer, product or address (`Customer Type`, `Billing State`). */
const QUALIFIED_WORDS = new Set(["type", "state"]);
const RECORD_WORDS = new Set(["transaction", "document", "doc", "deal", "record", "entry", "invoice", "order", "journal", "charge", "payment", "subscription", "sales", "opportunity", "line", "txn"]);
const NOT_A_STATUS = new Set(["date", "time", "at", "on", "id", "reason", "note", "notes", "count", "currency", "card", "method", "datum", "billing", "shipping", "address", "province"]);
/** One-word yes/no columns and what their "true" means; each also after `is`, `was` or `has been` (see flagOf). */
const FLAG_COLUMNS: ReadonlyMap<string, MeaningColumn["truthMeans"]> = new Map([
  ["paid", "revenue"],
  ["captured", "revenue"],
  ["voided", "non-revenue"],
  ["void", "non-revenue"],
  ["canceled", "non-revenue"],
  ["cancelled", "non-revenue"],
  ["refunded", "refund"],
  ["bezahlt", "revenue"],
  ["storniert", "non-revenue"],
]);

/** What may come before a yes/no name and leave its meaning as it is: `Is Void`, `Was Paid`, `Has Been Refunded`. */
const FLAG_PREFIXES: readonly (readonly string[])[] = [["is"], ["was"], ["has", "been"]];

/**
 * A yes/no name alone or after `is`, `was` or `has been`, as separate words or one: `Voided`,
 * `Is Void`, `is_cancelled`, `IsCaptured`, `was_voided`, `HasBeenRefunded`. Any other word before it
 * (`Not Paid`) may turn its meaning around, so it is no flag.
 */
function flagOf(words: readonly string[]): MeaningColumn["truthMeans"] {
  const prefix = FLAG_PREFIXES.find((p) => words.length === p.length + 1 && p.every((w, i) => words[i] === w));
  if (prefix) return FLAG_COLUMNS.get(words[prefix.length]!);
  if (words.length !== 1) return undefined;
  const word = words[0]!;
  const joined = FLAG_PREFIXES.map((p) => p.join("")).find((p) => word.startsWith(p) && FLAG_COLUMNS.has(word.slice(p.length)));
  return FLAG_COLUMNS.get(joined === undefined ? word : word.slice(joined.length));
}

/** What a header name says it is, or undefined for a column that says nothing about amounts. */
export function meaningOf(name: string): Pick<MeaningColumn, "kind" | "truthMeans"> | undefined {
  const words = headerWords(name);
  if (words.length === 0) return undefined;
  const flag = flagOf(words);
  if (flag !== undefined) return { kind: "status", truthMeans: flag };
  const qualified = words.some((w, i) => QUALIFIED_WORDS.has(w) && (words.length === 1 || (i > 0 && RECORD_WORDS.has(words[i - 1]!))));
  const statusLike = (qualified || words.some((w) => STATUS_WORDS.has(w))) && !words.some((w) => NOT_A_STATUS.has(w));
  if (statusLike) return { kind: "status" };
  const refundLike = words.some((w) => REFUND_WORDS.has(w)) || REFUND_PAIRS.some(([a, b]) => words.some((w, i) => w === a && words[i + 1] === b));
  if (refundLike && !words.some((w) => NOT_AN_AMOUNT.has(w))) return { kind: "refund" };
  return undefined;
}

/**
 * The meaning columns of a header that the run neither reads (`used`) nor names (`handled`: the
 * `--refund-column`, `--refund-date-column`, `--ignore-column`, `--where` and `--by` names). A
 * column `--revenue-values` names (`declared`) is a status column with those values, whatever its name.
 */
export function meaningColumns(header: readonly string[], used: ReadonlySet<number>, handled: readonly string[], declared: readonly RevenueValues[] = []): MeaningColumn[] {
  const named = new Set(handled.map(compactName));
  const found: MeaningColumn[] = [];
  header.forEach((cell, index) => {
    if (used.has(index) || named.has(compactName(cell))) return;
    const revenueValues = declared.find((d) => compactName(d.column) === compactName(cell))?.values;
    const meaning = revenueValues !== undefined ? { kind: "status" as const, revenueValues } : meaningOf(cell);
    if (meaning) found.push({ index, name: cell.trim(), ...meaning });
  });
  return found;
}

/** A status value as compared: lower case, `_` and `-` as spaces, runs of spaces folded. */
export const statusKey = (value: string): string => value.trim().toLowerCase().replace(/[\s_-]+/g, " ");

const words = (list: string): string[] => list.split("|");

/** Values that mean no revenue: the row is not a sale (failed, voided, a draft, a payment repeating an invoice). */
const NON_REVENUE = new Set(
  words(
    "failed|failure|fail|declined|decline|void|voided|canceled|cancelled|cancel|draft|pending|uncollectible|payment|payments|customer payment|received payment|receive payment|credit memo|credit note|creditmemo|credit|" +
      "closed lost|lost|expired|abandoned|authorized|authorised|uncaptured|unpaid|not paid|requires payment method|requires action|requires capture|requires confirmation|incomplete|incomplete expired|" +
      "chargeback|charged back|reversed|reversal|rejected|error|deleted|written off|write off|bad debt|disputed|dispute lost|on hold|closedlost|" +
      // Deals still in a pipeline (HubSpot's and Salesforce's default stages, by label and by internal name) are no sale yet.
      "appointment scheduled|appointmentscheduled|qualified to buy|qualifiedtobuy|presentation scheduled|presentationscheduled|decision maker bought in|decisionmakerboughtin|contract sent|contractsent|" +
      "prospecting|qualification|needs analysis|value proposition|id. decision makers|perception analysis|proposal/price quote|negotiation/review|" +
      "fehlgeschlagen|abgelehnt|storniert|storno|entwurf|ausstehend|offen ausstehend|zahlung|zahlungseingang|gutschrift|unbezahlt|verloren|abgebrochen|gelöscht|abgeschrieben",
  ),
);
/** Values a refund column settles: the row stands, less what was refunded. */
const REFUND_STATES = new Set(words("refunded|partially refunded|partial refund|partially refunded paid|fully refunded|erstattet|teilweise erstattet|rückerstattet|zurückerstattet"));
/** Values that make the row a refund of its own (Recurly's transaction type `refund`): right when its amount is negative. */
const REFUND_ROWS = new Set(words("refund|refunds|erstattung|rückerstattung"));
/** Values a run may name as revenue (--revenue-values) that take revenue back: a credit memo or a
 * refund of a sale (QuickBooks' Credit Memo and Refund Receipt, NetSuite's Cash Refund). Named,
 * they stay in, and their amount must be negative, as a refund row's. */
const TAKEN_BACK = new Set(words("credit memo|credit note|creditmemo|credit|cash refund|refund receipt|refund|refunds|return|returns|gutschrift|erstattung|rückerstattung"));
/** Values that mean revenue as the amount says. */
const REVENUE = new Set(
  words(
    "paid|paid in full|succeeded|success|successful|complete|completed|closed|closed won|won|closedwon|invoice|invoices|sales receipt|sale|sales|cash sale|settled|posted|captured|approved|fulfilled|" +
      "active|renewed|charge|charges|order|new business|existing business|renewal|upsell|new|existing|retained|" +
      // Invoices issued and not yet (fully) collected are revenue as invoiced (Chargebee payment_due,
      // Xero Awaiting Payment, Zoho overdue); processing is a paid order awaiting fulfilment (Shopify, WooCommerce).
      "purchase|purchases|processing|payment due|past due|overdue|awaiting payment|billed|partially paid|sales invoice|fully applied|deposited|" +
      "bezahlt|erfolgreich|abgeschlossen|gewonnen|rechnung|ausgangsrechnung|verkauf|gebucht|beglichen",
  ),
);
const TRUE = new Set(words("true|yes|y|1|x|ja|wahr"));
const FALSE = new Set(words("false|no|n|0|nein|falsch"));

/**
 * How one status value reads in its column. An empty cell says nothing: revenue as the amount says.
 * In a column whose revenue values the run names, a value is revenue when named, else not.
 */
export function classifyStatus(column: Pick<MeaningColumn, "truthMeans" | "revenueValues">, value: string): StatusClass {
  const key = statusKey(value);
  if (key === "") return "revenue";
  if (column.revenueValues !== undefined) return !column.revenueValues.some((v) => statusKey(v) === key) ? "non-revenue" : TAKEN_BACK.has(key) ? "refund-row" : "revenue";
  if (column.truthMeans !== undefined) {
    if (TRUE.has(key)) return column.truthMeans;
    if (FALSE.has(key)) return column.truthMeans === "revenue" ? "non-revenue" : "revenue";
  }
  if (REFUND_STATES.has(key)) return "refund";
  if (REFUND_ROWS.has(key)) return "refund-row";
  if (NON_REVENUE.has(key)) return "non-revenue";
  if (REVENUE.has(key)) return "revenue";
  return "unknown";
}
