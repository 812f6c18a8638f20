/** What each purchase model (BG/NBD, Pareto/NBD) answers, for one customer's (x, t_x, T) in units. */
export interface PurchaseModel {
  name: "bgnbd" | "pareto-nbd";
  /** The parameters by name, in the paper's order. */
  params: Record<string, number>;
  logLikelihood: number;
  /** The probability that the customer is still a customer at T. */
  pAlive(x: number, tx: number, T: number): number;
  /** Expected repeat purchases in (T, T + t]. */
  expected(t: number, x: number, tx: number, T: number): number;
  /** Expected repeat purchases in (T, T + t] of a customer alive at T: `expected` is this × pAlive. */
  expectedIfAlive(t: number, x: number, T: number): number;
  /** Expected repeat purchases in (0, t] of a customer just acquired (unconditional). */
  unconditional(t: number): number;
}
