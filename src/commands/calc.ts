/** `ceq calc`: read, check, compute, render, write. The default command. */
import { existsSync } from "node:fs";
import { editDistance } from "../text.js";
import { InvalidArgumentError, Option, type Command } from "commander";
import { applyConfig } from "./config.js";
import type { Context } from "./context.js";
import { reportIssues } from "./input-issues.js";
import { currencyDecimals, currencySymbol } from "../currency.js";
import type { Summary, YearRange, YearSummary } from "../model/equity.js";
import { NO_VALUE, summarizeSegments } from "../model/segments.js";
import { EXIT, InputError, UsageError } from "../errors.js";
import type { IssueLog } from "../issues.js";
import { compare, decimal, multiplyInteger, toExactString, type Decimal } from "../money.js";
import { readInputs } from "../read/inputs.js";
import { type ReadOptions } from "../read/options.js";
import type { FxRate } from "../schema/row.js";
import { yearOfPeriod } from "../schema/period.js";
import { ALL_FORMATS, renderers, type AnyFormat, type Renderer } from "../render/index.js";
import { explainedEntry, explainLines } from "../render/explain.js";
import { MIN_CHART_WIDTH, renderChart } from "../render/chart.js";
import { explainBridge, viewRenderer, VIEWS, type View } from "../render/owners.js";
import { renderPivot } from "../render/pivot.js";
import type { CohortView } from "../render/cohorts.js";
import { attachExportMovements } from "../model/phase-movements.js";
import { MovementRows } from "../read/phase-movements.js";
import { memoryBound } from "../read/memory-bound.js";

/**
 * calc's text renderers: the shared ones and the HTML dashboard (the workbook is binary, apart).
 * The dashboard's code, the workbook's and the log reader's are loaded (`import()` of
 * deferred.ts, a chunk of the bundle) only by a run that uses them, so a run on phase exports to the
 * terminal neither reads nor compiles them.
 */
async function calcRenderer(format: Exclude<AnyFormat, "xlsx">): Promise<Renderer> {
  return format === "html" ? (await import("./deferred.js")).renderHtml : renderers[format];
}

/** A terminal this wide or wider shows the chart by default. */
const CHART_TERMINAL_WIDTH = 60;
import { addOutputOptions, emit, outputTarget, type OutputFlags } from "./output-target.js";
import { escapeData } from "../render/report.js";
import { displayMoney, plainRate } from "../render/values.js";
import { parseAmount } from "../schema/amount.js";
import { addInputOptions, allInputPaths, readOptions, type InputFlags } from "./inputs.js";
import { year } from "./option-values.js";

interface CalcFlags extends InputFlags, OutputFlags {
  year?: number;
  from?: number;
  to?: number;
  failUnder?: Decimal;
  report: "text" | "github";
  maxChurnRate?: Decimal;
  gateEachGroup?: boolean;
  explain?: boolean;
  chart?: boolean;
  ascii?: boolean;
  owners?: boolean;
  detail?: boolean;
  top?: number;
  bridge?: boolean;
  movements?: boolean;
  warehouse?: string;
}


function amount(value: string): Decimal {
  const a = parseAmount(value, { decimalComma: false });
  if (a === null) throw new InvalidArgumentError("expected an amount such as 250000 or -1000.50");
  return a;
}

function positiveInteger(value: string): number {
  if (!/^\s*[1-9]\d{0,5}\s*$/.test(value)) throw new InvalidArgumentError("expected a whole number of 1 or more, such as 8");
  return Number(value);
}

function rate(value: string): Decimal {
  const r = /^\s*(0(\.\d+)?|1(\.0+)?|\.\d+)\s*$/.test(value) ? parseAmount(value, { decimalComma: false }) : null;
  if (r === null) throw new InvalidArgumentError("expected a rate from 0 to 1, such as 0.15");
  return r;
}


