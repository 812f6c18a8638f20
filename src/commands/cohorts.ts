/** `ceq cohorts`: the acquisition cohort × period table of a customer base followed by id. */
import type { Command } from "commander";
import { applyConfig } from "./config.js";
import type { Context } from "./context.js";
import { currencyDecimals } from "../currency.js";
import { EXIT } from "../errors.js";
import { cohortRenderers } from "../render/cohorts.js";
import { renderCohortsHtml } from "../render/heatmap.js";
import { FORMATS } from "../render/index.js";
import { loadBase } from "./base.js";
import { addInputOptions, allInputPaths, readOptions, type InputFlags } from "./inputs.js";
import { addOutputOptions, emit, outputTarget, type OutputFlags } from "./output-target.js";

type CohortFlags = InputFlags & OutputFlags & { warehouse?: string };

export function registerCohorts(program: Command, ctx: Context): Command {
  const command = program.command("cohorts").description("the acquisition cohort × period table: customers still active, their revenue, retention against the cohort's size");
  addOutputOptions(addInputOptions(command), [...FORMATS, "html"])
    .option("--warehouse <url>", "read the --transactions table, or the --new/--retained/--churned tables with their customer id column, where they live (as ceq --warehouse: duckdb:FILE, postgres://…, clickhouse://…)")
    .addHelpText(
      "after",
      `
A customer's cohort is the period they were first active in (from a log: their first purchase;
from phase exports: their new row). Each later period counts the cohort's customers active in it
and their revenue there. Needs customer ids: a transaction log, or phase exports with an id column.
The CSV is long (cohort,period,customers,revenue), the shape ceq value --cohorts reads back.

Examples:
  $ ceq cohorts --transactions invoices.csv --period quarter
  $ ceq cohorts --transactions CDNOW_master.txt --delimiter whitespace --date-format YYYYMMDD --revenue-column dollar_value --period quarter
  $ ceq cohorts --transactions invoices.csv --period quarter -o cohorts.html
  $ ceq cohorts --dir exports/ --format csv -o cohorts.csv && ceq value --cohorts cohorts.csv --model sbg --discount-rate 0.1 --margin 120`,
    )
    .action(async (flags: CohortFlags, command: Command) => {
      ctx.exitCode = await cohorts(applyConfig(command, flags, ctx), ctx);
    });
  return command;
}

export async function cohorts(flags: CohortFlags, ctx: Context): Promise<number> {
  const options = await readOptions(flags, ctx);
  const target = outputTarget(flags, ctx, allInputPaths(flags, options), [...FORMATS, "html"] as const);
  const { cohorts: table, periods, log } = await loadBase(flags, options, ctx, { cohorts: true, command: "ceq cohorts", warehouse: flags.warehouse });
  const decimals = flags.decimals ?? currencyDecimals(flags.currency);
  const renderers = { ...cohortRenderers, html: renderCohortsHtml };
  const text = renderers[target.format]({ table: table!, periods }, { currency: flags.currency, decimals, color: target.color, width: target.width, warnings: log.warnings });
  await emit(target, text, ctx);
  return EXIT.ok;
}
