/** `ceq init [dir]`: small example exports and a costs file to start from. */
import { access, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import type { Context } from "./context.js";
import { CliError, EXIT } from "../errors.js";
import { DIR_CONFIG } from "./config.js";
import { writeStream } from "../io/output.js";

/** Two years of a small, consistent base: every retained or churned customer was active before. */
export const EXAMPLE_FILES: Record<string, string> = {
  "new.csv": `customer_id,company,year,revenue,acquisition_cost
C001,Acme Corp,2023,1200.00,300.00
C002,Blue Harbor Ltd,2023,850.50,250.00
C003,Cobalt Labs,2023,2400.00,400.00
C004,Delta Freight,2024,1500.00,350.00
C005,"Evergreen, Foods",2024,990.99,300.00
`,
  "retained.csv": `customer_id,year,revenue,servicing_cost
R001,2023,3000.00,150.00
R002,2023,1800.00,120.00
C001,2024,1300.00,100.00
C003,2024,2500.00,140.00
R001,2024,3100.00,150.00
`,
  "churned.csv": `customer_id,year,revenue
R003,2023,900.00
C002,2024,850.50
R002,2024,1800.00
`,
  "costs.csv": `year,acquisition cost,servicing cost
2023,500.00,1200.00
2024,650.00,1300.00
`,
};

/**
 * `ceq init --config`: an example config for the exports above. JSON has no comments, so keys
 * that start with `$` are the comments (ceq skips them); the `$`-keys below show more options.
 */
export const EXAMPLE_CONFIG = `${JSON.stringify(
  {
    $comment: "Read with --config FILE, or as ceq.config.json in a --dir folder. Keys are the long options in camelCase; a flag on the command line overrides its key. Keys starting with $ are comments.",
    idColumn: "customer_id",
    revenueColumn: "revenue",
    currency: "USD",
    maxErrors: 20,
    $moreExamples: {
      phaseMap: "New Customer=new,Existing Customer=retained,Former Customer=churned",
      where: ["Stage=Closed Won", "Status!=void"],
      new: ["new_jan.csv", "new_feb.csv"],
      decimalComma: true,
      encoding: "cp1252",
      minorUnits: true,
      minorUnit: ["ISK=2", "MGA=0"],
      currencyColumn: "currency",
      skipRows: 3,
    },
  },
  null,
  2,
)}\n`;

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

export function registerInit(program: Command, ctx: Context): Command {
  return program
    .command("init")
    .description("write small example exports (new, retained, churned) and a costs file to start from")
    .argument("[dir]", "folder to write them to (created if missing)", ".")
    .option("--config", "write only an example ceq.config.json (a source system's options, kept once)")
    .addHelpText(
      "after",
      `
Existing files are never overwritten: init refuses and writes nothing.

Examples:
  $ ceq init exports
  $ ceq --dir exports
  $ ceq init --config exports      # exports/ceq.config.json, read by ceq --dir exports`,
    )
    .action(async (dir: string, flags: { config?: boolean }) => {
      ctx.exitCode = await init(dir, ctx, flags.config === true ? { [DIR_CONFIG]: EXAMPLE_CONFIG } : EXAMPLE_FILES);
    });
}

export async function init(dir: string, ctx: Context, files: Record<string, string> = EXAMPLE_FILES): Promise<number> {
  return writeFresh(dir, files, ctx, "init");
}

/** Refuses, exit 1, when any of the files is in the folder already. */
export async function refuseExisting(dir: string, names: readonly string[], command: string): Promise<void> {
  const taken = [];
  for (const name of names) if (await exists(join(dir, name))) taken.push(name);
  if (taken.length > 0) {
    throw new CliError(`${dir} already has ${taken.join(", ")}: ${command} writes nothing rather than overwrite`, EXIT.input);
  }
}

/**
 * Writes files into a folder (created if missing), never over an existing one: if any is there,
 * nothing is written. Then names them and the next step on standard output.
 */
export async function writeFresh(dir: string, files: Record<string, string>, ctx: Context, command: string, next = `ceq --dir ${dir}`): Promise<number> {
  const names = Object.keys(files);
  await refuseExisting(dir, names, command);
  try {
    await mkdir(dir, { recursive: true });
    for (const name of names) await writeFile(join(dir, name), files[name]!, { flag: "wx" });
  } catch (error) {
    throw new CliError(`cannot write the ${command === "init" ? "examples" : "files"} to ${dir}: ${(error as Error).message}`, EXIT.input);
  }
  await writeStream(ctx.stdout, `wrote ${names.join(", ")} to ${dir}\nnext: ${next}\n`);
  return EXIT.ok;
}
