// The digest and roll-up as JSON (plain serializable objects, dates as ISO strings) and as XLSX
// (a summary sheet plus one sheet per list, Vietnamese headers, dates dd/MM/yyyy in the unit's
// zone). No file I/O: the caller (CLI, dashboard) writes or sends the Buffer.
import ExcelJS from "exceljs";
import { DateTime } from "luxon";
import { inZone } from "./dates.ts";
import type { CellDigest, Rollup } from "./digest.ts";
import { parsePeriod } from "./periods.ts";

// ---------------------------------------------------------------------------------------------
// JSON

/** T with every Date replaced by its ISO string. */
export type Jsonify<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer U>
    ? Jsonify<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonify<T[K]> }
      : T;

export const CELL_DIGEST_SCHEMA = "chibo.cell-digest/1";
export const ROLLUP_SCHEMA = "chibo.rollup/1";

export type CellDigestJson = { schema: typeof CELL_DIGEST_SCHEMA } & Jsonify<CellDigest>;
export type RollupJson = { schema: typeof ROLLUP_SCHEMA } & Jsonify<Rollup>;

function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) out[k] = plain(v);
    }
    return out;
  }
  return value;
}

/** The digest as a plain object (JSON.stringify-able; dates as ISO strings). */
export function digestToJson(digest: CellDigest): CellDigestJson {
  return { schema: CELL_DIGEST_SCHEMA, ...(plain(digest) as Jsonify<CellDigest>) };
}

/** The roll-up as a plain object: numbers and unit names only. */
export function rollupToJson(rollup: Rollup): RollupJson {
  return { schema: ROLLUP_SCHEMA, ...(plain(rollup) as Jsonify<Rollup>) };
}

// ---------------------------------------------------------------------------------------------
// XLSX

type Row = Array<string | number | null>;

interface SheetSpec {
  name: string;
  columns: Array<{ header: string; width: number }>;
  rows: Row[];
}

const CATEGORY_LABELS = { STUDY: "Học tập", FOLLOW: "Làm theo", EXAMPLE: "Nêu gương" } as const;
const MEETING_KIND_LABELS = {
  REGULAR: "Định kỳ",
  THEMATIC: "Chuyên đề",
  QUARTERLY: "Đánh giá quý",
  YEAR_END: "Cuối năm",
} as const;

const label = (period: string | null): string => (period ? (parsePeriod(period)?.label ?? period) : "");

/** dd/MM/yyyy in the zone; the zone is checked once, then reused. */
function dateFormatter(zone: string): (d: Date | null) => string {
  const z = inZone(new Date(0), zone).zone;
  return (d) => (d ? DateTime.fromJSDate(d, { zone: z }).toFormat("dd/MM/yyyy") : "");
}

function addSheet(wb: ExcelJS.Workbook, spec: SheetSpec): void {
  const ws = wb.addWorksheet(spec.name);
  ws.columns = spec.columns.map((c) => ({ header: c.header, width: c.width }));
  ws.getRow(1).font = { bold: true };
  ws.views = [{ state: "frozen", ySplit: 1 }];
  for (const row of spec.rows) ws.addRow(row);
}

const numbered = <T>(items: readonly T[], row: (item: T) => Row): Row[] => items.map((item, i) => [i + 1, ...row(item)]);

const NAME_COLUMNS = [
  { header: "STT", width: 6 },
  { header: "Họ và tên", width: 30 },
];

async function toBuffer(wb: ExcelJS.Workbook): Promise<Buffer> {
  const data = await wb.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}

function newWorkbook(generatedAt: Date): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  wb.creator = "chibo-bot";
  wb.created = generatedAt;
  wb.modified = generatedAt;
  return wb;
}

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

