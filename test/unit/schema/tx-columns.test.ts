/**
 * A transaction log's columns (src/schema/transaction.ts) and the names real exports give them
 * (src/schema/synonyms.ts), pure: which column each field is, which alternative wins, what a
 * missing one says and hints, and a row read by the schema. Every name of the lists is checked on
 * its own (issue 33's mutation run: a name dropped from a list passed the other tests); the names
 * are the vendors' (synonyms.ts cites each export), the expected columns follow its rules by hand.
 */
import { describe, expect, it } from "vitest";
import { toExactString } from "../../../src/money.js";
import { suggestColumn } from "../../../src/schema/hints.js";
import { HINT_NAMES } from "../../../src/schema/synonyms.js";
import { resolveTxColumns, transactionSchema, type TxColumnFlags } from "../../../src/schema/transaction.js";

const at = { file: "log.csv", line: 1 };
const resolve = (header: string[], flags: TxColumnFlags = {}, needsDate = false) => resolveTxColumns(header, flags, at, needsDate);

describe("resolveTxColumns: every default name", () => {
  it("each customer id name, in order of preference, a bare id last", () => {
    const names = ["customer id", "customer", "customer number", "customer no", "customer code", "customer email", "email", "email address", "account id", "account", "account number", "client id", "client", "buyer", "buyer email", "kunde", "kunden nr", "kundennummer", "debitor", "debitor nr", "debitorennummer", "id"];
    for (const name of names) expect(resolve([name, "date", "amount"]).columns, name).toEqual({ id: 0, date: 1, amount: 2 });
    // Each name wins over every later one: written after them in the header, it is still chosen.
    for (let k = 0; k < names.length - 1; k++) {
      const later = names.slice(k + 1).filter((n) => n.replace(/ /g, "") !== names[k]!.replace(/ /g, ""));
      expect(resolve([...later, names[k]!, "date", "amount"]).columns.id, names[k]).toBe(later.length);
    }
    expect(resolve(["E-Mail", "date", "amount"]).columns.id).toBe(0);
  });

  it("each date, year, amount, quantity, price, cost and currency name", () => {
    for (const name of ["date", "period", "month", "invoice date", "order date", "transaction date", "created at", "paid at"]) expect(resolve(["id", name, "amount"]).columns, name).toEqual({ id: 0, date: 1, amount: 2 });
    for (const name of ["year", "fiscal year", "fy"]) expect(resolve(["id", name, "amount"]).columns, name).toEqual({ id: 0, year: 1, amount: 2 });
    for (const name of ["revenue", "amount", "sales", "total", "value", "dollar value"]) expect(resolve(["id", "date", name]).columns, name).toEqual({ id: 0, date: 1, amount: 2 });
    for (const [q, p] of [["quantity", "unit price"], ["qty", "price"]]) expect(resolve(["id", "date", q!, p!]).columns, q).toEqual({ id: 0, date: 1, quantity: 2, price: 3 });
    for (const name of ["cost", "acquisition cost", "servicing cost", "service cost"]) expect(resolve(["id", "date", "amount", name]).columns, name).toEqual({ id: 0, date: 1, amount: 2, cost: 3 });
    for (const name of ["currency", "amount currency", "currency code"]) expect(resolve(["id", "date", "amount", name]).columns, name).toEqual({ id: 0, date: 1, amount: 2, currency: 3 });
  });
});

