/** The input options calc and validate share, and their conversion into what the reader takes. */
import { InvalidArgumentError, Option, type Command } from "commander";
import { disputeRemedy, exporterDispute, minorUnitWith } from "../currency.js";
import { UsageError } from "../errors.js";
import type { Issue } from "../issues.js";
import { stdinHasData } from "../io/stdin.js";
import type { Context } from "./context.js";
import { discover, type DirRole, type RoleSheet } from "../read/discover.js";
import { source, sourcesOf, withWorkbook, type Encoding, type Source } from "../io/source.js";
import type { ReadOptions } from "../read/options.js";
import { parseRevenueValues, type MeaningOptions, type RevenueValues } from "../schema/meaning.js";
import { normalizeHeader, type ColumnFlags } from "../schema/columns.js";
import { DEFAULT_MAX_GROUPS } from "../model/segments.js";
import { parseSize } from "../model/memory.js";
import { phaseReader, type DateFormat, type Phase, type RowFilter } from "../schema/row.js";
import { PERIOD_KINDS, type PeriodKind } from "../schema/period.js";
import type { Reactivated } from "../model/classify.js";
import { SOURCE_NAMES, type SourceName } from "../schema/sources/index.js";
import { currency, dateFormat, delimiter, encoding, integerIn, minorUnit, phaseMap, sourcePreset } from "./option-values.js";
// The log reader's own value, from its types' module: importing it loads no reader.
import { WHITESPACE } from "../read/log-options.js";

export interface InputFlags {
  new?: string[];
  retained?: string[];
  churned?: string[];
  dir?: string;
  config?: string | false;
  source?: SourceName;
  input?: string[];
  costs?: string;
  yearColumn?: string;
  dateColumn?: string;
  revenueColumn?: string;
  avgRevenueColumn?: string;
  countColumn?: string;
  costColumn?: string;
  idColumn?: string;
  phaseColumn?: string;
  currencyColumn?: string;
  delimiter?: string;
  decimalComma?: boolean;
  decimalPoint?: boolean;
  emptyAsZero?: boolean;
  fiscalYearStart: number;
  currency: string;
  minorUnits?: boolean;
  minorUnit?: [string, number][];
  skipRows?: number;
  encoding?: Encoding;
  sheet?: string;
  where?: RowFilter[];
  by?: string[];
  maxGroups: number;
  maxMemory?: number;
  fxRates?: string;
  dateFormat?: DateFormat;
  phaseMap?: [string, Phase][];
  maxErrors: number;
  strict?: boolean;
  transactions?: string[];
  period: PeriodKind;
  reactivated: Reactivated;
  skipMissingId?: boolean;
  quantityColumn?: string;
  priceColumn?: string;
  refundColumn?: string[];
  refundDateColumn?: string;
  ignoreColumn?: string[];
  revenueValues?: RevenueValues[];
}

