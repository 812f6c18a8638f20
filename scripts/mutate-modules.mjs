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
    tests: ["test/money.test.ts", "test/money-edges.test.ts"],
  },
  "schema-amount": {
    mutate: ["src/schema/amount.ts"],
    tests: ["test/amount.test.ts", "test/money.test.ts", "test/readers-agree.test.ts", "test/properties.test.ts"],
  },
  "schema-row": {
    mutate: ["src/schema/row.ts", "src/schema/period.ts"],
    tests: ["test/dates.test.ts", "test/readers-agree.test.ts", "test/classify.test.ts", "test/transactions-model.test.ts"],
  },
  "amount-bytes": {
    mutate: ["src/csv/amount-bytes.ts"],
    tests: ["test/fast-lines.test.ts", "test/readers-agree.test.ts"],
  },
  "date-bytes": {
    mutate: ["src/csv/date-bytes.ts", "src/csv/fast-lines.ts:66-76"],
    tests: ["test/fast-lines.test.ts", "test/readers-agree.test.ts"],
  },
  classify: {
    mutate: ["src/model/classify.ts"],
    tests: ["test/classify.test.ts", "test/owners.test.ts", "test/properties.test.ts"],
  },
  equity: {
    mutate: ["src/model/equity.ts"],
    tests: ["test/equity.test.ts", "test/owners.test.ts", "test/properties.test.ts", "test/transactions-model.test.ts"],
  },
  "render-csv": {
    mutate: ["src/render/csv.ts"],
    tests: ["test/audit26-escaping.test.ts", "test/csv-cells.test.ts"],
  },
  sql: {
    mutate: ["src/sql/**/*.ts"],
    tests: ["test/audit26-sql.test.ts", "test/sql-duckdb.test.ts", "test/transactions-sql.test.ts"],
  },
  "schema-other": {
    mutate: ["src/schema/**/*.ts", "!src/schema/amount.ts", "!src/schema/row.ts", "!src/schema/period.ts"],
    tests: ["test/columns.test.ts", "test/meaning-columns.test.ts", "test/sources.test.ts", "test/equity.test.ts"],
  },
  model: {
    mutate: ["src/model/**/*.ts", "!src/model/classify.ts", "!src/model/equity.ts"],
    tests: ["test/clv-models.test.ts", "test/value-model.test.ts", "test/owners.test.ts", "test/paths.test.ts", "test/transactions-model.test.ts", "test/segments.test.ts"],
  },
};

/** The module scripts/mutate.mjs names in the environment, or undefined (the whole core). */
export function chosenModule() {
  const name = process.env.CEQ_MUTATE_MODULE;
  if (name !== undefined && !(name in MODULES)) throw new Error(`no module ${name} in scripts/mutate-modules.mjs`);
  return name;
}
