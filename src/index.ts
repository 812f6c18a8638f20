/**
 * The library entry: the same pipeline as the CLI, typed.
 *
 *   const { ledger, log } = await readInputs({ inputs: { phases: { acquisition: source("new.csv") } } });
 *   const summary = summarize(ledger);
 *   const json = renderers.json(summary, { currency: "USD", decimals: 2, color: false, warnings: log.warnings });
 */
export { readInputs, DEFAULT_CELLS, type Inputs, type ReadOptions, type ReadResult } from "./read.js";
export { source, type Source } from "./io/source.js";
export { Ledger, summarize, type PhaseSummary, type Summary, type YearRange, type YearSummary } from "./equity.js";
export { renderers, FORMATS, type Format, type RenderOptions } from "./render/index.js";
export { formatIssue, IssueLog, type Issue, type IssueCode } from "./issues.js";
export { parseAmount, type AmountOptions } from "./schema/amount.js";
export { PHASES, type Phase, type Row } from "./schema/row.js";
export { currencyDecimals } from "./currency.js";
export * as money from "./money.js";
export { main } from "./cli.js";
