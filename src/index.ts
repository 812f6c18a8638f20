/**
 * The library entry: the same pipeline as the CLI, typed.
 *
 *   const { ledger, log } = await readInputs({ inputs: { phases: { acquisition: source("new.csv") } } });
 *   const summary = summarize(ledger);
 *   const json = renderers.json(summary, { currency: "USD", decimals: 2, color: false, warnings: log.warnings });
 *
 * From a transaction log: readTransactions() -> classifyCustomers() -> summarizeClassified().
 * By segment (cells.by): readInputs()'s `segments` -> summarizeSegments(); a log's groups:
 * classifySegments() per group, then combineSummaries().
 * Lifetime value: buildCohorts() -> fitSbg() -> valuation(sbgRetention(α, β), …), or
 * valuation(constantRetention(r), …); sensitivity() moves one driver at a time.
 */
export { readInputs } from "./read/inputs.js";
export { DEFAULT_CELLS, type Inputs, type ReadOptions, type ReadResult } from "./read/options.js";
export { source, type Source } from "./io/source.js";
export { Ledger, summarize, type PhaseSummary, type Summary, type YearRange, type YearSummary } from "./model/equity.js";
export { renderers, FORMATS, type Format, type RenderOptions } from "./render/index.js";
export { formatIssue, IssueLog, type Issue, type IssueCode } from "./issues.js";
export { parseAmount, type AmountOptions } from "./schema/amount.js";
export { PHASES, type Phase, type Row } from "./schema/row.js";
export { currencyDecimals } from "./currency.js";
export * as money from "./money.js";
export { readTransactions } from "./read/transactions.js";
export type { TransactionLog, TransactionOptions } from "./read/log-options.js";
export { classifyCustomers, classifySegments, CustomerPeriods } from "./read/customer-periods.js";
export { combineSummaries, groupRecord, Segments, summarizeSegments } from "./model/segments.js";
export { classify, classifyHistory, type CustomerClass, type History, type PeriodTotals, type Reactivated } from "./model/classify.js";
export { summarizeClassified } from "./model/transactions.js";
export { PERIOD_KINDS, periodLabel, periodOf, type PeriodKind, type Periods } from "./schema/period.js";
export { buildCohorts, type Cohort, type CohortTable, type CustomerHistory } from "./model/cohorts.js";
export { derl, fitSbg, logLikelihood, survival, type SbgFit } from "./model/sbg.js";
export { constantRetention, sbgRetention, sensitivity, valuation, type RetentionModel, type Valuation, type ValueSettings } from "./model/value.js";
export { bridge, type BridgeStep, type PhaseSet } from "./model/bridge.js";
export { ownersOf, type Owner, type OwnerPanel } from "./model/owners.js";
export { movementsOf, type Movements } from "./model/movements.js";
export { main } from "./cli.js";
