// DuckDB with 2 threads: the same per-year customer equity with exact DECIMAL sums.
import { DuckDBInstance } from "@duckdb/node-api";

const [fresh, retained, churned] = process.argv.slice(2);
const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
const connection = await instance.connect();
const sql = `
  WITH rows AS (
    SELECT year, revenue::DECIMAL(18,2) - acquisition_cost::DECIMAL(18,2) AS equity FROM read_csv('${fresh}', header = true, all_varchar = true)
    UNION ALL
    SELECT year, revenue::DECIMAL(18,2) - servicing_cost::DECIMAL(18,2) FROM read_csv('${retained}', header = true, all_varchar = true)
    UNION ALL
    SELECT year, -revenue::DECIMAL(18,2) FROM read_csv('${churned}', header = true, all_varchar = true)
  )
  SELECT year::INTEGER AS year, sum(equity)::VARCHAR AS equity FROM rows GROUP BY year ORDER BY year`;
const reader = await connection.runAndReadAll(sql);
const years = Object.fromEntries(reader.getRows().map(([year, equity]) => [String(year), String(equity)]));
process.stdout.write(JSON.stringify(years));
process.stderr.write(`\nMAXRSS ${process.resourceUsage().maxRSS}\n`);