export function registerCalc(program: Command, ctx: Context, isDefault: boolean): Command {
  const command = program
    .command("calc", { isDefault })
    .description("compute customer equity per year with its breakdown per phase (the default command)");
  addOutputOptions(addInputOptions(command), ALL_FORMATS)
    .option("--year <year>", "only this year", year)
    .option("--from <year>", "only this year and later", year)
    .option("--to <year>", "only this year and earlier", year)
    .option("--fail-under <amount>", "exit 3 if the latest year's customer equity is under this amount", amount)
    .addOption(new Option("--report <format>", "how failed gates are reported on standard error: text, or github (::error annotations)").choices(["text", "github"]).default("text"))
    .option("--max-churn-rate <rate>", "exit 3 if the latest year's churn rate is above this rate (0-1)", rate)
    .option("--chart", "draw customer equity per period as bars after the table (the default on a terminal 60 columns or wider)")
    .option("--no-chart", "no chart, even on a terminal")
    .option("--ascii", "draw the chart in ASCII only")
    .option("--explain", "print each formula of the latest period in range (--year picks it) with its figures filled in")
    .option("--detail", "with --by, the full tables of every segment (default on the terminal: a pivot of customer equity, segments by periods)")
    .option("--top <n>", "with --by, the dashboard's small multiples show the n segments of most customer equity, the rest as \"other\" (default 8)", positiveInteger)
    .option("--owners", "print each phase owner's metrics chain per period: outcome, customers, average revenue, cost per customer (JSON has it always)")
    .option("--bridge", "print the bridge of each period: the change of customer equity split into count, rate and cost effects per phase")
    .option("--movements", "print the revenue movements (a log, or phase exports with customer ids): new, reactivated, expansion, contraction, churned, net and gross revenue retention")
    .option("--warehouse <url>", "read the --transactions table, or the --new/--retained/--churned tables, where they live: duckdb:FILE, postgres://user@host/db or clickhouse://user@host:8123/db (the engine checks and sums it per customer and period; the report is the same). Passwords: in the URL or PGPASSWORD/CLICKHOUSE_PASSWORD, never printed")
    .option("--gate-each-group", "with --by, apply --fail-under and --max-churn-rate to every group's latest period (default: the company's)")
    .addHelpText(
      "after",
      `
Examples:
  $ ceq --dir exports/
  $ ceq --new new.csv --retained retained.csv --churned churned.csv --format json
  $ ceq --input all.csv --date-column booked_on --fiscal-year-start 4 --format csv -o equity.csv
  $ gunzip -c churned.csv.gz | ceq --new new.csv --retained retained.csv --churned - --currency EUR
  $ ceq --dir exports/ --fail-under 250000 --max-churn-rate 0.2
  $ ceq --input crm.csv --by region --format csv -o equity-by-region.csv
  $ ceq --dir exports/ --bridge --explain
  $ ceq --transactions invoices.csv --period quarter --movements --format csv
  $ ceq --transactions invoices.csv --by plan,channel --max-churn-rate 0.3 --gate-each-group
  $ ceq --transactions invoices.csv --period quarter --fiscal-year-start 4
  $ ceq --transactions CDNOW_master.txt --delimiter whitespace --date-format YYYYMMDD --revenue-column dollar_value
  $ ceq --transactions online_retail.csv.gz --encoding cp1252 --date-format MM/DD/YYYY --skip-missing-id`,
    )
    .argument("[file]", "an export with a phase column (as --input), when no other input is given")
    .action(async (file: string | undefined, flags: CalcFlags, command: Command) => {
      ctx.exitCode = await calc(applyConfig(command, withPositional(file, flags, program), ctx), ctx);
    });
  return command;
}

/** The one view --owners, --bridge or --movements asks for, if any. */
function chosenView(flags: CalcFlags): View | undefined {
  const chosen = VIEWS.filter((v) => flags[v]);
  if (chosen.length > 1) throw new UsageError(`${chosen.map((v) => `--${v}`).join(" and ")} each print a table of their own`, "give one of them (JSON carries all three)");
  if (chosen.length === 1 && flags.chart) throw new UsageError(`--chart draws after the main table: it has no place with --${chosen[0]}`);
  return chosen[0];
}

/** The entries the gates look at: the company's latest period, or with --gate-each-group every group's. */
function gated(summary: Summary, eachGroup: boolean): YearSummary[] {
  const latest = summary.years[summary.years.length - 1];
  if (!latest) return [];
  const last = summary.years.filter((y) => y.year === latest.year && y.period === latest.period);
  return eachGroup && summary.by.length > 0 ? last.filter((y) => y.group !== null) : last.filter((y) => y.group === null);
}

/** Names an entry in a gate's message: "2024", or "2024 for region=EMEA". */
function entryName(y: YearSummary): string {
  const when = y.period ?? String(y.year);
  if (!y.group) return when;
  return `${when} for ${Object.entries(y.group).map(([column, value]) => `${column}=${value === "" ? NO_VALUE : value}`).join(", ")}`;
}

