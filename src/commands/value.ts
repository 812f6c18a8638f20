/**
 * `ceq value`: customer equity as a stock, the lifetime value of current and future customers,
 * with the constant margin multiple or the shifted-beta-geometric model, and its sensitivity.
 */
import { InvalidArgumentError, Option, type Command } from "commander";
import { applyConfig } from "./config.js";
import type { Context } from "./context.js";
import { reportIssues } from "./input-issues.js";
import { currencyDecimals } from "../currency.js";
import { CliError, EXIT, UsageError } from "../errors.js";
import { IssueLog } from "../issues.js";
import { source } from "../io/source.js";
import type { CohortTable } from "../model/cohorts.js";
import { FitError, MIN_SBG_DISCOUNT_RATE } from "../model/sbg.js";
import { constantValue, growthProblem, sbgValue, type ValueRequest, type ValueResult } from "../model/valuation.js";
import { acquisitionCostOf, cohortWindow, currentOf, InputGap, marginOf, newCustomersOf, retentionOf, windowOf, type Derived } from "../model/value-inputs.js";
import { readCohortsFile } from "../read/cohorts-file.js";
import { valueRenderers } from "../render/value.js";
import { FORMATS } from "../render/index.js";
import { parseAmount } from "../schema/amount.js";
import { approximate } from "../money.js";
import { periodLabel, type Periods } from "../schema/period.js";
import type { Timing } from "../model/value.js";
import { loadBase } from "./base.js";
import { addInputOptions, allInputPaths, readOptions, type InputFlags } from "./inputs.js";
import { integerIn } from "./option-values.js";
import { addOutputOptions, emit, outputTarget, type OutputFlags } from "./output-target.js";
import { clvValue, type ClvFlags } from "./value-clv.js";
import { TIME_UNITS, type TimeUnit } from "../model/value/summary.js";
import { parseDate, type CalendarDate } from "../schema/row.js";

const VALUE_FORMATS = [...FORMATS, "html"] as const;

interface ValueFlags extends InputFlags, OutputFlags {
  discountRate?: number;
  model: "constant" | "sbg" | "bgnbd" | "pareto-nbd";
  timeUnit?: TimeUnit;
  calibrationEnd?: CalendarDate;
  holdoutEnd?: CalendarDate;
  marginRate?: number;
  perCustomer?: string;
  top?: number;
  timing?: Timing;
  horizon?: number;
  window: number;
  retention?: number;
  margin?: number;
  acquisitionCost?: number;
  newCustomers?: number;
  cohorts?: string;
  explain?: boolean;
}

/** A plain decimal number (no currency, no separators): what a rate or a count is written as. */
const plainNumber = (what: string, ok: (x: number) => boolean) => (value: string): number => {
  const x = /^\s*-?(\d+(\.\d*)?|\.\d+)\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isFinite(x) || !ok(x)) throw new InvalidArgumentError(`expected ${what}`);
  return x;
};

/** An ISO date with its day (2024-03-31): the calibration and holdout ends. */
const day = (value: string): CalendarDate => {
  const date = parseDate(value);
  if (date === null || date.day === undefined) throw new InvalidArgumentError("expected a date such as 1997-09-30");
  return date;
};

const money = (value: string): number => {
  const a = parseAmount(value, { decimalComma: false });
  if (a === null) throw new InvalidArgumentError("expected an amount such as 120 or 85.50");
  return approximate(a);
};

