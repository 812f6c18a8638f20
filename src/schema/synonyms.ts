/**
 * What real exports call each column, per role. Two uses, kept apart on purpose:
 * - CUSTOMER_ID_NAMES are read without asking: in a transaction log they name the customer, and
 *   each wins over a bare `id`, which in Shopify's orders export is the order's number;
 * - the HINT_NAMES only suggest a column in a missing-column error's hint: "Created (UTC)" is a
 *   date, but whether it is *the* date of a sale (rather than "Close Date") is the user's to say.
 *
 * Sources, as the vendors document their exports: Stripe's payments export (`id` is the charge,
 * `Customer ID`, `Customer Email`, `Created (UTC)`, `Amount`: stripe.com/docs/reports and the
 * Dashboard's "Export payments"); Shopify's orders export (`Name` is the order number, `Email`,
 * `Paid at`, `Created at`, `Total`, `Billing Name`, `Id`: help.shopify.com/manual/orders/export-orders);
 * Chargebee's invoices export (`Customer Id`, `Customer Email`, `Invoice Date`, `Amount Paid`);
 * HubSpot's deals (`Close Date`, `Amount`, `Create Date`); SAP's FBL5N line items (`Customer`,
 * `Posting Date`, `Amount in local currency`); DATEV and German ledgers (`Kunde`, `Debitor`,
 * `Buchungsdatum`, `Betrag`, `Umsatz`); Online Retail (`CustomerID`, `InvoiceDate`).
 * Names are compared as compactName() writes them: case, spaces, `_` and `-` ignored.
 */

/** In order of preference: the first a header has is the customer. `id` alone comes last. */
export const CUSTOMER_ID_NAMES: readonly string[] = [
  "customer id",
  "customer",
  "customer number",
  "customer no",
  "customer code",
  "customer email",
  "email",
  "e-mail",
  "email address",
  "account id",
  "account",
  "account number",
  "client id",
  "client",
  "buyer",
  "buyer email",
  "kunde",
  "kunden nr",
  "kundennummer",
  "debitor",
  "debitor nr",
  "debitorennummer",
  "id",
];

/** Columns that may well hold the customer but are not read unasked (names repeat; the user says). */
const LIKELY_CUSTOMER = ["customer name", "client name", "account name", "billing name", "bill to", "sold to", "company", "company name", "contact", "contact email", "buyer name", "member id", "user id", "subscriber id", "payer email"];

export type HintRole = "id" | "date" | "year" | "amount" | "quantity" | "price" | "cost" | "currency" | "phase";

/** Per role, the names a hint may suggest beyond a reader's own defaults. */
export const HINT_NAMES: Record<HintRole, readonly string[]> = {
  id: [...CUSTOMER_ID_NAMES.filter((n) => n !== "id"), ...LIKELY_CUSTOMER],
  // When money changed hands comes before when a record was made: HubSpot's deals have both a
  // Close Date and a Create Date, and the deal's revenue belongs to the first.
  date: [
    "paid at",
    "paid date",
    "payment date",
    "close date",
    "closed date",
    "closed at",
    "order date",
    "invoice date",
    "posting date",
    "document date",
    "transaction date",
    "sale date",
    "billing date",
    "charge date",
    "booking date",
    "created",
    "created at",
    "created date",
    "create date",
    "creation date",
    "day",
    "buchungsdatum",
    "belegdatum",
    "rechnungsdatum",
    "datum",
  ],
  year: ["year", "fiscal year", "fy", "jahr", "geschäftsjahr"],
  amount: [
    "revenue",
    "amount",
    "sales",
    "total",
    "value",
    "net",
    "net amount",
    "gross",
    "amount paid",
    "total amount",
    "grand total",
    "subtotal",
    "invoice amount",
    "deal amount",
    "amount in local currency",
    "betrag",
    "umsatz",
    "nettobetrag",
    "bruttobetrag",
  ],
  quantity: ["quantity", "qty", "units", "menge"],
  price: ["unit price", "price", "rate"],
  cost: ["cost", "acquisition cost", "servicing cost", "service cost", "cogs", "kosten"],
  currency: ["currency", "amount currency", "currency code", "währung"],
  phase: ["phase", "status", "type", "segment type"],
};
