/**
 * Where a workbook leaves the CSV path: an input whose first bytes are a ZIP archive is read as
 * a workbook, and a compound file (.xls, an encrypted .xlsx) is refused saying what it is, so
 * that no spreadsheet ever reaches the text decoder (whose "invalid UTF-8" and --encoding hint
 * would name the wrong problem and the wrong fix).
 */
import type { Batch, RecordOptions } from "../csv/records.js";
import { atFileStart, describeFsError, InputProblem, peek, readBytes, replay, unreadable, type Source } from "../io/source.js";
import { compoundFileProblem, HEAD_BYTES, isCompoundFile, isZip, unreadableZip } from "./detect.js";
import { forgetSheet } from "./places.js";
import { workbookRecords } from "./read.js";

type Read = { batches: AsyncGenerator<Batch>; src?: undefined } | { batches?: undefined; src: Source & { replay?: AsyncIterable<Buffer> } };

/** The input's batches when it is a workbook; otherwise the source to read as CSV, with the bytes already looked at. */
export async function spreadsheetBatches(src: Source, options: Pick<RecordOptions, "onWarning" | "decimalMark">): Promise<Read> {
  if (!atFileStart(src)) return { src }; // a range of a big CSV file, split after its header
  // What an earlier run in this process noted under the name (a workbook's sheet) is not this
  // file's: a workbook notes its sheet again once it is chosen, a CSV file has none.
  forgetSheet(src.name);
  let head: Buffer;
  let rest: AsyncIterator<Buffer>;
  try {
    ({ head, rest } = await peek(await readBytes(src), HEAD_BYTES));
  } catch (error) {
    if (error instanceof InputProblem) throw error;
    throw unreadable(src, describeFsError(error as NodeJS.ErrnoException));
  }
  const bytes = replay(head, rest);
  if (isCompoundFile(head)) throw unreadable(src, compoundFileProblem(await searchable(bytes)));
  if (!isZip(head)) {
    return { src: { ...src, replay: bytes } };
  }
  const odf = unreadableZip(head);
  if (odf !== undefined) throw unreadable(src, odf);
  return {
    batches: (async function* () {
      for await (const records of workbookRecords(src, bytes, options.onWarning, options.decimalMark)) yield { kind: "records", records } as Batch;
    })(),
  };
}

/** The bytes in which a compound file names its streams (its directory may be anywhere): the whole file, up to 64 MiB. */
async function searchable(bytes: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of bytes) {
    parts.push(chunk);
    length += chunk.length;
    if (length >= 64 << 20) break;
  }
  return Buffer.concat(parts);
}
