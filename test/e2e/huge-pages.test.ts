/**
 * bin/ceq.js starting itself again with glibc's huge-page tunable (src/relaunch.ts), forced with
 * CEQ_HUGE_PAGES=1 on small inputs: the same output and exit codes as a run in one process, standard
 * input passed through, the child's environment seen in /proc, and a signal to the first process
 * passed on, the run ending by it with nothing left behind.
 */
import { execFileSync, spawn } from "node:child_process";
import { once } from "node:events";
import { createWriteStream, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, ceq, DEMO, folder } from "../support/helpers.js";

const AGAIN = { CEQ_HUGE_PAGES: "1" };
const HERE = { CEQ_HUGE_PAGES: "0" };

/** The pids of a process's children, from each of its threads' list in /proc. */
function childrenOf(pid: number): number[] {
  const tasks = readdirSync(`/proc/${pid}/task`);
  return tasks.flatMap((task) => readFileSync(`/proc/${pid}/task/${task}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number));
}

const environ = (pid: number) => readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");

describe("ceq started again for huge pages", () => {
  it("the demo's report and a bad input's error: the same stdout, stderr and exit code as in one process", async () => {
    const args = ["--dir", DEMO, "-f", "json"];
    const [again, here] = await Promise.all([ceq(args, { env: AGAIN }), ceq(args, { env: HERE })]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(here.stdout);
    // The demo's first year: 12 new customers.
    expect(JSON.parse(again.stdout).years[0].acquisition.customers).toBe(12);
    const bad = ["--new", join(folder(), "absent.csv")];
    const [failed, failedHere] = await Promise.all([ceq(bad, { env: AGAIN }), ceq(bad, { env: HERE })]);
    expect([failed.code, failed.stdout]).toEqual([1, ""]);
    expect(failed.stderr).toBe(failedHere.stderr);
    expect(failed.stderr).toContain("absent.csv: cannot read the file");
  });

  it("standard input reaches the child", async () => {
    const stdin = "customer_id,year,revenue,cost\nA,2023,100.10,10.00\nB,2023,200.20,20.00\n";
    const run = await ceq(["--new", "-", "-f", "csv"], { stdin, env: AGAIN });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe((await ceq(["--new", "-", "-f", "csv"], { stdin, env: HERE })).stdout);
    // 100.10 + 200.20 of revenue, 30.00 of cost.
    expect(run.stdout).toContain("300.30");
  });

  it.skipIf(!existsSync("/proc/self/task"))("the child runs with the tunable; SIGTERM to the first process ends both by it, leaving the output untouched", async () => {
    const dir = folder();
    execFileSync("mkfifo", [join(dir, "new.csv")]);
    writeFileSync(join(dir, "out.json"), "previous\n");
    const first = spawn(process.execPath, [BIN, "--new", "new.csv", "-f", "json", "-o", "out.json"], { cwd: dir, env: { ...process.env, ...AGAIN, GLIBC_TUNABLES: "" } });
    const fifo = createWriteStream(join(dir, "new.csv"));
    fifo.on("error", () => {});
    // Opening a FIFO to write waits until a reader opens it: the child is then reading.
    await once(fifo, "open");
    const [child] = childrenOf(first.pid!);
    expect(child).toBeDefined();
    // glibc (2.36) rewrites GLIBC_TUNABLES in the process's own memory as it reads it, and /proc then
    // shows hugetlb alone; the mmap threshold beside it is hugePageEnv's (test/unit/relaunch.test.ts).
    expect(environ(child!)).toContain("GLIBC_TUNABLES=glibc.malloc.hugetlb=1");
    expect(environ(first.pid!).some((v) => v.includes("hugetlb"))).toBe(false);
    fifo.write("customer_id,year,revenue,cost\nA,2023,1.00,0.10\n");
    first.kill("SIGTERM");
    const [, by] = (await once(first, "exit")) as [number | null, string | null];
    expect(by).toBe("SIGTERM");
    // The first process waited for the child's end before its own.
    expect(existsSync(`/proc/${child}`)).toBe(false);
    fifo.destroy();
    expect(readdirSync(dir).sort()).toEqual(["new.csv", "out.json"]);
    expect(readFileSync(join(dir, "out.json"), "utf8")).toBe("previous\n");
  });
});
