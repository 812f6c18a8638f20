// Runs ceq's main() as bin/ceq.js does, then reports the peak RSS for the benchmark.
import { main } from "../dist/ceq.js";

const code = await main(process.argv);
process.stderr.write(`\nMAXRSS ${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
