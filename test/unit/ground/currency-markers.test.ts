/**
 * The currency a symbol or code in an amount cell says (src/currency.ts): which markers are
 * currencies' at all, and which currencies each may be written for. Worked by hand from ISO 4217
 * and CLDR's narrow symbols.
 */
import { describe, expect, it } from "vitest";
import { amountMarker, describeMarker, isCurrencyMarker, markerCurrencies, markerFits } from "../../../src/currency.js";

describe("a marker fits the currency it may be written for", () => {
  it.each([
    ["$", "USD"],
    ["$", "CAD"],
    ["$", "AUD"],
    ["$", "MXN"],
    ["€", "EUR"],
    ["£", "GBP"],
    ["¥", "JPY"],
    ["¥", "CNY"],
    ["￥", "JPY"],
    ["￥", "CNY"],
    ["₩", "KRW"],
    ["₹", "INR"],
    ["₽", "RUB"],
    ["₪", "ILS"],
    ["₺", "TRY"],
    ["₫", "VND"],
    ["₦", "NGN"],
    ["₱", "PHP"],
    ["฿", "THB"],
    ["EUR", "EUR"],
    ["JPY", "JPY"],
  ])("%s in %s", (marker, currency) => {
    expect(markerFits(marker, currency)).toBe(true);
  });

  it.each([
    ["$", "EUR"],
    ["$", "BRL"], // R$, not $ alone
    ["€", "USD"],
    ["£", "USD"],
    ["£", "EGP"], // E£
    ["¥", "USD"],
    ["¥", "KRW"],
    ["₹", "PKR"],
    ["EUR", "USD"],
    ["USD", "CAD"], // a code names one currency, unlike $
  ])("not %s in %s", (marker, currency) => {
    expect(markerFits(marker, currency)).toBe(false);
  });

  it("each symbol is the narrow symbol Intl (CLDR) gives in English for each currency it is written for", () => {
    const narrow = (code: string) =>
      new Intl.NumberFormat("en", { style: "currency", currency: code, currencyDisplay: "narrowSymbol" }).formatToParts(1).find((p) => p.type === "currency")!.value;
    for (const symbol of ["$", "€", "£", "¥", "₩", "₹", "₽", "₪", "₺", "₫", "₦", "₱", "฿"]) {
      for (const code of markerCurrencies(symbol)) expect(narrow(code), `${symbol} ${code}`).toBe(symbol);
    }
    expect(markerCurrencies("￥")).toEqual(markerCurrencies("¥"));
  });
});

describe("which markers are a currency's", () => {
  it("ISO 4217 codes of currencies and the symbols", () => {
    for (const marker of ["USD", "EUR", "JPY", "CHF", "KWD", "VED", "XCG", "ZWG", "HRK", "$", "€", "￥"]) expect(isCurrencyMarker(marker), marker).toBe(true);
  });

  it("not three other capitals, nor ISO's codes that are no money a customer pays", () => {
    for (const marker of ["XYZ", "NET", "TAX", "ABC", "XXX", "XTS", "XAU", "usd", "US", "USDT"]) expect(isCurrencyMarker(marker), marker).toBe(false);
  });
});

describe("the marker of an amount cell", () => {
  it.each([
    ["$1,234.56", "$"],
    ["-$12", "$"],
    ["($1,234.56)", "$"],
    ["€ 12", "€"],
    ["12 €", "€"],
    ["USD 12.00", "USD"],
    ["12.00 EUR", "EUR"],
    ["(JPY 100)", "JPY"],
    ["1234.56-", undefined],
    ["1'234.50", undefined],
    ["", undefined],
  ])("%s: %s", (cell, marker) => {
    expect(amountMarker(cell)).toBe(marker);
  });

  it("is described by its currencies, a few of them when it is written for many", () => {
    expect(describeMarker("EUR")).toBe("EUR");
    expect(describeMarker("€")).toBe("EUR");
    expect(describeMarker("¥")).toBe("JPY or CNY");
    expect(describeMarker("$")).toBe("a currency written $ (USD, CAD, AUD, …)");
    expect(describeMarker("£")).toBe("a currency written £ (GBP, GIP, FKP, …)");
  });
});
