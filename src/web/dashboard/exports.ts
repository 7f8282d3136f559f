// Files the chi ủy downloads: the cell's registrations and the year's assessments (XLSX, exceljs),
// a member's sổ tự tu dưỡng and the year-end self-assessment draft (DOCX, docx). Built from data
// the caller loaded for one cell; Vietnamese headers, dates dd/MM/yyyy in the unit's zone.
import ExcelJS from "exceljs";
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from "docx";
import type { CellRegistrationRow, MemberNotebook, yearAssessments } from "../../db/dashboard-data.ts";
import type { CollectiveItem } from "../../db/registrations.ts";
import { formatDate } from "../../domain/dates.ts";
import { parsePeriod, monthsOfYear } from "../../domain/periods.ts";
import { yearEndDraft, type DraftMonth } from "../../domain/year-end-draft.ts";
import { CATEGORY_LABELS, PROGRESS_LABELS, RATING_LABELS, categoryLabel, parseVagueReasons, type CategoryValue, type ProgressValue, type RatingValue } from "../../messages/committee.ts";
import { REGISTRATION_STATUS_LABELS } from "../../messages/dashboard.ts";
import { vaguenessFlag } from "../../messages/vagueness.ts";

type Cell = string | number | null;

function sheet(wb: ExcelJS.Workbook, name: string, columns: Array<[string, number]>, rows: Cell[][]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.columns = columns.map(([header, width]) => ({ header, width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  for (const row of rows) ws.addRow(row);
  ws.eachRow((row, n) => {
    if (n > 1) row.alignment = { vertical: "top", wrapText: true };
  });
  return ws;
}

function workbook(now: Date): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "chibo-bot";
  wb.created = now;
  wb.modified = now;
  return wb;
}

async function xlsxBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

const vagueText = (item: { vagueVerdict: string | null; vagueReasons: unknown; vagueKept: boolean }) =>
  item.vagueVerdict === "vague" || item.vagueKept ? `${vaguenessFlag(parseVagueReasons(item.vagueReasons))}${item.vagueKept ? " (giữ nguyên)" : ""}` : "";

export const REGISTRATION_SHEETS = { individual: "Đăng ký cá nhân", collective: "Đăng ký tập thể" } as const;

/** The cell's registrations of the year: one row per item (a row per member without any). */
export async function registrationsXlsx(o: { unitName: string; year: number; zone: string; now: Date; rows: CellRegistrationRow[]; collective: CollectiveItem[] }): Promise<Buffer> {
  const wb = workbook(o.now);
  const rows: Cell[][] = [];
  let n = 0;
  for (const m of o.rows) {
    n += 1;
    const reg = m.registration;
    const status = REGISTRATION_STATUS_LABELS[reg?.status ?? "NONE"] ?? "";
    const head: Cell[] = [n, m.fullName, m.position ?? "", m.status === "EXEMPT" ? `${status} (miễn sinh hoạt)` : status, reg?.submittedAt ? formatDate(reg.submittedAt, o.zone) : ""];
    if (!reg || reg.items.length === 0) {
      rows.push([...head, null, "", "", "", "", "", ""]);
      continue;
    }
    for (const item of reg.items) {
      rows.push([
        ...head,
        item.position,
        categoryLabel(item.category as CategoryValue, item.categories as CategoryValue[]),
        item.text,
        item.measure ?? "",
        item.timeframe ?? "",
        item.shortcoming ?? "",
        vagueText(item),
      ]);
    }
  }
  sheet(
    wb,
    REGISTRATION_SHEETS.individual,
    [["STT", 6], ["Họ và tên", 26], ["Chức vụ", 26], ["Trạng thái", 18], ["Ngày gửi", 12], ["Nội dung số", 8], ["Nhóm", 16], ["Nội dung", 60], ["Đo bằng", 26], ["Thời hạn", 18], ["Khắc phục hạn chế", 26], ["Chung chung", 26]],
    rows,
  );
  sheet(
    wb,
    REGISTRATION_SHEETS.collective,
    [["STT", 6], ["Nội dung của chi bộ", 70], ["Đo bằng", 26], ["Thời hạn", 18], ["Trạng thái", 14]],
    o.collective.map((c) => [c.position, c.text, c.measure ?? "", c.timeframe ?? "", REGISTRATION_STATUS_LABELS[c.status] ?? c.status]),
  );
  const info = wb.addWorksheet("Thông tin");
  info.columns = [{ width: 24 }, { width: 50 }];
  info.addRows([["Chi bộ", o.unitName], ["Năm", o.year], ["Ngày xuất", formatDate(o.now, o.zone)]]);
  return xlsxBuffer(wb);
}

const PROGRESS_SHORT: Record<ProgressValue, string> = { DONE: "Hoàn thành", ON_TRACK: "Đúng tiến độ", BEHIND: "Chậm", NOT_STARTED: "Chưa bắt đầu" };

export const ASSESSMENT_SHEETS = { progress: "Tiến độ theo tháng", assessments: "Các bản tự đánh giá", summary: "Tổng hợp theo tháng" } as const;

/** The year's self-assessments: progress per item and month, every assessment with its comments, monthly coverage. */
export async function assessmentsXlsx(o: { unitName: string; year: number; zone: string; now: Date; members: Awaited<ReturnType<typeof yearAssessments>> }): Promise<Buffer> {
  const wb = workbook(o.now);
  const months = monthsOfYear(o.year);
  const progressRows: Cell[][] = [];
  const assessmentRows: Cell[][] = [];
  const submittedPerMonth = new Map<string, number>();
  let n = 0;
  let a = 0;
  for (const m of o.members) {
    n += 1;
    const items = m.registrations[0]?.items ?? [];
    const byMonth = new Map<string, (typeof m.assessments)[number]>();
    for (const as of m.assessments) {
      if (!as.submittedAt) continue;
      const p = parsePeriod(as.period);
      if (!p) continue;
      // A quarter's or the year's assessment stands for its last month when that month has none of its own.
      const month = p.kind === "MONTHLY" ? p.period : p.kind === "QUARTERLY" ? `${p.year}-${String(Number(p.period.slice(-1)) * 3).padStart(2, "0")}` : `${p.year}-12`;
      if (p.kind === "MONTHLY" || !byMonth.has(month)) byMonth.set(month, as);
    }
    if (m.status === "ACTIVE") for (const month of byMonth.keys()) submittedPerMonth.set(month, (submittedPerMonth.get(month) ?? 0) + 1);
    for (const item of items) {
      progressRows.push([
        n,
        m.fullName,
        item.position,
        CATEGORY_LABELS[item.category as CategoryValue],
        item.text,
        ...months.map((month) => {
          const answer = byMonth.get(month)?.items.find((i) => i.itemId === item.id);
          return answer ? PROGRESS_SHORT[answer.progress as ProgressValue] : "";
        }),
      ]);
    }
    if (items.length === 0) progressRows.push([n, m.fullName, null, "", m.status === "EXEMPT" ? "(miễn sinh hoạt)" : "(chưa có bản đăng ký)", ...months.map(() => "")]);
    for (const as of m.assessments) {
      a += 1;
      assessmentRows.push([
        a,
        m.fullName,
        parsePeriod(as.period)?.label ?? as.period,
        as.submittedAt ? formatDate(as.submittedAt, o.zone) : "Chưa nộp",
        as.overallNote ?? "",
        as.selfRating ? RATING_LABELS[as.selfRating as RatingValue] : "",
        as.reviews.map((r) => `${formatDate(r.createdAt, o.zone)} ${r.author.fullName}: ${r.text}`).join("\n"),
      ]);
    }
  }
  sheet(
    wb,
    ASSESSMENT_SHEETS.progress,
    [["STT", 6], ["Họ và tên", 26], ["Nội dung số", 8], ["Nhóm", 12], ["Nội dung", 50], ...months.map((_month, i): [string, number] => [`T${i + 1}`, 12])],
    progressRows,
  );
  sheet(
    wb,
    ASSESSMENT_SHEETS.assessments,
    [["STT", 6], ["Họ và tên", 26], ["Kỳ", 14], ["Ngày nộp", 12], ["Tự nhận xét chung", 50], ["Tự xếp loại", 28], ["Nhận xét của chi ủy", 60]],
    assessmentRows,
  );
  const active = o.members.filter((m) => m.status === "ACTIVE").length;
  sheet(
    wb,
    ASSESSMENT_SHEETS.summary,
    [["Tháng", 12], ["Đã tự đánh giá", 16], ["Đảng viên (không tính miễn sinh hoạt)", 36], ["Tỷ lệ (%)", 12]],
    months.map((month, i) => {
      const count = submittedPerMonth.get(month) ?? 0;
      return [`${String(i + 1).padStart(2, "0")}/${o.year}`, count, active, active > 0 ? Math.floor((count * 100) / active) : null];
    }),
  );
  return xlsxBuffer(wb);
}

// ---------------------------------------------------------------------------------------------
// DOCX

const FONT = "Times New Roman";

function p(text: string, o: { bold?: boolean; italics?: boolean; center?: boolean; size?: number; spacingAfter?: number } = {}): Paragraph {
  return new Paragraph({
    alignment: o.center ? AlignmentType.CENTER : AlignmentType.LEFT,
    spacing: { after: o.spacingAfter ?? 80 },
    children: [new TextRun({ text, bold: o.bold ?? false, italics: o.italics ?? false, font: FONT, ...(o.size ? { size: o.size } : {}) })],
  });
}

function labelled(label: string, value: string): Paragraph {
  return new Paragraph({ spacing: { after: 60 }, children: [new TextRun({ text: `${label}: `, bold: true, font: FONT }), new TextRun({ text: value, font: FONT })] });
}

function heading(text: string): Paragraph {
  return new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 120 }, children: [new TextRun({ text, bold: true, font: FONT, size: 26, color: "000000" })] });
}

