// The floor: Node reading the same bytes and counting newlines.
import { createReadStream } from "node:fs";

let lines = 0;
for (const file of process.argv.slice(2)) {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
  }
}
process.stdout.write(`${lines}\n`);
process.stderr.write(`\nMAXRSS ${process.resourceUsage().maxRSS}\n`);