export function addInputOptions(command: Command): Command {
  return command
    .option("--new <file>", "new customers' export (- for standard input; repeat for several files)", collect)
    .option("--retained <file>", "retained customers' export (repeatable)", collect)
    .option("--churned <file>", "churned customers' export (repeatable)", collect)
    .option("--config <file>", "a JSON file of options (keys in camelCase: revenueColumn, phaseMap, where …); flags override it. Default: ceq.config.json in --dir")
    .option("--source <name>", `a preset for a system's standard export: ${SOURCE_NAMES.join(", ")}; flags and --config override it (ceq sources lists them)`, sourcePreset)
    .option("--no-config", "do not read ceq.config.json in --dir")
    .option("--dir <folder>", "a folder with new*, retained*, churned* (and costs) files")
    .option("--input <file>", "an export with a phase column (repeatable)", collect)
    .option("--costs <file>", "a costs file: year, acquisition cost, servicing cost")
    .option("--year-column <name>", "the year column")
    .option("--date-column <name>", "a date column, mapped to the (fiscal) year")
    .option("--revenue-column <name>", "the revenue column (total of the row)")
    .option("--avg-revenue-column <name>", "an average revenue column, multiplied by the customers")
    .option("--count-column <name>", "the number of customers a row stands for")
    .option("--cost-column <name>", "the cost column")
    .option("--id-column <name>", "the customer id column")
    .option("--phase-column <name>", "the phase column (with --input)")
    .option("--transactions <file>", "a transaction log: one row per purchase, invoice or payment (repeatable); ceq classifies the customers itself", collect)
    .addOption(new Option("--period <kind>", "the periods of a transaction log: year (fiscal), quarter (fiscal) or month").choices(PERIOD_KINDS).default("year"))
    .addOption(new Option("--reactivated <phase>", "where customers won back count, with --transactions").choices(["acquisition", "retention"]).default("acquisition"))
    .option("--skip-missing-id", "leave out a transaction log's rows without a customer id, with one warning, instead of errors")
    .option("--quantity-column <name>", "a transaction log's quantity column (amount = quantity × unit price)")
    .option("--price-column <name>", "a transaction log's unit price column")
    .option("--refund-column <name>", "a column of refunded amounts: each row's amount is its amount less the refund, exactly (repeatable)", collect)
    .option("--refund-date-column <name>", "with --refund-column: book each refund in the period of this column's date, not the charge's")
    .option("--ignore-column <name>", "a refund, adjustment, status or type column that does not change the amounts here (already net, or every row is revenue): read past it (repeatable)", collect)
    .option("--revenue-values <column=values>", 'the values of a status or type column that are revenue; any other value there is an error: --revenue-values "Transaction Type=Invoice,Sales Receipt,Credit Memo" (repeatable, a column each)', revenueValues)
    .option("-d, --delimiter <char>", "field delimiter: , ; | or tab (detected by default); whitespace for a log in fixed-width text", delimiter)
    .option("--decimal-comma", "amounts use a decimal comma: 1.234,56")
    .addOption(new Option("--decimal-point", "amounts use a decimal point, said outright (the default; over a preset's or config's decimal comma): a ;-separated file's 1.500 is then 1.5, not refused as ambiguous").conflicts("decimalComma"))
    .option("--empty-as-zero", "read an empty amount as 0 instead of an error")
    .option("--currency <code>", "the currency of the amounts: its symbol and decimals, and the one a currency column's rows must have", currency, "USD")
    .option("--currency-column <name>", "a column giving each row's currency code")
    .option("--fx-rates <file>", "exchange rates into --currency: currency, year (or date), rate; rows in those currencies are converted exactly")
    .option("--encoding <name>", "the inputs' encoding: utf-8 (default, or what a byte order mark says), utf-16le, utf-16be, latin1, cp1252", encoding)
    .option("--sheet <name>", "a workbook's sheet to read: its name, or its number from 1 (default: the first visible sheet)")
    .option("--date-format <layout>", "the layout of dates: YYYY-MM-DD (default; also YYYY-MM, YYYY/MM/DD), MM/DD/YYYY, DD/MM/YYYY, DD.MM.YYYY or YYYYMMDD", dateFormat)
    .option("--skip-rows <n>", "lines above the header (a report's title); by default the header is the first of the first 20 lines with the required columns", integerIn(0, 1_000_000, "a number of lines"))
    .option("--where <filter>", 'keep only rows where COLUMN=VALUE (or COLUMN!=VALUE); repeatable, all must hold: --where "Stage=Closed Won"', filter)
    .option("--by <columns>", "customer equity per segment: the column (or columns, comma-separated) whose values make the groups: --by region, --by plan,channel", byColumns)
    .addOption(new Option("--max-groups <n>", "with --by, the most groups to compute; more is an error naming how many there are").argParser(integerIn(1, 1_000_000, "a count")).default(DEFAULT_MAX_GROUPS))
    .option("--phase-map <words>", 'vendor phase words: "New Customer=new,Existing Customer=retained,Former Customer=churned" (phases of customers, not deal stages: a lost deal is no churned customer)', phaseMap)
    .option("--minor-units", "amounts are whole numbers of the currency's minor unit (each row's own with a currency column): 4900 USD is 49.00, JPY has none, KWD 3")
    .option("--minor-unit <code=digits>", "with --minor-units, the decimals a currency's whole numbers are in, over ISO 4217's: ISK=2 for Stripe's API (repeatable, or comma-separated)", minorUnit)
    .addOption(new Option("--fiscal-year-start <month>", "month the fiscal year starts (1-12)").argParser(integerIn(1, 12, "a month")).default(1))
    .option("--max-memory <size>", "the tables that follow each customer by id (a transaction log's, or phase exports' for revenue movements and cohorts) may take at most this much memory (512MB, 8GB, 2GiB); more is an error naming the size needed. Default: half the machine's memory", memorySize)
    .addOption(new Option("--max-errors <n>", "errors to list before summarizing the rest").argParser(integerIn(1, 1_000_000, "a count")).default(50))
    .option("--strict", "treat warnings as errors");
}

