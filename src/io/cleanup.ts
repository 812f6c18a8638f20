/**
 * What must not be left behind when the process ends early (the copy of standard input): run on
 * 'exit', and by the CLI's signal handlers, which then re-raise the signal. They do not call
 * process.exit(): that waits for the thread pool, where a read of a FIFO whose writer is idle
 * blocks, so Ctrl-C would hang until the writer wrote again.
 */
const cleanups = new Set<() => void>();

/** Registers a cleanup; returns its removal. */
export function onCleanup(cleanup: () => void): () => void {
  if (cleanups.size === 0) process.once("exit", runCleanups);
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) process.off("exit", runCleanups);
  };
}

export function runCleanups(): void {
  for (const cleanup of [...cleanups]) cleanup();
  cleanups.clear();
}
