// The cell's spreadsheets the chi ủy downloads: the year's registrations and the year's
// self-assessments, print-ready (xlsx.ts). Built from data the caller loaded for one cell.
import type { CellRegistrationRow, yearAssessments } from "../db/dashboard-data.ts";
import type { CollectiveItem } from "../db/registrations.ts";
import { parsePeriod, monthsOfYear } from "../domain/periods.ts";
import { CATEGORY_LABELS, RATING_LABELS, categoryLabel, parseVagueReasons, type ProgressValue } from "../messages/committee.ts";
import { REGISTRATION_STATUS_LABELS } from "../messages/dashboard.ts";
import { vaguenessFlag } from "../messages/vagueness.ts";
import { formatDate } from "../domain/dates.ts";
import { addSheet, day, newWorkbook, workbookBuffer, type Cell, type TitleBlock } from "./xlsx.ts";
import { unitLine } from "./units.ts";

const vagueText = (item: { vagueVerdict: string | null; vagueReasons: unknown; vagueKept: boolean }) =>
  item.vagueVerdict === "vague" || item.vagueKept ? `${vaguenessFlag(parseVagueReasons(item.vagueReasons))}${item.vagueKept ? " (giữ nguyên)" : ""}` : "";

export const REGISTRATION_SHEETS = { individual: "Đăng ký cá nhân", collective: "Đăng ký tập thể" } as const;
export const REGISTRATIONS_DOCUMENT = "Danh sách đăng ký học tập và làm theo";
export const ASSESSMENTS_DOCUMENT = "Tổng hợp tự đánh giá của đảng viên";

interface CellExport {
  unitName: string;
  /** The đảng bộ above the cell, for the title block. */
  parentName?: string | null;
  year: number;
  zone: string;
  now: Date;
}

const titleOf = (o: CellExport, document: string): TitleBlock => ({
  unit: unitLine(o.unitName, o.parentName ?? null),
  document: `${document} năm ${o.year}`,
  period: `Năm ${o.year}`,
  exportedAt: o.now,
  zone: o.zone,
});

/** The cell's registrations of the year: one row per item (a row per member without any). */
export async function registrationsXlsx(o: CellExport & { rows: CellRegistrationRow[]; collective: CollectiveItem[] }): Promise<Buffer> {
  const wb = newWorkbook(o.now);
  const title = titleOf(o, REGISTRATIONS_DOCUMENT);
  const rows: Cell[][] = [];
  let n = 0;
  for (const m of o.rows) {
    n += 1;
    const reg = m.registration;
    const status = REGISTRATION_STATUS_LABELS[reg?.status ?? "NONE"] ?? "";
    const head: Cell[] = [n, m.fullName, m.position ?? "", m.status === "EXEMPT" ? `${status} (miễn sinh hoạt)` : status, day(reg?.submittedAt)];
    if (!reg || reg.items.length === 0) {
      rows.push([...head, null, "", "", "", "", "", ""]);
      continue;
    }
    for (const item of reg.items) {
      rows.push([
        ...head,
        item.position,
        categoryLabel(item.category, item.categories),
        item.text,
        item.measure ?? "",
        item.timeframe ?? "",
        item.shortcoming ?? "",
        vagueText(item),
      ]);
    }
  }
  addSheet(wb, title, {
    name: REGISTRATION_SHEETS.individual,
    subtitle: "Đăng ký của từng đảng viên",
    columns: [
      { header: "STT", width: 5 },
      { header: "Họ và tên", width: 22 },
      { header: "Chức vụ", width: 18 },
      { header: "Trạng thái", width: 14 },
      { header: "Ngày gửi", width: 11 },
      { header: "Nội dung thứ", width: 8 },
      { header: "Nhóm", width: 12 },
      { header: "Nội dung đăng ký", width: 48 },
      { header: "Đo bằng", width: 22 },
      { header: "Thời hạn", width: 14 },
      { header: "Khắc phục hạn chế", width: 20 },
      { header: "Chung chung", width: 20 },
    ],
    rows,
  });
  addSheet(wb, title, {
    name: REGISTRATION_SHEETS.collective,
    subtitle: "Đăng ký của tập thể chi bộ",
    columns: [
      { header: "STT", width: 6 },
      { header: "Nội dung của chi bộ", width: 60 },
      { header: "Đo bằng", width: 24 },
      { header: "Thời hạn", width: 16 },
      { header: "Trạng thái", width: 14 },
    ],
    rows: o.collective.map((c) => [c.position, c.text, c.measure ?? "", c.timeframe ?? "", REGISTRATION_STATUS_LABELS[c.status] ?? c.status]),
  });
  return workbookBuffer(wb);
}

const PROGRESS_SHORT: Record<ProgressValue, string> = { DONE: "Hoàn thành", ON_TRACK: "Đúng tiến độ", BEHIND: "Chậm", NOT_STARTED: "Chưa bắt đầu" };

