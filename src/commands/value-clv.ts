/**
 * `ceq value --model bgnbd | pareto-nbd`: lifetime value where customers leave without saying so.
 * Reads the log per customer and day with the same engine as the yearly report, summarizes it up
 * to the calibration end, fits the purchase model and Gamma-Gamma, and values every customer.
 */
import type { Context } from "./context.js";
import { currencyDecimals } from "../currency.js";
import { CliError, EXIT, InputError, UsageError } from "../errors.js";
import { checkOutput, writeOutputFile } from "../io/output.js";
import { decimal, ratio } from "../money.js";
import { fitBgNbd } from "../model/value/bgnbd.js";
import { ClvModel, valuingRates } from "../model/value/clv.js";
import { FitError } from "../model/value/fit.js";
import { holdoutTables } from "../model/value/holdout.js";
import { fitParetoNbd } from "../model/value/pareto-nbd.js";
import { SeriesError } from "../model/value/special.js";
import { triplesOf, UNIT_DAYS, YEAR_UNITS, type CustomerSummary, type Summary, type TimeUnit } from "../model/value/summary.js";
import { clvRenderers, perCustomerFile, type ClvResult } from "../render/clv.js";
import { daySummary } from "../read/day-summary.js";
import { dayNumber, readTransactions } from "../read/transactions.js";
import type { TransactionLog } from "../read/log-options.js";
import { isoDate, type CalendarDate } from "../schema/period.js";
import { reportIssues } from "./input-issues.js";
import { fitSpendAside } from "./spend-fit.js";
import { threadCount } from "../read/parallel/pool.js";
import { readOptions, allInputPaths, type InputFlags } from "./inputs.js";
import { emit, outputTarget, type OutputFlags, type OutputTarget } from "./output-target.js";
import { transactionOptions } from "./transactions.js";

export interface ClvFlags extends InputFlags, OutputFlags {
  model: string;
  discountRate?: number;
  horizon?: number;
  acquisitionCost?: number;
  newCustomers?: number;
  timeUnit: TimeUnit;
  calibrationEnd?: CalendarDate;
  holdoutEnd?: CalendarDate;
  marginRate: number;
  perCustomer?: string;
  top?: number;
  explain?: boolean;
  cohorts?: string;
  timing?: string;
  retention?: number;
  margin?: number;
}

export const CLV_FORMATS = ["table", "csv", "tsv", "json", "markdown", "html"] as const;

/** Flags of the other models that mean nothing here: refused, never ignored. */
function checkFlags(flags: ClvFlags): void {
  const model = `--model ${flags.model}`;
  if (flags.transactions === undefined) throw new UsageError(`${model} reads a transaction log: give --transactions FILE`, "the models count each customer's purchases by day, which only a log has");
  if (flags.discountRate === undefined) throw new UsageError("ceq value needs --discount-rate", `the rate a year, such as --discount-rate 0.1 (10% a year; ${model} converts it to the --time-unit)`);
  const foreign: [unknown, string, string][] = [
    [flags.cohorts, "--cohorts", "the model is fitted on each customer's purchases"],
    [flags.timing, "--timing", "purchases are valued at the end of the time unit they are expected in"],
    [flags.retention, "--retention", "the model's customers leave unseen: there is no retention rate to give"],
    [flags.margin, "--margin", "give --margin-rate, the share of spend that is margin"],
    [flags.by, "--by", "the models value the whole base (--where picks a part of it)"],
    [flags.explain, "--explain", "the fits and each customer's figures are in the tables, and every customer in --per-customer"],
  ];
  for (const [value, flag, why] of foreign) if (value !== undefined) throw new UsageError(`${flag} is not for ${model}: ${why}`);
  if (flags.top !== undefined && flags.perCustomer === undefined && flags.format !== undefined && flags.format !== "table" && flags.format !== "markdown") throw new UsageError("--top N is for the table: --per-customer FILE writes every customer");
}

const meanSpend = (c: CustomerSummary) => (c.x === 0 ? null : ratio(c.repeatTotal, decimal(BigInt(c.x)))!);

