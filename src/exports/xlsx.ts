// Print-ready worksheets for every XLSX export: a title block (unit, document name, period,
// export date) above the table, A4 fitted to one page wide (landscape when the table is wide), the
// header row repeated on every printed page, numbers as numbers and dates as real dates shown
// dd/MM/yyyy. Text that a spreadsheet could read as a formula is neutralised (see safeText).
import type ExcelJS from "exceljs";
import { exceljs } from "../runtime/packages.ts";
import { inZone } from "../domain/dates.ts";

/** A date shown as dd/MM/yyyy: the calendar day in the unit's zone. */
export interface DayCell {
  day: Date;
}
export type Cell = string | number | null | DayCell;

export interface Column {
  header: string;
  width: number;
  /** Number format for numeric cells, e.g. "0" or "0%". */
  numFmt?: string;
}

export interface TitleBlock {
  /** "Đảng bộ … · Chi bộ …" */
  unit: string;
  /** The document's name, e.g. "Danh sách đăng ký học tập và làm theo năm 2026". */
  document: string;
  /** "Năm 2026", "Kỳ: tháng 11/2026"… */
  period: string;
  exportedAt: Date;
  zone: string;
}

export interface SheetSpec {
  name: string;
  columns: Column[];
  rows: Cell[][];
  /** The sheet's own line under the document name (what this list is). */
  subtitle?: string;
}

export const DATE_FORMAT = "dd/mm/yyyy";
/** Rows 1-4 are the title block; the table's header is on row 5. */
export const HEADER_ROW = 5;
/** Total column width (Excel characters) above which a sheet prints landscape. */
const PORTRAIT_MAX_WIDTH = 95;

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text that starts like a formula (= + - @, tab, CR) gets a leading apostrophe in the value itself
 * (OWASP "CSV injection"): the cell is a text cell in the XLSX, and a copy re-saved as CSV still
 * starts with the apostrophe, so opening that CSV cannot run it. (A quotePrefix style alone would be
 * lost on the CSV save; exceljs does not write one either.)
 */
export function safeText(text: string): { value: string; quoted: boolean } {
  return FORMULA_START.test(text) ? { value: `'${text}`, quoted: true } : { value: text, quoted: false };
}

/** The calendar day of `d` in `zone` as a date-only Excel value (midnight UTC of that day). */
export function excelDay(d: Date, zone: string): Date {
  const local = inZone(d, zone);
  return new Date(Date.UTC(local.year, local.month - 1, local.day));
}

export const day = (d: Date | null | undefined): DayCell | null => (d ? { day: d } : null);

export function newWorkbook(now: Date): ExcelJS.Workbook {
  const wb = new (exceljs().Workbook)();
  wb.creator = "chibo-bot";
  wb.created = now;
  wb.modified = now;
  return wb;
}

export async function workbookBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function setCell(cell: ExcelJS.Cell, value: Cell, zone: string, column: Column | undefined): void {
  if (value === null || value === "") return;
  if (typeof value === "number") {
    cell.value = value;
    if (column?.numFmt) cell.numFmt = column.numFmt;
    return;
  }
  if (typeof value === "object") {
    cell.value = excelDay(value.day, zone);
    cell.numFmt = DATE_FORMAT;
    return;
  }
  cell.value = safeText(value).value;
}

/** Points per text line at 11 pt. */
const LINE_HEIGHT = 15;

/**
 * Rows are given a height for their wrapped text: LibreOffice does not grow a row to fit its
 * wrapped text on opening, so without one a long item prints clipped to one line.
 */
function linesOf(value: Cell, width: number): number {
  if (value === null || typeof value !== "string") return 1;
  const perLine = Math.max(1, Math.floor(width * 1.15));
  return value.split("\n").reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / perLine)), 0);
}

/** Adds one print-ready sheet: title block, header row, the rows, page setup. */
export function addSheet(wb: ExcelJS.Workbook, title: TitleBlock, spec: SheetSpec): ExcelJS.Worksheet {
  const totalWidth = spec.columns.reduce((sum, c) => sum + c.width, 0);
  const landscape = totalWidth > PORTRAIT_MAX_WIDTH;
  const ws = wb.addWorksheet(spec.name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: landscape ? "landscape" : "portrait",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
      printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}`,
    },
    headerFooter: { oddFooter: "&C&P/&N" },
    views: [{ state: "frozen", ySplit: HEADER_ROW }],
  });
  ws.columns = spec.columns.map((c) => ({ width: c.width }));
  const lastColumn = Math.max(spec.columns.length, 2);
  const titleLines: Array<[string, Partial<ExcelJS.Font>]> = [
    [title.unit, { bold: true, size: 11 }],
    [spec.subtitle ? `${title.document.toLocaleUpperCase("vi")} — ${spec.subtitle}` : title.document.toLocaleUpperCase("vi"), { bold: true, size: 13 }],
    [`${title.period} · Ngày xuất: ${inZone(title.exportedAt, title.zone).toFormat("dd/MM/yyyy")}`, { italic: true, size: 11 }],
  ];
  titleLines.forEach(([text, font], i) => {
    const row = ws.getRow(i + 1);
    ws.mergeCells(i + 1, 1, i + 1, lastColumn);
    setCell(row.getCell(1), text, title.zone, undefined);
    row.getCell(1).font = font;
    row.getCell(1).alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    row.height = i === 1 ? 20 : 16;
  });
  const header = ws.getRow(HEADER_ROW);
  spec.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    setCell(cell, c.header, title.zone, undefined);
    cell.font = { bold: true };
    cell.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
    cell.border = { top: { style: "thin" }, bottom: { style: "thin" }, left: { style: "thin" }, right: { style: "thin" } };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEFEFEF" } };
  });
  header.height = LINE_HEIGHT * Math.max(...spec.columns.map((c) => linesOf(c.header, c.width)));
  spec.rows.forEach((values, r) => {
    const row = ws.getRow(HEADER_ROW + 1 + r);
    spec.columns.forEach((column, i) => {
      const cell = row.getCell(i + 1);
      setCell(cell, values[i] ?? null, title.zone, column);
      cell.alignment = { vertical: "top", wrapText: true };
      cell.border = { top: { style: "hair" }, bottom: { style: "hair" }, left: { style: "thin" }, right: { style: "thin" } };
    });
    row.height = LINE_HEIGHT * Math.max(...spec.columns.map((c, i) => linesOf(values[i] ?? null, c.width)));
  });
  return ws;
}

/** Row numbers as the reader sees them: the first data row is 1. */
export const dataRow = (n: number): number => HEADER_ROW + n;
