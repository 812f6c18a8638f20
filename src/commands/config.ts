/**
 * A config file holds a source system's mapping once: `--config FILE`, or `ceq.config.json` in a
 * `--dir` folder. Its keys are the long options in camelCase (`revenueColumn`, `phaseMap`,
 * `where`), checked with zod: an unknown key or a value of the wrong kind is a usage error naming
 * it. Each value goes through the option's own parser, as if typed, and a flag given on the command
 * line overrides it. Keys starting with `$` (`$comment`) are comments.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { CommanderError, type Command, type Option } from "commander";
import * as z from "zod/mini";
import { REPEATABLE_INPUTS } from "./inputs.js";
import { UsageError } from "../errors.js";
import { presetOptions, type SourceName } from "../schema/sources/index.js";

export const DIR_CONFIG = "ceq.config.json";

const value = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]);
/** Option keys take a value; `$` keys are comments and may hold anything. */
const file = z.record(z.string(), z.unknown()).check(
  z.superRefine((config, ctx) => {
    for (const [key, given] of Object.entries(config)) {
      if (!key.startsWith("$") && !value.safeParse(given).success) ctx.addIssue({ code: "custom", path: [key], message: "not a value" });
    }
  }),
);

/**
 * The config file a run reads: `--config`, else `ceq.config.json` in `--dir` when there is one
 * (`fromDir`), unless `--no-config`. A folder of exports someone sent may carry one, so reading it
 * is said every time and what it may set is limited (see DIR_REFUSED).
 */
function configPath(flags: { config?: string | false; dir?: string }): { path: string; fromDir: boolean } | undefined {
  if (flags.config === false) return undefined;
  if (flags.config !== undefined) return { path: flags.config, fromDir: false };
  if (flags.dir === undefined) return undefined;
  const inDir = join(flags.dir, DIR_CONFIG);
  return existsSync(inDir) ? { path: inDir, fromDir: true } : undefined;
}

/**
 * Keys a config found in a --dir folder may not hold: where results are written (a folder of
 * exports must never choose a path to write to), and which config or folder is read.
 */
const DIR_REFUSED = ["output", "outDir", "dir", "config"];

function readConfig(path: string): Record<string, z.infer<typeof value>> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read the config file ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not JSON: ${(error as Error).message}`);
  }
  const parsed = file.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => (i.path.length > 0 ? i.path.join(".") : "the file")).join(", ");
    throw new UsageError(`${path}: expected an object of option names and values (text, a number, true or false, or a list): see ${where}`);
  }
  // The parsed JSON itself, not zod's copy: that copy leaves out a "__proto__" key, which must be
  // refused as unknown like any other.
  return json as Record<string, z.infer<typeof value>>;
}

/** One value of the file through the option's parser, as commander would parse it from argv. */
function parsed(option: Option, key: string, given: z.infer<typeof value>, path: string): unknown {
  const fail = (why: string): never => {
    throw new UsageError(`${path}: ${key}: ${why}`);
  };
  if (option.isBoolean() || option.negate) {
    // `"color": false` is --no-color, as the option's attribute is named
    if (typeof given !== "boolean") fail("expected true or false");
    return given;
  }
  const parse = option.parseArg as ((text: string, previous: unknown) => unknown) | undefined;
  const one = (text: string, previous: unknown): unknown => {
    try {
      return parse ? parse(text, previous) : text;
    } catch (error) {
      return fail(error instanceof CommanderError || error instanceof Error ? error.message : String(error));
    }
  };
  if (Array.isArray(given)) {
    if (!REPEATABLE_INPUTS.includes(option.long ?? "")) fail("expected one value, not a list");
    return given.reduce<unknown>((previous, item) => one(String(item), previous), undefined);
  }
  return one(String(given), undefined);
}

/**
 * Fills in the options the command line did not give from the run's config file, if any. Unknown
 * keys are a usage error listing them and the keys there are.
 */
export function applyConfig<T extends { config?: string | false; dir?: string; source?: SourceName }>(command: Command, flags: T, ctx: { stderr: NodeJS.WritableStream }): T {
  const found = configPath(flags);
  if (found === undefined) return declaredUnitsRead(command, applySource(command, flags, {}));
  const { path, fromDir } = found;
  if (fromDir) ctx.stderr.write(`using ${path}\n`);
  const config = readConfig(path);
  const options = new Map(command.options.map((o) => [o.attributeName(), o]));
  // Own keys of the parsed JSON, "__proto__" included: an unknown key is never passed over.
  const unknown = Object.keys(config).filter((key) => !key.startsWith("$") && (!options.has(key) || key === "config"));
  const refused = fromDir ? Object.keys(config).filter((key) => DIR_REFUSED.includes(key)) : [];
  if (refused.length > 0) {
    throw new UsageError(`${path}: ${refused.map((k) => JSON.stringify(k)).join(", ")} cannot be set by a ${DIR_CONFIG} found in --dir: a folder of exports never chooses where results are written; give it on the command line (or --no-config to skip the file)`);
  }
  if (unknown.length > 0) {
    throw new UsageError(`${path}: unknown key${unknown.length === 1 ? "" : "s"} ${unknown.map((k) => JSON.stringify(k)).join(", ")}; keys are the long options in camelCase, such as revenueColumn, phaseMap or where`);
  }
  const out: Record<string, unknown> = { ...flags };
  for (const [key, given] of Object.entries(config)) {
    if (key.startsWith("$") || command.getOptionValueSource(key) === "cli") continue;
    out[key] = parsed(options.get(key)!, key, given, path);
  }
  return declaredUnitsRead(command, applySource(command, out as T, config));
}

/**
 * `--minor-unit` on the command line declares the unit of amounts given in whole minor units:
 * without `--minor-units` (from the command line, the config file or a preset) nothing reads it,
 * and a flag the user gave is refused rather than passed over. A preset's or a config file's
 * declarations wait for a run with --minor-units (Stripe's preset declares ISK for every run).
 */
function declaredUnitsRead<T>(command: Command, flags: T): T {
  if (command.getOptionValueSource("minorUnit") === "cli" && !(flags as { minorUnits?: boolean }).minorUnits) {
    throw new UsageError("--minor-unit declares the decimals of amounts given in whole minor units, and this run reads its amounts in the major unit (no --minor-units)", "give --minor-units too if the amounts are whole numbers of cents (4900 for 49.00), or leave --minor-unit out");
  }
  return flags;
}

/**
 * Fills in what `--source NAME` (or a config file's `"source"`) presets, below both the command
 * line and the config file: a key either of them gives is theirs. A preset key the command has no
 * option for (a log's refund column in a command without one) is an error, not a silent skip.
 */
function applySource<T extends { source?: SourceName }>(command: Command, flags: T, config: Record<string, unknown>): T {
  if (flags.source === undefined) return flags;
  const options = new Map(command.options.map((o) => [o.attributeName(), o]));
  const out: Record<string, unknown> = { ...flags };
  const where = `--source ${flags.source}`;
  for (const [key, given] of presetOptions(flags.source)) {
    const option = options.get(key);
    if (option === undefined) throw new UsageError(`${where}: ceq ${command.name()} has no option ${JSON.stringify(key)} that this preset sets`);
    if (command.getOptionValueSource(key) === "cli" || key in config) continue;
    out[key] = parsed(option, key, given as z.infer<typeof value>, where);
  }
  return out as T;
}
