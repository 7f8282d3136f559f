// The party-document layout every DOCX export shares: A4 (margins 20/15/20/30 mm), Times New Roman
// 14 pt body and 13 pt tables; a header of two columns (left: ĐẢNG BỘ … / CHI BỘ … / *, right:
// ĐẢNG CỘNG SẢN VIỆT NAM and the "…, ngày dd tháng MM năm yyyy" line), a centred title, numbered
// sections and a signature block on the right (with the chi ủy's confirmation on the left when the
// form has one).
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableBorders, TableCell, TableRow, TextRun, WidthType } from "docx";
import { dateLine, headerLines, type DocumentUnit } from "./units.ts";

export const FONT = "Times New Roman";
/** Half-points: 14 pt body, 13 pt in tables and headers. */
export const BODY_SIZE = 28;
export const SMALL_SIZE = 26;
/** A4 in twentieths of a point, and margins top/right/bottom/left = 20/15/20/30 mm. */
export const A4 = { width: 11906, height: 16838 } as const;
export const MARGINS = { top: 1134, right: 850, bottom: 1134, left: 1701 } as const;

export type Block = Paragraph | Table;

interface RunOptions {
  bold?: boolean;
  italics?: boolean;
  underline?: boolean;
  size?: number;
}

const run = (text: string, o: RunOptions = {}) =>
  new TextRun({ text, font: FONT, size: o.size ?? BODY_SIZE, bold: o.bold ?? false, italics: o.italics ?? false, ...(o.underline ? { underline: {} } : {}) });

export function para(
  text: string,
  o: RunOptions & { align?: "left" | "center" | "right" | "justify"; after?: number; before?: number; indent?: boolean } = {},
): Paragraph {
  const alignment = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT, justify: AlignmentType.JUSTIFIED }[
    o.align ?? "justify"
  ];
  return new Paragraph({
    alignment,
    spacing: { after: o.after ?? 80, before: o.before ?? 0, line: 300 },
    ...(o.indent ? { indent: { firstLine: 567 } } : {}),
    children: text.split("\n").flatMap((line, i) => (i === 0 ? [run(line, o)] : [new TextRun({ break: 1 }), run(line, o)])),
  });
}

/** "Label: value" with the label in bold. */
export function labelled(label: string, value: string): Paragraph {
  return new Paragraph({ spacing: { after: 60, line: 300 }, children: [run(`${label}: `, { bold: true }), run(value)] });
}

/** A numbered section heading, e.g. "I. KẾT QUẢ THỰC HIỆN". */
export function sectionHeading(text: string): Paragraph {
  return new Paragraph({ spacing: { before: 200, after: 100 }, keepNext: true, children: [run(text, { bold: true })] });
}

export const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"] as const;

const invisible = TableBorders.NONE;

function cellOf(children: Block[], widthPct: number): TableCell {
  return new TableCell({
    width: { size: widthPct, type: WidthType.PERCENTAGE },
    borders: {
      top: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
      bottom: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
      left: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
      right: { style: BorderStyle.NONE, size: 0, color: "FFFFFF" },
    },
    children,
  });
}

/**
 * Blocks printed on one page together: a borderless one-row table whose row may not split, so a page
 * break moves the whole group (e.g. the last section with the signatures) instead of leaving the
 * signature block alone on the last page. Paragraphs' "keep with next" does not hold a chain together
 * in LibreOffice. A group taller than a page is still split by the word processor.
 */
export function keepTogether(children: Block[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: invisible,
    rows: [new TableRow({ cantSplit: true, children: [cellOf(children, 100)] })],
  });
}

/** The two-column header: the unit on the left, the Party's name and the date line on the right. */
export function partyHeader(unit: DocumentUnit, at: Date): Table {
  const lines = headerLines(unit);
  const left = [
    ...lines.map((line, i) => para(line, { align: "center", size: SMALL_SIZE, bold: i === lines.length - 1, after: 0 })),
    para("*", { align: "center", size: SMALL_SIZE, after: 0 }),
  ];
  const right = [
    para("ĐẢNG CỘNG SẢN VIỆT NAM", { align: "center", bold: true, underline: true, size: SMALL_SIZE, after: 120 }),
    para(dateLine(unit, at), { align: "center", italics: true, size: SMALL_SIZE, after: 0 }),
  ];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: invisible,
    rows: [new TableRow({ children: [cellOf(left, 42), cellOf(right, 58)] })],
  });
}

/** The centred title (upper case) and optional lines under it. */
export function title(text: string, ...sub: string[]): Paragraph[] {
  return [
    para(text.toLocaleUpperCase("vi"), { align: "center", bold: true, size: 30, before: 360, after: sub.length > 0 ? 40 : 240 }),
    ...sub.map((s, i) =>
      para(s, { align: "center", bold: i === 0 && /^năm \d{4}$/i.test(s), italics: !/^năm \d{4}$/i.test(s), after: i === sub.length - 1 ? 240 : 40 }),
    ),
  ];
}

export interface Signer {
  /** "NGƯỜI TỰ ĐÁNH GIÁ", "NGƯỜI ĐĂNG KÝ" */
  role: string;
  /** The printed name under the signature; blank for the chi ủy's side. */
  name?: string;
  /** Lines above the signature, e.g. "T/M CHI ỦY" / "BÍ THƯ". */
  above?: string[];
  /** Lines of text written by the signer above the signature (the chi ủy's confirmation). */
  text?: string[];
}

/** The signature block: the member on the right; the chi ủy's confirmation on the left when given. */
export function signatures(member: Signer, committee?: Signer): Table {
  const side = (s: Signer | undefined): Paragraph[] => {
    if (!s) return [para("")];
    return [
      para(s.role, { align: "center", bold: true, after: 0 }),
      ...(s.above ?? []).map((l) => para(l, { align: "center", bold: true, after: 0 })),
      ...(s.text ?? []).map((l) => para(l, { align: "left", size: SMALL_SIZE, after: 40 })),
      para("(Ký, ghi rõ họ tên)", { align: "center", italics: true, after: 1200 }),
      para(s.name ?? "", { align: "center", bold: true, after: 0 }),
    ];
  };
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: invisible,
    rows: [new TableRow({ cantSplit: true, children: [cellOf(side(committee), 50), cellOf(side(member), 50)] })],
  });
}

/** A bordered table (13 pt), the header row repeated on each page. */
export function grid(headers: string[], rows: string[][], widths?: number[]): Table {
  const cell = (text: string, bold: boolean, i: number) =>
    new TableCell({
      ...(widths?.[i] ? { width: { size: widths[i], type: WidthType.PERCENTAGE } } : {}),
      children: text
        .split("\n")
        .map((line) => new Paragraph({ alignment: bold ? AlignmentType.CENTER : AlignmentType.LEFT, children: [run(line, { bold, size: SMALL_SIZE })] })),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, true, i)) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((t, i) => cell(t, false, i)) })),
    ],
  });
}

/** The finished document: A4 portrait, the party margins, Times New Roman. */
export async function partyDocument(name: string, children: Block[]): Promise<Buffer> {
  const doc = new Document({
    creator: "chibo-bot",
    title: name,
    styles: { default: { document: { run: { font: FONT, size: BODY_SIZE } } } },
    sections: [{ properties: { page: { size: { width: A4.width, height: A4.height }, margin: MARGINS } }, children }],
  });
  return Packer.toBuffer(doc);
}
