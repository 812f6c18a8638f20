/** --dir: which file of a folder is which phase, by a phase word standing as a word of its name. */
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { discover, rolesOf } from "../../../src/read/discover.js";
import { folder } from "../../support/helpers.js";

describe("rolesOf", () => {
  it.each([
    ["new.csv", ["new"]],
    ["New Customers.csv", ["new"]],
    ["new_2023.csv", ["new"]],
    ["new-2024.csv.gz", ["new"]],
    // Google Sheets names a sheet's download "<spreadsheet> - <sheet>.csv"
    ["Customer equity 2024 - New.csv", ["new"]],
    ["Customer equity 2024 - Retained.tsv", ["retained"]],
    ["2024.churned.txt", ["churned"]],
    ["FY24 COSTS.csv", ["costs"]],
    ["export (new).csv", ["new"]],
    ["renewals.csv", []],
    ["newsletter.csv", []],
    ["unretained.csv", []],
    ["new2023.csv", []],
    ["new.xlsx", ["new"]],
    ["new.json", []],
    ["new vs churned.csv", ["new", "churned"]],
  ])("%s → %j", (name, roles) => {
    expect(rolesOf(name)).toEqual(roles);
  });
});

describe("discover", () => {
  it("reads every file a phase word names, in name order, and names the other tables in one notice", async () => {
    const dir = folder({
      "Customer equity 2024 - New.csv": "",
      "new_2023.csv": "",
      "Customer equity 2024 - Retained.csv": "",
      "renewals.csv": "",
      "Sheet1.csv": "",
      "summary.xlsx": "",
      "notes.md": "",
      ".DS_Store": "",
      "ceq.config.json": "{}",
    });
    const found = await discover(dir);
    expect(found.new).toEqual([join(dir, "Customer equity 2024 - New.csv"), join(dir, "new_2023.csv")]);
    expect(found.retained).toEqual([join(dir, "Customer equity 2024 - Retained.csv")]);
    expect(found.churned).toBeUndefined();
    expect(found.ignored).toEqual({ severity: "notice", code: "ignored-files", file: dir, detail: "Sheet1.csv, renewals.csv, summary.xlsx" });
  });

  it("no notice when every table is read; a long list is cut with a count", async () => {
    expect((await discover(folder({ "new.csv": "", "README.md": "" }))).ignored).toBeUndefined();
    const many = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`sheet${String(i).padStart(2, "0")}.csv`, ""]));
    const found = await discover(folder({ "new.csv": "", ...many }));
    expect(found.ignored?.detail).toBe("sheet00.csv, sheet01.csv, sheet02.csv, sheet03.csv, sheet04.csv, sheet05.csv, sheet06.csv, sheet07.csv, sheet08.csv, sheet09.csv and 3 more");
  });

  it("a name with two phase words is refused rather than read as either", async () => {
    const dir = folder({ "new.csv": "", "new vs churned.csv": "" });
    await expect(discover(dir)).rejects.toThrow(`${join(dir, "new vs churned.csv")} names more than one phase (new, churned): ceq cannot tell which it holds`);
  });

  it("a symbolic link to an export is that export", async () => {
    const dir = folder({ "export-2024.csv": "" });
    symlinkSync(join(dir, "export-2024.csv"), join(dir, "latest - new.csv"));
    const found = await discover(dir);
    expect(found.new).toEqual([join(dir, "latest - new.csv")]);
    expect(found.ignored?.detail).toBe("export-2024.csv");
  });
});