describe("resolveTxColumns: alternatives, flags and what is missing", () => {
  it("a date wins over a year unless a flag names the year; an amount over quantity × price unless a flag names one of them", () => {
    expect(resolve(["id", "year", "date", "amount"]).columns).toEqual({ id: 0, date: 2, amount: 3 });
    expect(resolve(["id", "year", "date", "amount"], { year: "year" }).columns).toEqual({ id: 0, year: 1, amount: 3 });
    expect(resolve(["id", "year", "date", "amount"], { year: "year", date: "date" }).columns).toEqual({ id: 0, date: 2, amount: 3 });
    expect(resolve(["id", "date", "amount", "qty", "price"]).columns).toEqual({ id: 0, date: 1, amount: 2 });
    expect(resolve(["id", "date", "amount", "qty", "price"], { quantity: "qty" }).columns).toEqual({ id: 0, date: 1, quantity: 3, price: 4 });
    expect(resolve(["id", "date", "amount", "qty", "price"], { price: "price" }).columns).toEqual({ id: 0, date: 1, quantity: 3, price: 4 });
    expect(resolve(["id", "date", "amount", "qty", "price"], { price: "price", amount: "amount" }).columns).toEqual({ id: 0, date: 1, amount: 2 });
  });

  it("a flag's name is compared as a column name; one that names nothing is the error, with its flag", () => {
    expect(resolve(["Kd", "date", "Net_Total"], { id: " kd ", amount: "net total" }).columns).toEqual({ id: 0, date: 1, amount: 2 });
    expect(resolve(["id", "date", "amount"], { cost: "Fee" }).issues).toEqual([
      { severity: "error", code: "missing-column", file: "log.csv", line: 1, detail: '"Fee" (named by --cost-column); found: id, date, amount' },
    ]);
  });

  it("a name twice is ambiguous, and then nothing is said missing", () => {
    expect(resolve([" Date ", "date", "x"]).issues).toEqual([{ severity: "error", code: "ambiguous-column", file: "log.csv", line: 1, column: "Date", detail: "date" }]);
  });

  it("each missing field, in order, with its hint", () => {
    const details = (header: string[], needsDate = false) => resolve(header, {}, needsDate).issues.map((i) => [i.detail!.split(";")[0], i.remedy?.flag ?? null, i.remedy?.value ?? null]);
    expect(details(["x"])).toEqual([
      ["customer id", null, null],
      ["date (or year)", null, null],
      ["amount (or quantity and unit price)", null, null],
    ]);
    expect(details(["id", "year", "amount"], true)).toEqual([["date (periods shorter than a year need dates)", null, null]]);
    expect(details(["id", "year", "amount"])).toEqual([]);
    expect(details(["id", "date", "qty"])).toEqual([["amount (or quantity and unit price)", null, null]]);
    expect(details(["id", "date", "price"])).toEqual([["amount (or quantity and unit price)", null, null]]);
    expect(details(["Client Name", "Posting Date", "Betrag"])).toEqual([
      ["customer id", "--id-column", "Client Name"],
      ["date (or year)", "--date-column", "Posting Date"],
      ["amount (or quantity and unit price)", "--revenue-column", "Betrag"],
    ]);
    expect(details(["id", "Jahr", "amount"])).toEqual([["date (or year)", "--year-column", "Jahr"]]);
    // Date first on a tie: two misspellings, a date's and a year's.
    expect(details(["id", "Dtae", "Yaer", "amount"])).toEqual([["date (or year)", "--date-column", "Dtae"]]);
    expect(details(["id", "Dtae", "Fiscal Year X", "amount"])).toEqual([["date (or year)", "--year-column", "Fiscal Year X"]]);
    // Periods shorter than a year: only a date is hinted.
    expect(details(["id", "Jahr", "amount"], true)).toEqual([["date (periods shorter than a year need dates)", null, null]]);
  });
});

