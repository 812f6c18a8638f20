// DuckDB with 2 threads classifying the same log (scripts/transactions-sql.mjs); prints each
// year's customer equity in cents, and its peak RSS.
import { DuckDBInstance } from "@duckdb/node-api";
import { classificationSql, equityByPeriod } from "./transactions-sql.mjs";

const instance = await DuckDBInstance.create(":memory:", { threads: "2" });
const connection = await instance.connect();
const rows = (await connection.runAndReadAll(classificationSql(process.argv[2]))).getRows();
const equity = Object.fromEntries([...equityByPeriod(rows)].map(([period, cents]) => [period, String(cents)]));
process.stdout.write(JSON.stringify(equity));
process.stderr.write(`\nMAXRSS ${process.resourceUsage().maxRSS}\n`);
