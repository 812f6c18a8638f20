/** Issue 25: which header names are refund or status columns, and how their values read (pure). */
import { describe, expect, it } from "vitest";
import { decimal, toExactString } from "../../../src/money.js";
import { classifyStatus, headerWords, meaningColumns, meaningOf, statusKey } from "../../../src/schema/meaning.js";
import { isRefundProblem, refundOf } from "../../../src/schema/refund.js";
import { MeaningTally } from "../../../src/read/meaning-tally.js";

describe("meaningOf: what a header name says", () => {
  it("refund and adjustment amounts, in any case and with a (UTC)-style note", () => {
    for (const name of ["Amount Refunded", "amount_refunded", "Refunded Amount", "Refund", "REFUNDS", "Credit", "Credit Amount", "Adjustment", "Amount Adjusted", "Written Off", "write-off", "Writeoff", "Amount Refunded (USD)", "Erstattung", "Gutschrift"]) {
      expect(meaningOf(name), name).toEqual({ kind: "refund" });
    }
  });

  it("status and type columns", () => {
    for (const name of ["Status", "Financial Status", "Payment Status", "State", "Stage", "Deal Stage", "dealstage", "Type", "Transaction Type", "Document Type", "Belegart", "Invoice Status (UTC)"]) {
      expect(meaningOf(name), name).toEqual({ kind: "status" });
    }
  });

  it("one-word yes/no columns, with what their 'true' means", () => {
    expect(meaningOf("Paid")).toEqual({ kind: "status", truthMeans: "revenue" });
    expect(meaningOf("Captured")).toEqual({ kind: "status", truthMeans: "revenue" });
    expect(meaningOf("Voided")).toEqual({ kind: "status", truthMeans: "non-revenue" });
    expect(meaningOf("is_voided")).toEqual({ kind: "status", truthMeans: "non-revenue" });
    expect(meaningOf("Refunded")).toEqual({ kind: "status", truthMeans: "refund" });
  });

  it("names that only look alike say nothing about amounts: dates, reasons, cards, addresses, customers' kinds", () => {
    for (const name of ["Refunded At", "Refund Date", "Refund Reason", "Paid at", "Paid Date", "Amount Paid", "Credit Card", "Credit Limit", "Card Address State", "Billing State", "Customer Type", "Product Type", "Status Date", "Description", "Currency", "Customer ID", "Amount", ""]) {
      expect(meaningOf(name), name).toBeUndefined();
    }
  });

  it("meaningColumns leaves out the columns the run reads and those it names", () => {
    const header = ["id", "Created", "Amount", "Amount Refunded", "Status", "Type", "Fee"];
    expect(meaningColumns(header, new Set([0, 1, 2]), []).map((c) => [c.index, c.kind])).toEqual([
      [3, "refund"],
      [4, "status"],
      [5, "status"],
    ]);
    expect(meaningColumns(header, new Set([0, 1, 2, 3]), ["status", " TYPE "]).map((c) => c.name)).toEqual([]);
  });
});

describe("classifyStatus: how a value reads", () => {
  const column = {};
  it("revenue, non-revenue, refunds and unknown values, in English and German, any case, _ and - as spaces", () => {
    for (const v of ["Paid", "succeeded", "COMPLETE", "Closed Won", "closedwon", "Invoice", "paid_in_full", "bezahlt", ""]) expect(classifyStatus(column, v), v).toBe("revenue");
    for (const v of ["failed", "Declined", "void", "Voided", "canceled", "Cancelled", "Draft", "pending", "uncollectible", "Payment", "Credit Memo", "closed-lost", "closedlost", "appointmentscheduled", "storniert", "Gutschrift", "Entwurf"]) {
      expect(classifyStatus(column, v), v).toBe("non-revenue");
    }
    for (const v of ["refunded", "Partially Refunded", "partially_refunded", "erstattet"]) expect(classifyStatus(column, v), v).toBe("refund");
    for (const v of ["open", "on the way", "B2B"]) expect(classifyStatus(column, v), v).toBe("unknown");
  });

  it("yes/no values follow what the column's name says 'true' means", () => {
    expect(classifyStatus({ truthMeans: "revenue" }, "TRUE")).toBe("revenue");
    expect(classifyStatus({ truthMeans: "revenue" }, "no")).toBe("non-revenue");
    expect(classifyStatus({ truthMeans: "non-revenue" }, "true")).toBe("non-revenue");
    expect(classifyStatus({ truthMeans: "non-revenue" }, "false")).toBe("revenue");
    expect(classifyStatus({ truthMeans: "refund" }, "yes")).toBe("refund");
  });
});

