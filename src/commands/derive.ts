/**
 * `ceq derive`: a transaction log's classification written as phase exports (new.csv,
 * retained.csv, churned.csv), for audit or editing; `ceq --dir` on them gives the same customer
 * equity, to the cent.
 */
import { type Command } from "commander";
import { applyConfig } from "./config.js";
import type { Context } from "./context.js";
import { reportIssues } from "./input-issues.js";
import { UsageError } from "../errors.js";
import { classifyHistory } from "../model/classify.js";
import { toLiteral, type Decimal } from "../money.js";
import { csvCell } from "../render/csv.js";
import type { TransactionLog } from "../read/log-options.js";
import { compareKeys, GROUP_SEPARATOR, Segments } from "../model/segments.js";
import { DEFAULT_CELLS } from "../read/options.js";
import { readCostsFile } from "../read/costs.js";
import { periodLabel, type Periods } from "../schema/period.js";
import { refuseExisting, writeFresh } from "./init.js";
import { addInputOptions, readOptions, type InputFlags } from "./inputs.js";
import { classifyLogs } from "./transactions.js";

interface DeriveFlags extends InputFlags {
  outDir?: string;
}

export function registerDerive(program: Command, ctx: Context): Command {
  const command = program.command("derive").description("write a transaction log's classification as phase exports (new.csv, retained.csv, churned.csv) to check or edit");
  addInputOptions(command)
    .option("--out-dir <folder>", "the folder to write them to (created if missing; existing files are never overwritten)")
    .addHelpText(
      "after",
      `
Each file has a row per customer and period: customer_id, the period (year, or period for
quarters and months), revenue and cost (churned.csv: the revenue of the period before, no cost).
Customers won back go to new.csv, or to retained.csv with --reactivated retention. Refund-only
(inactive) rows are in no phase and are not written. By year, a costs.csv lists every year of the
log, gaps included, with --costs's amounts (0 without), so --dir reads the same years; quarters
and months are read with the same --period, gaps included.

Examples:
  $ ceq derive --transactions invoices.csv --out-dir phases/
  $ ceq --dir phases/                      # the same customer equity, to the cent
  $ ceq derive --transactions invoices.csv --period quarter --out-dir q/ && ceq --dir q/ --period quarter`,
    )
    .action(async (flags: DeriveFlags, command: Command) => {
      ctx.exitCode = await derive(applyConfig(command, flags, ctx), ctx);
    });
  return command;
}

/** An amount as its shortest exact text: 1.5, 12, -0.25. */
const exact = (amount: Decimal): string => toLiteral(amount, amount.scale);

/** A CSV cell: quoted when it holds a delimiter, a quote or a line break. */
// Ids, segment values and --by names are defused as in every CSV ceq writes: these files are
// opened in spreadsheets for audit. Read back, a defused id is still one id per customer.
const cell = (text: string): string => csvCell(text, ",");

export async function derive(flags: DeriveFlags, ctx: Context): Promise<number> {
  if (flags.transactions === undefined) throw new UsageError("derive reads a transaction log", "give it with --transactions FILE");
  if (flags.outDir === undefined) throw new UsageError("derive needs --out-dir", "name the folder to write new.csv, retained.csv and churned.csv to");
  const options = await readOptions(flags, ctx);
  const yearly = flags.period === "year";
  // Refused before the log is read, and again when written (something may have appeared since).
  await refuseExisting(flags.outDir, ["new.csv", "retained.csv", "churned.csv", ...(yearly ? ["costs.csv"] : [])], "derive");
  const { costs, ...inputs } = options.inputs;
  // One thread: the files list every customer, and a worker would hold half of them.
  const { read, log, periods } = await classifyLogs(flags, { ...options, inputs }, {}, 1);
  const costSegments = new Segments();
  if (costs) await readCostsFile(costs, costSegments, log, { delimiter: options.delimiter, cells: { ...DEFAULT_CELLS, ...options.cells } });
  reportIssues(log, ctx, "nothing was written");
  const by = flags.by ?? [];
  const files = phaseFiles(read, periods, flags.reactivated, by);
  if (yearly && read.first <= read.last) files["costs.csv"] = costsFile(read.first, read.last, costSegments, by.length === 0 ? [""] : [...new Set([...read.groups, ...costSegments.ledgers.keys()])], by);
  return writeFresh(flags.outDir, files, ctx, "derive", yearly ? undefined : `ceq --dir ${flags.outDir} --period ${flags.period}`);
}

/** A group's cells, after the period: its --by values ("" without --by). */
const groupCells = (key: string, by: readonly string[]): string => (by.length === 0 ? "" : `${key.split(GROUP_SEPARATOR).map(cell).join(",")},`);
const groupHeader = (by: readonly string[]): string => by.map((column) => `${cell(column)},`).join("");

/**
 * The costs file of a yearly derivation: a row for every year of the log, gaps included (0 where
 * --costs gave none), so that `ceq --dir` reads the same years, and each year's change is
 * measured against the same year before. By segment, a row for every year and group.
 */
function costsFile(first: number, last: number, costs: Segments, groups: readonly string[], by: readonly string[]): string {
  const rows: [number, string, string][] = [];
  for (const key of groups) {
    const ledger = costs.of(key);
    ledger.settle();
    const years = new Set([...Array.from({ length: last - first + 1 }, (_, i) => first + i), ...ledger.years.keys()]);
    for (const year of years) {
      const t = ledger.years.get(year);
      rows.push([year, key, `${year},${groupCells(key, by)}${t ? exact(t.acquisition.cost) : "0"},${t ? exact(t.retention.cost) : "0"}`]);
    }
  }
  rows.sort((a, b) => a[0] - b[0] || compareKeys(a[1], b[1]));
  return `year,${groupHeader(by)}acquisition cost,servicing cost\n${rows.map((r) => r[2]).join("\n")}\n`;
}

/** The three files' text: rows in period order, then by customer id. */
function phaseFiles(read: TransactionLog, periods: Periods, reactivated: "acquisition" | "retention", by: readonly string[]): Record<string, string> {
  const { customers, last, groups } = read;
  const rows: Record<"new" | "retained" | "churned", [number, string, string][]> = { new: [], retained: [], churned: [] };
  customers.forEach(({ customer, periods: held, active, entries }) => {
    const id = customers.idOf(customer);
    classifyHistory(held, active, last, (period, kind, at) => {
      if (kind === "inactive") return;
      const file = kind === "reactivated" ? (reactivated === "acquisition" ? "new" : "retained") : kind;
      const entry = entries[at]!;
      const revenue = exact(customers.revenue(entry));
      const amounts = kind === "churned" ? revenue : `${revenue},${exact(customers.cost(entry))}`;
      // A churned customer's segment is that of the period before, where their revenue is.
      const segment = groupCells(groups[customers.groupOf(entry)]!, by);
      rows[file].push([period, id, `${cell(id)},${periodLabel(period, periods)},${segment}${amounts}`]);
    });
  });
  const key = periods.kind === "year" ? "year" : "period";
  const text = (file: keyof typeof rows, header: string): string => {
    const sorted = rows[file].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    return `${header}\n${sorted.map((r) => r[2]).join("\n")}${sorted.length > 0 ? "\n" : ""}`;
  };
  const columns = `customer_id,${key},${groupHeader(by)}`;
  return {
    "new.csv": text("new", `${columns}revenue,cost`),
    "retained.csv": text("retained", `${columns}revenue,cost`),
    "churned.csv": text("churned", `${columns}revenue`),
  };
}
