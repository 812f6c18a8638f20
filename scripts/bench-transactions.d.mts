/** Types of bench-transactions.mjs, for the tests that generate a log with it. */
export function generateLog(path: string, rows: number): Promise<{ rows: number; customers: number; bytes: number }>;
export function benchTransactions(rows: number, runs: number): Promise<void>;
