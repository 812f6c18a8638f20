import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { InputError, UsageError } from "../errors.js";
import { parsePhase, type Phase } from "../schema/row.js";
import { workbookSheets } from "../xlsx/book-sheets.js";

export const DIR_ROLES = ["new", "retained", "churned", "costs"] as const;
export type DirRole = (typeof DIR_ROLES)[number];

const EXTENSION = /\.(csv|tsv|txt|xlsx)(\.gz)?$/i;

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
  /** Sheets of workbooks named after a role, each read as a file of that role (see workbookRoles). */
  sheets?: RoleSheet[];
}

/**
 * Finds the new, retained, churned and costs files in a folder (names case-insensitive): every
 * file whose name starts with a phase word (`new_2023.csv`, `new-2024.csv.gz`), in name order.
 */
export async function discover(dir: string, phaseOf: (word: string) => Phase | null = parsePhase): Promise<Discovered> {
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
  const sheets: RoleSheet[] = [];
  for (const name of names.sort()) {
    const role = roleOf(name);
    if (role) (found[role] ??= []).push(name);
    else if (/\.xlsx$/i.test(name)) sheets.push(...(await workbookRoles(join(dir, name), phaseOf)));
  }
  const files: Discovered = {};
  for (const role of ["new", "retained", "churned"] as const) {
    const list = found[role];
    if (list) files[role] = list.map((name) => join(dir, name));
  }
  const costs = [...(found.costs ?? []), ...sheets.filter((s) => s.role === "costs").map((s) => `${basename(s.path)} [${s.sheet}]`)];
  if (costs.length > 1) throw new UsageError(`${dir} has more than one costs file (${costs.join(", ")}): name the one to read with --costs`);
  if (found.costs) files.costs = join(dir, found.costs[0]!);
  if (sheets.length > 0) files.sheets = sheets;
  if (!files.new && !files.retained && !files.churned && !sheets.some((s) => s.role !== "costs")) {
    throw new UsageError(`${dir} has no new, retained or churned export (expected names such as new.csv, retained.csv, churned.csv)`);
  }
  return files;
}

/** A workbook's sheet that plays a role in an exports folder. */
export interface RoleSheet {
  readonly role: DirRole;
  readonly path: string;
  readonly sheet: string;
}

const PHASE_ROLE: Record<Phase, DirRole> = { acquisition: "new", retention: "retained", churn: "churned" };

/**
 * The sheets of a workbook that are named after a role, as files are ("New", "Retained
 * customers", "Costs"), or after a phase in the words of a phase column (`Acquisition`,
 * `Existing`, and --phase-map's vendor words): one workbook with a sheet per phase is a folder's
 * three exports. Hidden sheets are not read, as a user who hid one does not see it.
 */
export async function workbookRoles(path: string, phaseOf: (word: string) => Phase | null): Promise<RoleSheet[]> {
  const sheets = (await workbookSheets(path)) ?? [];
  const roles: RoleSheet[] = [];
  for (const { name, state } of sheets) {
    if (state !== undefined && state !== "visible") continue;
    const phase = phaseOf(name);
    const role = phase ? PHASE_ROLE[phase] : roleOf(`${name.trim()}.csv`);
    if (role) roles.push({ role, path, sheet: name });
  }
  return roles;
}
