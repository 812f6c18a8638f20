/**
 * Spreadsheet files told apart by their first bytes, not by their names: an export saved as
 * `report.csv` may be a workbook, and one piped in has no name at all.
 */

/** A ZIP archive's local file header, "PK\3\4" (PKWARE APPNOTE.TXT §4.3.7): an .xlsx (or .ods, .docx, .zip). */
export const isZip = (head: Uint8Array): boolean => head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;

/** An OLE compound file ([MS-CFB] §2.2, D0 CF 11 E0 A1 B1 1A E1): a legacy .xls, or an encrypted .xlsx. */
const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
export const isCompoundFile = (head: Uint8Array): boolean => CFB.every((b, i) => head[i] === b);

/** Whether bytes are a spreadsheet's, never to be read as text (nor split into ranges of lines). */
export const isSpreadsheet = (head: Uint8Array): boolean => isZip(head) || isCompoundFile(head);

/** Bytes enough to tell these apart: the magic numbers, and an OpenDocument file's `mimetype`, which comes first. */
export const HEAD_BYTES = 128;

/** What a spreadsheet file that ceq cannot read is, and what to do with it; undefined for a ZIP to read as a workbook. */
export function unreadableZip(head: Uint8Array): string | undefined {
  // ODF 1.2 Part 3 §3.3: the first entry is `mimetype`, stored, so its text is in the first bytes.
  if (Buffer.from(head).includes("application/vnd.oasis.opendocument.spreadsheet")) return "it is an OpenDocument spreadsheet (.ods), not an .xlsx workbook: save it as .xlsx or CSV";
  return undefined;
}

/**
 * Why a compound file cannot be read: an .xlsx encrypted with a password is kept in one
 * ([MS-OFFCRYPTO] §2.3.4: streams named EncryptionInfo and EncryptedPackage); any other is a
 * legacy binary workbook (.xls, Excel 97-2003) or another Office 97 document.
 */
export function compoundFileProblem(bytes: Uint8Array): string {
  const encrypted = Buffer.from(bytes).includes(Buffer.from("EncryptedPackage", "utf16le"));
  return encrypted
    ? "it is a workbook protected with a password (encrypted): open it in a spreadsheet, remove the password (File > Info > Protect Workbook), save it, and run ceq again"
    : "it is a legacy Excel 97-2003 workbook (.xls), which ceq does not read: open it in a spreadsheet and save it as .xlsx (Excel Workbook) or CSV";
}
