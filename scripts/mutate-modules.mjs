/**
 * The pure core that `npm run mutate` mutates, one module per entry: its name (the name of its
 * incremental file, reports/mutation/<name>.json), the files (or a file's line range) Stryker
 * mutates, and the in-process test files that own them, which are the ones run against each
 * mutant. The ONE place these paths are written: stryker.config.mjs, vitest.mutate.config.ts
 * and scripts/mutate.mjs read them from here. Ordered by what decides numbers and errors first.
 */
export const MODULES = {
  money: {
    mutate: ["src/money.ts"],
    // Its own tests only: a static mutant (POW10's seed) reruns every test of the module, and with
    // properties.test.ts's random ledgers, or the amount and equity tests, one run took minutes.
    tests: ["test/unit/ground/money.test.ts", "test/unit/ground/money-edges.test.ts"],
  },
  "schema-amount": {
    mutate: ["src/schema/amount.ts"],
    // Not money.test.ts (it only reads its inputs with parseAmount), nor amounts-and-dialects.test.ts's
    // dialect property (it reads files for a minute): its format-then-parse one is amount-round-trip's.
    tests: ["test/unit/schema/amount.test.ts", "test/properties/byte-readers-agree.test.ts", "test/properties/amount-round-trip.test.ts", "test/unit/schema/currency-marker.test.ts", "test/unit/ground/currency-markers.test.ts", "test/unit/schema/leading-zero-group.test.ts", "test/unit/commands/semicolon-lone-group.test.ts"],
  },
  "schema-row": {
    mutate: ["src/schema/row.ts", "src/schema/period.ts"],
    tests: ["test/unit/schema/row-cells.test.ts", "test/unit/schema/period-bounds.test.ts", "test/unit/schema/dates-with-time-and-offset.test.ts", "test/properties/byte-readers-agree.test.ts", "test/unit/model/classify.test.ts", "test/properties/log-vs-model.test.ts", "test/unit/schema/minor-units-by-row.test.ts", "test/unit/commands/minor-unit-declared.test.ts"],
  },
  "amount-bytes": {
    mutate: ["src/csv/amount-bytes.ts"],
    tests: ["test/unit/csv/fast-lines.test.ts", "test/unit/csv/amount-bytes.test.ts", "test/properties/byte-readers-agree.test.ts", "test/unit/csv/amount-bytes-dollar.test.ts", "test/unit/schema/leading-zero-group.test.ts"],
  },
  "date-bytes": {
    mutate: ["src/csv/date-bytes.ts", "src/csv/fast-lines.ts:67-77"],
    tests: ["test/unit/csv/fast-lines.test.ts", "test/unit/csv/date-bytes.test.ts", "test/unit/csv/phase-digits.test.ts", "test/properties/byte-readers-agree.test.ts"],
  },
  classify: {
    mutate: ["src/model/classify.ts"],
    tests: ["test/unit/model/classify.test.ts", "test/unit/model/period-flows.test.ts", "test/properties/owners-bridge.test.ts"],
  },
  equity: {
    mutate: ["src/model/equity.ts"],
    tests: ["test/unit/model/equity.test.ts", "test/unit/model/ledger.test.ts", "test/properties/owners-bridge.test.ts", "test/properties/log-vs-model.test.ts"],
  },
  "render-csv": {
    mutate: ["src/render/csv.ts"],
    tests: ["test/unit/render/spreadsheet-escaping.test.ts", "test/unit/render/csv-cells.test.ts"],
  },
  // The golden files pin each dialect's exact text (sql-dialects-golden.test.ts runs ceq in-process);
  // DuckDB runs its query in-process. ClickHouse's plan is its own entry, so that each finishes alone.
  // Split again: query.ts and phases.ts reach DuckDB's random logs (seconds a mutant); the
  // dialects' parts mostly only the golden files and the unit tests.
  "sql-dialects": {
    mutate: ["src/sql/dialects.ts", "src/sql/strict.ts", "src/sql/identifiers.ts", "src/sql/snowflake-names.ts"],
    // Not sql-duckdb's random logs: each of the 133 static mutants runs every listed test, and the
    // golden files (DuckDB's too) and dialect-parts' DuckDB runs already hold these parts.
    tests: ["test/unit/sql/identifiers.test.ts", "test/unit/sql/dialect-parts.test.ts", "test/unit/sql/snowflake-names.test.ts", "test/e2e/sql-dialects-golden.test.ts"],
  },
  sql: {
    mutate: ["src/sql/query.ts", "src/sql/phases.ts"],
    // Not sql-duckdb's random logs (7 s a mutant that reaches them): the golden files pin the text
    // and sql-figures.test.ts runs it in DuckDB on tiny logs with hand figures. Not snowflake-names
    // (it reaches neither file).
    tests: ["test/unit/sql/identifiers.test.ts", "test/unit/sql/dialect-parts.test.ts", "test/e2e/sql-dialects-golden.test.ts", "test/unit/sql/sql-figures.test.ts", "test/unit/sql/phase-explain.test.ts", "test/unit/sql/explain-by.test.ts"],
  },
  "sql-clickhouse": {
    mutate: ["src/sql/clickhouse*.ts"],
    // clickhouse-figures runs the query in chDB (CEQ_CHDB_DIR or .ci/chdb; skipped, killing nothing, without it),
    // in a child process (Stryker's threads crash with chDB loaded in one).
    // clickhouse-quote: names with backticks and backslashes; clickhouse-phase-figures: phase exports
    // by two segments, counts, average revenue, --from/--to; clickhouse-log-segments: a log by two
    // segments, and --sharded-by-customer's text; all by hand and in chDB.
    tests: ["test/unit/sql/identifiers.test.ts", "test/e2e/sql-dialects-golden.test.ts", "test/unit/sql/clickhouse-figures.test.ts", "test/unit/sql/clickhouse-quote.test.ts", "test/unit/sql/clickhouse-phase-figures.test.ts", "test/unit/sql/clickhouse-log-segments.test.ts"],
  },
  // The rest of src/schema in two (1331 mutants together, 413 of them static, each running every
  // listed test): the columns' resolution, meaning and refund columns, totals rows ...
  "schema-other": {
    mutate: ["src/schema/columns.ts", "src/schema/meaning.ts", "src/schema/refund.ts", "src/schema/totals.ts"],
    tests: ["test/unit/schema/header-names.test.ts", "test/unit/schema/meaning-columns.test.ts", "test/unit/schema/source-presets.test.ts", "test/unit/schema/column-hints.test.ts", "test/unit/schema/totals.test.ts", "test/unit/schema/is-prefixed-flags.test.ts", "test/unit/schema/revenue-values.test.ts", "test/unit/read/column-choice.test.ts", "test/unit/schema/column-choice-fields.test.ts", "test/unit/schema/was-prefixed-flags.test.ts", "test/unit/commands/credit-memo-sign.test.ts"],
  },
  // ... and the names: hints, synonyms, a transaction log's columns, the --source presets.
  "schema-names": {
    mutate: ["src/schema/hints.ts", "src/schema/synonyms.ts", "src/schema/transaction.ts", "src/schema/sources/index.ts"],
    tests: ["test/unit/schema/column-hints.test.ts", "test/unit/schema/source-presets.test.ts", "test/unit/schema/header-names.test.ts", "test/unit/read/id-column.test.ts", "test/unit/schema/tx-columns.test.ts", "test/unit/schema/hint-words.test.ts", "test/unit/read/column-choice.test.ts", "test/unit/schema/minor-units-by-row.test.ts", "test/unit/schema/column-choice-fields.test.ts"],
  },
  // The rest of src/model, in three modules that each finish in well under 40 minutes of CPU
  // (docs/mutation.md, "model"). Test lists trimmed to the in-process files that reach each
  // module fastest: no read-paths-agree (25 s, two read paths through the same model), no
  // command test of 15-30 s where a property or unit file reaches the same code.
  "model-flows": {
    mutate: ["bridge", "movements", "phase-movements", "phase-cohorts", "owners", "segments", "cohorts", "transactions", "unit-sums", "memory", "typed-arrays"].map((f) => `src/model/${f}.ts`),
    tests: ["test/properties/owners-bridge.test.ts", "test/properties/phase-movements.test.ts", "test/properties/log-vs-model.test.ts", "test/unit/model/memory.test.ts", "test/unit/model/typed-arrays.test.ts", "test/unit/read/table-blocks.test.ts", "test/unit/model/period-flows.test.ts", "test/unit/model/value-models.test.ts", "test/unit/commands/owners.test.ts", "test/properties/segments-add-up.test.ts", "test/unit/model/unit-sums.test.ts", "test/unit/model/summarize-classified.test.ts", "test/unit/model/segments.test.ts", "test/unit/model/cohorts-and-owners.test.ts", "test/unit/model/phase-movements-attach.test.ts", "test/unit/model/phase-cohorts.test.ts", "test/unit/model/memory-way-out.test.ts"],
  },
  // sbg apart: the five files together were 913 mutants, about 1 h 40 min at this load.
  "model-sbg": {
    mutate: ["src/model/sbg.ts"],
    tests: ["test/unit/model/value-models.test.ts", "test/unit/model/value-extremes.test.ts", "test/unit/model/sbg-edges.test.ts"],
  },
  // The four files' own in-process tests (valuation, numeric, value-inputs) and value-models (the
  // published sBG fits and DERL of Fader & Hardie, Gupta & Lehmann's multiples; 2.7 s of CPU). Left
  // out, timed alone (CPU): value-and-cohorts (7.1 s) and value-extremes (8.4 s) run the command
  // in-process or spawn it; what they reach here (the sBG tail in closed form, ₂F₁ near z = 1,
  // every formula line) the unit files reach directly; clv-fit (4.5 s) and gamma-gamma-hessian (2.6 s) reach
  // only lnGamma and trigamma, which numeric.test.ts checks against mpmath.
  "model-value": {
    mutate: ["valuation", "value", "numeric", "value-inputs"].map((f) => `src/model/${f}.ts`),
    tests: ["test/unit/model/value-models.test.ts", "test/unit/model/valuation.test.ts", "test/unit/model/numeric.test.ts", "test/unit/model/value-inputs.test.ts", "test/unit/model/value-edges.test.ts"],
  },
  // value/** in two (about 1,400 lines): the purchase models and their fit ...
  "model-clv": {
    // purchases.ts is an interface only: no mutants, so no entry in the report to compare (scripts/mutate-reuse.mjs).
    // Left out as too slow once instrumented: fits-on-columns (fits on 7,000-20,000 triples) and
    // pareto-refusal (its ₂F₁ loops ran past the 120 s a test may take).
    mutate: ["bgnbd", "pareto-nbd", "fit", "special"].map((f) => `src/model/value/${f}.ts`),
    tests: ["test/unit/model/bgnbd-values.test.ts", "test/unit/model/fit-routines.test.ts", "test/unit/model/clv-models.test.ts", "test/unit/model/clv-fit.test.ts", "test/unit/model/pareto-fit.test.ts", "test/unit/model/bgnbd-hessian.test.ts", "test/properties/clv-models.test.ts", "test/properties/bgnbd-euler.test.ts", "test/unit/model/bgnbd-smooth-edges.test.ts", "test/unit/model/special-functions.test.ts", "test/unit/model/gamma-gamma-edge.test.ts", "test/unit/model/pareto-integral.test.ts", "test/unit/model/purchase-edges.test.ts", "test/unit/model/fit-newton.test.ts", "test/unit/model/pareto-sum.test.ts", "test/unit/model/pareto-runoff.test.ts", "test/unit/model/bgnbd-value-alone.test.ts"],
  },
  // Pareto/NBD's exact derivatives (issue 32): A₀'s series, the pairs, the smooth sum, its state and the
  // two threads sharing its passes (team.ts); a module of
  // their own, so that model-clv's 154 static mutants are not all retested for a new test file.
  "model-pareto-smooth": {
    mutate: ["a0-series", "pareto-pairs", "pareto-smooth", "pareto-state", "team"].map((f) => `src/model/value/${f}.ts`),
    tests: ["test/unit/model/pareto-smooth.test.ts", "test/unit/model/pareto-smooth-edges.test.ts", "test/unit/model/pareto-fit.test.ts", "test/unit/model/pareto-sum.test.ts", "test/unit/model/pareto-runoff.test.ts", "test/unit/model/purchase-edges.test.ts", "test/unit/model/pareto-team.test.ts", "test/unit/model/team.test.ts"],
  },
  // ... and the spend model, the customer summary, the valuing and the holdout.
  "model-clv-value": {
    mutate: ["gamma-gamma", "clv", "summary", "holdout", "distinct"].map((f) => `src/model/value/${f}.ts`),
    // All four timed first, none slow (2-5 s of CPU each): kept. clv-by-hand: values worked out by hand.
    tests: ["test/unit/model/clv-models.test.ts", "test/unit/model/clv-fit.test.ts", "test/unit/model/gamma-gamma-hessian.test.ts", "test/properties/clv-valuing.test.ts", "test/unit/model/clv-by-hand.test.ts", "test/unit/model/spend-data.test.ts", "test/unit/model/gamma-gamma-runoff.test.ts", "test/unit/model/gamma-gamma-edge.test.ts", "test/unit/model/distinct.test.ts", "test/unit/model/triple-columns.test.ts", "test/unit/model/clv-columns.test.ts", "test/unit/model/distinct-grid.test.ts", "test/unit/model/tally-whole.test.ts"],
  },
};

/** The module scripts/mutate.mjs names in the environment, or undefined (the whole core). */
export function chosenModule() {
  const name = process.env.CEQ_MUTATE_MODULE;
  if (name !== undefined && !(name in MODULES)) throw new Error(`no module ${name} in scripts/mutate-modules.mjs`);
  return name;
}