function table(headers: string[], rows: string[][], widths?: number[]): Table {
  const cell = (text: string, bold: boolean, i: number) =>
    new TableCell({
      ...(widths?.[i] ? { width: { size: widths[i]!, type: WidthType.PERCENTAGE } } : {}),
      children: text.split("\n").map((line) => new Paragraph({ children: [new TextRun({ text: line, bold, font: FONT, size: 22 })] })),
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, true, i)) }),
      ...rows.map((r) => new TableRow({ children: r.map((t, i) => cell(t, false, i)) })),
    ],
  });
}

function documentOf(title: string, children: Array<Paragraph | Table>): Document {
  return new Document({
    creator: "chibo-bot",
    title,
    styles: { default: { document: { run: { font: FONT, size: 26 } } } },
    sections: [{ properties: {}, children }],
  });
}

const itemDetails = (i: { measure: string | null; timeframe: string | null }) =>
  [i.measure ? `Đo bằng: ${i.measure}` : null, i.timeframe ? `Thời hạn: ${i.timeframe}` : null].filter(Boolean).join("\n");

/** Sổ tự tu dưỡng: the registration, the progress of each assessment, the chi ủy's comments. */
export async function notebookDocx(o: { notebook: MemberNotebook; year: number; theme: string | null; now: Date }): Promise<Buffer> {
  const { member, registration, assessments } = o.notebook;
  const zone = member.unit.timeZone;
  const items = registration?.items ?? [];
  const children: Array<Paragraph | Table> = [
    p("ĐẢNG CỘNG SẢN VIỆT NAM", { bold: true, center: true }),
    p(`SỔ TỰ TU DƯỠNG NĂM ${o.year}`, { bold: true, center: true, size: 32, spacingAfter: 40 }),
    p("Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", { italics: true, center: true, spacingAfter: 240 }),
    labelled("Họ và tên", member.fullName),
    ...(member.position ? [labelled("Chức vụ", member.position)] : []),
    labelled("Chi bộ", member.unit.name),
    ...(o.theme ? [labelled(`Chuyên đề năm ${o.year}`, o.theme)] : []),
    heading("I. Nội dung đăng ký"),
  ];
  if (!registration || items.length === 0) {
    children.push(p("Chưa có bản đăng ký.", { italics: true }));
  } else {
    children.push(
      labelled(
        "Trạng thái",
        `${REGISTRATION_STATUS_LABELS[registration.status] ?? registration.status}${registration.decidedAt && registration.status === "APPROVED" ? `, chi ủy duyệt ngày ${formatDate(registration.decidedAt, zone)}` : ""}`,
      ),
      table(
        ["STT", "Nội dung", "Đo bằng, thời hạn", "Khắc phục hạn chế"],
        items.map((i) => [String(i.position), `${categoryLabel(i.category as CategoryValue, i.categories as CategoryValue[])}: ${i.text}`, itemDetails(i), i.shortcoming ?? ""]),
        [8, 52, 22, 18],
      ),
      p(registration.pledgeAccepted ? "Cam kết giữ gìn phẩm chất đạo đức, lối sống; không suy thoái về tư tưởng chính trị, đạo đức, lối sống." : "Chưa xác nhận cam kết giữ gìn đạo đức, lối sống.", { italics: true }),
    );
  }

  children.push(heading("II. Tiến độ thực hiện"));
  const submitted = assessments.filter((a) => a.submittedAt);
  if (submitted.length === 0 || items.length === 0) {
    children.push(p("Chưa có bản tự đánh giá nào trong năm.", { italics: true }));
  } else {
    children.push(
      table(
        ["Kỳ", ...items.map((i) => `Nội dung ${i.position}`), "Tự nhận xét"],
        submitted.map((a) => [
          parsePeriod(a.period)?.label ?? a.period,
          ...items.map((i) => {
            const answer = a.items.find((x) => x.itemId === i.id);
            return answer ? `${PROGRESS_LABELS[answer.progress as ProgressValue]}${answer.note ? `\n${answer.note}` : ""}` : "";
          }),
          [a.overallNote ?? "", a.selfRating ? `Tự xếp loại: ${RATING_LABELS[a.selfRating as RatingValue]}` : ""].filter(Boolean).join("\n"),
        ]),
      ),
    );
  }

  children.push(heading("III. Nhận xét của chi ủy"));
  const reviews = [
    ...(registration?.reviews ?? []).map((r) => ({ at: r.createdAt, author: r.author.fullName, about: "Bản đăng ký", text: r.text })),
    ...assessments.flatMap((a) => a.reviews.map((r) => ({ at: r.createdAt, author: r.author.fullName, about: `Tự đánh giá ${parsePeriod(a.period)?.label ?? a.period}`, text: r.text }))),
  ].sort((x, y) => x.at.getTime() - y.at.getTime());
  if (reviews.length === 0) children.push(p("Chưa có nhận xét.", { italics: true }));
  else children.push(table(["Ngày", "Về", "Nhận xét", "Người nhận xét"], reviews.map((r) => [formatDate(r.at, zone), r.about, r.text, r.author]), [14, 22, 46, 18]));

  children.push(p(`Xuất từ trang quản lý chi bộ ngày ${formatDate(o.now, zone)}.`, { italics: true, size: 20 }));
  return Packer.toBuffer(documentOf(`Sổ tự tu dưỡng ${o.year} — ${member.fullName}`, children));
}

