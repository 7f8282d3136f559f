// Reads a member list from CSV or XLSX into rows keyed by column name, with the line number a
// secretary sees in Excel (the header is line 1).
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { fold } from "../domain/text.ts";

export interface FileRow {
  line: number;
  values: Record<string, string>;
}

export class MemberFileError extends Error {}

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
    if ("result" in value) return value.result === undefined || value.result === null ? "" : String(value.result);
    if (value instanceof Date) return value.toISOString().slice(0, 10);
  }
  return String(value);
}

export async function parseMembersXlsx(content: Buffer): Promise<FileRow[]> {
  const workbook = new ExcelJS.Workbook();
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

export async function readMembersFile(path: string): Promise<FileRow[]> {
  const ext = extname(path).toLowerCase();
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch {
    throw new MemberFileError(`Không đọc được tệp ${path}.`);
  }
  if (ext === ".csv" || ext === ".txt") return parseMembersCsv(content.toString("utf8"));
  if (ext === ".xlsx") {
    try {
      return await parseMembersXlsx(content);
    } catch {
      throw new MemberFileError(`Tệp ${path} không phải bảng tính XLSX hợp lệ.`);
    }
  }
  throw new MemberFileError(`Chỉ nhận tệp .csv hoặc .xlsx (được: ${ext || "không có đuôi"}).`);
}
