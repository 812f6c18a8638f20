/** Color only on a terminal, never with NO_COLOR or --no-color. `script` gives ceq a real TTY. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { BIN, DEMO } from "../support/helpers.js";

const hasScript = spawnSync("script", ["--version"]).status === 0;
const RED = "\u001b[31m";

function onTerminal(args: string, env: Record<string, string> = {}): string {
  const clean: NodeJS.ProcessEnv = { ...process.env, ...env, TERM: "xterm-256color" };
  delete clean.FORCE_COLOR;
  if (!("NO_COLOR" in env)) delete clean.NO_COLOR;
  const result = spawnSync("script", ["-qec", `node ${BIN} --dir ${DEMO} ${args}`, "/dev/null"], { env: clean, encoding: "utf8" });
  return result.stdout;
}

describe.skipIf(!hasScript)("color on a terminal", () => {
  it("paints negative amounts red on a TTY", () => {
    const out = onTerminal("");
    expect(out).toContain(`${RED}-$7,072.06`);
    expect(out).not.toContain(`${RED}$133,392.06`);
  });

  it("stays plain with NO_COLOR", () => {
    expect(onTerminal("", { NO_COLOR: "1" })).not.toMatch(/\u001b\[/);
  });

  it("stays plain with --no-color", () => {
    const out = onTerminal("--no-color");
    expect(out).toContain("-$7,072.06");
    expect(out).not.toMatch(/\u001b\[/);
  });
});
