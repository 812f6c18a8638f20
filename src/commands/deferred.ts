/**
 * The code a calculation on phase exports does not run, in one module that cli.ts and calc.ts load
 * with `import()` when a run needs any of it: the commands besides calc, the HTML dashboard, the
 * workbook writer and the transaction log's reader. One module rather than one `import()` each:
 * esbuild's splitting makes a chunk of each set of entry points that share code, so many lazy
 * entries split the code every run loads into many small files, and at Node 20's ESM loader's
 * cost per file that took back what leaving the code out saved (measured: docs/benchmark.md).
 */
export { registerValidate } from "./validate.js";
export { registerDerive } from "./derive.js";
export { registerCohorts } from "./cohorts.js";
export { registerValue } from "./value.js";
export { registerSql } from "./sql.js";
export { registerInit } from "./init.js";
export { registerSources } from "./sources.js";
export { classifyLogs } from "./transactions.js";
export { classifyWithCohorts, logCohorts } from "./base.js";
export { renderHtml } from "../render/html.js";
export { renderXlsx } from "../render/xlsx.js";
