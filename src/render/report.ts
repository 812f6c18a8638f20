/** The validation report in its three forms: text for people, JSON for tools, GitHub annotations. */
import { describe, formatLog, hintOf, type Issue, type IssueLog } from "../issues.js";
import type { FileSummary } from "../read/options.js";
import { sanitizeForTerminal } from "../text.js";

export const REPORTS = ["text", "json", "github"] as const;
export type ReportFormat = (typeof REPORTS)[number];

export interface Validation {
  log: IssueLog;
  files: FileSummary[];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function summaryLine({ log, files }: Validation): string {
  const rows = files.reduce((sum, f) => sum + f.rows, 0);
  const counts = `${plural(log.errorCount, "error")}, ${plural(log.warningCount, "warning")} in ${plural(files.length, "file")} (${plural(rows, "row")})`;
  return `${log.errorCount === 0 ? "valid" : "invalid"}: ${counts}`;
}

function text(v: Validation): string {
  return [...formatLog(v.log), summaryLine(v)].join("\n") + "\n";
}

function issueJson(issue: Issue) {
  return {
    severity: issue.severity,
    code: issue.code,
    file: issue.file === "" ? null : issue.file,
    line: issue.line ?? null,
    ...(issue.sheet !== undefined ? { sheet: issue.sheet, cell: issue.cell ?? null } : {}),
    column: issue.column ?? null,
    value: issue.value ?? null,
    message: describe(issue),
    hint: hintOf(issue) ?? null,
  };
}

function json({ log, files }: Validation): string {
  const report = {
    schemaVersion: 1,
    valid: log.errorCount === 0,
    errors: log.errorCount,
    warnings: log.warningCount,
    files,
    issues: [...log.errors, ...log.warnings, ...log.notices].map(issueJson),
    omitted: { errors: log.omittedErrors, warnings: log.omittedWarnings },
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** GitHub's workflow-command escaping: data may not end the command or open another. */
export const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");

function github(v: Validation): string {
  const lines = [...v.log.errors, ...v.log.warnings, ...v.log.notices].map((issue) => {
    const props = [
      issue.file !== "" ? `file=${escapeProperty(issue.file)}` : "",
      issue.line !== undefined ? `line=${issue.line}` : "",
      `title=${escapeProperty(`ceq ${issue.code}`)}`,
    ].filter(Boolean);
    // An annotation stands alone on the file's line, so each carries its hint, on a line of its own.
    const hint = hintOf(issue);
    return `::${issue.severity} ${props.join(",")}::${escapeData(sanitizeForTerminal(describe(issue)))}${hint === undefined ? "" : `%0Ahint: ${escapeData(sanitizeForTerminal(hint))}`}`;
  });
  if (v.log.omittedErrors > 0) lines.push(`::error::${v.log.omittedErrors} more errors not listed (raise --max-errors)`);
  lines.push(summaryLine(v));
  return lines.join("\n") + "\n";
}

export const reporters = { text, json, github } satisfies Record<ReportFormat, (v: Validation) => string>;