/** The year-end self-assessment draft (dự thảo bản tự đánh giá) from the year's monthly reports and comments. */
export async function yearEndDocx(o: {
  notebook: MemberNotebook;
  year: number;
  sources: { months: DraftMonth[]; reviews: Array<{ text: string; at: Date }> };
  now: Date;
}): Promise<Buffer> {
  const { member, registration, assessments } = o.notebook;
  const zone = member.unit.timeZone;
  const items = registration?.items ?? [];
  const draft = yearEndDraft({
    year: o.year,
    items: items.map((i) => ({ id: i.id, category: i.category as CategoryValue, text: i.text })),
    months: o.sources.months,
    reviews: o.sources.reviews,
  });
  const yearly = assessments.find((a) => a.kind === "YEARLY" && a.submittedAt);
  const rating = yearly?.selfRating as RatingValue | null | undefined;
  const children: Array<Paragraph | Table> = [
    p("ĐẢNG CỘNG SẢN VIỆT NAM", { bold: true, center: true }),
    p(`BẢN TỰ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG ĐẢNG VIÊN NĂM ${o.year}`, { bold: true, center: true, size: 30, spacingAfter: 40 }),
    p("(Dự thảo do bot tổng hợp từ các bản tự đánh giá hằng tháng, đảng viên sửa lại cho đúng ý mình)", { italics: true, center: true, spacingAfter: 240 }),
    labelled("Họ và tên", member.fullName),
    ...(member.position ? [labelled("Chức vụ", member.position)] : []),
    labelled("Chi bộ", member.unit.name),
    heading("1. Nội dung đã đăng ký"),
    ...(items.length > 0
      ? items.map((i) => p(`${i.position}. ${CATEGORY_LABELS[i.category as CategoryValue]}: ${i.text}`))
      : [p("Chưa có bản đăng ký trong năm.", { italics: true })]),
    heading("2. Kết quả thực hiện"),
    p(draft),
    ...(yearly?.overallNote && yearly.overallNote.trim() !== draft ? [labelled("Đảng viên đã tự nhận xét", yearly.overallNote)] : []),
    ...(yearly?.shortcomingsNextYear ? [labelled("Hạn chế, khuyết điểm cần khắc phục năm sau", yearly.shortcomingsNextYear)] : []),
    heading("3. Tự xếp loại chất lượng"),
    ...(Object.keys(RATING_LABELS) as RatingValue[]).map((r) => p(`${rating === r ? "☒" : "☐"} ${RATING_LABELS[r]}`)),
    p(`Ngày ${formatDate(o.now, zone)}`, { italics: true, spacingAfter: 40 }),
    p("NGƯỜI TỰ ĐÁNH GIÁ", { bold: true }),
    p("(Ký, ghi rõ họ tên)", { italics: true, spacingAfter: 600 }),
    p(member.fullName, { bold: true }),
  ];
  return Packer.toBuffer(documentOf(`Bản tự đánh giá ${o.year} — ${member.fullName}`, children));
}