/** The digest as an XLSX workbook: "Tổng hợp" plus one sheet per list (empty lists keep their sheet). */
export async function digestToXlsx(digest: CellDigest): Promise<Buffer> {
  const fmt = dateFormatter(digest.unit.timeZone);
  const wb = newWorkbook(digest.generatedAt);
  const d = digest;
  const meeting = d.meeting;

  addSheet(wb, {
    name: DIGEST_SHEETS.summary,
    columns: [
      { header: "Mục", width: 44 },
      { header: "Giá trị", width: 36 },
    ],
    rows: [
      ["Chi bộ", d.unit.name],
      ["Kỳ đánh giá", label(d.period)],
      ["Ngày lập", fmt(d.generatedAt)],
      ["Ngày sinh hoạt", meeting ? fmt(meeting.startsAt) : ""],
      ["Giờ sinh hoạt", meeting ? inZone(meeting.startsAt, d.unit.timeZone).toFormat("HH:mm") : ""],
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
  });

  const names = (name: string, list: readonly string[]): void =>
    addSheet(wb, { name, columns: NAME_COLUMNS, rows: numbered(list, (n) => [n]) });
  const itemColumns = [...NAME_COLUMNS, { header: "Nhóm", width: 12 }, { header: "Nội dung", width: 70 }];

  names(DIGEST_SHEETS.notRegistered, d.registered.missing);
  names(DIGEST_SHEETS.returned, d.returned);
  names(DIGEST_SHEETS.notAssessed, d.assessed.missing);
  addSheet(wb, {
    name: DIGEST_SHEETS.behind,
    columns: [...itemColumns, { header: "Chậm từ kỳ", width: 16 }],
    rows: numbered(d.behind, (e) => [e.member, CATEGORY_LABELS[e.category], e.itemText, label(e.since)]),
  });
  addSheet(wb, {
    name: DIGEST_SHEETS.stale,
    columns: [
      ...itemColumns,
      { header: "Lần cuối có tiến triển", width: 22 },
      { header: "Ngày báo cáo", width: 14 },
    ],
    rows: numbered(d.stale, (e) => [
      e.member,
      CATEGORY_LABELS[e.category],
      e.itemText,
      e.lastProgressPeriod ? label(e.lastProgressPeriod) : "Chưa có",
      fmt(e.lastProgressAt),
    ]),
  });
  addSheet(wb, {
    name: DIGEST_SHEETS.vagueKept,
    columns: itemColumns,
    rows: numbered(d.vagueKept, (e) => [e.member, CATEGORY_LABELS[e.category], e.itemText]),
  });
  addSheet(wb, {
    name: DIGEST_SHEETS.exemplars,
    columns: [...NAME_COLUMNS, { header: "Số tháng đúng tiến độ", width: 22 }, { header: "Số lần tự đánh giá", width: 18 }],
    rows: numbered(d.suggestedExemplars, (e) => [e.member, e.months, e.assessments]),
  });
  addSheet(wb, {
    name: DIGEST_SHEETS.awaitingReview,
    columns: [...NAME_COLUMNS, { header: "Kỳ tự đánh giá", width: 16 }, { header: "Ngày nộp", width: 14 }],
    rows: numbered(d.awaitingReview, (e) => [e.member, label(e.period), fmt(e.submittedAt)]),
  });
  names(DIGEST_SHEETS.unreachable, d.unreachable);
  names(DIGEST_SHEETS.notLinked, d.notLinked);
  return toBuffer(wb);
}

export const ROLLUP_SHEETS = {
  summary: "Tổng hợp",
  cells: "Các chi bộ",
  lagging: "Chi bộ chậm",
} as const;

/** The roll-up as an XLSX workbook: totals, every cell's coverage, lagging cells. Numbers only. */
export async function rollupToXlsx(rollup: Rollup): Promise<Buffer> {
  const fmt = dateFormatter(rollup.committee.timeZone);
  const wb = newWorkbook(rollup.generatedAt);
  const t = rollup.totals;
  addSheet(wb, {
    name: ROLLUP_SHEETS.summary,
    columns: [
      { header: "Mục", width: 44 },
      { header: "Giá trị", width: 30 },
    ],
    rows: [
      ["Đảng bộ", rollup.committee.name],
      ["Kỳ báo cáo", label(rollup.period)],
      ["Ngày lập", fmt(rollup.generatedAt)],
      ["Số chi bộ", t.cells],
      ["Chi bộ chậm", t.laggingCells],
      ["Đảng viên (không tính miễn sinh hoạt)", t.activeMembers],
      ["Miễn sinh hoạt", t.exemptMembers],
      ["Đã đăng ký", t.registered],
      ["Tỷ lệ đăng ký (%)", t.registeredPct],
      ["Đã tự đánh giá", t.assessed],
      ["Tỷ lệ tự đánh giá (%)", t.assessedPct],
      ["Nội dung tập thể", t.collectiveItems],
      ["Nội dung cá nhân", t.individualItems],
      ["Điển hình cá nhân", t.exemplars],
      ["Đề nghị biểu dương", t.suggestedExemplars],
      ["Nội dung chậm tiến độ", t.behindItems],
      ["Nội dung không tiến triển từ 2 tháng", t.staleItems],
      ["Ngưỡng đăng ký (%)", rollup.thresholds.minRegisteredPct],
      ["Ngưỡng tự đánh giá (%)", rollup.thresholds.minAssessedPct],
    ],
  });
  const cellColumns = [
    { header: "STT", width: 6 },
    { header: "Chi bộ", width: 34 },
    { header: "Kỳ", width: 14 },
    { header: "Đảng viên", width: 11 },
    { header: "Đã đăng ký", width: 11 },
    { header: "Tỷ lệ đăng ký (%)", width: 17 },
    { header: "Đã tự đánh giá", width: 14 },
    { header: "Tỷ lệ tự đánh giá (%)", width: 20 },
    { header: "Chậm", width: 8 },
  ];
  const cellRow = (c: Rollup["cells"][number]): Row => [
    c.unitName,
    label(c.period),
    c.activeMembers,
    c.registered,
    c.registeredPct,
    c.assessed,
    c.assessedPct,
    c.lagging ? "Có" : "",
  ];
  addSheet(wb, { name: ROLLUP_SHEETS.cells, columns: cellColumns, rows: numbered(rollup.cells, cellRow) });
  addSheet(wb, { name: ROLLUP_SHEETS.lagging, columns: cellColumns, rows: numbered(rollup.lagging, cellRow) });
  return toBuffer(wb);
}