export async function clvValue(flags: ClvFlags, ctx: Context): Promise<number> {
  checkFlags(flags);
  const options = await readOptions(flags, ctx);
  const inputs = allInputPaths(flags, options);
  const target = outputTarget(flags, ctx, inputs, CLV_FORMATS);
  if (flags.perCustomer !== undefined) {
    if (!/\.(csv|json|xlsx)$/i.test(flags.perCustomer)) throw new UsageError(`--per-customer ${flags.perCustomer}: the file's extension names its format, one of .csv, .json, .xlsx`, `such as --per-customer customers.csv`);
    checkOutput(flags.perCustomer, inputs);
  }
  // Over --max-memory, the way out is a larger bound alone: ceq sql and a warehouse compute the
  // yearly report and the cohorts, not these models.
  const memoryWayOut = "give a larger --max-memory if this machine has the memory free (the default is half of it): ceq value holds each customer's id and a summary of their purchases. BG/NBD and Pareto/NBD have no SQL form: ceq sql and --warehouse compute the yearly report and the cohorts, not these models";
  const tx = { ...transactionOptions(flags, options), periods: { kind: "month" as const, fiscalYearStart: flags.fiscalYearStart }, days: true, memoryWayOut };
  // Each customer's running summary rather than their days, when the log can be read again (not
  // standard input) should a customer's rows come out of date order (see read/day-tally.ts).
  const tally = tx.sources.some((s) => s.path === "-") ? undefined : { end: flags.calibrationEnd ? dayNumber(flags.calibrationEnd) : Infinity, holdoutEnd: flags.holdoutEnd && dayNumber(flags.holdoutEnd) };
  const read = await readTransactions({ ...tx, tally });
  try {
    return await clvOfLog(flags, ctx, read, target, () => readTransactions(tx));
  } finally {
    void read.shard?.close();
  }
}

/** The summary of the log read again into each customer's days: its tally met a row out of date order. */
async function untallied(read: TransactionLog, again: () => Promise<TransactionLog>, end: number, holdoutEnd: number | undefined): Promise<Summary> {
  await read.shard?.close();
  const days = await again();
  try {
    // Without a tally, never undefined.
    return (await daySummary(days, end, holdoutEnd))!;
  } finally {
    await days.shard?.close();
  }
}

