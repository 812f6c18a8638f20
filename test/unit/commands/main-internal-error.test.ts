/** The entry's last line of defence: an unexpected failure is one line and exit 70. */
import { afterEach, describe, expect, it, vi } from "vitest";

vi.mock("../../../src/read/inputs.js", () => ({
  readInputs: () => {
    throw new TypeError("boom\nsecond line");
  },
}));

describe("main", () => {
  afterEach(() => vi.restoreAllMocks());

  it("turns an unexpected error into one line on stderr and exit 70, no stack trace", async () => {
    const { main } = await import("../../../src/cli.js");
    const stderr: string[] = [];
    vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    const code = await main(["node", "ceq", "--new", "x.csv"]);
    expect(code).toBe(70);
    expect(stderr.join("")).toBe("ceq: internal error: boom (please report this; set CEQ_DEBUG=1 for details)\n");
  });
});
