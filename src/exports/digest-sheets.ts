// The digest and the roll-up as print-ready XLSX (a summary sheet plus one sheet per list; see
// xlsx.ts for the title block and page setup). No file I/O: the caller (CLI, dashboard) writes or
// sends the Buffer.
import type { CellDigest, Rollup } from "../domain/digest/index.ts";
import { inZone } from "../domain/dates.ts";
import { parsePeriod } from "../domain/periods.ts";
import { addSheet, day, newWorkbook, workbookBuffer, type Cell, type Column, type TitleBlock } from "./xlsx.ts";
import { unitLine } from "./units.ts";

const CATEGORY_LABELS = { STUDY: "Học tập", FOLLOW: "Làm theo", EXAMPLE: "Nêu gương" } as const;
const MEETING_KIND_LABELS = {
  REGULAR: "Định kỳ",
  THEMATIC: "Chuyên đề",
  QUARTERLY: "Đánh giá quý",
  YEAR_END: "Cuối năm",
} as const;

const label = (period: string | null): string => (period ? (parsePeriod(period)?.label ?? period) : "");

const numbered = <T>(items: readonly T[], row: (item: T) => Cell[]): Cell[][] => items.map((item, i) => [i + 1, ...row(item)]);

const NAME_COLUMNS: Column[] = [
  { header: "STT", width: 6 },
  { header: "Họ và tên", width: 30 },
];

/** Sheet names of digestToXlsx, in order. */
export const DIGEST_SHEETS = {
  summary: "Tổng hợp",
  notRegistered: "Chưa đăng ký",
  returned: "Trả lại cần sửa",
  notAssessed: "Chưa tự đánh giá",
  behind: "Chậm tiến độ",
  stale: "Không tiến triển",
  vagueKept: "Chung chung giữ nguyên",
  exemplars: "Đề nghị điển hình",
  awaitingReview: "Chờ nhận xét",
  unreachable: "Không liên lạc được",
  notLinked: "Chưa kết nối bot",
} as const;

export const DIGEST_DOCUMENT = "Báo cáo nhanh trước sinh hoạt chi bộ";
export const ROLLUP_DOCUMENT = "Tổng hợp học tập và làm theo của các chi bộ";

/** The digest as an XLSX workbook: "Tổng hợp" plus one sheet per list (empty lists keep their sheet). */
export async function digestToXlsx(digest: CellDigest, o: { committee?: string | null } = {}): Promise<Buffer> {
  const d = digest;
  const zone = d.unit.timeZone;
  const wb = newWorkbook(d.generatedAt);
  const title: TitleBlock = {
    unit: unitLine(d.unit.name, o.committee ?? null),
    document: DIGEST_DOCUMENT,
    period: `Kỳ đánh giá: ${label(d.period)}`,
    exportedAt: d.generatedAt,
    zone,
  };
  const meeting = d.meeting;
  const add = (name: string, columns: Column[], rows: Cell[][], subtitle: string = name) => addSheet(wb, title, { name, columns, rows, subtitle });

  add(
    DIGEST_SHEETS.summary,
    [
      { header: "Mục", width: 44 },
      { header: "Giá trị", width: 36 },
    ],
    [
      ["Chi bộ", d.unit.name],
      ["Kỳ đánh giá", label(d.period)],
      ["Ngày lập", day(d.generatedAt)],
      ["Ngày sinh hoạt", day(meeting?.startsAt)],
      ["Giờ sinh hoạt", meeting ? inZone(meeting.startsAt, zone).toFormat("HH:mm") : ""],
      ["Loại buổi sinh hoạt", meeting ? MEETING_KIND_LABELS[meeting.kind] : ""],
      ["Địa điểm", meeting?.place ?? ""],
      ["Đảng viên (không tính miễn sinh hoạt)", d.members.active],
      ["Miễn sinh hoạt", d.members.exempt],
      ["Đã đăng ký", d.registered.count],
      ["Chưa đăng ký", d.registered.missing.length],
      ["Trả lại, cần sửa", d.returned.length],
      ["Đã tự đánh giá", d.assessed.count],
      ["Chưa tự đánh giá", d.assessed.missing.length],
      ["Nội dung chậm tiến độ", d.behind.length],
      ["Nội dung không tiến triển từ 2 tháng", d.stale.length],
      ["Nội dung chung chung giữ nguyên", d.vagueKept.length],
      ["Đề nghị biểu dương điển hình", d.suggestedExemplars.length],
      ["Tự đánh giá chờ nhận xét", d.awaitingReview.length],
      ["Không liên lạc được qua bot", d.unreachable.length],
      ["Chưa kết nối bot", d.notLinked.length],
      ["Nội dung cá nhân đã đăng ký", d.totals.individualItems],
      ["Nội dung tập thể", d.totals.collectiveItems],
      ["Điển hình trong năm", d.totals.exemplars],
    ],
    "Tổng hợp",
  );

  const names = (name: string, list: readonly string[]) =>
    add(
      name,
      NAME_COLUMNS,
      numbered(list, (n) => [n]),
    );
  const itemColumns: Column[] = [...NAME_COLUMNS, { header: "Nhóm", width: 12 }, { header: "Nội dung", width: 70 }];

  names(DIGEST_SHEETS.notRegistered, d.registered.missing);
  names(DIGEST_SHEETS.returned, d.returned);
  names(DIGEST_SHEETS.notAssessed, d.assessed.missing);
  add(
    DIGEST_SHEETS.behind,
    [...itemColumns, { header: "Chậm từ kỳ", width: 16 }],
    numbered(d.behind, (e) => [e.member, CATEGORY_LABELS[e.category], e.itemText, label(e.since)]),
  );
  add(
    DIGEST_SHEETS.stale,
    [...itemColumns, { header: "Lần cuối có tiến triển", width: 22 }, { header: "Ngày báo cáo", width: 14 }],
    numbered(d.stale, (e) => [
      e.member,
      CATEGORY_LABELS[e.category],
      e.itemText,
      e.lastProgressPeriod ? label(e.lastProgressPeriod) : "Chưa có",
      day(e.lastProgressAt),
    ]),
  );
  add(
    DIGEST_SHEETS.vagueKept,
    itemColumns,
    numbered(d.vagueKept, (e) => [e.member, CATEGORY_LABELS[e.category], e.itemText]),
  );
  add(
    DIGEST_SHEETS.exemplars,
    [...NAME_COLUMNS, { header: "Số tháng đúng tiến độ", width: 22 }, { header: "Số lần tự đánh giá", width: 18 }],
    numbered(d.suggestedExemplars, (e) => [e.member, e.months, e.assessments]),
  );
  add(
    DIGEST_SHEETS.awaitingReview,
    [...NAME_COLUMNS, { header: "Kỳ tự đánh giá", width: 16 }, { header: "Ngày nộp", width: 14 }],
    numbered(d.awaitingReview, (e) => [e.member, label(e.period), day(e.submittedAt)]),
  );
  names(DIGEST_SHEETS.unreachable, d.unreachable);
  names(DIGEST_SHEETS.notLinked, d.notLinked);
  return workbookBuffer(wb);
}