describe("refundOf: a row's refunds, exact", () => {
  const header = ["Amount", "Amount Refunded", "Adjustment"];
  const options = { decimalComma: false };
  const refund = (fields: string[], amount: string) => refundOf(header, [1, 2], fields, decimal(BigInt(amount.replace(".", "")), amount.split(".")[1]?.length ?? 0), options);

  it("sums the refund columns exactly where a double drifts (0.1 + 0.2), empty cells as 0", () => {
    const r = refund(["1.00", "0.1", "0.2"], "1.00");
    expect(isRefundProblem(r)).toBe(false);
    expect(toExactString(r as never)).toBe("0.3");
    expect(toExactString(refund(["5", "", " "], "5") as never)).toBe("0");
    expect(toExactString(refund(["5", "$1,234.56", ""], "2000.00") as never)).toBe("1234.56");
  });

  it("refuses a negative refund, one that is no amount, and one larger than the charge, naming the column", () => {
    expect(refund(["", "-1.00", ""], "5.00")).toMatchObject({ code: "bad-refund", column: "Amount Refunded", value: "-1.00" });
    expect(refund(["", "yes", ""], "5.00")).toMatchObject({ code: "bad-amount", column: "Amount Refunded", value: "yes" });
    expect(refund(["", "3.00", "2.01"], "5.00")).toMatchObject({ code: "bad-refund", value: "5.01", detail: expect.stringContaining("more than the row's amount, 5.00") });
    expect(toExactString(refund(["", "3.00", "2.00"], "5.00") as never)).toBe("5.00");
  });
});

describe("MeaningTally: counts in the rows read, issues once a file is read", () => {
  const options = { refundColumn: false, amounts: { decimalComma: false } };
  it("a refund column: the rows with a non-zero amount, their exact total and the first line", () => {
    const tally = new MeaningTally([{ index: 1, name: "Amount Refunded", kind: "refund" }], options);
    [["a", "0.00"], ["b", "0.10"], ["c", ""], ["d", "0.20"]].forEach((f, i) => tally.row(f, i + 2));
    const [issue] = tally.issues("pay.csv", 1);
    expect(issue).toMatchObject({ severity: "error", code: "refund-column", file: "pay.csv", line: 1, column: "Amount Refunded", remedy: { flag: "--refund-column", value: "Amount Refunded" } });
    expect(issue!.detail).toBe("2 rows hold a non-zero amount here, 0.30 in all (the first on line 3), and the amounts were not netted by it");
  });

  it("a status column: one error per non-revenue value with its count; the one revenue value is the --where to keep", () => {
    const tally = new MeaningTally([{ index: 0, name: "Status", kind: "status" }], options);
    ["Paid", "Failed", "Paid", "void", "Failed", "Paid"].forEach((v, i) => tally.row([v], i + 2));
    const issues = tally.issues("pay.csv", 1);
    expect(issues.map((i) => [i.code, i.line, i.value, i.remedy?.value])).toEqual([
      ["non-revenue-status", 3, "Failed", "Status=Paid"],
      ["non-revenue-status", 5, "void", "Status=Paid"],
    ]);
    expect(issues[0]!.detail).toBe('2 rows; the column holds "Paid" 3, "Failed" 2, "void" 1');
  });

  it("only revenue values pass silently; unknown ones are one warning; with a refund column, refunded is revenue", () => {
    const tally = new MeaningTally([{ index: 0, name: "Status", kind: "status" }], { ...options, refundColumn: true });
    ["Paid", "Refunded", "partially_refunded"].forEach((v, i) => tally.row([v], i + 2));
    expect(tally.issues("f", 1)).toEqual([]);
    const unknown = new MeaningTally([{ index: 0, name: "Status", kind: "status" }], options);
    ["Paid", "open", "open"].forEach((v, i) => unknown.row([v], i + 2));
    expect(unknown.issues("f", 1)).toMatchObject([{ severity: "warning", code: "unknown-status", line: 3, detail: '"open" (2 rows); the column holds "open" 2, "Paid" 1' }]);
  });

  it("a one-word Refunded column holding amounts is a refund column; holding yes/no, a status", () => {
    const column = { index: 0, name: "Refunded", kind: "status" as const, truthMeans: "refund" as const };
    const amounts = new MeaningTally([column], options);
    ["0.00", "12.50", "", "1"].forEach((v, i) => amounts.row([v], i + 2));
    expect(amounts.issues("f", 1).map((i) => [i.code, i.value ?? i.detail])).toEqual([
      ["refund-column", "1 row holds a non-zero amount here, 12.50 in all (the first on line 3), and the amounts were not netted by it"],
      ["non-revenue-status", "1"],
    ]);
  });

  it("a row whose type says it is a refund counts when its amount is negative; a positive one is an error", () => {
    const tally = new MeaningTally([{ index: 0, name: "type", kind: "status" }], options);
    tally.row(["purchase"], 2, decimal(1000n, 2));
    tally.row(["refund"], 3, decimal(-500n, 2));
    expect(tally.issues("f", 1)).toEqual([]);
    tally.row(["Refund"], 4, decimal(500n, 2));
    expect(tally.issues("f", 1).map((i) => [i.code, i.line, i.value])).toEqual([["non-revenue-status", 4, "Refund"]]);
    expect(classifyStatus({}, "refund")).toBe("refund-row");
  });

  it("in the churned file, the status that put a customer there is no error", () => {
    const tally = new MeaningTally([{ index: 0, name: "Status", kind: "status" }], { ...options, phase: "churn" });
    ["Cancelled", "Closed Lost", "expired"].forEach((v, i) => tally.row([v], i + 2));
    expect(tally.issues("churned.csv", 1)).toEqual([]);
  });
});

