// Runs ceq's main() as bin/ceq.js does, then reports the peak RSS for the benchmark.
import { main } from "../dist/ceq.js";

const code = await main(process.argv);
const usage = process.resourceUsage();
process.stderr.write(`\nMAXRSS ${usage.maxRSS}\nCPU ${usage.userCPUTime + usage.systemCPUTime}\n`);
process.exitCode = code;