/** Checks the CI gates against the latest period; returns the messages of those that failed. */
function failedGates(summary: Summary, flags: CalcFlags, decimals: number): string[] {
  const failures: string[] = [];
  const symbol = currencySymbol(flags.currency);
  for (const latest of gated(summary, flags.gateEachGroup ?? false)) {
    if (flags.failUnder && compare(latest.customerEquity, flags.failUnder) < 0) {
      failures.push(
        `customer equity of ${entryName(latest)} is ${displayMoney(latest.customerEquity, decimals, symbol)}, under --fail-under ${displayMoney(flags.failUnder, decimals, symbol)}`,
      );
    }
    if (flags.maxChurnRate && latest.churnRate) {
      // churned / base > rate  <=>  churned > rate × base, compared exactly
      const { num, den } = latest.churnRate;
      const limit = multiplyInteger(flags.maxChurnRate, den.coef);
      if (compare(decimal(num.coef), limit) > 0) {
        failures.push(`churn rate of ${entryName(latest)} is ${plainRate(latest.churnRate)}, above --max-churn-rate ${toExactString(flags.maxChurnRate)}`);
      }
    }
  }
  return failures;
}

/**
 * A word after `ceq` that is no command: a file to read as `--input` when no other input is
 * given, or a mistyped command (`ceq valdate`), named with the closest one.
 */
function withPositional(word: string | undefined, flags: CalcFlags, program: Command): CalcFlags {
  if (word === undefined) return flags;
  const commands = program.commands.map((c) => c.name());
  const closest = commands.map((name) => [name, editDistance(word.toLowerCase(), name)] as const).sort((a, b) => a[1] - b[1])[0];
  const isFile = word === "-" || existsSync(word);
  if (!isFile && closest && closest[1] <= 2) throw new UsageError(`unknown command '${word}'`, `did you mean '${closest[0]}'? (commands: ${commands.join(", ")})`);
  if (!isFile) throw new UsageError(`'${word}' is neither a file nor a command (${commands.join(", ")})`, "give exports with --dir, --input, or --new/--retained/--churned");
  const given = [flags.new, flags.retained, flags.churned, flags.input, flags.dir].some((f) => f !== undefined);
  if (given) throw new UsageError(`'${word}' is given besides other inputs`, `name its phase: --new ${word}, --retained ${word} or --churned ${word}; or --input ${word} for a file with a phase column`);
  return { ...flags, input: [word] };
}


/** The summary from phase exports, or from transaction logs classified; issues in the log. */
async function compute(flags: CalcFlags, options: ReadOptions, range: YearRange, cohorts: boolean, movements: boolean, env: NodeJS.ProcessEnv): Promise<{ summary: Summary | undefined; log: IssueLog; fxRates: FxRate[]; years: number[]; cohorts?: CohortView; unfollowed?: string[] }> {
  if (flags.warehouse !== undefined && flags.transactions === undefined) {
    // Phase tables (--new/--retained/--churned TABLE), loaded only when given: with customer ids,
    // their rows read as a file's, below; without, summed in the engine.
    const warehouse = await import("./warehouse.js");
    const rows = await warehouse.warehousePhaseRows(flags.warehouse, flags, options, env);
    if (!rows) return { ...(await warehouse.summarizeWarehousePhases(flags.warehouse, flags, options, range, env)), fxRates: [] };
    try {
      return await compute({ ...flags, warehouse: undefined }, rows.options, range, cohorts, movements, env);
    } finally {
      await rows.close();
    }
  }
  if (flags.transactions !== undefined) {
    // The dashboard's cohorts: each thread tallies its own customers (a warehouse's rows are all
    // on this one). --warehouse loads its engine's code only when given.
    const deferred = await import("./deferred.js");
    let classified: Awaited<ReturnType<typeof deferred.classifyWithCohorts>>;
    if (flags.warehouse !== undefined) {
      const read = await (await import("./warehouse.js")).classifyWarehouse(flags.warehouse, flags, options, range, env);
      classified = { ...read, cohortTable: cohorts && read.summary && read.log.errorCount === 0 ? deferred.logCohorts(read.read) : undefined };
    } else classified = await deferred.classifyWithCohorts(flags, options, range, cohorts);
    const { cohortTable: table, ...rest } = classified;
    return { ...rest, fxRates: classified.read.fxRates, ...(table ? { cohorts: { table, periods: classified.periods } } : {}) };
  }
  const periods = { kind: flags.period, fiscalYearStart: flags.fiscalYearStart };
  // Movements follow each customer by id: only read row by row when the output shows them
  const moves = movements ? new MovementRows(periods, flags.maxMemory ?? memoryBound()) : undefined;
  const { ledger, segments, log, fxRates } = await readInputs(moves ? { ...options, visit: moves } : options);
  const summary = log.errorCount === 0 && ledger.years.size > 0 ? summarizeSegments(segments, flags.by ?? [], range, periods) : undefined;
  const unfollowed = summary && moves ? attachExportMovements(summary, moves.movements(ledger.years.keys(), summary.by.length > 0), periods) : [];
  return { summary, log, fxRates, years: [...ledger.years.keys()].map((key) => yearOfPeriod(key, periods)), unfollowed };
}

