import { describe, expect, it } from "vitest";
import { defaultMaxMemory, formatSize, GUARD_WORDS, MemoryGuard, parseSize } from "../../../src/model/memory.js";
import { InputError } from "../../../src/errors.js";

describe("--max-memory sizes", () => {
  it("reads decimal and binary units, with or without a space, any case", () => {
    expect(parseSize("512MB")).toBe(512_000_000);
    expect(parseSize("1.5GB")).toBe(1_500_000_000);
    expect(parseSize("2GiB")).toBe(2 * 1024 ** 3);
    expect(parseSize("800 mib")).toBe(800 * 1024 ** 2);
    expect(parseSize("64KB")).toBe(64_000);
    expect(parseSize("1TB")).toBe(1e12);
    expect(parseSize("4096B")).toBe(4096);
  });

  it("refuses a bare number, an unknown unit, a sign, zero and words", () => {
    for (const text of ["512", "10XB", "-1MB", "0MB", "0.0001B", "MB", "1,5GB", "", "lots"]) expect(parseSize(text)).toBeUndefined();
  });

  it("prints sizes in the units it reads", () => {
    expect(formatSize(900)).toBe("900 B");
    expect(formatSize(12_345)).toBe("12 KB");
    expect(formatSize(1_234_567)).toBe("1.2 MB");
    expect(formatSize(2_500_000_000)).toBe("2.5 GB");
  });

  it("bounds by default at half the machine, or half a smaller container limit", () => {
    expect(defaultMaxMemory(16e9, undefined)).toBe(8e9);
    expect(defaultMaxMemory(16e9, 0)).toBe(8e9);
    expect(defaultMaxMemory(16e9, 4e9)).toBe(2e9);
    // Node reports an unlimited cgroup as a huge number.
    expect(defaultMaxMemory(16e9, 2 ** 64)).toBe(8e9);
  });
});

describe("the guard on both threads' tables", () => {
  const KiB = 1024;

  it("is over when what both hold, plus twice each one's largest array, passes the bound", () => {
    const shared = new Int32Array(GUARD_WORDS);
    const main = new MemoryGuard(1536 * KiB, shared, 0);
    const worker = new MemoryGuard(1536 * KiB, shared, 1);
    // 1 MiB held, its largest 256 KiB: at its next growth, 1 MiB + 512 KiB = the bound, not past it.
    expect(main.over({ held: 1024 * KiB, largest: 256 * KiB })).toBe(false);
    expect(main.peak()).toBe(1536 * KiB);
    // The worker's first KiB (held 1, growth 2) tips it, seen from either side.
    expect(worker.over({ held: KiB, largest: KiB })).toBe(true);
    expect(main.peak()).toBe(1539 * KiB);
    expect(main.held()).toBe(1025 * KiB);
    expect(main.over({ held: 1024 * KiB, largest: 256 * KiB })).toBe(true);
  });

  it("counts in whole KiB, rounding up", () => {
    const guard = new MemoryGuard(3 * KiB);
    expect(guard.over({ held: 1, largest: 1 })).toBe(false);
    expect(guard.peak()).toBe(2 * KiB);
    expect(guard.over({ held: KiB + 1, largest: 1 })).toBe(false);
    expect(guard.over({ held: 2 * KiB + 1, largest: 1 })).toBe(true);
  });

  it("names the bound, what is held, the need, the share read, a projection and the ways out", () => {
    const guard = new MemoryGuard(50_000_000);
    // 40,000,000 bytes held is 39,062.5 KiB: 39,063 KiB; twice 10,000,000 is 19,532 KiB (rounded up).
    const error = (() => {
      try {
        guard.check({ held: 40_000_000, largest: 10_000_000 }, { file: "log.csv", read: 25, size: 100, customers: 200_000 });
      } catch (e) {
        return e;
      }
    })() as InputError;
    expect(error).toBeInstanceOf(InputError);
    expect(error.exitCode).toBe(1);
    // held 39,063 KiB = 40,000,512 B; peak (39,063 + 19,532) KiB = 60,001,280 B; whole file 4 × held = 160 MB.
    expect(error.message).toBe(
      "log.csv: the log's customer tables need more memory than the bound of 50 MB: they hold 40 MB after 25% of the file (200 bytes a customer), and their next growth needs 60 MB; at this rate the whole file needs about 160 MB",
    );
    expect(error.hint).toContain("--max-memory");
    expect(error.hint).toContain("ceq sql --transactions");
    expect(error.hint).toContain("ceq --warehouse URL");
  });

  it("leaves the projection out when the file's size is unknown", () => {
    const error = new MemoryGuard(1000).error({ file: "-", read: 10, size: undefined, customers: 0 }, 0);
    expect(error.message).toBe("-: the log's customer tables need more memory than the bound of 1.0 KB: they hold 0 B so far, and their next growth needs 0 B");
  });
});

describe("--max-memory sizes at their edges (issue 33: model-flows' survivors)", () => {
  it("a size is the whole cell: trailing letters are no unit; every fraction digit counts; 1 byte is a size", () => {
    expect(parseSize("5 MBx")).toBeUndefined();
    expect(parseSize("1.25 KB")).toBe(1250);
    expect(parseSize("1 B")).toBe(1);
  });

  it("ten of a unit and more print without a decimal", () => {
    expect(formatSize(10_000_000)).toBe("10 MB");
    expect(formatSize(9_999_999)).toBe("10.0 MB"); // 9.999999 to one decimal
  });

  it("the share read: one decimal below 10%, none from 10%; no projection at 0% or at 100%", () => {
    const message = (read: number) => new MemoryGuard(1000).error({ file: "f", read, size: 1000, customers: 0 }, 0).message;
    expect(message(50)).toContain("after 5.0% of the file");
    expect(message(100)).toContain("after 10% of the file");
    expect(message(0)).not.toContain("at this rate");
    expect(message(1000)).not.toContain("at this rate");
    expect(message(1000)).toContain("after 100% of the file");
    expect(message(500)).toContain("at this rate the whole file needs about 0 B");
  });
});