// Every word of meaning.ts's tables, each in a header or value where it alone decides (issue 33's
// mutation run: a word dropped from a set passed every test above). The words are the vendors'
// (meaning.ts's comments cite them); each header is written so that no other word decides it.
describe("meaningOf and classifyStatus: each word of their tables decides on its own", () => {
  it("each refund word names a refund amount beside Amount, and the two written-off pairs", () => {
    for (const w of ["refund", "refunds", "refunded", "adjustment", "adjustments", "adjusted", "credit", "credits", "credited", "writeoff", "writeoffs", "erstattung", "erstattet", "gutschrift", "gutschriften"]) {
      expect(meaningOf(`Amount ${w}`), w).toEqual({ kind: "refund" });
    }
    expect(meaningOf("Amount Written Off")).toEqual({ kind: "refund" });
    expect(meaningOf("Write Off Amount")).toEqual({ kind: "refund" });
    // "off" must follow "written" or "write": the pair's order and its second word matter.
    expect(meaningOf("Off Written Amount")).toBeUndefined();
    expect(meaningOf("Written Amount")).toBeUndefined();
    expect(meaningOf("Write Amount")).toBeUndefined();
  });

  it("each word that makes a refund-like name no amount (its date, reason, a card …)", () => {
    for (const w of ["date", "time", "at", "on", "reason", "note", "notes", "method", "id", "number", "no", "currency", "card", "count", "limit", "terms", "by", "datum", "grund", "state", "type"]) {
      expect(meaningOf(`Refund ${w}`), w).toBeUndefined();
    }
    // "status" decides only where the status test has already said no: beside "billing".
    expect(meaningOf("Refund Billing Status")).toBeUndefined();
  });

  it("each status word alone, `Type` and `State` alone or after each record word", () => {
    for (const w of ["status", "stage", "dealstage", "stagename", "doctype", "belegart", "belegtyp", "buchungsart", "zahlungsstatus", "type", "state"]) {
      expect(meaningOf(w), w).toEqual({ kind: "status" });
    }
    for (const r of ["transaction", "document", "doc", "deal", "record", "entry", "invoice", "order", "journal", "charge", "payment", "subscription", "sales", "opportunity", "line", "txn"]) {
      expect(meaningOf(`${r} type`), r).toEqual({ kind: "status" });
      expect(meaningOf(`${r} state`), r).toEqual({ kind: "status" });
    }
    // A type before its record word, or first of two words, is not one.
    expect(meaningOf("Type Customer")).toBeUndefined();
    expect(meaningOf("Customer Type")).toBeUndefined();
  });

  it("each word that makes a status-like name something else", () => {
    for (const w of ["date", "time", "at", "on", "id", "reason", "note", "notes", "count", "currency", "card", "method", "datum", "billing", "shipping", "address", "province"]) {
      expect(meaningOf(`Status ${w}`), w).toBeUndefined();
    }
  });

  it("each one-word yes/no column, also written is_…", () => {
    for (const [name, truth] of [["paid", "revenue"], ["captured", "revenue"], ["voided", "non-revenue"], ["void", "non-revenue"], ["canceled", "non-revenue"], ["cancelled", "non-revenue"], ["refunded", "refund"], ["ispaid", "revenue"], ["is_voided", "non-revenue"], ["bezahlt", "revenue"], ["storniert", "non-revenue"]] as const) {
      expect(meaningOf(name), name).toEqual({ kind: "status", truthMeans: truth });
    }
    expect(meaningOf("is_paid")).toEqual({ kind: "status", truthMeans: "revenue" });
    // Two words that are no `is …` (nor `was …`) are no flag: "Paid Voided" joins to a name the
    // map lacks anyway, and "Not Paid" to "notpaid", which would mean the opposite.
    expect(meaningOf("Not Paid")).toBeUndefined();
  });

  it("a value from each part of the value lists, and the yes/no words", () => {
    const revenue = ["paid", "active", "renewed", "upsell", "purchase", "processing", "overdue", "deposited", "bezahlt", "beglichen"];
    const nonRevenue = ["failed", "credit", "closed lost", "incomplete expired", "chargeback", "closedlost", "appointment scheduled", "contractsent", "prospecting", "negotiation/review", "fehlgeschlagen", "abgeschrieben"];
    for (const v of revenue) expect(classifyStatus({}, v), v).toBe("revenue");
    for (const v of nonRevenue) expect(classifyStatus({}, v), v).toBe("non-revenue");
    for (const v of ["partial refund", "zurückerstattet"]) expect(classifyStatus({}, v), v).toBe("refund");
    for (const v of ["refunds", "rückerstattung"]) expect(classifyStatus({}, v), v).toBe("refund-row");
    for (const v of ["true", "yes", "y", "1", "x", "ja", "wahr"]) expect(classifyStatus({ truthMeans: "non-revenue" }, v), v).toBe("non-revenue");
    for (const v of ["false", "no", "n", "0", "nein", "falsch"]) expect(classifyStatus({ truthMeans: "non-revenue" }, v), v).toBe("revenue");
    for (const v of ["false", "nein"]) expect(classifyStatus({ truthMeans: "refund" }, v), v).toBe("revenue");
    // Without a yes/no column, yes and no are unknown values, and "1" too.
    for (const v of ["yes", "no", "1"]) expect(classifyStatus({}, v), v).toBe("unknown");
  });

  it("statusKey folds case, `_`, `-` and runs of spaces; headerWords drops a BOM and a trailing note", () => {
    expect(statusKey("  Closed__Won - x ")).toBe("closed won x");
    expect(headerWords("\ufeffAmount (UTC) ")).toEqual(["amount"]);
    expect(headerWords("Amount (UTC) x")).toEqual(["amount", "utc", "x"]);
    expect(headerWords("Status-Datum")).toEqual(["status", "datum"]);
    expect(headerWords("")).toEqual([]);
  });

  it("meaningColumns compares handled names as column names (case, spaces, _ and -), and trims the name it gives", () => {
    const header = [" Amount Refunded ", "Fee"];
    expect(meaningColumns(header, new Set(), [])).toEqual([{ index: 0, name: "Amount Refunded", kind: "refund" }]);
    expect(meaningColumns(header, new Set(), ["amount_refunded"])).toEqual([]);
    expect(meaningColumns(header, new Set([0]), [])).toEqual([]);
  });
});