async function clvOfLog(flags: ClvFlags, ctx: Context, read: TransactionLog, target: OutputTarget<(typeof CLV_FORMATS)[number]>, again: () => Promise<TransactionLog>): Promise<number> {
  const { log } = read;
  if (log.errorCount > 0 || !read.firstDate || !read.lastDate) {
    reportIssues(log, ctx);
    throw new InputError("the log has no dated rows: nothing to compute");
  }
  const first = dayNumber(read.firstDate);
  const endDate = flags.calibrationEnd ?? read.lastDate;
  const end = dayNumber(endDate);
  if (end < first) throw new CliError(`--calibration-end ${isoDate(endDate)} is before the log's first date, ${isoDate(read.firstDate)}: no customer had been won by then`, EXIT.input, `give a date from ${isoDate(read.firstDate)} to ${isoDate(read.lastDate)}`);
  const holdoutEnd = flags.holdoutEnd && dayNumber(flags.holdoutEnd);
  if (flags.holdoutEnd && holdoutEnd! <= end) throw new UsageError(`--holdout-end ${isoDate(flags.holdoutEnd)} is not after the calibration end, ${isoDate(endDate)}`, "the holdout period follows the calibration period: give --calibration-end too, before it");
  const summary = (await daySummary(read, end, holdoutEnd!)) ?? (await untallied(read, again, end, holdoutEnd!));
  // The worker's part is summarized: it is stopped, and its memory given back, before the fits.
  await read.shard?.close();
  const unit = flags.timeUnit;
  const model = flags.model === "bgnbd" ? "BG/NBD" : "Pareto/NBD";
  if (summary.repeatCustomers === 0) {
    reportIssues(log, ctx);
    throw new CliError(`no customer bought again by ${isoDate(endDate)} (${summary.customers.length.toLocaleString("en")} customers, each with one purchase day): ${model} learns how often customers buy from their repeat purchases, so it cannot be fitted`, EXIT.input, "a later --calibration-end, or a log that covers more time");
  }
  // Each customer's mean repeat spend as a number (a column of the summary): the spend fit's data and the valuing's.
  const { x: xs, meanSpend: means, first: firsts } = summary.columns;
  let [repeat, positive] = [0, 0];
  for (let k = 0; k < xs.length; k++) if (xs[k]! > 0 && (repeat++, means[k]! > 0)) positive++;
  const excluded = repeat - positive;
  if (excluded > 0) log.add({ severity: "warning", code: "spend-excluded", file: "", detail: `${excluded.toLocaleString("en")} repeat customer${excluded === 1 ? "'s" : "s'"} mean repeat spend is zero or less: left out of the Gamma-Gamma fit, and valued at the population's mean spend` });
  reportIssues(log, ctx);
  const horizon = flags.horizon ?? YEAR_UNITS[unit];
  let result: ClvResult;
  // The spend model is fitted on a second thread, if there is one, while this one fits the purchase
  // model; then the two share the valuing's expected purchases. The thread starts once the distinct
  // triples are made, so that its memory does not come on top of what making them takes.
  const triples = triplesOf(summary.columns, unit);
  // The thread finds the valuing's distinct (x, T) first, then fits the spend model, while this one fits.
  const spendFit = fitSpendAside({ x: summary.columns.x, meanSpend: summary.columns.meanSpend, positive }, threadCount(ctx.env), undefined, summary.columns);
  const pairing = spendFit.pairs(summary.columns);
  // Awaited once the purchase model is fitted; should that fit fail, its refusal is what is said.
  pairing.catch(() => {});
  try {
    // Pareto/NBD's passes on all triples are shared with the thread once its spend fit is done.
    const purchases = flags.model === "bgnbd" ? fitBgNbd(triples) : fitParetoNbd(triples, spendFit.paretoTeam());
    // New customers a unit: those won in the calibration period's last 91 days (a quarter), per unit.
    const window = Math.min(91, end - first + 1);
    let won = 0;
    for (let k = 0; k < firsts.length; k++) if (firsts[k]! > end - window) won++;
    const settings = {
      unit,
      horizon,
      discountRate: flags.discountRate!,
      marginRate: flags.marginRate,
      acquisitionCost: flags.acquisitionCost ?? 0,
      newCustomers: flags.newCustomers ?? won / (window / UNIT_DAYS[unit]),
    };
    const pairs = await pairing;
    // The spend fit's refusal, if any, is said before the valuing's: as when it was awaited first.
    const worth = await spendFit.pairWorth(purchases, pairs, unit, horizon, valuingRates(settings)).catch(async (error: unknown) => {
      await spendFit.result();
      throw error;
    });
    const spend = await spendFit.result();
    spendFit.stop();
    const clv = new ClvModel(purchases, spend, summary.customers, summary.columns, settings, { pairs, worth });
    result = {
      clv,
      valuation: clv.valuation(),
      sensitivity: clv.sensitivity(),
      excluded,
      calibrationEnd: isoDate(endDate),
      holdout: flags.holdoutEnd ? holdoutTables(purchases, summary, { end, holdoutEnd: holdoutEnd!, first, unit }) : null,
      holdoutEnd: flags.holdoutEnd ? isoDate(flags.holdoutEnd) : null,
      sources: {
        acquisitionCost: flags.acquisitionCost !== undefined ? "--acquisition-cost" : "not given (--acquisition-cost): 0",
        newCustomers: flags.newCustomers !== undefined ? "--new-customers" : `${won.toLocaleString("en")} customers first bought in the calibration period's last ${window} days, per ${unit}`,
      },
    };
  } catch (error) {
    if (error instanceof FitError) throw new CliError(error.message, EXIT.input);
    if (error instanceof SeriesError) throw new CliError(`the ${model} model cannot be evaluated: ${error.message}`, EXIT.input);
    throw error;
  } finally {
    spendFit.stop();
  }
  const decimals = flags.decimals ?? currencyDecimals(flags.currency);
  const render = { currency: flags.currency, decimals, color: target.color, width: target.width, warnings: log.warnings, top: flags.top ?? 10, meanSpend };
  if (flags.perCustomer !== undefined) writeOutputFile(flags.perCustomer, await perCustomerFile(flags.perCustomer, result, render));
  await emit(target, clvRenderers[target.format](result, render), ctx);
  return EXIT.ok;
}