function memorySize(value: string): number {
  const bytes = parseSize(value);
  if (bytes === undefined) throw new InvalidArgumentError("expected a size with its unit, such as 512MB, 8GB or 2GiB");
  return bytes;
}

/** The input flags that may be given more than once: each names one more file to read. */
export const REPEATABLE_INPUTS = ["--new", "--retained", "--churned", "--input", "--transactions", "--where", "--refund-column", "--ignore-column", "--revenue-values", "--minor-unit"];

/** `--where "Stage=Closed Won"` or `--where "Status!=void"`, collected. */
function filter(value: string, previous: RowFilter[] | undefined): RowFilter[] {
  const not = value.indexOf("!=");
  const eq = value.indexOf("=");
  const at = not !== -1 && not < eq ? not : eq;
  const column = at === -1 ? "" : value.slice(0, at).trim();
  if (column === "") throw new InvalidArgumentError('expected COLUMN=VALUE or COLUMN!=VALUE, such as "Stage=Closed Won"');
  const filter = { column, value: value.slice(at + (at === not ? 2 : 1)).trim(), equal: at !== not };
  return [...(previous ?? []), filter];
}

/** `--revenue-values "Transaction Type=Invoice,Credit Memo"`, collected: a column each. */
function revenueValues(value: string, previous: RevenueValues[] | undefined): RevenueValues[] {
  const given = parseRevenueValues(value);
  if (typeof given === "string") throw new InvalidArgumentError(given);
  if ((previous ?? []).some((p) => normalizeHeader(p.column) === normalizeHeader(given.column))) throw new InvalidArgumentError(`names the column ${JSON.stringify(given.column)} again: give all its revenue values in one`);
  return [...(previous ?? []), given];
}

