/**
 * Every shell example of README.md and docs/*.md runs as written, and prints what the doc shows.
 *
 * The convention (docs/development.md, "The docs' examples are tested"):
 * - a ```sh block is an example: its lines are run as one bash script (`set -eo pipefail`), with
 *   `ceq` the built bin/ceq.js, in a fresh folder that holds `fixtures/` (the repo's), with
 *   NO_COLOR=1, COLUMNS=80 and TZ=UTC (on a docs page, its plain `ceq …` lines run in-process and
 *   the rest through bash, line by line: see steps());
 * - when a ```text block follows it (blank lines between at most), standard output and standard
 *   error together, as a terminal shows them, must be that text; a line that is only `…` stands
 *   for any number of lines. Without one, the script must exit 0;
 * - an example on the public logs of ../shared/data (named bare: `CDNOW_master.txt`) carries
 *   `<!-- needs ../shared/data -->` on the line before its block: it runs with that folder's
 *   files linked into its own, with CEQ_DEEP=1 only, and is skipped, saying so, where the folder
 *   is absent;
 * - an example that needs what is not shipped (a warehouse, the user's own exports/) carries
 *   `<!-- not run: the reason -->` on the line before its block: it is counted and listed here;
 * - a block that looks like an example in another form (```console, an unlabelled block or an
 *   indented one whose lines start with `ceq ` or `$ `) fails: write it as ```sh (and ```text).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cli, cliMerged } from "../support/capture.js";
import { BIN, folder, ROOT } from "../support/helpers.js";

interface Block {
  file: string;
  line: number;
  lang: string;
  body: string;
  /** The last non-blank line before the opening fence. */
  before: string;
  /** The line after the closing fence. */
  end: number;
}

interface Example {
  where: string;
  script: string;
  expected?: string;
  notRun?: string;
  /** Runs with the files of ../shared/data beside it. */
  data: boolean;
}

const DOCS = ["README.md", ...readdirSync(join(ROOT, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)];

/** The fenced blocks of a Markdown file, and the indented ones that hold a command. */
function blocks(file: string): { fenced: Block[]; misfits: string[] } {
  const lines = readFileSync(join(ROOT, file), "utf8").split("\n");
  const fenced: Block[] = [];
  const misfits: string[] = [];
  let last = "";
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i]!);
    if (open) {
      const fence = open[2]!;
      const body: string[] = [];
      let j = i + 1;
      while (j < lines.length && !lines[j]!.trimStart().startsWith(fence)) body.push(lines[j++]!.slice(open[1]!.length));
      fenced.push({ file, line: i + 1, lang: open[3]!.toLowerCase(), body: body.join("\n"), before: last, end: j + 1 });
      i = j;
      last = lines[j] ?? "";
      continue;
    }
    if (/^ {4}(\$ )?ceq /.test(lines[i]!) && /^(\s*| {4}.*)$/.test(lines[i - 1] ?? "")) misfits.push(`${file}:${i + 1}: an indented command: write it as a \`\`\`sh block`);
    if (lines[i]!.trim() !== "") last = lines[i]!;
  }
  return { fenced, misfits };
}

/** The examples of all docs, and the blocks that break the convention. */
function collect(): { examples: Example[]; misfits: string[] } {
  const examples: Example[] = [];
  const misfits: string[] = [];
  for (const file of DOCS) {
    const found = blocks(file);
    misfits.push(...found.misfits);
    found.fenced.forEach((b, k) => {
      const where = `${b.file}:${b.line}`;
      const first = b.body.trimStart().split("\n")[0] ?? "";
      if (b.lang === "console" || (b.lang === "" && /^(\$ |ceq )/.test(first))) {
        misfits.push(`${where}: a command in a \`\`\`${b.lang} block: write it as \`\`\`sh, its output in a \`\`\`text block after it`);
        return;
      }
      if (!["sh", "shell", "bash"].includes(b.lang)) return;
      if (/^\$ /m.test(b.body)) misfits.push(`${where}: a \`$ \` prompt in a \`\`\`sh block: write the command alone`);
      const notRun = /^<!--\s*not run:\s*(.*?)\s*-->$/.exec(b.before.trim())?.[1];
      const next = found.fenced[k + 1];
      const text = readFileSync(join(ROOT, file), "utf8").split("\n");
      const between = next ? text.slice(b.end, next.line - 1) : [];
      const expected = next && next.lang === "text" && between.every((l) => l.trim() === "") ? next.body : undefined;
      const data = /^<!--\s*needs \.\.\/shared\/data\s*-->$/.test(b.before.trim());
      examples.push({ where, script: b.body, expected, notRun, data });
    });
  }
  return { examples, misfits };
}

