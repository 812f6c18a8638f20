/**
 * Which column of a log is the customer, said aloud: the column read as the customer id is named
 * in a notice when no flag named it, and an id that never repeats is a warning. A log whose every
 * row is a customer of its own has no retention at all: far likelier, its "id" is the order's or
 * the charge's (Stripe's `id`, Shopify's `Id`), and every figure would be wrong without a word.
 */
import type { Issue } from "../issues.js";
import { HINT_NAMES } from "../schema/synonyms.js";
import { compactName } from "../schema/transaction.js";

/** Below this many rows, ids that never repeat say little: a small log may hold each customer once. */
export const UNIQUE_IDS_MIN_ROWS = 50;

/** The id column a log's header gave, where it was found, and whether a flag named it. */
export interface IdChoice {
  file: string;
  /** The header's line; undefined for a warehouse table, which has none. */
  line: number | undefined;
  header: readonly string[];
  index: number;
  byFlag: boolean;
}

const columnOf = (choice: IdChoice): string => choice.header[choice.index]!.trim();

/** The notice naming the column read as the customer id, or undefined when a flag named it. */
export function idColumnNotice(choice: IdChoice): Issue | undefined {
  if (choice.byFlag) return undefined;
  return { severity: "notice", code: "id-column", file: choice.file, line: choice.line, detail: columnOf(choice) };
}

/**
 * The warning for ids that never repeat over `rows` rows (at least UNIQUE_IDS_MIN_ROWS): every row
 * read had a customer of its own (`customers` distinct ids, as the id tables count them, equal to
 * the rows), with a hint naming the header's likely customer column when it has one, else the flag.
 */
export function uniqueIdsWarning(choice: IdChoice, rows: number, customers: number): Issue | undefined {
  if (rows < UNIQUE_IDS_MIN_ROWS || customers !== rows) return undefined;
  const likely = likelyCustomer(choice.header, choice.index);
  return {
    severity: "warning",
    code: "unique-ids",
    file: choice.file,
    line: choice.line,
    column: columnOf(choice),
    detail: `${rows.toLocaleString("en")} rows`,
    remedy: likely !== undefined ? { flag: "--id-column", value: likely } : { flag: "--id-column" },
  };
}

/** The header's column likeliest to hold the customer, other than `chosen`: the first of the id
 * role's names it has (synonyms.ts), never an empty header. */
export function likelyCustomer(header: readonly string[], chosen: number): string | undefined {
  const names = header.map(compactName);
  for (const wanted of HINT_NAMES.id) {
    const index = names.indexOf(compactName(wanted));
    if (index !== -1 && index !== chosen && header[index]!.trim() !== "") return header[index]!.trim();
  }
  return undefined;
}
