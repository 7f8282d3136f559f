// Reads a member list from CSV or XLSX into rows keyed by column name, with the line number a
// secretary sees in Excel (the header is line 1). Text files are decoded by encoding.ts; XLSX files
// pass the size guard (xlsx-guard.ts) before exceljs unpacks them.
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parse } from "csv-parse/sync";
import type ExcelJS from "exceljs";
import { exceljs } from "../runtime/packages.ts";
import { fold } from "../domain/text.ts";
import { decodeText } from "./encoding.ts";
import { checkXlsxSize } from "./xlsx-guard.ts";

export interface FileRow {
  line: number;
  values: Record<string, string>;
}

export class MemberFileError extends Error {}

export interface MembersFile {
  rows: FileRow[];
  /** "UTF-8", "UTF-16LE", "UTF-16BE", "windows-1258" or "XLSX". */
  encoding: string;
}

// Headers as a secretary may type them in Excel, folded ("Họ và tên" → "ho_va_ten").
const HEADER_ALIASES: Record<string, string> = {
  ho_va_ten: "ho_ten",
  sdt: "so_dien_thoai",
  dien_thoai: "so_dien_thoai",
  so_dt: "so_dien_thoai",
};

function normalizeHeader(h: string): string {
  const folded = fold(h.replace(/^\uFEFF/, "")).replace(/[\s-]+/g, "_");
  return HEADER_ALIASES[folded] ?? folded;
}

/** Excel saves "CSV" with ";" where the list separator is ";" (Vietnamese Windows): look at the header. */
function detectDelimiter(content: string): string {
  const header = content.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const count = (c: string) => header.split(c).length - 1;
  return count(";") > count(",") ? ";" : count("\t") > count(",") ? "\t" : ",";
}

export function parseMembersCsv(content: string): FileRow[] {
  const records = parse(content, {
    bom: true,
    delimiter: detectDelimiter(content),
    skip_empty_lines: false,
    relax_column_count: true,
    trim: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const [header, ...rest] = records;
  if (!header) return [];
  const columns = header.record.map(normalizeHeader);
  return rest
    .filter((r) => r.record.some((cell) => cell.trim() !== ""))
    .map((r) => ({
      line: r.info.lines,
      values: Object.fromEntries(columns.map((c, i) => [c, r.record[i] ?? ""])),
    }));
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((t) => t.text).join("");
    if ("text" in value && typeof value.text === "string") return value.text;
    if ("result" in value) return value.result === undefined || value.result === null ? "" : cellText(value.result);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    // A formula error (#N/A, #REF!…) reads as its code, so the row's check names it.
    if ("error" in value) return value.error;
    return "";
  }
  return String(value);
}

export async function parseMembersXlsx(content: Buffer): Promise<FileRow[]> {
  const workbook = new (exceljs().Workbook)();
  await workbook.xlsx.load(content as never);
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const rows: FileRow[] = [];
  let columns: string[] | undefined;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(cellText(row.getCell(i).value).trim());
    if (!columns) {
      columns = cells.map(normalizeHeader);
      return;
    }
    if (cells.every((c) => c === "")) return;
    rows.push({ line: rowNumber, values: Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ""])) });
  });
  return rows;
}

const isXlsxName = (name: string) => extname(name).toLowerCase() === ".xlsx";
const looksLikeZip = (content: Buffer) => content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));

/** A file's bytes as rows; throws MemberFileError with the Vietnamese reason it cannot be read. */
export async function parseMembersFile(name: string, content: Buffer): Promise<MembersFile> {
  const ext = extname(name).toLowerCase();
  if (isXlsxName(name) || (looksLikeZip(content) && ext !== ".csv" && ext !== ".txt")) {
    const guard = await checkXlsxSize(content);
    if (!guard.ok) throw new MemberFileError(guard.error);
    try {
      return { rows: await parseMembersXlsx(content), encoding: "XLSX" };
    } catch {
      throw new MemberFileError(`Tệp ${name} không phải bảng tính XLSX hợp lệ.`);
    }
  }
  if (ext && ext !== ".csv" && ext !== ".txt") throw new MemberFileError(`Chỉ nhận tệp .csv hoặc .xlsx (được: ${ext}).`);
  const decoded = decodeText(content);
  if (!decoded.ok) throw new MemberFileError(decoded.error);
  try {
    return { rows: parseMembersCsv(decoded.text), encoding: decoded.encoding };
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new MemberFileError(`Tệp ${name} không đúng dạng CSV${line ? ` (dòng ${line})` : ""}: kiểm tra dấu ngoặc kép trong các ô.`);
  }
}

export async function loadMembersFile(path: string): Promise<MembersFile> {
  const ext = extname(path).toLowerCase();
  if (ext !== ".csv" && ext !== ".txt" && ext !== ".xlsx") throw new MemberFileError(`Chỉ nhận tệp .csv hoặc .xlsx (được: ${ext || "không có đuôi"}).`);
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch {
    throw new MemberFileError(`Không đọc được tệp ${path}.`);
  }
  return parseMembersFile(path, content);
}

export async function readMembersFile(path: string): Promise<FileRow[]> {
  return (await loadMembersFile(path)).rows;
}
