/**
 * IssueLog keeps the first `max` issues of each severity and counts the rest; countsOnly() lets a
 * path that finds many alike ask before building one, and must count exactly as add() would.
 */
import { describe, expect, it } from "vitest";
import { IssueLog, type Issue } from "../../../src/issues.js";

const negative = (line: number): Issue => ({ severity: "warning", code: "negative-amount", file: "new.csv", line, column: "revenue", value: "-1" });
const lenient = (line: number): Issue => ({ severity: "warning", lenient: true, code: "footer", file: "new.csv", line, detail: `line ${line}` });

/** Adds the issues one way or the other; returns the counts and the kept issues. */
function fill(log: IssueLog, issues: Issue[], ask: boolean) {
  for (const issue of issues) if (!ask || !log.countsOnly(issue.severity, issue.lenient)) log.add(issue);
  return { errors: log.errorCount, warnings: log.warningCount, kept: [...log.errors, ...log.warnings] };
}

describe("IssueLog.countsOnly", () => {
  it("is false while the list has room, then counts", () => {
    const log = new IssueLog(2);
    expect(log.countsOnly("warning")).toBe(false);
    log.add(negative(2));
    log.add(negative(3));
    expect(log.countsOnly("warning")).toBe(true);
    expect(log.countsOnly("error")).toBe(false);
    expect([log.warnings.length, log.omittedWarnings, log.warningCount]).toEqual([2, 1, 3]);
  });

  it("under --strict a warning counts as the error it becomes, a lenient one stays a warning", () => {
    const log = new IssueLog(1, true);
    log.add(lenient(9));
    log.add(negative(2));
    // Warnings are full (the footer), errors too (the negative amount, made an error).
    expect(log.countsOnly("warning", true)).toBe(true);
    expect(log.countsOnly("warning")).toBe(true);
    expect([log.errorCount, log.warningCount]).toEqual([2, 2]);
    const other = new IssueLog(1, true);
    other.add(lenient(9));
    expect(other.countsOnly("warning")).toBe(false); // the error list still has room
  });

  it("asking first gives the counts and kept issues of adding everything", () => {
    const issues = [lenient(1), ...Array.from({ length: 7 }, (_, k) => negative(k + 2)), lenient(20)];
    for (const strict of [false, true]) for (const max of [1, 3, 50]) expect(fill(new IssueLog(max, strict), issues, true)).toEqual(fill(new IssueLog(max, strict), issues, false));
  });
});
