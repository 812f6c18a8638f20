/**
 * Vitest's global setup: one folder for every test's files (helpers.folder() makes its folders
 * inside it), removed when the run ends, so that a run leaves nothing behind in the system's
 * temp folder, however many folders its tests made.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), "ceq-tests-"));
  // Test files run in forks started after this, which inherit the variable.
  process.env.CEQ_TEST_ROOT = root;
  return () => rmSync(root, { recursive: true, force: true });
}
