/**
 * npm run bench -- --startup [--runs 30]: issue 32's start-up target, `ceq --dir fixtures/demo`
 * within 0.15 s of `node -e 0`. The two are run in turn (interleaved, so that a busy machine slows
 * both alike), and each run's wall time and CPU time (user + system, from bash's `time`, which a
 * busy machine disturbs less) are kept; the medians and their differences are printed against the
 * target.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const TARGET_SECONDS = 0.15;

/** One run's wall and CPU seconds, timed by bash (Node cannot see a child's CPU time). */
function timed(command, cwd) {
  const script = `TIMEFORMAT='%R %U %S'; { time ${command} >/dev/null 2>&1; } 2>&1`;
  const out = spawnSync("bash", ["-c", script], { cwd, encoding: "utf8" }).stdout.trim().split(/\s+/).map(Number);
  return { wall: out[0], cpu: out[1] + out[2] };
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export function benchStartup(root, runs = 30) {
  const node = JSON.stringify(process.execPath);
  const commands = { node: `${node} -e 0`, ceq: `${node} ${JSON.stringify(join(root, "bin", "ceq.js"))} --dir fixtures/demo` };
  const seen = { node: [], ceq: [] };
  for (let i = 0; i < runs; i++) for (const [name, command] of Object.entries(commands)) seen[name].push(timed(command, root));
  const of = (name, key) => median(seen[name].map((r) => r[key]));
  const wall = of("ceq", "wall") - of("node", "wall");
  const cpu = of("ceq", "cpu") - of("node", "cpu");
  const verdict = (ok) => (ok ? "met" : "NOT met");
  console.log(`start-up, medians of ${runs} interleaved runs (Node ${process.version}; compile cache: ${typeof (globalThis.process.getBuiltinModule?.("node:module") ?? {}).enableCompileCache === "function" ? "on" : "absent"}):`);
  console.log(`  node -e 0: ${of("node", "wall").toFixed(3)} s wall, ${of("node", "cpu").toFixed(3)} s CPU`);
  console.log(`  ceq --dir fixtures/demo: ${of("ceq", "wall").toFixed(3)} s wall, ${of("ceq", "cpu").toFixed(3)} s CPU`);
  console.log(`  start-up over node: ${wall.toFixed(3)} s wall (target at most ${TARGET_SECONDS}: ${verdict(wall <= TARGET_SECONDS)}), ${cpu.toFixed(3)} s CPU (${verdict(cpu <= TARGET_SECONDS)})`);
  return { startupWallSeconds: Number(wall.toFixed(3)), startupCpuSeconds: Number(cpu.toFixed(3)) };
}
