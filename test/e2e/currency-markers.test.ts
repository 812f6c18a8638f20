/** The audit's reproduction through the built binary: "$100 + €100 + JPY 100" is no sum in USD. */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ceq, folder } from "../support/helpers.js";

describe("currency markers in amount cells, through bin/ceq.js", () => {
  it("cells in another currency than the run's: errors on stderr, nothing on stdout, exit 1", async () => {
    const dir = folder({ "mixed_symbols.csv": "customer_id,year,revenue\nA,2024,$100.00\nB,2024,€100.00\nC,2024,JPY 100\n" });
    const run = await ceq(["--new", "mixed_symbols.csv", "-f", "csv"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    const tail = "run with --currency %; rows in several currencies need a currency column that says each row's, and --fx-rates FILE (currency, year, rate) to convert them";
    expect(run.stderr).toBe(
      [
        'error: mixed_symbols.csv:3: revenue: "€100.00" is an amount in EUR, not in USD, the currency of this run (--currency): amounts in two currencies are never added',
        `hint: if the file's amounts are all in EUR, ${tail.replace("%", "EUR")}`,
        'error: mixed_symbols.csv:4: revenue: "JPY 100" is an amount in JPY, not in USD, the currency of this run (--currency): amounts in two currencies are never added',
        `hint: if the file's amounts are all in JPY, ${tail.replace("%", "JPY")}`,
        "warning: no retained input given: that phase counts as zero",
        "warning: no churned input given: that phase counts as zero",
        "error: 2 errors in the input; no result was written",
        "",
      ].join("\n"),
    );
  });

  it("amounts marked with the run's currency read as before: $100 + $50.50 = 150.50", async () => {
    const dir = folder({ "new.csv": "customer_id,year,revenue\nA,2024,$100.00\nB,2024,USD 50.50\n" });
    const run = await ceq(["--new", join(dir, "new.csv"), "-f", "csv"]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split("\n")[1]!.split(",").slice(0, 3)).toEqual(["2024", "2", "150.50"]);
  });
});
