/** Types of transactions-sql.mjs, for the test that checks the query against ceq. */
export function classificationSql(file: string): string;
export function equityByPeriod(rows: readonly (readonly unknown[])[]): Map<number, bigint>;
