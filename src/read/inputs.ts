/**
 * Reads the inputs into a ledger: records -> rows (zod) -> sums, collecting every issue on the
 * way. Streaming: a row is folded into the sums and dropped; customer ids are kept only as
 * hashes in a compact table.
 *
 * Three paths give identical results. Blocks of lines without quotes, or whose quotes only
 * enclose whole plain fields (taken out first), go through a fast line parser that reads plain
 * amounts, years, counts and ids straight from the bytes; any row it is not certain of (and every
 * record csv-parse reads, from the first other quote on) goes through the zod row schema, which
 * also words every error. A big plain file is cut into newline-aligned byte ranges that worker threads and
 * this thread read at once; their sums, ids and issues are taken back in file order. If the id
 * table flags a problem, the inputs are read a second time to place it.
 */
import { tooManyGroups } from "../model/segments.js";
import { PHASE_WORD } from "./identities.js";
import { IssueLog, type Issue } from "../issues.js";
import { changedSources, closeSources, openSource } from "../io/opened.js";
import { sourcesOf, withWorkbook, type Encoding, type Source } from "../io/source.js";
import { StdinSpool } from "../io/spool.js";
import { readCostsFile } from "./costs.js";
import { readFxRates } from "./fx.js";
import { type FileState } from "./phase-rows.js";
import * as z from "zod/mini";
import { FIELDS } from "../schema/columns.js";
import { type Periods } from "../schema/period.js";
import { fxKey, PHASES, type Phase } from "../schema/row.js";
import { DEFAULT_CELLS, type FileSummary, type Inputs, type ReadOptions, type ReadResult } from "./options.js";
import { Reader } from "./phase-exports.js";
import { coverageIssues, filteredIssue } from "./input-issues.js";

/** Every source of the inputs, each opened once (see openSource); standard input through a spool. */
async function openInputs(inputs: Inputs, spool: () => StdinSpool, encoding: Encoding | undefined, workbook: Pick<Source, "sheet" | "dateFormat">, stdin: NodeJS.ReadableStream = process.stdin): Promise<Inputs> {
  const prepare = async (given: Source): Promise<Source> => {
    const src = withWorkbook(encoding === undefined ? given : { ...given, encoding }, workbook);
    return src.path === "-" ? { ...src, bytes: spool().tee(stdin as AsyncIterable<Buffer>) } : openSource(src);
  };
  const all = async (given: Source | readonly Source[] | undefined): Promise<Source[]> => {
    const list: Source[] = [];
    for (const src of sourcesOf(given)) list.push(await prepare(src));
    return list;
  };
  const out: Inputs = { phases: {} };
  for (const phase of PHASES) {
    const list = await all(inputs.phases?.[phase]);
    if (list.length > 0) out.phases![phase] = list;
  }
  const combined = await all(inputs.combined);
  if (combined.length > 0) out.combined = combined;
  if (inputs.costs) out.costs = await prepare(inputs.costs);
  return out;
}

/** The sources in the order they are read, each with its phase (undefined: a phase column). */
function readingOrder({ phases, combined }: Inputs): [Source, Phase | undefined][] {
  if (combined) return sourcesOf(combined).map((src) => [src, undefined]);
  return PHASES.flatMap((p) => sourcesOf(phases?.[p]).map((src) => [src, p] as [Source, Phase]));
}

/** The source to read a second time: standard input's copy, or an issue saying why there is none. */
async function secondSource(src: Source, spool: StdinSpool | undefined): Promise<Source | Issue> {
  if (!src.bytes || !spool) return src;
  const copy = spool.replay();
  if ("path" in copy) return openSource({ name: src.name, path: copy.path, encoding: src.encoding, sheet: src.sheet, dateFormat: src.dateFormat });
  const bound = `${(spool.bound / 2 ** 20).toLocaleString("en")} MiB`;
  return { severity: "error", code: "stdin-too-big", file: src.name, detail: bound };
}

/**
 * The keys readInputs knows, checked strictly: a misspelt key (`phases: { new: … }` for
 * `acquisition`) would otherwise be ignored, and a phase silently read as zero.
 */
const any = z.any();
const knownOptions = z.strictObject({
    inputs: z.strictObject({ phases: z.optional(z.strictObject({ acquisition: any, retention: any, churn: any })), combined: any, costs: any }),
    columns: z.optional(z.strictObject(Object.fromEntries(FIELDS.map((f) => [f, any])))),
    cells: z.optional(z.strictObject({ decimalComma: any, decimalPoint: any, emptyAsZero: any, fiscalYearStart: any, currency: any, minorUnits: any, declaredMinorUnits: any, phaseMap: any, where: any, by: any, fxRates: any, dateFormat: any, period: any })),
    delimiter: any,
    maxErrors: any,
    strict: any,
    fastPath: any,
    parallel: z.optional(z.strictObject({ threads: any, rangeBytes: any, minBytes: any, workersOnly: any, onRange: any })),
    fxRates: any,
    encoding: any,
    skipRows: any,
    sheet: any,
    stdinSpoolLimit: any,
    maxGroups: any,
    visit: any,
    meaning: any,
    notices: any,
    stdin: any,
    env: any,
  });

