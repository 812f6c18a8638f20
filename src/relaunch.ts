/**
 * Big inputs are read on 2 MB pages. ceq's tables are typed arrays, whose memory Node takes from
 * glibc's malloc, and on Linux each 4 KB page of it costs a fault the first time it is touched:
 * 8-15 µs on the virtual machines this project is measured on, about 175,000 of them for `ceq value`
 * on the 10M-row bench log, a fifth of its time. With transparent huge pages in "madvise" mode (the
 * kernel's default, and Debian's), glibc 2.35 and later ask for 2 MB pages for what malloc maps when
 * its tunable `glibc.malloc.hugetlb=1` is set (https://www.gnu.org/software/libc/manual/html_node/Memory-Allocation-Tunables.html):
 * a third of the faults (and a fixed mmap threshold beside, THRESHOLD). A tunable is read only when a process starts, so for inputs of 64 MiB or
 * more ceq starts itself again with it (bin/ceq.js), once: the child runs the command, and this
 * process passes on its exit code, or dies by the same signal. A small input is not worth the second
 * start (about 40 ms). `CEQ_HUGE_PAGES=0` never starts again, `1` always does (where the tunable is not set yet).
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { constants } from "node:os";
import { join } from "node:path";

/** Inputs of this many bytes or more are read on huge pages. */
export const HUGE_PAGE_BYTES = 64 * 1024 * 1024;
const TUNABLE = "glibc.malloc.hugetlb=1";
/**
 * With it, a fixed mmap threshold of 4 MiB: glibc otherwise raises its threshold as big blocks are
 * freed (up to 32 MiB), and blocks below it come from heaps it seldom gives back, which on 2 MB pages
 * held up to 170 MB more at `ceq value`'s peak; at 4 MiB a freed typed array's pages go back at once
 * (the 10M-row bench log's `ceq value --model bgnbd`: peak 458-604 MB on huge pages alone, 389-438 MB
 * with it, 430-437 MB on 4 KB pages). Not added where the user sets a threshold of their own.
 */
const THRESHOLD = "glibc.malloc.mmap_threshold=4194304";
/** The signals passed on to the child: those a user or a CI sends to ceq's pid. */
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** The mode of the kernel's transparent huge pages ("always", "madvise", "never"), or undefined where there are none (not Linux). */
export function hugePageMode(path = "/sys/kernel/mm/transparent_hugepage/enabled"): string | undefined {
  try {
    return /\[(\w+)\]/.exec(readFileSync(path, "utf8"))?.[1];
  } catch {
    return undefined;
  }
}

/** The bytes of the regular files the arguments name (`--new FILE`, `--new=FILE`), and of a folder's own files (`--dir`); 0 for standard input. */
export function inputBytes(args: readonly string[]): number {
  let total = 0;
  for (const arg of args) {
    const path = arg.startsWith("-") ? (arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : "") : arg;
    if (path === "" || path === "-") continue;
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat?.isFile()) total += stat.size;
    else if (stat?.isDirectory()) {
      for (const entry of readdirSync(path, { withFileTypes: true })) if (entry.isFile()) total += statSync(join(path, entry.name), { throwIfNoEntry: false })?.size ?? 0;
    }
  }
  return total;
}

/**
 * The environment to start ceq again with, the tunable added to any the user set, or undefined to
 * run in this process: the tunable is set already (this is the child, or the user chose), huge
 * pages are not to be asked for ("always" gives them anyway, "never" not at all), or the inputs are small.
 */
export function hugePageEnv(args: readonly string[], env: NodeJS.ProcessEnv, mode: () => string | undefined = hugePageMode): NodeJS.ProcessEnv | undefined {
  const setting = env.CEQ_HUGE_PAGES;
  if (setting === "0" || /(^|:)glibc\.malloc\.hugetlb=/.test(env.GLIBC_TUNABLES ?? "")) return undefined;
  if (setting !== "1" && (inputBytes(args) < HUGE_PAGE_BYTES || mode() !== "madvise")) return undefined;
  const added = /(^|:)glibc\.malloc\.mmap_threshold=/.test(env.GLIBC_TUNABLES ?? "") ? TUNABLE : `${TUNABLE}:${THRESHOLD}`;
  return { ...env, GLIBC_TUNABLES: env.GLIBC_TUNABLES ? `${env.GLIBC_TUNABLES}:${added}` : added };
}

/**
 * Runs this process's command again in a child with `env`, its standard streams this process's,
 * passing on SIGINT, SIGTERM and SIGHUP. Resolves to the child's exit code; if the child ended by
 * a signal, this process raises the same one on itself (a shell then sees 130 or 143, as from ceq
 * itself). Undefined if the child could not be started: the command then runs here.
 */
export function relaunch(env: NodeJS.ProcessEnv): Promise<number | undefined> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit", env });
  const pass = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of SIGNALS) process.on(signal, pass);
  const stop = () => {
    for (const signal of SIGNALS) process.off(signal, pass);
  };
  return new Promise((resolve) => {
    child.once("error", () => {
      stop();
      resolve(undefined);
    });
    child.once("exit", (code, signal) => {
      stop();
      // A signal whose default this process ignores (SIGPIPE, in Node) leaves it alive: then 128 + its number, as a shell shows.
      if (signal) process.kill(process.pid, signal);
      resolve(signal ? 128 + (constants.signals[signal] ?? 0) : (code ?? 1));
    });
  });
}
