// DuckDB with 2 threads: the same per-year customer equity with exact DECIMAL sums.
// Given its best shot: column types declared up front, so it neither sniffs nor casts text.
import { DuckDBInstance } from "@duckdb/node-api";

const [fresh, retained, churned] = process.argv.slice(2);
const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
const connection = await instance.connect();
const csv = (file, costColumn) => {
  const columns = { customer_id: "VARCHAR", year: "INTEGER", revenue: "DECIMAL(18,2)", ...(costColumn ? { [costColumn]: "DECIMAL(18,2)" } : {}) };
  const spec = Object.entries(columns).map(([name, type]) => `'${name}': '${type}'`).join(", ");
  return `read_csv('${file}', header = true, auto_detect = false, delim = ',', quote = '"', columns = {${spec}})`;
};
const sql = `
  WITH rows AS (
    SELECT year, revenue - acquisition_cost AS equity FROM ${csv(fresh, "acquisition_cost")}
    UNION ALL
    SELECT year, revenue - servicing_cost FROM ${csv(retained, "servicing_cost")}
    UNION ALL
    SELECT year, -revenue FROM ${csv(churned)}
  )
  SELECT year, sum(equity)::VARCHAR AS equity FROM rows GROUP BY year ORDER BY year`;
const reader = await connection.runAndReadAll(sql);
const years = Object.fromEntries(reader.getRows().map(([year, equity]) => [String(year), String(equity)]));
process.stdout.write(JSON.stringify(years));
process.stderr.write(`\nMAXRSS ${process.resourceUsage().maxRSS}\n`);