/** Reads every input and returns the sums with all issues found. */
export async function readInputs(options: ReadOptions): Promise<ReadResult> {
  const known = knownOptions.safeParse(options);
  const unknown = known.success ? [] : known.error.issues.flatMap((i) => (i.code === "unrecognized_keys" ? i.keys.map((k) => [...i.path, k].join(".")) : []));
  if (unknown.length > 0) {
    throw new TypeError(`readInputs: unknown option ${unknown.join(", ")} (see ReadOptions; phases are acquisition, retention and churn)`);
  }
  const log = new IssueLog(options.maxErrors ?? 50, options.strict ?? false);
  options.notices?.forEach((notice) => log.add(notice));
  const cells = { ...DEFAULT_CELLS, ...options.cells };
  if (options.fxRates) cells.fxRates = await readFxRates(options.fxRates, log, { delimiter: options.delimiter, cells });
  // A visitor sees every row on this thread, in file order (a range's rows are handed over with its
  // result); one without a line() sees them as the schema reads them: no fast path, no threads.
  const reader = new Reader(log, options.visit && !options.visit.line ? { ...options, fastPath: false } : options, cells);
  const periods: Periods = { kind: cells.period ?? "year", fiscalYearStart: cells.fiscalYearStart };
  const opened: Source[] = [];
  try {
    const workbook = { sheet: options.sheet, dateFormat: cells.dateFormat };
    const inputs = await openInputs(options.inputs, () => (reader.spool ??= new StdinSpool(options.stdinSpoolLimit)), options.encoding, workbook, options.stdin);
    const { phases, combined, costs } = inputs;
    const order = readingOrder(inputs);
    opened.push(...order.map(([src]) => src), ...(costs ? [costs] : []));
    reader.warm(order.map(([src]) => src));
    const files: FileState[] = [];
    for (const [src, phase] of order) files.push(await reader.readFile(src, phase));
    if (!combined) for (const phase of PHASES) if (!phases?.[phase]) log.add({ severity: "warning", code: "missing-phase", file: "", detail: PHASE_WORD[phase] });
    const summaries: FileSummary[] = files.map((f) => ({ file: f.name, role: f.phase ? PHASE_WORD[f.phase] : "all", rows: f.records }));
    if (costs) {
      if (costs.bytes) reader.spool?.drop(); // the costs file is never read twice
      const rows = await readCostsFile(costs, reader.segments, log, { delimiter: options.delimiter, cells: { ...DEFAULT_CELLS, ...options.cells } });
      summaries.push({ file: costs.name, role: "costs", rows });
    }
    if (reader.ids.needsSecondPass()) {
      reader.second = reader.ids.secondPass(new Set(files.flatMap((f) => f.failedIds)), periods);
      // Only files with ids have anything to place.
      for (const [i, [src, phase]] of order.entries()) {
        if (!files[i]!.ids) continue;
        const again = await secondSource(src, reader.spool);
        if (!("path" in again)) {
          log.add(again);
          continue;
        }
        if (again !== src) opened.push(again);
        await reader.readFile(again, phase);
      }
    }
    changedSources(opened).forEach((issue) => log.add(issue));
    const where = options.cells?.where ?? [];
    if (where.length > 0) log.add(filteredIssue(where, where.map((_, k) => files.reduce((sum, file) => sum + (file.filtered[k] ?? 0), 0))));
    const { segments } = reader;
    if (segments.overflow.size > 0) log.add(tooManyGroups(cells.by ?? [], segments.count, segments.limit));
    const ledger = segments.company();
    if (!ledger.countsAreExact()) log.add({ severity: "error", code: "too-many-customers", file: "" });
    // Which years a phase lacks means little while rows are being rejected.
    if (log.errorCount === 0) coverageIssues(files, new Set(ledger.years.keys()), periods).forEach((i) => log.add(i));
    const used = new Set(files.flatMap((f) => [...f.fxUsed]));
    const fxRates = (cells.fxRates ?? []).filter((r) => used.has(fxKey(r.currency, r.year)));
    return { ledger, segments: reader.segments, log, files: summaries, fxRates };
  } finally {
    closeSources(opened);
    reader.spool?.remove();
  }
}