describe("refundOf: the edges", () => {
  const header = ["Amount", "Refund A", "Refund B"];
  const at = (amount: string) => decimal(BigInt(amount.replace(".", "")), amount.split(".")[1]?.length ?? 0);
  it("a row shorter than its header has no refund in the missing cells", () => {
    expect(toExactString(refundOf(header, [1, 2], ["5.00", "1.00"], at("5.00"), { decimalComma: false }) as never)).toBe("1.00");
  });
  it("no refund on a negative row (itself a refund) is no error; any refund on it is more than its amount", () => {
    expect(toExactString(refundOf(header, [1, 2], ["-5.00", "", ""], at("-5.00"), { decimalComma: false }) as never)).toBe("0");
    expect(refundOf(header, [1, 2], ["-5.00", "", "0.50"], at("-5.00"), { decimalComma: false })).toMatchObject({ code: "bad-refund", column: "Refund A", value: "0.50", detail: expect.stringContaining("more than the row's amount, -5.00") });
  });
  it("names the amounts with at least two decimals, more when they have them", () => {
    expect(refundOf(header, [2, 1], ["", "3", "2.125"], at("5"), { decimalComma: false })).toMatchObject({ column: "Refund B", value: "5.125", detail: expect.stringContaining("amount, 5.00:") });
  });
  it("reads refund cells with the run's decimal comma", () => {
    expect(toExactString(refundOf(header, [1], ["", "1,5"], at("5.00"), { decimalComma: true }) as never)).toBe("1.5");
  });
});

