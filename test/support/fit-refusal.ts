import { expect } from "vitest";
import { FitError } from "../../src/model/value/fit.js";

/** The message of the FitError `fit` throws; a failure naming what it did instead otherwise. */
export function refusal(fit: () => unknown): string {
  try {
    fit();
  } catch (error) {
    expect(error).toBeInstanceOf(FitError);
    return (error as Error).message;
  }
  throw new Error("the fit gave a result");
}
