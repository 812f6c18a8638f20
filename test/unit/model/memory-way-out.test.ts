/**
 * The hint of --max-memory's refusal: a database for the report and the cohorts (WAY_OUT), or the
 * one the reading command gives (ceq value's models, which no database computes).
 */
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/errors.js";
import { GUARD_WORDS, MemoryGuard, WAY_OUT } from "../../../src/model/memory.js";

const place = { file: "log.csv", read: 10, size: 100, customers: 1_000 };

describe("--max-memory's refusal: its hint", () => {
  it("names a larger bound, ceq sql and a warehouse by default", () => {
    const error = new MemoryGuard(1000).error(place, 0);
    expect(error).toBeInstanceOf(InputError);
    expect(error.hint).toBe(WAY_OUT);
    expect(WAY_OUT).toBe(
      "give a larger --max-memory if this machine has the memory free (the default is half of it), or let a database do the work: ceq sql --transactions TABLE prints the same computation as SQL, and ceq --warehouse URL --transactions TABLE runs it there (see docs/big-exports.md)",
    );
  });

  it("is the command's own when it gives one, on either thread's slot", () => {
    const shared = new Int32Array(GUARD_WORDS);
    expect(new MemoryGuard(1000, shared, 0, "a larger bound alone").error(place, 0).hint).toBe("a larger bound alone");
    expect(new MemoryGuard(1000, shared, 1, "a larger bound alone").error(place, 0).hint).toBe("a larger bound alone");
    // check() throws the same error.
    expect(() => new MemoryGuard(1, undefined, 0, "a larger bound alone").check({ held: 4096, largest: 4096 }, place)).toThrow(
      expect.objectContaining({ hint: "a larger bound alone", exitCode: 1 }),
    );
  });
});