/** Whether the lines match the expected ones, where a line `…` stands for any number of lines. */
function matches(actual: string[], expected: string[]): boolean {
  // can[i][j]: actual[i..] matches expected[j..]
  const can: boolean[][] = Array.from({ length: actual.length + 1 }, () => new Array<boolean>(expected.length + 1).fill(false));
  can[actual.length]![expected.length] = true;
  for (let i = actual.length; i >= 0; i--) {
    for (let j = expected.length - 1; j >= 0; j--) {
      can[i]![j] = expected[j] === "…" ? can[i]![j + 1]! || (i < actual.length && can[i + 1]![j]!) : i < actual.length && actual[i] === expected[j] && can[i + 1]![j + 1]!;
    }
  }
  return can[0]![0]!;
}

/** A fresh folder for an example: `fixtures/` (the repo's), ../shared/data's files with `data`, and `ceq` on a PATH of its own. */
function exampleFolder(data: boolean): string {
  const dir = folder();
  symlinkSync(join(ROOT, "fixtures"), join(dir, "fixtures"));
  // The public data is read where it is, never copied.
  if (data) for (const name of readdirSync(SHARED)) symlinkSync(join(SHARED, name), join(dir, name));
  mkdirSync(join(dir, ".bin"));
  symlinkSync(BIN, join(dir, ".bin", "ceq"));
  return dir;
}

/** The script run by bash in the folder, its output as one stream. */
function run(script: string, dir: string): Promise<{ code: number | null; output: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(dir, ".bin")}:${process.env.PATH}`, NO_COLOR: "1", COLUMNS: "80", TZ: "UTC" };
  delete env.FORCE_COLOR;
  return new Promise((done, fail) => {
    // One pipe for both streams (exec 2>&1), so that they interleave as on a terminal, in the order
    // written: two pipes read by two listeners arrive in whichever order the events come, which on a
    // busy machine put a warning after the table it came before (seen in CI).
    const child = spawn("bash", ["-c", `set -eo pipefail\nexec 2>&1\n${script}\n`, "example"], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => chunks.push(b));
    child.stderr.on("data", (b: Buffer) => chunks.push(b));
    child.on("error", fail);
    child.on("close", (code) => done({ code, output: Buffer.concat(chunks).toString("utf8") }));
  });
}

const SHARED = join(ROOT, "..", "shared", "data");
const { examples, misfits } = collect();
const runnable = examples.filter((e) => e.notRun === undefined && !e.data);
const onData = examples.filter((e) => e.notRun === undefined && e.data);

describe("the docs' shell examples", () => {
  it("follow the convention: ```sh for commands, ```text for what they print", () => {
    expect(misfits).toEqual([]);
  });

  it("are found, and those not run say why", () => {
    // README.md has one example for each way in; a parser that found none would test nothing.
    expect(runnable.filter((e) => e.where.startsWith("README.md:")).length).toBeGreaterThanOrEqual(3);
    const skipped = examples.filter((e) => e.notRun !== undefined);
    for (const e of skipped) expect(e.notRun, e.where).not.toBe("");
    console.log(`docs examples: ${runnable.length} run, ${onData.length} on ../shared/data, ${skipped.length} not run:\n${skipped.map((e) => `  ${e.where}: ${e.notRun}`).join("\n")}`);
  });

  it.concurrent.each(runnable.map((e) => [e.where, e] as const))("%s runs as written", check);
  // The public logs take 12 s of CPU: with CEQ_DEEP=1 (as .ci/run sets it) only, and where they are.
  it.skipIf(!existsSync(SHARED) || process.env.CEQ_DEEP !== "1").concurrent.each(onData.map((e) => [e.where, e] as const))(
    "%s runs as written on ../shared/data (with CEQ_DEEP=1; skipped when absent)",
    check,
  );
});

/** One line of an example: a plain `ceq …` run in-process (`to`: the file its standard output is
 * redirected to), or a line for bash. */
type Step = { ceq: string[]; to?: string } | { sh: string };

/**
 * The words of a plain `ceq …` line (no pipe, redirection but one `> file` at its end, variable,
 * glob or escape; quotes only around whole words; a trailing `# comment` dropped), or undefined.
 */
