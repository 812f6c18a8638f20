import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { InputError, UsageError } from "../errors.js";

export const DIR_ROLES = ["new", "retained", "churned", "costs"] as const;
export type DirRole = (typeof DIR_ROLES)[number];

const EXTENSION = /\.(csv|tsv|txt)(\.gz)?$/i;

/** The role a file name plays in an exports folder: "New Customers.csv" is new. */
export function roleOf(name: string): DirRole | undefined {
  if (!EXTENSION.test(name)) return undefined;
  const stem = name.replace(EXTENSION, "").toLowerCase();
  return DIR_ROLES.find((role) => stem === role || new RegExp(`^${role}[\\s_.-]`).test(stem));
}

export interface Discovered {
  new?: string[];
  retained?: string[];
  churned?: string[];
  costs?: string;
}

/**
 * Finds the new, retained, churned and costs files in a folder (names case-insensitive): every
 * file whose name starts with a phase word (`new_2023.csv`, `new-2024.csv.gz`), in name order.
 */
export async function discover(dir: string): Promise<Discovered> {
  let names: string[];
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    // A symbolic link to an export is that export (links are how many teams point at the latest
    // one); a broken link is kept too, so that reading it says so rather than the phase being zero.
    const isFile = async (e: Dirent): Promise<boolean> =>
      e.isFile() || (e.isSymbolicLink() && (await stat(join(dir, e.name)).then((info) => info.isFile(), () => true)));
    const kept = await Promise.all(entries.map(async (e) => ((await isFile(e)) ? e.name : undefined)));
    names = kept.filter((name): name is string => name !== undefined);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such folder" : code === "ENOTDIR" ? "not a folder" : (error as Error).message;
    throw new InputError(`${dir}: cannot read the folder: ${why}`);
  }
  const found: Partial<Record<DirRole, string[]>> = {};
  for (const name of names.sort()) {
    const role = roleOf(name);
    if (role) (found[role] ??= []).push(name);
  }
  const files: Discovered = {};
  for (const role of ["new", "retained", "churned"] as const) {
    const list = found[role];
    if (list) files[role] = list.map((name) => join(dir, name));
  }
  const costs = found.costs;
  if (costs && costs.length > 1) throw new UsageError(`${dir} has more than one costs file (${costs.join(", ")}): name the one to read with --costs`);
  if (costs) files.costs = join(dir, costs[0]!);
  if (!files.new && !files.retained && !files.churned) {
    throw new UsageError(`${dir} has no new, retained or churned export (expected names such as new.csv, retained.csv, churned.csv)`);
  }
  return files;
}
