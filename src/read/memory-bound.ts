/** The machine's default bound on a log's customer tables (see model/memory.ts). */
import { totalmem } from "node:os";
import { defaultMaxMemory } from "../model/memory.js";

export function memoryBound(): number {
  return defaultMaxMemory(totalmem(), process.constrainedMemory?.());
}
