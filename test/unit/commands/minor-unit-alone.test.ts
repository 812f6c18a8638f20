/**
 * `--minor-unit` on the command line without `--minor-units`: nothing would read the declaration,
 * so the run is refused (exit 2) rather than reading 250000 ISK as 250,000 krónur with the flag
 * passed over. A config file's or a preset's declaration (Stripe's ISK=2) does not need
 * --minor-units: it waits for a run with one.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli } from "../../support/capture.js";
import { folder } from "../../support/helpers.js";

const NEW = "customer_id,year,revenue,currency\nA,2024,250000,ISK\nB,2024,4900,USD\n";
const FX = "currency,year,rate\nISK,2024,0.0072\n";

describe("--minor-unit without --minor-units", () => {
  it("on the command line: exit 2, nothing on stdout, the message and its hint", async () => {
    const dir = folder({ "new.csv": NEW, "fx.csv": FX });
    const run = await cli(["--new", join(dir, "new.csv"), "--minor-unit", "ISK=2", "--fx-rates", join(dir, "fx.csv"), "-f", "csv"]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("error: --minor-unit declares the decimals of amounts given in whole minor units, and this run reads its amounts in the major unit (no --minor-units)\n");
    expect(run.stderr).toContain("hint: give --minor-units too if the amounts are whole numbers of cents (4900 for 49.00), or leave --minor-unit out\n");
  });

  it("with --minor-units it is read: 250000 ISK in hundredths is 2,500.00 krónur, × 0.0072 = 18.00, with $49.00 67.00", async () => {
    const dir = folder({ "new.csv": NEW, "fx.csv": FX });
    const run = await cli(["--new", join(dir, "new.csv"), "--minor-units", "--minor-unit", "ISK=2", "--fx-rates", join(dir, "fx.csv"), "-f", "csv"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("67.00");
  });

  it("from a config file: no refusal without --minor-units (the amounts are then in the major unit: 250000 × 0.0072 = 1,800.00, with 4,900 USD 6,700.00)", async () => {
    const dir = folder({ "new.csv": NEW, "fx.csv": FX, "ceq.json": JSON.stringify({ minorUnit: "ISK=2" }) });
    const run = await cli(["--new", join(dir, "new.csv"), "--config", join(dir, "ceq.json"), "--fx-rates", join(dir, "fx.csv"), "-f", "csv"]);
    expect(run.stderr).not.toContain("--minor-unit declares");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("6700.00");
  });
});
