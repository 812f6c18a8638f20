import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parse as parseSync } from "csv-parse/sync";
import { readRecords, type CsvRecord } from "../../../src/csv/records.js";
import { sniffDelimiter } from "../../../src/csv/sniff.js";
import { splitQuotedLine, unquoteSimple } from "../../../src/csv/lines.js";
import { InputProblem, source } from "../../../src/io/source.js";
import { folder } from "../../support/helpers.js";

async function records(content: string | Buffer, name = "in.csv"): Promise<CsvRecord[]> {
  const dir = folder({ [name]: content });
  const out: CsvRecord[] = [];
  for await (const r of readRecords(source(join(dir, name)))) out.push(r);
  return out;
}

describe("delimiter detection", () => {
  it.each([
    ["a,b,c\n1,2,3\n", ","],
    ["a;b;c\n1,5;2,5;3\n", ";"],
    ["a\tb\n1\t2\n", "\t"],
    ["a|b|c\n1|2|3\n", "|"],
    ['"x;y",b,c\n"1;2",2,3\n', ","],
    ['year;revenue\n2024;"1,234.50"\n', ";"],
    ["single\n1\n", ","],
  ])("%j splits on %j", (sample, delimiter) => {
    expect(sniffDelimiter(sample)).toBe(delimiter);
  });
});

describe("quotes around whole fields", () => {
  const unquote = (text: string) => unquoteSimple(Buffer.from(text), ",".charCodeAt(0))?.toString();

  it("are taken out when nothing inside them needs them", () => {
    expect(unquote('"C1","2024","12.50"\n"C2",2024,"",x\r\n"last"')).toBe("C1,2024,12.50\nC2,2024,,x\r\nlast");
    expect(unquote('" C1 ","Müller"\n')).toBe(" C1 ,Müller\n");
  });

  it("leave the block to csv-parse when a quote is anything else", () => {
    for (const text of ['"1,234.56",x\n', '"say ""hi""",x\n', '"two\nlines",x\n', '"cr\rin",x\n', 'a"b,c\n', ' "a",b\n', '"a" ,b\n', '"a"b,c\n', '"a"\rb\n', '"open,x\n', '"']) {
      expect(unquote(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it("give the fields csv-parse gives", async () => {
    const text = '"id","year","revenue"\n"C1","2024","12.50"\n"",2024,""\n"C3","2025","x"\r\n';
    // csv-parse as the reader sets it up: lines end at CRLF or LF.
    const expected = parseSync(text, { relax_quotes: true, relax_column_count: true, record_delimiter: ["\r\n", "\n"] });
    expect(expected).toEqual([
      ["id", "year", "revenue"],
      ["C1", "2024", "12.50"],
      ["", "2024", ""],
      ["C3", "2025", "x"],
    ]);
    expect((await records(text)).map((r) => r.fields)).toEqual(expected);
  });
});

describe("lines with quoted fields that close on the line", () => {
  it("split as csv-parse splits them", () => {
    for (const line of ['C1,2024,"$1,234.56",x', '"say ""hi""",2', '"","",', 'a,"",b', '"x;y",z', '"a,b"', '""""']) {
      const [expected] = parseSync(line, { relax_quotes: true, relax_column_count: true });
      expect(splitQuotedLine(line, ","), line).toEqual(expected);
    }
  });

  it("are left to csv-parse when a quote stays open or stands anywhere else", () => {
    for (const line of ['"open,x', 'a,"b"c', 'a,b"c"', '"a" ,b', ' "a",b', '"a""', '"a"""b']) {
      expect(splitQuotedLine(line, ","), line).toBeUndefined();
    }
  });
});

describe("records with their lines", () => {
  it("numbers lines from 1, skipping blank lines and rows of empty cells", async () => {
    const r = await records("h1,h2\n\na,1\n,\n  ,  \nb,2\n\n\n");
    expect(r.map((x) => [x.line, x.fields[0]])).toEqual([
      [1, "h1"],
      [3, "a"],
      [6, "b"],
    ]);
  });

  it("counts lines by LF, as grep -n does: a CRLF inside a quoted field once, a lone CR not", async () => {
    const r = await records('h1,h2\r\n"a\r\nb",1\r\n"c\nd\re",2\r\nz,3\r\n');
    expect(r.map((x) => x.line)).toEqual([1, 2, 4, 6]);
    expect(r[1]!.fields[0]).toBe("a\r\nb");
    expect(r[2]!.fields[0]).toBe("c\nd\re");
  });

  it("ends each line at its own LF or CRLF when a file mixes them", async () => {
    // The header's CRLF must not make csv-parse take the LF-only lines for one record.
    const r = await records('h1,h2\r\na,1\n"b",2\r\nc,3\n');
    expect(r.map((x) => [x.line, x.fields])).toEqual([
      [1, ["h1", "h2"]],
      [2, ["a", "1"]],
      [3, ["b", "2"]],
      [4, ["c", "3"]],
    ]);
  });

  it("reads lines that end with a lone CR (old Mac exports), counting each CR as a line", async () => {
    const r = await records('h1,h2\r"a\rb",1\r\rz,3\r');
    expect(r.map((x) => [x.line, x.fields])).toEqual([
      [1, ["h1", "h2"]],
      [2, ["a\rb", "1"]],
      [5, ["z", "3"]],
    ]);
  });

  it("keeps quoted delimiters and doubled quotes", async () => {
    const r = await records('name,revenue\n"Smith, Jones & ""Co""","1,234.50"\n');
    expect(r[1]!.fields).toEqual(['Smith, Jones & "Co"', "1,234.50"]);
  });

  it("strips a UTF-8 BOM and reads UTF-16 LE and BE with BOM", async () => {
    const text = "year;revenue\n2024;12,50\n";
    const utf8 = await records(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(utf8[0]!.fields).toEqual(["year", "revenue"]);
    const le = await records(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    expect(le.map((x) => x.fields)).toEqual([["year", "revenue"], ["2024", "12,50"]]);
    const be = Buffer.from(text, "utf16le").swap16();
    const bes = await records(Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    expect(bes.map((x) => x.fields)).toEqual([["year", "revenue"], ["2024", "12,50"]]);
  });

  it("gunzips on the fly", async () => {
    const r = await records(gzipSync("a,b\n1,2\n"), "in.csv.gz");
    expect(r.map((x) => x.fields)).toEqual([["a", "b"], ["1", "2"]]);
  });

  it("reports the records before a syntax error, then the error at the line it opens on", async () => {
    const dir = folder({ "in.csv": 'a,b\n1,2\n3,"4\n5,6\n' });
    const seen: number[] = [];
    let problem: InputProblem | undefined;
    try {
      for await (const r of readRecords(source(join(dir, "in.csv")))) seen.push(r.line);
    } catch (error) {
      problem = error as InputProblem;
    }
    expect(seen).toEqual([1, 2]);
    expect(problem?.issue).toMatchObject({ code: "unclosed-quote", line: 3 });
  });

  it("streams a file larger than one chunk with lines intact", async () => {
    const dir = folder();
    const rows = Array.from({ length: 60_000 }, (_, i) => `C${i},"note ${i}",${i}.01`);
    writeFileSync(join(dir, "big.csv"), `id,note,revenue\n${rows.join("\n")}\n`);
    let count = 0;
    let last: CsvRecord | undefined;
    for await (const r of readRecords(source(join(dir, "big.csv")))) {
      count++;
      last = r;
    }
    expect(count).toBe(60_001);
    expect(last).toEqual({ fields: ["C59999", "note 59999", "59999.01"], line: 60_001 });
  });
});