function plainCeq(line: string): { args: string[]; to?: string } | undefined {
  let text = line.replace(/\s+#[^'"]*$/, "").trim();
  if (!text.startsWith("ceq ")) return undefined;
  const redirect = /\s>\s*([\w./-]+)$/.exec(text);
  if (redirect) text = text.slice(0, redirect.index);
  if (/[|&;<>$`\\*?(){}\[\]~#!]/.test(text)) return undefined;
  const words: string[] = [];
  for (const m of text.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) {
    const word = m[1] ?? m[2] ?? m[3]!;
    if (m[3] !== undefined && /['"]/.test(word)) return undefined;
    words.push(word);
  }
  return redirect ? { args: words.slice(1), to: redirect[1]! } : { args: words.slice(1) };
}

/**
 * A docs page's example as steps, or undefined to run it whole through bash and the binary: the
 * README's examples (the binary as a reader first meets it), and a script whose lines share shell
 * state (a variable, `cd`, `export`, a loop, a here-document or a continued line). Each plain `ceq
 * …` line runs ceq's main() in-process, with the environment bash would give the binary: what it
 * tests is the command's output, and a spawn costs 0.4-0.6 s of CPU (issue 28); the other lines
 * (`printf … >> file`, `mkdir`, a pipe) run through bash, one after the other in the same folder.
 */
function steps(where: string, script: string): Step[] | undefined {
  if (where.startsWith("README.md:")) return undefined;
  const lines = script.split("\n").filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
  if (lines.some((l) => /\\$|<<|^\s*(cd|export|for|while|if|function)\b|^\s*\w+=|\$\w|\$\{/.test(l))) return undefined;
  const found = lines.map((l): Step => {
    const plain = plainCeq(l);
    return plain ? { ceq: plain.args, ...(plain.to !== undefined ? { to: plain.to } : {}) } : { sh: l };
  });
  return found.some((step) => "ceq" in step) ? found : undefined;
}

/** Runs an example's steps in the folder, as bash would run its lines (set -e: the first that fails ends it). */
async function runSteps(list: Step[], dir: string): Promise<{ code: number | null; output: string }> {
  let output = "";
  for (const step of list) {
    if ("sh" in step) {
      const done = await run(step.sh, dir);
      output += done.output;
      if (done.code !== 0) return { code: done.code, output };
      continue;
    }
    const env = { NO_COLOR: "1", COLUMNS: "80", TZ: "UTC" };
    if (step.to === undefined) {
      const done = await cliMerged(step.ceq, { cwd: dir, env });
      output += done.stdout;
      if (done.code !== 0) return { code: done.code, output };
    } else {
      const done = await cli(step.ceq, { cwd: dir, env });
      if (step.to !== "/dev/null") writeFileSync(join(dir, step.to), done.stdout);
      output += done.stderr;
      if (done.code !== 0) return { code: done.code, output };
    }
  }
  return { code: 0, output };
}

/** Runs an example; its output must be the text block's, or its exit status 0 where it has none. */
async function check(where: string, e: Example): Promise<void> {
  const dir = exampleFolder(e.data);
  const list = steps(where, e.script);
  const { code, output } = list === undefined ? await run(e.script, dir) : await runSteps(list, dir);
  if (e.expected === undefined) {
    expect(code, output).toBe(0);
    return;
  }
  const actual = output.replace(/\n$/, "").split("\n");
  if (!matches(actual, e.expected.split("\n"))) expect(output.replace(/\n$/, "")).toBe(e.expected);
}

describe("the … of an expected output", () => {
  it("a docs page's plain `ceq …` lines run in-process, its other lines through bash; shared shell state and the README go to bash whole", () => {
    expect(plainCeq("ceq --dir fixtures/demo -f csv")).toEqual({ args: ["--dir", "fixtures/demo", "-f", "csv"] });
    expect(plainCeq(`ceq --by "sales region" --where 'status = paid'`)).toEqual({ args: ["--by", "sales region", "--where", "status = paid"] });
    expect(plainCeq("ceq sql --transactions tx --sharded   # a Distributed table")).toEqual({ args: ["sql", "--transactions", "tx", "--sharded"] });
    expect(plainCeq("ceq init exports > /dev/null")).toEqual({ args: ["init", "exports"], to: "/dev/null" });
    expect(plainCeq("ceq sql --dbt > models/customer_equity.sql")).toEqual({ args: ["sql", "--dbt"], to: "models/customer_equity.sql" });
    for (const script of ["ceq --dir d | head -3", "ceq --dir d 2> err.txt", "ceq --dir $D", "cat x | ceq", "ceq --x it's", "ceq --dir d*", "ceq --dir d > a > b"]) {
      expect(plainCeq(script), script).toBeUndefined();
    }
    expect(steps("docs/x.md:1", "ceq init exports\nprintf 'x\\n' >> exports/new.csv\nceq validate --dir exports/")).toEqual([{ ceq: ["init", "exports"] }, { sh: "printf 'x\\n' >> exports/new.csv" }, { ceq: ["validate", "--dir", "exports/"] }]);
    for (const script of ["D=fixtures/demo\nceq --dir $D", "cd fixtures\nceq --dir demo", "ceq --dir \\\n  fixtures/demo", "cat <<EOF > a.csv\nx\nEOF\nceq --new a.csv", "ls fixtures"]) {
      expect(steps("docs/x.md:1", script), script).toBeUndefined();
    }
    expect(steps("README.md:9", "ceq --dir fixtures/demo")).toBeUndefined();
  });

  it("stands for any number of lines, none included", () => {
    expect(matches(["a", "b", "c"], ["a", "…", "c"])).toBe(true);
    expect(matches(["a", "c"], ["a", "…", "c"])).toBe(true);
    expect(matches(["a", "b", "c", "d"], ["a", "…"])).toBe(true);
    expect(matches(["a", "b"], ["a", "…", "c"])).toBe(false);
    expect(matches(["a", "b", "c"], ["a", "c"])).toBe(false);
    expect(matches(["x", "b"], ["a", "…"])).toBe(false);
  });
});

/** GitHub's anchor for a heading: lower case, punctuation but `-` and `_` dropped, spaces as `-`. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** The anchors of a Markdown file's headings, outside code blocks. */
function anchors(file: string): Set<string> {
  const found = new Set<string>();
  let fence = false;
  for (const line of readFileSync(join(ROOT, file), "utf8").split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    const heading = /^#{1,6} (.*)$/.exec(line);
    if (!fence && heading) found.add(slug(heading[1]!));
  }
  return found;
}

describe("the docs' links", () => {
  it("name files that exist, and headings that exist in them", () => {
    const broken: string[] = [];
    for (const file of DOCS) {
      const text = readFileSync(join(ROOT, file), "utf8").replace(/```[\s\S]*?```/g, "");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target!)) continue;
        const [path, anchor] = target!.split("#") as [string, string | undefined];
        const resolved = path === "" ? file : join(file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "", path);
        const ok = existsSync(join(ROOT, resolved)) && (anchor === undefined || !resolved.endsWith(".md") || anchors(resolved).has(anchor));
        if (!ok) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