export async function calc(flags: CalcFlags, ctx: Context): Promise<number> {
  if (flags.gateEachGroup && flags.by === undefined) throw new UsageError("--gate-each-group gates each segment: it needs --by");
  if (flags.year !== undefined && (flags.from !== undefined || flags.to !== undefined)) {
    throw new UsageError("--year excludes --from and --to");
  }
  const options = await readOptions(flags, ctx);
  const target = outputTarget(flags, ctx, allInputPaths(flags, options), ALL_FORMATS);
  if (flags.explain && !["table", "markdown", "json"].includes(target.format)) throw new UsageError(`--explain has no place in ${target.format === "csv" || target.format === "tsv" ? `${target.format.toUpperCase()}'s rows` : target.format}`, "use the table, markdown or json format");
  if (flags.chart && target.format !== "table") throw new UsageError(`--chart draws after the table: it has no place in ${target.format}`, "drop --format, or use --format table");
  const view = chosenView(flags);
  if (view && target.format === "json") throw new UsageError(`--${view} prints a table, and JSON carries "owners", "bridge" and "movements" on every period already`, `drop --${view} (jq '.${flags.period === "year" ? "years" : "periods"}[].${view}' picks it out), or use --format csv for its rows`);
  if (view && target.format === "html") throw new UsageError(`--${view} prints a table, and the dashboard draws the owners' panels, the bridge and the revenue movements already`, `drop --${view}, or use --format xlsx for a workbook with its own sheet`);
  const range = flags.year !== undefined ? { from: flags.year, to: flags.year } : { from: flags.from, to: flags.to };
  const { summary, log, fxRates, years, cohorts, unfollowed = [] } = await compute(flags, options, range, target.format === "html", view === "movements" || ["json", "html", "xlsx"].includes(target.format), ctx.env);
  reportIssues(log, ctx);

  if (!summary) throw new InputError("the input has no data rows: nothing to compute");
  if (summary.years.length === 0) {
    const have = [...new Set(years)].sort((a, b) => a - b);
    throw new UsageError(`no year in the data matches the years asked for (the data has ${have.join(", ")})`);
  }
  const decimals = flags.decimals ?? currencyDecimals(flags.currency);
  const { format, color, width } = target;
  const explained = flags.explain ? explainedEntry(summary) : undefined;
  const explain = !explained ? undefined : view === "bridge" ? explainBridge(explained, decimals) : [`customer equity ${explained.period ?? explained.year}, formula by formula:`, ...explainLines(explained, decimals)];
  if (view === "movements" && !summary.years.some((y) => y.movements)) throw new UsageError(`--movements follows each customer from one period to the next by id, and no period could be followed: ${unfollowed[0] ?? "no period before"}`, "give a transaction log, or phase exports with a customer id column and one row per customer");
  if (view === "movements") for (const reason of unfollowed) ctx.stderr.write(`note: no revenue movements: ${reason}\n`);
  // On a terminal the chart takes its width, --wide or not; elsewhere the table's (100 with --wide).
  const terminal = target.stream === ctx.stdout && ctx.stdout.isTTY === true ? (ctx.stdout.columns ?? 0) : undefined;
  const chart = flags.chart ?? (view === undefined && format === "table" && terminal !== undefined && terminal >= CHART_TERMINAL_WIDTH);
  const drawn = chart ? `\n${renderChart(summary, { currency: flags.currency, decimals, width: Math.max(MIN_CHART_WIDTH, terminal || width || 100), ascii: flags.ascii ?? false })}` : "";
  const renderOptions = { currency: flags.currency, decimals, color, width, warnings: log.warnings, fxRates, explain, chart: drawn, ...(cohorts ? { cohorts } : {}), ...(flags.top !== undefined ? { top: flags.top } : {}) };
  const pivot = !view && !flags.detail && format === "table" && summary.by.length > 0 ? renderPivot : null;
  const viewed = view && format !== "xlsx" && format !== "html" ? viewRenderer(view, format) : pivot;
  const text = format === "xlsx" ? await (await import("./deferred.js")).renderXlsx(summary, { ...renderOptions, ...(view ? { view } : {}) }) : (viewed ?? (await calcRenderer(format)))(summary, renderOptions);
  await emit(target, text, ctx);

  const failures = failedGates(summary, flags, decimals);
  if (failures.length > 0) {
    // Under --report github each failed gate is an annotation on the run, with its figure and threshold.
    const line = (f: string) => (flags.report === "github" ? `::error title=ceq gate failed::${escapeData(f)}` : `gate failed: ${f}`);
    ctx.stderr.write(failures.map(line).join("\n") + "\n");
    return EXIT.gate;
  }
  return EXIT.ok;
}
