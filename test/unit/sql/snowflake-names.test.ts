/**
 * Snowflake's column names as users create them (src/sql/snowflake-names.ts): a plain name is
 * stored upper case (docs.snowflake.com/en/sql-reference/identifiers-syntax), so it goes out upper
 * case, unquoted; a reserved word (docs.snowflake.com/en/sql-reference/reserved-keywords) upper
 * case in quotes, which names the same column; anything else quoted as given, a quote doubled.
 */
import { describe, expect, it } from "vitest";
import { snowflakeName } from "../../../src/sql/snowflake-names.js";

describe("snowflakeName", () => {
  it("a plain name: upper case, unquoted (letters, digits, _ and $ after a letter or _)", () => {
    for (const [name, out] of [["account_id", "ACCOUNT_ID"], ["_x1", "_X1"], ["Status$1", "STATUS$1"], ["paid_at", "PAID_AT"], ["Z", "Z"]] as const) expect(snowflakeName(name), name).toBe(out);
  });

  it("a reserved word from each part of the list, and the type names: upper case in quotes", () => {
    for (const word of ["account", "ALL", "check", "current", "current_date", "for", "from", "group", "like", "localtime", "rows", "Select", "qualify", "try_cast", "view", "window", "with", "date", "number", "variant", "timestamp", "text"]) {
      expect(snowflakeName(word), word).toBe(`"${word.toUpperCase()}"`);
    }
    // Near a reserved word is not one.
    for (const word of ["accounts", "dates", "selects", "with_x"]) expect(snowflakeName(word), word).toBe(word.toUpperCase());
  });

  it("any other name quoted as given, a double quote doubled", () => {
    for (const [name, out] of [["a b", '"a b"'], ["1abc", '"1abc"'], ["a-b", '"a-b"'], ['a"b', '"a""b"'], ['"', '""""'], ["$x", '"$x"'], ["ab.", '"ab."'], ["x y_z", '"x y_z"']] as const) expect(snowflakeName(name), name).toBe(out);
  });
});