describe("synonyms: each name a hint may give, found exactly", () => {
  const roles = {
    id: ["customer id", "customer", "customer number", "customer no", "customer code", "customer email", "email", "e-mail", "email address", "account id", "account", "account number", "client id", "client", "buyer", "buyer email", "kunde", "kunden nr", "kundennummer", "debitor", "debitor nr", "debitorennummer", "customer name", "client name", "account name", "billing name", "bill to", "sold to", "company", "company name", "contact", "contact email", "buyer name", "member id", "user id", "subscriber id", "payer email"],
    date: ["paid at", "paid date", "payment date", "close date", "closed date", "closed at", "order date", "invoice date", "posting date", "document date", "transaction date", "sale date", "billing date", "charge date", "booking date", "created", "created at", "created date", "create date", "creation date", "day", "buchungsdatum", "belegdatum", "rechnungsdatum", "datum"],
    year: ["year", "fiscal year", "fy", "jahr", "geschäftsjahr"],
    amount: ["revenue", "amount", "sales", "total", "value", "net", "net amount", "gross", "amount paid", "total amount", "grand total", "subtotal", "invoice amount", "deal amount", "amount in local currency", "betrag", "umsatz", "nettobetrag", "bruttobetrag"],
    quantity: ["quantity", "qty", "units", "menge"],
    price: ["unit price", "price", "rate"],
    cost: ["cost", "acquisition cost", "servicing cost", "service cost", "cogs", "kosten"],
    currency: ["currency", "amount currency", "currency code", "währung"],
    phase: ["phase", "status", "type", "segment type"],
  } as const;
  for (const [role, names] of Object.entries(roles)) {
    it(role, () => {
      expect([...HINT_NAMES[role as keyof typeof roles]].sort()).toEqual([...names].sort());
      for (const name of names) {
        const written = name.replace(/\b\w/g, (c) => c.toUpperCase());
        expect(suggestColumn(["Zzz", written], role as keyof typeof roles, { defaults: [] }), name).toEqual({ index: 1, score: 0 });
      }
    });
  }
  it("the id role holds no bare id", () => {
    expect(suggestColumn(["Id"], "id", { defaults: [] })).toBeUndefined();
  });
});

describe("transactionSchema: a row read", () => {
  const cells = { decimalComma: false, emptyAsZero: false, fiscalYearStart: 4, currency: "USD" };
  it("the id, the date and its fiscal year, the amount, the cost (0 without a column) and the currency", () => {
    const schema = transactionSchema({ id: 0, date: 1, amount: 2, cost: 3, currency: 4 }, cells);
    const row = schema.parse({ id: " A ", date: "2024-03-05", amount: "10.50", cost: "1.25", currency: " eur " });
    expect([row.id, row.date, row.year, toExactString(row.amount), toExactString(row.cost), row.currency]).toEqual(["A", { year: 2024, month: 3, day: 5 }, 2024, "10.50", "1.25", "EUR"]);
    // April starts the fiscal year named by its end: April 2024 is fiscal 2025.
    expect(schema.parse({ id: "A", date: "2024-04-01", amount: "1", cost: "0", currency: "USD" }).year).toBe(2025);
    const bare = transactionSchema({ id: 0, year: 1, amount: 2 }, cells).parse({ id: "B", year: "2023", amount: "3" });
    expect([bare.date, bare.year, toExactString(bare.cost), "currency" in bare]).toEqual([undefined, 2023, "0", false]);
  });

  it("quantity × unit price, exactly; a bad quantity or date is the row's issue", () => {
    const schema = transactionSchema({ id: 0, date: 1, quantity: 2, price: 3 }, cells);
    expect(toExactString(schema.parse({ id: "A", date: "2024-01-02", quantity: "3", price: "0.10" }).amount)).toBe("0.30");
    const bad = schema.safeParse({ id: "A", date: "2024-01-02", quantity: "three", price: "0.10" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.message)).toEqual(["bad-amount"]);
    const day = schema.safeParse({ id: "A", date: "2024-02-30", quantity: "1", price: "1" });
    expect(day.error!.issues.map((i) => i.message)).toEqual(["bad-date"]);
  });

  it("reads the run's date layout", () => {
    const schema = transactionSchema({ id: 0, date: 1, amount: 2 }, { ...cells, dateFormat: "DD.MM.YYYY" });
    expect(schema.parse({ id: "A", date: "05.03.2024", amount: "1" }).date).toEqual({ year: 2024, month: 3, day: 5 });
  });
});

// Issue 33, schema-names' first Stryker run: the hint's value is the header cell trimmed.
describe("resolveTxColumns: what schema-names' first mutation run left", () => {
  it("a hint names the header cell without the spaces around it", () => {
    const { issues } = resolve([" Customer Name ", "date", "amount"]);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.remedy).toEqual({ flag: "--id-column", value: "Customer Name" });
  });
});