export const ASSESSMENT_SHEETS = { progress: "Tiến độ theo tháng", assessments: "Các bản tự đánh giá", summary: "Tổng hợp theo tháng" } as const;
/** The progress sheet's column for the yearly self-assessment (never folded into T12). */
export const YEAR_COLUMN = "Cả năm";

/** The year's self-assessments: progress per item and month, every assessment with its comments, monthly coverage. */
export async function assessmentsXlsx(o: CellExport & { members: Awaited<ReturnType<typeof yearAssessments>> }): Promise<Buffer> {
  const wb = newWorkbook(o.now);
  const title = titleOf(o, ASSESSMENTS_DOCUMENT);
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
    let yearly: (typeof m.assessments)[number] | undefined;
    for (const as of m.assessments) {
      if (!as.submittedAt) continue;
      const p = parsePeriod(as.period);
      if (!p) continue;
      if (p.kind === "YEARLY") {
        yearly = as;
        continue;
      }
      // A quarter's assessment stands for its last month when that month has none of its own.
      const month = p.kind === "MONTHLY" ? p.period : `${p.year}-${String(Number(p.period.slice(-1)) * 3).padStart(2, "0")}`;
      if (p.kind === "MONTHLY" || !byMonth.has(month)) byMonth.set(month, as);
    }
    if (m.status === "ACTIVE") for (const month of byMonth.keys()) submittedPerMonth.set(month, (submittedPerMonth.get(month) ?? 0) + 1);
    const progressOf = (as: (typeof m.assessments)[number] | undefined, itemId: string) => {
      const answer = as?.items.find((i) => i.itemId === itemId);
      return answer ? PROGRESS_SHORT[answer.progress] : "";
    };
    for (const item of items) {
      progressRows.push([
        n,
        m.fullName,
        item.position,
        CATEGORY_LABELS[item.category],
        item.text,
        ...months.map((month) => progressOf(byMonth.get(month), item.id)),
        progressOf(yearly, item.id),
      ]);
    }
    if (items.length === 0)
      progressRows.push([n, m.fullName, null, "", m.status === "EXEMPT" ? "(miễn sinh hoạt)" : "(chưa có bản đăng ký)", ...months.map(() => ""), ""]);
    for (const as of m.assessments) {
      a += 1;
      assessmentRows.push([
        a,
        m.fullName,
        parsePeriod(as.period)?.label ?? as.period,
        as.submittedAt ? day(as.submittedAt) : "Chưa nộp",
        as.overallNote ?? "",
        as.selfRating ? RATING_LABELS[as.selfRating] : "",
        as.reviews.map((r) => `${formatDate(r.createdAt, o.zone)} ${r.author.fullName}: ${r.text}`).join("\n"),
      ]);
    }
  }
  addSheet(wb, title, {
    name: ASSESSMENT_SHEETS.progress,
    subtitle: "Tiến độ từng nội dung theo tháng",
    columns: [
      { header: "STT", width: 5 },
      { header: "Họ và tên", width: 20 },
      { header: "Nội dung thứ", width: 8 },
      { header: "Nhóm", width: 10 },
      { header: "Nội dung đăng ký", width: 40 },
      ...months.map((_month, i) => ({ header: `T${i + 1}`, width: 9 })),
      { header: YEAR_COLUMN, width: 10 },
    ],
    rows: progressRows,
  });
  addSheet(wb, title, {
    name: ASSESSMENT_SHEETS.assessments,
    subtitle: "Các bản tự đánh giá và nhận xét của chi ủy",
    columns: [
      { header: "STT", width: 5 },
      { header: "Họ và tên", width: 22 },
      { header: "Kỳ", width: 14 },
      { header: "Ngày nộp", width: 11 },
      { header: "Tự nhận xét chung", width: 44 },
      { header: "Tự xếp loại", width: 22 },
      { header: "Nhận xét của chi ủy", width: 50 },
    ],
    rows: assessmentRows,
  });
  const active = o.members.filter((m) => m.status === "ACTIVE").length;
  addSheet(wb, title, {
    name: ASSESSMENT_SHEETS.summary,
    subtitle: "Số đảng viên tự đánh giá theo tháng",
    columns: [
      { header: "Tháng", width: 12 },
      { header: "Đã tự đánh giá", width: 16 },
      { header: "Đảng viên (không tính miễn sinh hoạt)", width: 30 },
      { header: "Tỷ lệ (%)", width: 12 },
    ],
    rows: months.map((month, i) => {
      const count = submittedPerMonth.get(month) ?? 0;
      return [`${String(i + 1).padStart(2, "0")}/${o.year}`, count, active, active > 0 ? Math.round((count * 100) / active) : null];
    }),
  });
  return workbookBuffer(wb);
}
