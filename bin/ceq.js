#!/usr/bin/env node
import module from "node:module";

// Node 22.1 and later keep V8's compiled code of the bundle between runs (in the system's temporary
// folder), which saves most of its compile time at each start; Node 20 has no such cache, and
// skips this. The bundle is imported after, so that the cache applies to it.
module.enableCompileCache?.();

// Inputs of 64 MiB or more are read on 2 MB pages, which glibc gives only to a process started with
// its tunable: ceq then runs in a child started so (src/relaunch.ts), and this process, which has
// not loaded the bundle, passes on its exit code.
const { hugePageEnv, relaunch } = await import("../dist/relaunch.js");
const env = hugePageEnv(process.argv.slice(2), process.env);
const code = env === undefined ? undefined : await relaunch(env);
if (code !== undefined) process.exitCode = code;
else {
  const { main } = await import("../dist/ceq.js");
  main(process.argv).then((exit) => {
    process.exitCode = exit;
  });
}
