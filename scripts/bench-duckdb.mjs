// DuckDB with 2 threads: the same per-year customer equity with exact DECIMAL sums.
// Given its best shot: column types declared up front, so it neither sniffs nor casts text.
// With --checks first, it also does what ceq's id table does on every run: counts ids twice in
// a phase and year, customers both new and retained (or retained and churned) in a year, and
// retained or churned customers with no earlier record (after the data's first year). Their
// counts go to stderr; the figures to stdout, as without.
import { DuckDBInstance } from "@duckdb/node-api";

const args = process.argv.slice(2);
const checks = args[0] === "--checks";
const [fresh, retained, churned] = checks ? args.slice(1) : args;
const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
const connection = await instance.connect();
const csv = (file, costColumn) => {
  const columns = { customer_id: "VARCHAR", year: "INTEGER", revenue: "DECIMAL(18,2)", ...(costColumn ? { [costColumn]: "DECIMAL(18,2)" } : {}) };
  const spec = Object.entries(columns).map(([name, type]) => `'${name}': '${type}'`).join(", ");
  return `read_csv('${file}', header = true, auto_detect = false, delim = ',', quote = '"', columns = {${spec}})`;
};
const sums = `
  WITH rows AS (
    SELECT year, revenue - acquisition_cost AS equity FROM ${csv(fresh, "acquisition_cost")}
    UNION ALL
    SELECT year, revenue - servicing_cost FROM ${csv(retained, "servicing_cost")}
    UNION ALL
    SELECT year, -revenue FROM ${csv(churned)}
  )
  SELECT year, sum(equity)::VARCHAR AS equity FROM rows GROUP BY year ORDER BY year`;
let sql = sums;
if (checks) {
  await connection.run(`
    CREATE TEMP TABLE rows AS
      SELECT customer_id, year, 0 AS phase, revenue - acquisition_cost AS equity FROM ${csv(fresh, "acquisition_cost")}
      UNION ALL SELECT customer_id, year, 1, revenue - servicing_cost FROM ${csv(retained, "servicing_cost")}
      UNION ALL SELECT customer_id, year, 2, -revenue FROM ${csv(churned)}`);
  const counts = await connection.runAndReadAll(`
    WITH per AS (SELECT customer_id, year, phase, count(*) AS n FROM rows GROUP BY ALL),
    years AS (
      SELECT customer_id, year, bool_or(phase = 0) AS new, bool_or(phase = 1) AS retained, bool_or(phase = 2) AS churned, sum(n) AS n
      FROM per GROUP BY ALL),
    firsts AS (SELECT customer_id, min(year) AS first FROM years GROUP BY ALL)
    SELECT
      (SELECT count(*) FROM per WHERE n > 1) AS duplicates,
      (SELECT count(*) FROM years WHERE (new AND retained) OR (retained AND churned)) AS conflicts,
      (SELECT count(*) FROM years JOIN firsts USING (customer_id)
        WHERE year = first AND (retained OR churned) AND year > (SELECT min(year) FROM rows)) AS without_history`);
  const [duplicates, conflicts, withoutHistory] = counts.getRows()[0].map(Number);
  process.stderr.write(`CHECKS duplicates=${duplicates} conflicts=${conflicts} withoutHistory=${withoutHistory}\n`);
  sql = `SELECT year, sum(equity)::VARCHAR AS equity FROM rows GROUP BY year ORDER BY year`;
}
const reader = await connection.runAndReadAll(sql);
const years = Object.fromEntries(reader.getRows().map(([year, equity]) => [String(year), String(equity)]));
process.stdout.write(JSON.stringify(years));
process.stderr.write(`\nMAXRSS ${process.resourceUsage().maxRSS}\n`);