/** `--by region` or `--by plan,channel`: column names, each once. */
function byColumns(value: string): string[] {
  const columns = value.split(",").map((c) => c.trim());
  if (columns.some((c) => c === "")) throw new InvalidArgumentError("expected a column name, or names separated by commas, such as region or plan,channel");
  const twice = columns.find((c, i) => columns.findIndex((d) => normalizeHeader(d) === normalizeHeader(c)) !== i);
  if (twice !== undefined) throw new InvalidArgumentError(`names the column ${JSON.stringify(twice)} twice`);
  return columns;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function phasesFromFlags(flags: { new?: string[]; retained?: string[]; churned?: string[]; costs?: string }): ReadOptions["inputs"] {
  const phases: Partial<Record<Phase, Source[]>> = {};
  if (flags.new !== undefined) phases.acquisition = flags.new.map(source);
  if (flags.retained !== undefined) phases.retention = flags.retained.map(source);
  if (flags.churned !== undefined) phases.churn = flags.churned.map(source);
  return { phases, ...(flags.costs !== undefined ? { costs: source(flags.costs) } : {}) };
}

/** A folder's workbook sheets that play a role (see workbookRoles) added to its files: `book.xlsx [New]` is a new export. */
function withSheets(inputs: ReadOptions["inputs"], sheets: readonly RoleSheet[], costsGiven: boolean): ReadOptions["inputs"] {
  const phases: NonNullable<ReadOptions["inputs"]["phases"]> = { ...inputs.phases };
  const PHASE: Record<Exclude<DirRole, "costs">, Phase> = { new: "acquisition", retained: "retention", churned: "churn" };
  let costs = inputs.costs;
  for (const { role, path, sheet } of sheets) {
    const src: Source = { name: `${path} [${sheet}]`, path, sheet };
    if (role === "costs") costs = costsGiven ? costs : src;
    else phases[PHASE[role]] = [...sourcesOf(phases[PHASE[role]]), src];
  }
  return { ...inputs, phases, ...(costs ? { costs } : {}) };
}

/** Options that only a transaction log has: with phase exports they would be silently ignored. */
function refuseLogOptions(flags: InputFlags): void {
  const given = [
    flags.reactivated !== "acquisition" && "--reactivated",
    flags.skipMissingId && "--skip-missing-id",
    flags.quantityColumn !== undefined && "--quantity-column",
    flags.priceColumn !== undefined && "--price-column",
    flags.delimiter === WHITESPACE && "--delimiter whitespace",
    flags.refundDateColumn !== undefined && "--refund-date-column",
  ].filter((f): f is string => typeof f === "string");
  if (given.length > 0) throw new UsageError(`${given.join(", ")} ${given.length === 1 ? "reads" : "read"} transaction logs (--transactions) only`, "phase exports are read by (fiscal) year, with a delimiter among , ; | tab");
}

/** CEQ_STDIN_SPOOL_LIMIT: the bytes of standard input kept for a second reading (see StdinSpool). */
function spoolLimit(env: NodeJS.ProcessEnv): { stdinSpoolLimit?: number } {
  const given = env.CEQ_STDIN_SPOOL_LIMIT;
  if (given === undefined || given.trim() === "") return {};
  if (!/^\s*\d+\s*$/.test(given)) throw new UsageError(`CEQ_STDIN_SPOOL_LIMIT=${JSON.stringify(given)} is not a number of bytes`);
  return { stdinSpoolLimit: Number(given) };
}

/** Every input file with the flag that names it, as messages say it. */
/** Every file a run reads, phase exports and logs, with the flag that named it (for --output's check). */
export function allInputPaths(flags: InputFlags, options: ReadOptions): { path: string; flag: string }[] {
  return [...inputPaths(options.inputs), ...(flags.transactions ?? []).map((path) => ({ path, flag: "--transactions" }))];
}

export function inputPaths(inputs: ReadOptions["inputs"]): { path: string; flag: string }[] {
  const flags: Record<Phase, string> = { acquisition: "--new", retention: "--retained", churn: "--churned" };
  const paths = Object.entries(inputs.phases ?? {}).flatMap(([phase, given]) => sourcesOf(given).map((src) => ({ path: src.path, flag: flags[phase as Phase] })));
  paths.push(...sourcesOf(inputs.combined).map((src) => ({ path: src.path, flag: "--input" })));
  if (inputs.costs) paths.push({ path: inputs.costs.path, flag: "--costs" });
  return paths;
}

/** `--refund-column`, `--refund-date-column`, `--ignore-column`, `--revenue-values`: how the run reads meaning columns. */
function meaningOptions(flags: InputFlags): MeaningOptions {
  const refund = flags.refundColumn ?? [];
  if (flags.refundDateColumn !== undefined && refund.length === 0) throw new UsageError("--refund-date-column says when the refunds of --refund-column were made: give --refund-column too");
  const twice = (flags.ignoreColumn ?? []).find((c) => refund.some((r) => normalizeHeader(r) === normalizeHeader(c)));
  if (twice !== undefined) throw new UsageError(`"${twice}" is given to both --refund-column and --ignore-column: a column is either subtracted or read past`);
  return { refund, ignore: flags.ignoreColumn ?? [], ...(flags.refundDateColumn !== undefined ? { refundDate: flags.refundDateColumn } : {}), ...(flags.revenueValues !== undefined ? { revenueValues: flags.revenueValues } : {}) };
}

/** `--minor-units`: the run currency's decimals (a currency column's rows take their own's), as
 * `--minor-unit` declares them or ISO 4217 gives them; a currency whose minor unit ceq does not
 * know, or that an exporter counts otherwise than ISO with none declared, is refused, never guessed. */
function runMinorUnits(flags: InputFlags): number | undefined {
  if (!flags.minorUnits) return undefined;
  const code = flags.currency;
  const digits = minorUnitWith(code, flags.minorUnit);
  if (digits !== undefined) return digits;
  const dispute = exporterDispute(code);
  if (dispute !== undefined) throw new UsageError(`--minor-units: ${code}: ${dispute}, so ceq cannot say what a whole number of ${code} (--currency) is`, `declare the unit the amounts are in: ${disputeRemedy(code)}`);
  throw new UsageError(`--minor-units: ceq does not know the minor unit of ${code} (--currency), so it cannot say what a whole number of it is`, "give the amounts in the major unit, without --minor-units");
}

/** Turns the flags into reader options; conflicting or missing inputs are usage errors. */
export async function readOptions(flags: InputFlags, from: Pick<Context, "env" | "stdin"> = { env: process.env, stdin: process.stdin }): Promise<ReadOptions> {
  const { env, stdin } = from;
  const perPhase = [flags.new, flags.retained, flags.churned].some((f) => f !== undefined);
  const ways = [perPhase && "--new/--retained/--churned", flags.dir !== undefined && "--dir", flags.input !== undefined && "--input", flags.transactions !== undefined && "--transactions"].filter(Boolean);
  if (ways.length === 0) {
    // Nothing named: an export piped in is the one input, as `--input -` (a file with a phase column).
    if (!(await stdinHasData(stdin))) throw new UsageError("no input given", "use --dir <folder>, --input <file>, or --new/--retained/--churned <file>; or pipe one export with a phase column into ceq");
    return readOptions({ ...flags, input: ["-"] }, from);
  }
  if (ways.length > 1) throw new UsageError(`choose one way to give the input, not ${ways.join(" and ")}`);

  if (flags.transactions === undefined) refuseLogOptions(flags);
  let inputs: ReadOptions["inputs"];
  let notices: Issue[] = [];
  if (flags.transactions !== undefined) {
    inputs = flags.costs !== undefined ? { costs: source(flags.costs) } : {};
  } else if (flags.dir !== undefined) {
    const found = await discover(flags.dir, phaseReader({ phaseMap: flags.phaseMap }));
    inputs = withSheets(phasesFromFlags({ ...found, costs: flags.costs ?? found.costs }), found.sheets ?? [], flags.costs !== undefined);
    if (found.ignored) notices = [found.ignored];
  } else if (flags.input !== undefined) {
    inputs = { combined: flags.input.map(source), ...(flags.costs !== undefined ? { costs: source(flags.costs) } : {}) };
  } else {
    inputs = phasesFromFlags(flags);
  }
  if (inputs.costs && flags.period !== "year") {
    throw new UsageError(`--costs gives costs per year: it does not go with --period ${flags.period}`, flags.dir !== undefined && flags.costs === undefined ? `${flags.dir} has a costs file, found by its name: move it aside, or use --period year` : "give costs per row (a cost column), or use --period year");
  }
  const all = [inputs.combined, inputs.costs, ...Object.values(inputs.phases ?? {}), ...(flags.transactions ?? []).map(source)].flatMap(sourcesOf);
  if (all.filter((s) => s.path === "-").length > 1) throw new UsageError("only one input can be read from standard input (-)");

  const columns: ColumnFlags = {};
  const named = {
    year: flags.yearColumn,
    date: flags.dateColumn,
    revenue: flags.revenueColumn,
    avgRevenue: flags.avgRevenueColumn,
    count: flags.countColumn,
    cost: flags.costColumn,
    id: flags.idColumn,
    phase: flags.phaseColumn,
    currency: flags.currencyColumn,
  };
  for (const [field, name] of Object.entries(named)) if (name !== undefined) columns[field as keyof ColumnFlags] = name;
  if (columns.revenue !== undefined && columns.avgRevenue !== undefined) {
    throw new UsageError("--revenue-column and --avg-revenue-column exclude each other: a row has a total or an average");
  }
  if (columns.year !== undefined && columns.date !== undefined) {
    throw new UsageError("--year-column and --date-column exclude each other");
  }
  return {
    inputs,
    ...spoolLimit(env),
    // The run's environment and input, not the process's, so that a run in-process honours them.
    env,
    ...(stdin !== process.stdin ? { stdin } : {}),
    columns,
    cells: { ...(flags.decimalPoint ? { decimalComma: false, decimalPoint: true } : { decimalComma: flags.decimalComma ?? false }), emptyAsZero: flags.emptyAsZero ?? false, fiscalYearStart: flags.fiscalYearStart, currency: flags.currency, minorUnits: runMinorUnits(flags), ...(flags.minorUnit ? { declaredMinorUnits: flags.minorUnit } : {}), phaseMap: flags.phaseMap, where: flags.where, ...(flags.by ? { by: flags.by } : {}), dateFormat: flags.dateFormat, ...(flags.period !== "year" ? { period: flags.period } : {}) },
    delimiter: flags.delimiter,
    ...(flags.skipRows !== undefined ? { skipRows: flags.skipRows } : {}),
    ...(flags.encoding !== undefined ? { encoding: flags.encoding } : {}),
    ...(flags.sheet !== undefined ? { sheet: flags.sheet } : {}),
    ...(flags.fxRates !== undefined ? { fxRates: withWorkbook(source(flags.fxRates), { sheet: flags.sheet, dateFormat: flags.dateFormat }) } : {}),
    maxErrors: flags.maxErrors,
    meaning: meaningOptions(flags),
    ...(flags.by ? { maxGroups: flags.maxGroups } : {}),
    strict: flags.strict ?? false,
    ...(notices.length > 0 ? { notices } : {}),
  };
}
