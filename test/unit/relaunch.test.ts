/**
 * src/relaunch.ts: when ceq starts itself again with glibc's huge-page tunable. Sizes are of files
 * made here (a sparse file takes no disk for its 64 MiB), each sum worked out by hand.
 */
import { mkdirSync, mkdtempSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HUGE_PAGE_BYTES, hugePageEnv, hugePageMode, inputBytes } from "../../src/relaunch.js";

function files() {
  const dir = mkdtempSync(join(tmpdir(), "ceq-relaunch-"));
  const small = join(dir, "small.csv");
  writeFileSync(small, "x".repeat(1000));
  const big = join(dir, "big.csv");
  writeFileSync(big, "");
  truncateSync(big, HUGE_PAGE_BYTES);
  const folder = join(dir, "exports");
  mkdirSync(folder);
  writeFileSync(join(folder, "new.csv"), "y".repeat(300));
  writeFileSync(join(folder, "churned.csv"), "z".repeat(45));
  mkdirSync(join(folder, "nested"));
  writeFileSync(join(folder, "nested", "deep.csv"), "w".repeat(999));
  return { dir, small, big, folder };
}

describe("hugePageMode: the kernel's transparent huge page mode", () => {
  it("the bracketed word of the setting's file; undefined where there is no such file", () => {
    const { dir } = files();
    const setting = join(dir, "enabled");
    writeFileSync(setting, "always [madvise] never\n");
    expect(hugePageMode(setting)).toBe("madvise");
    writeFileSync(setting, "[always] madvise never\n");
    expect(hugePageMode(setting)).toBe("always");
    expect(hugePageMode(join(dir, "absent"))).toBeUndefined();
  });
});

describe("inputBytes: the bytes of the files the arguments name", () => {
  it("a file after its flag, one in --flag=FILE, a folder's own files (not its subfolders'); not -, options or missing paths", () => {
    const { small, big, folder, dir } = files();
    // 1,000 + 64 MiB + (300 + 45).
    expect(inputBytes(["calc", "--new", small, `--retained=${big}`, "--dir", folder, "-", "-f", "json", "--churned", join(dir, "missing.csv")])).toBe(1000 + HUGE_PAGE_BYTES + 345);
    expect(inputBytes(["--new", "-", "--format=json"])).toBe(0);
  });
});

describe("hugePageEnv: whether to start again, and with what", () => {
  const madvise = () => "madvise";

  it("64 MiB of input or more, in madvise mode: the tunable and a fixed mmap threshold, added after any the user set", () => {
    const { small, big } = files();
    expect(hugePageEnv(["--new", big], { PATH: "/bin" }, madvise)).toEqual({ PATH: "/bin", GLIBC_TUNABLES: "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=4194304" });
    expect(hugePageEnv(["--new", big], { GLIBC_TUNABLES: "glibc.malloc.arena_max=2" }, madvise)).toEqual({ GLIBC_TUNABLES: "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=4194304" });
    // A threshold of the user's own is kept, and no second one added.
    expect(hugePageEnv(["--new", big], { GLIBC_TUNABLES: "glibc.malloc.mmap_threshold=65536" }, madvise)).toEqual({ GLIBC_TUNABLES: "glibc.malloc.mmap_threshold=65536:glibc.malloc.hugetlb=1" });
    // One byte short of the bound: the file alone is 64 MiB − 1.
    truncateSync(big, HUGE_PAGE_BYTES - 1);
    expect(hugePageEnv(["--new", big], {}, madvise)).toBeUndefined();
    // With 1,000 bytes more, past it.
    expect(hugePageEnv(["--new", big, "--churned", small], {}, madvise)?.GLIBC_TUNABLES).toBe("glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=4194304");
  });

  it("not in the child (the tunable is set), nor where the kernel gives huge pages to all or none, nor with CEQ_HUGE_PAGES=0", () => {
    const { big } = files();
    const args = ["--new", big];
    expect(hugePageEnv(args, { GLIBC_TUNABLES: "glibc.malloc.hugetlb=1" }, madvise)).toBeUndefined();
    expect(hugePageEnv(args, { GLIBC_TUNABLES: "glibc.malloc.arena_max=2:glibc.malloc.hugetlb=0" }, madvise)).toBeUndefined();
    for (const mode of ["always", "never", undefined]) expect(hugePageEnv(args, {}, () => mode)).toBeUndefined();
    expect(hugePageEnv(args, { CEQ_HUGE_PAGES: "0" }, madvise)).toBeUndefined();
  });

  it("CEQ_HUGE_PAGES=1: whatever the size and the mode, unless the tunable is set already", () => {
    const { small } = files();
    expect(hugePageEnv(["--new", small], { CEQ_HUGE_PAGES: "1" }, () => "never")).toEqual({ CEQ_HUGE_PAGES: "1", GLIBC_TUNABLES: "glibc.malloc.hugetlb=1:glibc.malloc.mmap_threshold=4194304" });
    expect(hugePageEnv([], { CEQ_HUGE_PAGES: "1", GLIBC_TUNABLES: "glibc.malloc.hugetlb=1" }, madvise)).toBeUndefined();
  });

  it("the mode is read only when the size asks for it", () => {
    const { small } = files();
    let asked = 0;
    expect(hugePageEnv(["--new", small], {}, () => (asked++, "madvise"))).toBeUndefined();
    expect(asked).toBe(0);
  });
});