export const ROLLUP_SHEETS = {
  summary: "Tổng hợp",
  cells: "Các chi bộ",
  lagging: "Chi bộ chậm",
} as const;

/** The period the roll-up reports on: the one asked for, else the cells' own open periods. */
export function rollupPeriodLabel(rollup: Rollup): string {
  if (rollup.period) return label(rollup.period);
  const periods = [...new Set(rollup.cells.map((c) => c.period))].sort();
  if (periods.length > 0) return periods.map(label).join(", ");
  return `năm ${inZone(rollup.generatedAt, rollup.committee.timeZone).year}`;
}

/** The roll-up as an XLSX workbook: totals, every cell's coverage, lagging cells. Numbers only. */
export async function rollupToXlsx(rollup: Rollup): Promise<Buffer> {
  const zone = rollup.committee.timeZone;
  const wb = newWorkbook(rollup.generatedAt);
  const period = rollupPeriodLabel(rollup);
  const title: TitleBlock = {
    unit: unitLine(rollup.committee.name, null),
    document: ROLLUP_DOCUMENT,
    period: `Kỳ báo cáo: ${period}`,
    exportedAt: rollup.generatedAt,
    zone,
  };
  const t = rollup.totals;
  addSheet(wb, title, {
    name: ROLLUP_SHEETS.summary,
    subtitle: "Tổng hợp",
    columns: [
      { header: "Mục", width: 44 },
      { header: "Giá trị", width: 30 },
    ],
    rows: [
      ["Đảng bộ", rollup.committee.name],
      ["Kỳ báo cáo", period],
      ["Ngày lập", day(rollup.generatedAt)],
      ["Số chi bộ", t.cells],
      ["Chi bộ chậm", t.laggingCells],
      ["Đảng viên (không tính miễn sinh hoạt)", t.activeMembers],
      ["Miễn sinh hoạt", t.exemptMembers],
      ["Đã đăng ký", t.registered],
      ["Tỷ lệ đăng ký (%)", t.registeredPct],
      ["Đã tự đánh giá", t.assessed],
      ["Tỷ lệ tự đánh giá (%)", t.assessedPct],
      ["Việc tập thể", t.collectiveItems],
      ["Việc cá nhân", t.individualItems],
      ["Điển hình cá nhân", t.exemplars],
      ["Đề nghị biểu dương", t.suggestedExemplars],
      ["Việc chậm tiến độ", t.behindItems],
      ["Việc không tiến triển từ 2 tháng", t.staleItems],
      ["Ngưỡng đăng ký (%)", rollup.thresholds.minRegisteredPct],
      ["Ngưỡng tự đánh giá (%)", rollup.thresholds.minAssessedPct],
    ],
  });
  const cellColumns: Column[] = [
    { header: "STT", width: 6 },
    { header: "Chi bộ", width: 34 },
    { header: "Kỳ", width: 14 },
    { header: "Đảng viên", width: 11 },
    { header: "Đã đăng ký", width: 11 },
    { header: "Tỷ lệ đăng ký (%)", width: 14 },
    { header: "Đã tự đánh giá", width: 12 },
    { header: "Tỷ lệ tự đánh giá (%)", width: 14 },
    { header: "Chậm", width: 8 },
  ];
  const cellRow = (c: Rollup["cells"][number]): Cell[] => [
    c.unitName,
    label(c.period),
    c.activeMembers,
    c.registered,
    c.registeredPct,
    c.assessed,
    c.assessedPct,
    c.lagging ? "Có" : "",
  ];
  addSheet(wb, title, { name: ROLLUP_SHEETS.cells, subtitle: "Các chi bộ", columns: cellColumns, rows: numbered(rollup.cells, cellRow) });
  addSheet(wb, title, { name: ROLLUP_SHEETS.lagging, subtitle: "Chi bộ chậm", columns: cellColumns, rows: numbered(rollup.lagging, cellRow) });
  return workbookBuffer(wb);
}
