/**
 * ceq's ISO 4217 minor units are list one's (SIX, for ISO; the copy of 1 February 2026 in
 * github.com/datasets/currency-codes), not Intl's: Intl gives CLDR's display digits, which say
 * HUF, COP, IDR 0 and IQD 0 where ISO says 2 and 3, so `500000` forints in minor units were read
 * as 500,000 Ft instead of 5,000.00. Codes an exporter counts otherwise (ISK, MGA for Stripe's API)
 * are refused under --minor-units until `--minor-unit` declares them.
 */
import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { currencyDecimals, disputeRemedy, exporterDispute, isoMinorUnit, minorUnitOf, minorUnitWith } from "../../../src/currency.js";
import { minorUnit } from "../../../src/commands/option-values.js";

describe("ISO 4217's minor units (list one)", () => {
  it("as list one gives them, not as CLDR displays them", () => {
    const table = ["HUF", "IQD", "ISK", "CLP", "TND", "COP", "IDR", "KRW", "VND", "UGX", "LYD", "CLF", "UYW", "UYI", "MGA", "TWD"].map((c) => [c, isoMinorUnit(c)]);
    expect(table).toEqual([["HUF", 2], ["IQD", 3], ["ISK", 0], ["CLP", 0], ["TND", 3], ["COP", 2], ["IDR", 2], ["KRW", 0], ["VND", 0], ["UGX", 0], ["LYD", 3], ["CLF", 4], ["UYW", 4], ["UYI", 0], ["MGA", 2], ["TWD", 2]]);
  });

  it("agrees with the spec's own six: USD 2, JPY 0, KWD, BHD, OMR, JOD, TND 3", () => {
    const six = ["USD", "JPY", "KWD", "BHD", "OMR", "JOD", "TND"];
    expect(six.map(isoMinorUnit)).toEqual([2, 0, 3, 3, 3, 3, 3]);
    expect(six.map(currencyDecimals)).toEqual([2, 0, 3, 3, 3, 3, 3]);
    expect(six.map(minorUnitOf)).toEqual([2, 0, 3, 3, 3, 3, 3]);
  });

  it("where Node 20's Intl says 0 (CLDR's display digits), ISO says 2 (IQD 3)", () => {
    const shown = ["HUF", "COP", "IDR", "PKR", "IQD", "LAK", "LBP", "MMK", "SOS", "SYP", "YER", "ALL", "IRR", "KPW", "AFN"];
    expect(shown.map(minorUnitOf)).toEqual([2, 2, 2, 2, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
  });

  it("keeps the six withdrawn codes exports still hold at list one's last unit; none for codes ISO gives no unit", () => {
    expect(["ANG", "BGN", "CUC", "HRK", "SLL", "ZWL"].map(minorUnitOf)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(["XTS", "XAU", "XDR", "XXX", "XQQ", "ABC"].map(minorUnitOf)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it("prints a code ISO gives no unit with 2 decimals, as before", () => {
    expect(["XQQ", "XTS", "HUF", "ISK", "MGA"].map(currencyDecimals)).toEqual([2, 2, 2, 0, 2]);
  });
});

describe("codes an exporter counts otherwise than ISO 4217", () => {
  it("are unknown to --minor-units until declared, and the declaration wins over ISO", () => {
    expect(["ISK", "MGA"].map(minorUnitOf)).toEqual([undefined, undefined]);
    expect(minorUnitWith("ISK", [["ISK", 2]])).toBe(2);
    expect(minorUnitWith("ISK", [["ISK", 0]])).toBe(0);
    expect(minorUnitWith("MGA", [["ISK", 2], ["MGA", 0]])).toBe(0);
    // a declaration overrides ISO for any code, and names one ISO gives none
    expect(minorUnitWith("HUF", [["HUF", 0]])).toBe(0);
    expect(minorUnitWith("XTS", [["XTS", 2]])).toBe(2);
    expect(minorUnitWith("HUF", [["ISK", 2]])).toBe(2);
    expect(minorUnitWith("ISK", [])).toBeUndefined();
  });

  it("say both units and how to declare one", () => {
    expect(exporterDispute("ISK")).toBe("ISO 4217 has 0 decimals, Stripe's API 2 (100 = 1 króna)");
    expect(exporterDispute("MGA")).toBe("ISO 4217 has 2 decimals, Stripe's API 0 (100 = 100 ariary)");
    expect(disputeRemedy("ISK")).toBe("--minor-unit ISK=2 (Stripe's API) or --minor-unit ISK=0 (ISO 4217)");
    expect([exporterDispute("HUF"), disputeRemedy("HUF"), exporterDispute("KWD")]).toEqual([undefined, undefined, undefined]);
  });
});

describe("--minor-unit CODE=DIGITS", () => {
  it("reads pairs, repeated or comma-separated, a code in any case as --currency takes it", () => {
    expect(minorUnit("ISK=2", undefined)).toEqual([["ISK", 2]]);
    expect(minorUnit(" isk = 2 , MGA=0", undefined)).toEqual([["ISK", 2], ["MGA", 0]]);
    expect(minorUnit("MGA=0", [["ISK", 2]])).toEqual([["ISK", 2], ["MGA", 0]]);
    expect(minorUnit("ISK=2", [["ISK", 2]])).toEqual([["ISK", 2]]);
    expect(minorUnit("CLF=4", undefined)).toEqual([["CLF", 4]]);
  });

  it("refuses what is no code and decimals from 0 to 4, and a code given two units", () => {
    for (const bad of ["ISK=x", "ISK=9", "ISK=5", "ISK=-1", "ISK=2.0", "ISK", "IS=2", "ISKR=2", "=2", "ISK=2,", "ISK=2;MGA=0", ""]) {
      expect(() => minorUnit(bad, undefined), bad).toThrow(InvalidArgumentError);
    }
    expect(() => minorUnit("ISK=x", undefined)).toThrow('expected CODE=DIGITS, a currency code and the decimals of its minor unit from 0 to 4, such as ISK=2 (several separated by commas); not "ISK=x"');
    expect(() => minorUnit("ISK=2,isk=0", undefined)).toThrow("ISK is declared twice, with 2 and 0 decimals");
    expect(() => minorUnit("ISK=0", [["ISK", 2]])).toThrow("ISK is declared twice, with 2 and 0 decimals");
  });
});
