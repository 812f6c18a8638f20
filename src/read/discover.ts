import type { Dirent } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { InputError, UsageError } from "../errors.js";
import type { Issue } from "../issues.js";
import { parsePhase, type Phase } from "../schema/row.js";
import { workbookSheets } from "../xlsx/book-sheets.js";

export const DIR_ROLES = ["new", "retained", "churned", "costs"] as const;
export type DirRole = (typeof DIR_ROLES)[number];

const EXTENSION = /\.(csv|tsv|txt|xlsx)(\.gz)?$/i;

/** A phase word standing as a word of its own: letters and digits around it would make it part of
 * another (`renewals`), while `_`, `-`, `.`, spaces and the like separate (`new_2023`, `2024 - New`). */
const WORDS = new Map(DIR_ROLES.map((role) => [role, new RegExp(`(?<![\\p{L}\\p{N}])${role}(?![\\p{L}\\p{N}])`, "u")]));

/** The roles a file name's words name: ["new"] for "Customer equity 2024 - New.csv", as Google
 * Sheets names a sheet's download; [] for "renewals.csv" or a file that is no export. */
export function rolesOf(name: string): DirRole[] {
  if (!EXTENSION.test(name)) return [];
  const stem = name.replace(EXTENSION, "").toLowerCase();
  return DIR_ROLES.filter((role) => WORDS.get(role)!.test(stem));
}

export interface Discovered {
  new?: string[];
  retained?: string[];
  churned?: string[];
  costs?: string;
  /** One notice naming the files not read, when there are any. */
  ignored?: Issue;
  /** Sheets of workbooks named after a role, each read as a file of that role (see workbookRoles). */
  sheets?: RoleSheet[];
}

/** Files that may be a table, named when not read (notes and scripts beside the exports are not);
 * workbooks among them, which a folder is not read for. */
const TABLE = /\.(csv|tsv|txt|xlsx|xlsm|xls|ods)(\.gz)?$/i;
/** Names listed in the notice; a folder of hundreds is summed up by a count of the rest. */
const LISTED = 10;
const unlisted = (name: string): boolean => name.startsWith(".") || !TABLE.test(name);

/**
 * Finds the new, retained, churned and costs files in a folder (names case-insensitive): every
 * file whose name holds a phase word as a word (`new_2023.csv`, `Customer equity 2024 - New.csv`),
 * in name order. Other tables are named in one notice, so that a file left out is seen to be.
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
  const ignored: string[] = [];
  const sheets: RoleSheet[] = [];
  for (const name of names.sort()) {
    const roles = rolesOf(name);
    // Read as one phase or the other, its rows would be counted wrong either way.
    if (roles.length > 1) throw new UsageError(`${join(dir, name)} names more than one phase (${roles.join(", ")}): ceq cannot tell which it holds`, `rename it, or give each file with --new, --retained, --churned or --costs`);
    if (roles.length === 1) (found[roles[0]!] ??= []).push(name);
    else if (/\.xlsx$/i.test(name)) {
      const inBook = await workbookRoles(join(dir, name), phaseOf);
      if (inBook.length > 0) sheets.push(...inBook);
      else ignored.push(name);
    } else if (!unlisted(name)) ignored.push(name);
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
  if (ignored.length > 0) {
    const rest = ignored.length - LISTED;
    const detail = `${ignored.slice(0, LISTED).join(", ")}${rest > 0 ? ` and ${rest.toLocaleString("en")} more` : ""}`;
    files.ignored = { severity: "notice", code: "ignored-files", file: dir, detail };
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
    const named = rolesOf(`${name.trim()}.csv`);
    const role = phase ? PHASE_ROLE[phase] : named.length === 1 ? named[0] : undefined;
    if (role) roles.push({ role, path, sheet: name });
  }
  return roles;
}
