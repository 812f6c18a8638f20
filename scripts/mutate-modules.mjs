/**
 * The pure core that `npm run mutate` mutates, one module per entry: its name (the name of its
 * incremental file, reports/mutation/<name>.json) and the files, or a file's line range, Stryker
 * mutates in it. The ONE place these paths are written: stryker.config.mjs and scripts/mutate.mjs
 * read them from here. Ordered by what decides numbers and errors first.
 */
export const MODULES = {
  money: ["src/money.ts"],
  "schema-amount": ["src/schema/amount.ts"],
  "schema-row": ["src/schema/row.ts", "src/schema/period.ts"],
  "amount-bytes": ["src/read/amount-bytes.ts"],
  "date-bytes": ["src/read/date-bytes.ts", "src/fast-lines.ts:66-76"],
  classify: ["src/model/classify.ts"],
  equity: ["src/equity.ts"],
  "render-csv": ["src/render/csv.ts"],
  sql: ["src/sql/**/*.ts"],
  "schema-other": ["src/schema/**/*.ts", "!src/schema/amount.ts", "!src/schema/row.ts", "!src/schema/period.ts"],
  model: ["src/model/**/*.ts", "!src/model/classify.ts"],
};
