/**
 * How many random cases a property, differential or fuzz test tries: `quick` by default, so that
 * `npm test` stays within two minutes on a quiet two-core machine, and `deep` when CEQ_DEEP=1,
 * which `.ci/run` sets so that CI keeps the depth the suite had before (issue 28). A test's own
 * variable (CEQ_PROPERTY_RUNS, CEQ_FUZZ_RUNS, CEQ_SQL_RUNS, ...) still wins over both.
 */
export function runs(quick: number, deep: number): number {
  return process.env.CEQ_DEEP === "1" ? deep : quick;
}