export function registerValue(program: Command, ctx: Context): Command {
  const command = program.command("value").description("customer equity as the lifetime value of current and future customers, with its sensitivity");
  addOutputOptions(addInputOptions(command), VALUE_FORMATS)
    .option("--discount-rate <rate>", "the discount rate per period, above 0 and below 1, such as 0.1 (required)", plainNumber("a discount rate above 0 and below 1, such as 0.1", (x) => x > 0 && x < 1))
    .addOption(new Option("--model <model>", "constant: one retention rate (margin multiple); sbg: shifted-beta-geometric, fitted to the cohorts; bgnbd, pareto-nbd: customers who stop buying unseen, fitted to a transaction log").choices(["constant", "sbg", "bgnbd", "pareto-nbd"]).default("constant"))
    .addOption(new Option("--timing <timing>", "constant model: margin at the end (default) or the start of each period").choices(["end", "start"]))
    .option("--horizon <periods>", "sum this many periods instead of forever", integerIn(1, 10_000, "a number of periods"))
    .option("--window <periods>", "the last periods the inputs are taken from, pooled", integerIn(1, 10_000, "a number of periods"), 3)
    .option("--retention <rate>", "the retention rate r, instead of the data's (constant model)", plainNumber("a retention rate from 0 to 1, such as 0.8", (x) => x >= 0 && x <= 1))
    .option("--margin <amount>", "the margin m per retained customer and period, instead of the data's", money)
    .option("--acquisition-cost <amount>", "the acquisition cost c per new customer, instead of the data's", money)
    .option("--new-customers <n>", "the new customers n per period, instead of the data's", plainNumber("a number of customers, 0 or more", (x) => x >= 0))
    .option("--cohorts <file>", "survivors per cohort (cohort,period,customers[,revenue], as ceq cohorts --format csv writes) instead of exports")
    .option("--explain", "print each formula with its numbers filled in")
    .addOption(new Option("--time-unit <unit>", "bgnbd, pareto-nbd: the unit of time of the summary, the fit and the horizon (default week)").choices(TIME_UNITS))
    .option("--calibration-end <date>", "bgnbd, pareto-nbd: fit on purchases up to this date (default: the log's last date)", day)
    .option("--holdout-end <date>", "bgnbd, pareto-nbd: compare predictions with the purchases after --calibration-end up to this date", day)
    .option("--margin-rate <rate>", "bgnbd, pareto-nbd: the share of spend that is margin (default 1)", plainNumber("a margin rate above 0, up to 1, such as 0.3", (x) => x > 0 && x <= 1))
    .option("--per-customer <file>", "bgnbd, pareto-nbd: write every customer's value to this file (.csv, .json or .xlsx), by CLV")
    .option("--top <n>", "bgnbd, pareto-nbd: the most valuable customers the table lists (default 10)", integerIn(0, 1_000_000, "a number of customers"))
    .addHelpText(
      "after",
      `
Constant model: CLV = m·r/(1+i−r) (end timing) or m·(1+i)/(1+i−r) (start); current customers ×
CLV, plus n·(CLV − c)/i for the customers still to be won. sbg: α and β fitted to the cohorts by
maximum likelihood (Fader & Hardie 2007); each current customer is worth m·DERL(renewals) (Fader &
Hardie 2010). r, m, c and n come from the last --window periods, pooled, unless given.

Examples:
  $ ceq value --transactions invoices.csv --discount-rate 0.1
  $ ceq value --dir exports/ --discount-rate 0.08 --horizon 10 --explain
  $ ceq value --transactions invoices.csv --period quarter --model sbg --discount-rate 0.025
  $ ceq value --cohorts survival.csv --model sbg --discount-rate 0.1 --margin 100`,
    )
    .action(async (flags: ValueFlags, command: Command) => {
      ctx.exitCode = await value(applyConfig(command, flags, ctx), ctx);
    });
  return command;
}

/** An override, or what the data gives. */
const given = (value: number | undefined, flag: string, derive: () => Derived): Derived => (value !== undefined ? { value, source: flag } : derive());

function checkFlags(flags: ValueFlags): void {
  if (flags.discountRate === undefined) throw new UsageError("ceq value needs --discount-rate", "the rate per period, such as --discount-rate 0.1 (10% a period)");
  if (flags.model === "sbg" && flags.timing !== undefined) throw new UsageError("--timing is for the constant model", "the sbg model values each renewal as Fader & Hardie's DERL does: the next renewal's margin undiscounted");
  if (flags.model === "sbg" && flags.retention !== undefined) throw new UsageError("--retention is for the constant model: the sbg model's retention is fitted to the cohorts");
  if (flags.retention === 1 && flags.horizon === undefined) throw new UsageError("--retention 1 means no customer ever leaves: their value forever is not a figure to plan by", "give a --horizon, such as --horizon 10");
  const inputs = [flags.transactions, flags.dir, flags.input, flags.new, flags.retained, flags.churned].some((x) => x !== undefined);
  if (flags.cohorts !== undefined && inputs) throw new UsageError("--cohorts replaces exports: give one or the other");
  // Checked here, not only where exports are read: a cohorts file never reaches that check.
  if (flags.by !== undefined) throw new UsageError("ceq value has no segments: --by is for ceq calc");
  if (flags.model === "sbg" && flags.discountRate < MIN_SBG_DISCOUNT_RATE) {
    throw new UsageError(`--discount-rate ${flags.discountRate} is below ${MIN_SBG_DISCOUNT_RATE}, the smallest rate a period the sbg model values at`, "near 0 the expected discounted lifetime grows without bound when α < 1; give a rate such as 0.001");
  }
}

