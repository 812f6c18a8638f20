/**
 * A value that --revenue-values names (a preset's, or the user's) and that takes revenue back, a
 * Credit Memo or Refund Receipt (QuickBooks), Cash Refund (NetSuite), must come with a negative
 * amount: ceq reads amounts as written, so a credit memo exported positive was added to revenue
 * (an audit's finding: 1,000 invoiced, 200 credited, revenue 1,200 with no word). Negative, it
 * stays in and nets the invoice (800). Positive, it is an error naming the value, its row count
 * and its first line, as a positive `refund` row already was. Figures by hand.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { classifyStatus } from "../../../src/schema/meaning.js";
import { ceq, folder } from "../../support/helpers.js";
import { cli } from "../../support/capture.js";

const HEADER = `Transaction List by Date
My Company
"January 1, 2024 - December 31, 2024"

Date,Transaction Type,Num,Posting,Name,Memo/Description,Account,Split,Amount
`;
// Lines 6-8: an invoice of 1,000 to one customer, a credit memo of 200 and a refund receipt of 50 to her.
const qbWith = (memo: string, refund: string) =>
  `${HEADER}01/15/2024,Invoice,1001,Yes,Amy's Bird Sanctuary,Garden design,Accounts Receivable (A/R),Services,"1,000.00"
02/15/2024,Credit Memo,1002,Yes,Amy's Bird Sanctuary,Returned plants,Accounts Receivable (A/R),Services,${memo}
03/01/2024,Refund Receipt,1003,Yes,Amy's Bird Sanctuary,,Checking,Services,${refund}
`;
const revenue = (stdout: string) => JSON.parse(stdout).years[0];

describe("a named value that takes revenue back", () => {
  it("is a refund row: revenue when its amount is negative, checked for its sign", () => {
    const column = { revenueValues: ["Invoice", "Sales Receipt", "Credit Memo", "Refund Receipt"] };
    expect(classifyStatus(column, "Invoice")).toBe("revenue");
    expect(classifyStatus(column, "credit_memo")).toBe("refund-row");
    expect(classifyStatus(column, " Refund Receipt ")).toBe("refund-row");
    expect(classifyStatus(column, "Deposit")).toBe("non-revenue");
    expect(classifyStatus({ revenueValues: ["Invoice", "Cash Refund", "Gutschrift"] }, "cash refund")).toBe("refund-row");
    expect(classifyStatus({ revenueValues: ["Invoice", "Cash Refund", "Gutschrift"] }, "Gutschrift")).toBe("refund-row");
  });
});

describe("--source quickbooks", () => {
  it("negative credit memo and refund receipt net the invoice: 1,000 - 200 - 50 = 750", async () => {
    const dir = folder({ "qb.csv": qbWith("-200.00", "-50.00") });
    const run = await cli(["--transactions", join(dir, "qb.csv"), "--source", "quickbooks", "-f", "json"]);
    expect(run.code, run.stderr).toBe(0);
    const year = revenue(run.stdout);
    expect(year.acquisition.revenue).toBe(750);
  });

  it("a positive credit memo is an error at its line with the value and count, and nothing on stdout (it gave 1,200 + 50)", async () => {
    const dir = folder({ "qb.csv": qbWith("200.00", "-50.00") });
    const file = join(dir, "qb.csv");
    const run = await ceq(["--transactions", file, "--source", "quickbooks", "-f", "json"]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      `error: ${file}:7: Transaction Type: "Credit Memo" marks rows that are not revenue, and they were not left out: 1 row with a positive amount: a value that takes revenue back (a credit memo or a refund) would add to it, since ceq reads its amount as written, and it must be negative; the column holds "Invoice" 1, "Credit Memo" 1, "Refund Receipt" 1`,
    );
    expect(run.stderr).not.toContain('"Refund Receipt" marks rows');
    expect(run.stderr).toContain('hint: export these rows with their minus sign, so that they net the sales they take back; or leave them out, knowing that the revenue is then before them: --where "Transaction Type!=Credit Memo"');
  });
});

describe("--revenue-values on any log", () => {
  it("a positive Return named as revenue is refused; negative, it nets: 100 - 20 = 80", async () => {
    const dir = folder({ "bad.csv": "customer,date,amount,Kind\na,2023-01-01,100,Sale\na,2023-03-01,20,Return\n", "good.csv": "customer,date,amount,Kind\na,2023-01-01,100,Sale\na,2023-03-01,-20,Return\n" });
    const named = ["--revenue-values", "Kind=Sale,Return", "-f", "json"];
    const bad = await cli(["--transactions", join(dir, "bad.csv"), ...named]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe("");
    expect(bad.stderr).toContain(`error: ${join(dir, "bad.csv")}:3: Kind: "Return" marks rows`);
    const good = await cli(["--transactions", join(dir, "good.csv"), ...named]);
    expect(good.code, good.stderr).toBe(0);
    expect(revenue(good.stdout).acquisition.revenue).toBe(80);
  });
});
