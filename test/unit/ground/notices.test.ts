/** Notices: what ceq chose, kept apart from problems (issue 25). */
import { describe, expect, it } from "vitest";
import { formatLog, IssueLog, type Issue } from "../../../src/issues.js";

const notice: Issue = { severity: "notice", code: "id-column", file: "log.csv", line: 1, detail: "Email" };
const warning: Issue = { severity: "warning", code: "negative-amount", file: "log.csv", line: 3, column: "amount", value: "-5" };

describe("a notice", () => {
  it("stays a notice under --strict, counts as neither error nor warning, and prints after the warnings", () => {
    const log = new IssueLog(50, true);
    log.add(notice);
    log.add({ ...warning, lenient: true });
    expect(log.errorCount).toBe(0);
    expect(log.warningCount).toBe(1);
    expect(log.notices).toEqual([notice]);
    expect(formatLog(log)).toEqual(['warning: log.csv:3: amount: "-5" is negative', 'notice: log.csv:1: using "Email" as the customer id (--id-column to choose another)']);
  });

  it("--max-errors bounds notices as it does warnings", () => {
    const log = new IssueLog(2);
    for (let i = 0; i < 5; i++) log.add({ ...notice, line: i + 1 });
    expect(log.notices.map((n) => n.line)).toEqual([1, 2]);
  });
});