describe("meaning columns: what the first mutation run left", () => {
  it("headerWords: a BOM inside a name splits it; a note is dropped only at the end, with or without spaces after", () => {
    expect(headerWords("Amount\ufeffRefunded")).toEqual(["amount", "refunded"]);
    expect(headerWords("Amount (UTC)")).toEqual(["amount"]);
    expect(headerWords("Amount (UTC)  ")).toEqual(["amount"]);
    expect(headerWords(" Paid ")).toEqual(["paid"]);
    expect(meaningOf(" Paid ")).toEqual({ kind: "status", truthMeans: "revenue" });
  });

  it("two words that join to a yes/no name are no yes/no column unless the first is `is`", () => {
    expect(meaningOf("Pa Id")).toBeUndefined();
    expect(meaningOf("Can Celed")).toBeUndefined();
    expect(meaningOf("Is Paid")).toEqual({ kind: "status", truthMeans: "revenue" });
  });

  it("refundOf names the column as written, trimmed, and says why; isRefundProblem tells a problem", () => {
    const header = ["Amount", " Refund A ", "Refund B"];
    const five = decimal(500n, 2);
    const negative = refundOf(header, [1], ["5.00", "-1"], five, { decimalComma: false });
    expect(negative).toEqual({ severity: "error", code: "bad-refund", column: "Refund A", value: "-1", detail: "a refund column holds what was refunded, as a positive amount" });
    expect(isRefundProblem(negative)).toBe(true);
    const more = refundOf(header, [1, 2], ["5.00", "4", "2"], five, { decimalComma: false });
    expect(more).toEqual({ severity: "error", code: "bad-refund", column: "Refund A", value: "6.00", detail: "the refund is more than the row's amount, 5.00: a refund nets the charge it belongs to" });
    expect(isRefundProblem(more)).toBe(true);
    expect(refundOf(header, [1], ["5.00", "x"], five, { decimalComma: false })).toEqual({ severity: "error", code: "bad-amount", column: "Refund A", value: "x" });
    expect(isRefundProblem(refundOf(header, [1], ["5.00", "1"], five, { decimalComma: false }))).toBe(false);
  });
});

describe("refundOf: an empty cell is never looked at", () => {
  it("not even its column's name, which a phase file's plan may not hold: no refund, no error", () => {
    const five = decimal(500n, 2);
    expect(toExactString(refundOf(["Amount"], [1], ["5.00", ""], five, { decimalComma: false }) as never)).toBe("0");
    expect(toExactString(refundOf(["Amount"], [1], ["5.00", "  "], five, { decimalComma: false }) as never)).toBe("0");
  });
});

describe("meaning columns: what the second mutation run left", () => {
  it("`off` alone after another word is no written-off pair", () => {
    expect(meaningOf("Amount Off")).toBeUndefined();
  });

  it("in a yes/no column, a value that is neither yes nor no reads as any status value", () => {
    expect(classifyStatus({ truthMeans: "revenue" }, "paid")).toBe("revenue");
    expect(classifyStatus({ truthMeans: "refund" }, "failed")).toBe("non-revenue");
    expect(classifyStatus({ truthMeans: "revenue" }, "refunded")).toBe("refund");
  });
});
