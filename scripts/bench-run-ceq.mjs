// Runs ceq as bin/ceq.js does, then reports the peak RSS and the CPU time for the benchmark. Where
// bin/ceq.js would start ceq again on huge pages (src/relaunch.ts), so does this script, and the
// child's report is passed on with this process's own CPU time added: the seconds a user waits.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { hugePageEnv } from "../dist/relaunch.js";

const report = () => {
  const usage = process.resourceUsage();
  return { rss: usage.maxRSS, cpu: usage.userCPUTime + usage.systemCPUTime };
};

const env = hugePageEnv(process.argv.slice(2), process.env);
if (env !== undefined) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { env, stdio: ["inherit", "inherit", "pipe"], maxBuffer: 1 << 30 });
  const own = report();
  const stderr = child.stderr.toString().replace(/^CPU (\d+)$/m, (_, cpu) => `CPU ${Number(cpu) + own.cpu}`);
  process.stderr.write(stderr);
  process.exitCode = child.status ?? 1;
} else {
  const { main } = await import("../dist/ceq.js");
  const code = await main(process.argv);
  const { rss, cpu } = report();
  process.stderr.write(`\nMAXRSS ${rss}\nCPU ${cpu}\n`);
  process.exitCode = code;
}
