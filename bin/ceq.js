#!/usr/bin/env node
import module from "node:module";

// Node 22.1 and later keep V8's compiled code of the bundle between runs (in the system's temporary
// folder), which saves most of its compile time at each start; Node 20 has no such cache, and
// skips this. The bundle is imported after, so that the cache applies to it.
module.enableCompileCache?.();
const { main } = await import("../dist/ceq.js");

main(process.argv).then((code) => {
  process.exitCode = code;
});