export async function value(flags: ValueFlags, ctx: Context): Promise<number> {
  if (flags.model === "bgnbd" || flags.model === "pareto-nbd") return clvValue({ ...flags, timeUnit: flags.timeUnit ?? "week", marginRate: flags.marginRate ?? 1 } as ClvFlags, ctx);
  const clvOnly = (["timeUnit", "calibrationEnd", "holdoutEnd", "marginRate", "perCustomer", "top"] as const).find((k) => flags[k] !== undefined);
  if (clvOnly) throw new UsageError(`--${clvOnly.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is for --model bgnbd or pareto-nbd`);
  checkFlags(flags);
  const options = flags.cohorts === undefined ? await readOptions(flags, ctx) : undefined;
  const target = outputTarget(flags, ctx, options ? allInputPaths(flags, options) : [{ path: flags.cohorts!, flag: "--cohorts" }], VALUE_FORMATS);
  let result: ValueResult;
  let periods: Periods = { kind: flags.period, fiscalYearStart: flags.fiscalYearStart };
  let warnings: IssueLog["warnings"] = [];
  try {
    if (options) {
      const base = await loadBase(flags, options, ctx, { cohorts: flags.model === "sbg", command: "ceq value --model sbg" });
      warnings = base.log.warnings;
      result = fromBase(flags, base.summary, base.cohorts, base.periods);
    } else {
      const log = new IssueLog(flags.maxErrors, flags.strict ?? false);
      const read = await readCohortsFile(source(flags.cohorts!), log, flags.delimiter);
      reportIssues(log, ctx);
      // No table comes back only with an error logged, which reportIssues has ended the command on.
      if (!read) throw new Error("the cohorts file gave no table and no error");
      periods = { kind: read.kind, fiscalYearStart: 1 };
      warnings = log.warnings;
      result = fromCohorts(flags, read.table, periods);
    }
  } catch (error) {
    if (error instanceof InputGap) throw new CliError(error.message, EXIT.input, `give it with ${error.flag}`);
    if (error instanceof FitError) throw new CliError(error.message, EXIT.input);
    throw error;
  }
  const decimals = flags.decimals ?? currencyDecimals(flags.currency);
  const text = valueRenderers[target.format](result, { currency: flags.currency, decimals, color: target.color, width: target.width, warnings, explain: flags.explain ?? false, periods });
  await emit(target, text, ctx);
  return EXIT.ok;
}

function request(flags: ValueFlags, margin: () => Derived, cost: () => Derived, won: () => Derived): ValueRequest {
  return {
    discountRate: flags.discountRate!,
    timing: flags.timing ?? "end",
    horizon: flags.horizon ?? null,
    margin: given(flags.margin, "--margin", margin),
    acquisitionCost: given(flags.acquisitionCost, "--acquisition-cost", cost),
    newCustomers: given(flags.newCustomers, "--new-customers", won),
  };
}

/** Retention of exactly 1 from the data, forever: as refused as --retention 1. */
function finite(retention: Derived, flags: ValueFlags): Derived {
  if (retention.value >= 1 && flags.horizon === undefined) throw new InputGap(`the retention rate is 1 (${retention.source}): with no customer leaving, their value forever is not a figure to plan by`, "--horizon N, or --retention");
  return retention;
}

function fromBase(flags: ValueFlags, summary: Parameters<typeof windowOf>[0], cohorts: CohortTable | undefined, periods: Periods): ValueResult {
  const { entries, name } = windowOf(summary, flags.window);
  const label = (p: number) => periodLabel(p, periods);
  // The sbg model follows cohorts: its future customers are new cohorts, not customers won back.
  const won = flags.model === "sbg" ? () => cohortWindow(cohorts!, flags.window, label).newCustomers : () => newCustomersOf(entries, name);
  const req = request(flags, () => marginOf(entries, name), () => acquisitionCostOf(entries, name), won);
  if (flags.model === "constant") return constantValue(req, finite(given(flags.retention, "--retention", () => retentionOf(entries, name)), flags), currentOf(summary));
  const problem = growthProblem(cohorts!, label);
  if (problem) throw new FitError(problem);
  return sbgValue(req, cohorts!, label);
}

function fromCohorts(flags: ValueFlags, table: CohortTable, periods: Periods): ValueResult {
  const label = (p: number) => periodLabel(p, periods);
  const problem = growthProblem(table, label);
  if (problem) throw new FitError(problem);
  const window = cohortWindow(table, flags.window, label);
  const needs = (flag: string) => (): Derived => {
    throw new UsageError(`a cohorts file has survivors only: give ${flag}`);
  };
  const won = given(flags.newCustomers, "--new-customers", () => window.newCustomers);
  if (flags.model === "sbg" && flags.margin === undefined) {
    // Survivors only: the fit, the projection and DERL need no money, and are what is printed.
    if (flags.acquisitionCost !== undefined) throw new UsageError("--acquisition-cost is weighed against the margin: give --margin too", "or neither, for the sbg fit, its projection and DERL without money");
    const none = { value: 0, source: "not given (--margin): the money figures are left out" };
    return sbgValue(request(flags, () => none, () => ({ ...none, source: "not given" }), () => won), table, label, true);
  }
  const req = request(flags, needs("--margin"), won.value > 0 ? needs("--acquisition-cost") : () => ({ value: 0, source: "no new customer in the window" }), () => won);
  if (flags.model === "sbg") return sbgValue(req, table, label);
  const retention = given(flags.retention, "--retention", () => {
    if (!window.retention) throw new InputGap("no cohort is followed into the window's periods: there is no retention rate to take", "--retention");
    return window.retention;
  });
  return constantValue(req, finite(retention, flags), window.current);
}
