// Vietnamese texts of the registration (/dangky, /dangky chibo) and the notebook (/camket).
import { Address, address } from "./common.ts";
import { vaguenessFlag } from "./vagueness.ts";
import { formatDate } from "../domain/dates.ts";
import { itemContents, type CommitmentCategory, type RegistrationProblem, type RegistrationStatusValue } from "../domain/registration-rules.ts";
import type { VaguenessReason } from "../domain/vagueness.ts";

export const CATEGORY_LABELS: Readonly<Record<CommitmentCategory, string>> = {
  STUDY: "Học tập",
  FOLLOW: "Làm theo",
  EXAMPLE: "Nêu gương",
};

const lower = (c: CommitmentCategory) => CATEGORY_LABELS[c].toLowerCase();
const joinVi = (parts: readonly string[]) =>
  parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} và ${parts[parts.length - 1]}`;

export const contentsList = (cats: readonly CommitmentCategory[]) => joinVi(cats.map(lower));

const STATUS_LABELS: Readonly<Record<RegistrationStatusValue, string>> = {
  DRAFT: "bản nháp, chưa gửi chi ủy",
  SUBMITTED: "đã gửi, chờ chi ủy duyệt",
  APPROVED: "chi ủy đã duyệt",
  RETURNED: "chi ủy trả lại để sửa",
};

export interface ItemView {
  position: number;
  category: CommitmentCategory;
  categories: readonly CommitmentCategory[];
  text: string;
  measure: string | null;
  timeframe: string | null;
  shortcoming: string | null;
  vagueKept: boolean;
  vagueReasons: unknown;
}

function reasonsOf(value: unknown): VaguenessReason[] {
  return Array.isArray(value) ? (value.filter((r) => r && typeof r === "object" && "code" in r) as VaguenessReason[]) : [];
}

/** One item, in 2–4 short lines. */
export function itemLines(item: ItemView): string {
  const cats = itemContents(item).map((c) => CATEGORY_LABELS[c]).join(", ");
  const lines = [`${item.position}. [${cats}] ${item.text}`];
  const details = [item.measure ? `Đo: ${item.measure}` : null, item.timeframe ? `Thời hạn: ${item.timeframe}` : null].filter(Boolean);
  if (details.length > 0) lines.push(`   ${details.join(" · ")}`);
  if (item.shortcoming) lines.push(`   Khắc phục: ${item.shortcoming}`);
  if (item.vagueKept) lines.push(`   ⚠️ ${vaguenessFlag(reasonsOf(item.vagueReasons))} (chi ủy sẽ góp ý)`);
  return lines.join("\n");
}

const short = (text: string, max = 60) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

export const regMsg = {
  onBehalfIntro: (fullName: string) =>
    `Đồng chí đang nhập bản đăng ký thay cho ${fullName}; bản đăng ký sẽ ghi là bí thư nhập hộ. Các câu hỏi dưới đây là cho ${fullName}.`,
  onBehalfSecretaryOnly: () => "Chỉ bí thư hoặc phó bí thư chi bộ mới nhập hộ bản đăng ký. Đồng chí gõ /dangky để đăng ký cho mình.",
  onBehalfNotFound: (name: string) => `Không tìm thấy đảng viên "${name}" trong chi bộ. Đồng chí kiểm tra lại họ tên, hoặc gõ /huy để dừng.`,
  onBehalfPick: () => "Có nhiều đảng viên có tên khớp với chữ vừa gõ. Đồng chí chọn người cần nhập hộ:",
  intro: (o: { fullName: string; year: number; theme: string | null }) =>
    [
      `${Address(o.fullName)}, mình cùng đăng ký học tập và làm theo Bác năm ${o.year}.`,
      o.theme ? `Chuyên đề năm: “${o.theme}”.` : null,
      "Đồng chí đăng ký từ 1 đến 3 việc; các việc cộng lại cần đủ 3 nội dung: học tập, làm theo, nêu gương (một việc có thể gồm nhiều nội dung).",
      "Bot lưu bản nháp sau mỗi việc. Gõ /huy để dừng, lần sau gõ /dangky để làm tiếp.",
    ]
      .filter(Boolean)
      .join("\n"),
  askCategory: (n: number) => `Việc ${n}: nội dung chính là gì?`,
  askCategoryEdit: () => "Nội dung chính của việc này là gì?",
  askAlso: (main: CommitmentCategory) =>
    `Ngoài ${lower(main)}, việc này có gồm nội dung nào khác không? (Các việc cộng lại cần đủ học tập, làm theo, nêu gương.)`,
  alsoNone: () => "Không",
  alsoBoth: () => "Cả hai",
  askText: (example: string | undefined) =>
    [
      "Đồng chí sẽ làm việc gì? Viết cụ thể: làm gì, bao nhiêu, khi nào.",
      example ? `Ví dụ: “${example}”` : null,
    ]
      .filter(Boolean)
      .join("\n"),
  askTextEdit: (current: string) => `Nội dung hiện tại: “${current}”.\nĐồng chí gõ nội dung mới:`,
  askMeasure: () => "Kết quả đo bằng gì, minh chứng là gì? (ví dụ: số bài thu hoạch trong sổ tay, số hồ sơ trả đúng hạn)",
  askTimeframe: () => "Thời hạn hoặc tần suất? Chọn dưới đây hoặc gõ (ví dụ: trước 30/6, mỗi tuần 1 buổi).",
  timeframeChoices: (year: number) => [
    { value: "month", label: "Mỗi tháng" },
    { value: "quarter", label: "Mỗi quý" },
    { value: "year", label: `Trong năm ${year}` },
  ],
  askShortcoming: (last: string | null) =>
    last
      ? `Việc này có giúp khắc phục hạn chế đồng chí nêu năm trước không?\nNăm trước: “${short(last, 200)}”.\nChọn dưới đây, hoặc gõ hạn chế mà việc này khắc phục.`
      : "Việc này có khắc phục hạn chế, khuyết điểm nào đã nêu khi kiểm điểm năm trước không? Gõ ngắn gọn, hoặc chọn Bỏ qua.",
  shortcomingSkip: () => "Bỏ qua",
  shortcomingSame: () => "Đúng hạn chế năm trước",
  needText: () => "Đồng chí gõ câu trả lời bằng chữ nhé (hoặc /huy để dừng).",
  itemSaved: (n: number) => `Đã lưu việc ${n} vào bản nháp.`,
  itemChanged: (n: number) => `Đã lưu thay đổi của việc ${n}.`,
  itemDeleted: (n: number) => `Đã xóa việc ${n}.`,
  coverage: (missing: readonly CommitmentCategory[]) =>
    missing.length === 0 ? "Các việc đã đủ 3 nội dung: học tập, làm theo, nêu gương." : `Còn thiếu nội dung: ${contentsList(missing)}.`,
  askMore: () => "Đồng chí muốn thêm việc nữa không?",
  more: () => "Thêm việc khác",
  done: () => "Xong",
  problems: (problems: readonly RegistrationProblem[], count: number) =>
    problems
      .map((p) => {
        if (p.code === "NO_ITEMS") return "Bản đăng ký chưa có việc nào. Đồng chí thêm ít nhất 1 việc.";
        if (p.code === "TOO_MANY_ITEMS") return `Chỉ đăng ký tối đa ${p.max} việc. Đồng chí xóa bớt một việc.`;
        return count < 3
          ? `Bản đăng ký chưa đủ 3 nội dung: còn thiếu ${contentsList(p.missing)}. Đồng chí thêm một việc, hoặc sửa một việc để gồm cả nội dung này.`
          : `Bản đăng ký chưa đủ 3 nội dung: còn thiếu ${contentsList(p.missing)}. Đồng chí sửa nội dung (học tập, làm theo, nêu gương) của một việc để gồm cả nội dung này.`;
      })
      .join("\n"),
  tooMany: () => "Đồng chí đã có đủ 3 việc (tối đa). Muốn đổi, đồng chí sửa hoặc xóa một việc.",
  pledge: (fullName: string) =>
    [
      "Cam kết chung của đảng viên:",
      "“Tôi cam kết giữ gìn phẩm chất đạo đức, lối sống trong sạch, giản dị; không suy thoái về tư tưởng chính trị, đạo đức, lối sống, không có biểu hiện “tự diễn biến”, “tự chuyển hóa”; gương mẫu chấp hành Điều lệ Đảng, pháp luật của Nhà nước và quy định nơi công tác, nơi cư trú.”",
      `${Address(fullName)} có đồng ý với cam kết này không?`,
    ].join("\n"),
  agree: () => "Đồng ý",
  later: () => "Để sau",
  pledgeThanks: () => "Cảm ơn đồng chí. Mời đồng chí xem lại bản đăng ký trước khi gửi:",
  review: (o: { year: number; status: RegistrationStatusValue; items: readonly ItemView[]; pledgeAccepted: boolean; submittedAt: Date | null; zone: string; lastComment?: { text: string; author: string; at: Date } | null }) => {
    const head =
      o.status === "SUBMITTED" && o.submittedAt
        ? `Bản đăng ký năm ${o.year}: đã gửi ngày ${formatDate(o.submittedAt, o.zone)}, chờ chi ủy duyệt.`
        : `Bản đăng ký năm ${o.year}: ${STATUS_LABELS[o.status]}.`;
    const lines = [head, ...o.items.map(itemLines)];
    lines.push(`Cam kết chung: ${o.pledgeAccepted ? "đã đồng ý" : "chưa đồng ý"}.`);
    if (o.lastComment) lines.push(`Nhận xét của chi ủy (${formatDate(o.lastComment.at, o.zone)}, ${o.lastComment.author}): ${o.lastComment.text}`);
    return lines.join("\n");
  },
  menuAsk: () => "Đồng chí muốn làm gì tiếp?",
  menu: {
    submit: "Gửi chi ủy",
    add: "Thêm một việc",
    edit: "Sửa hoặc xóa một việc",
    editSubmitted: "Sửa bản đăng ký",
    withdraw: "Rút lại về bản nháp",
    drop: "Xóa bản nháp",
    later: "Để sau",
    keep: "Giữ nguyên",
  },
  submitted: (at: Date, zone: string) =>
    `Đã gửi bản đăng ký tới chi ủy ngày ${formatDate(at, zone)}. Trước khi chi ủy duyệt, đồng chí vẫn sửa hoặc rút lại được bằng /dangky.`,
  withdrawn: () => "Đã rút bản đăng ký về bản nháp. Sửa xong đồng chí chọn “Gửi chi ủy” để gửi lại.",
  reopened: () => "Lưu ý: bản đăng ký đã chuyển về bản nháp. Sửa xong đồng chí chọn “Gửi chi ủy” để gửi lại.",
  draftKept: () => "Bản nháp đã được lưu. Khi tiện, đồng chí gõ /dangky để làm tiếp.",
  submittedKept: () => "Bản đăng ký vẫn ở trạng thái đã gửi, chờ chi ủy duyệt.",
  confirmDrop: () => "Xóa toàn bộ bản nháp? Việc này không hoàn tác được.",
  dropYes: () => "Xóa",
  dropNo: () => "Không xóa",
  dropped: () => "Đã xóa bản nháp. Khi cần, đồng chí gõ /dangky để đăng ký lại.",
  approvedLocked: (year: number) =>
    `Bản đăng ký năm ${year} đã được chi ủy duyệt nên không sửa được nữa. Cần thay đổi, đồng chí trao đổi với bí thư chi bộ.`,
  pickItem: () => "Đồng chí chọn việc cần sửa hoặc xóa:",
  pickField: (n: number) => `Việc ${n}: đồng chí muốn sửa phần nào?`,
  fields: {
    text: "Nội dung việc làm",
    cat: "Học tập / làm theo / nêu gương",
    measure: "Cách đo, minh chứng",
    time: "Thời hạn",
    short: "Hạn chế khắc phục",
    del: "Xóa việc này",
    back: "Quay lại",
  },
  coachAsk: () => "Đồng chí chọn:",
  useExample: (i: number) => `Dùng gợi ý ${i}`,
  askRewrite: () => "Đồng chí gõ lại nội dung việc làm (có thể chép một gợi ý ở trên rồi sửa cho hợp):",
  nowConcrete: () => "Tốt, nội dung đã cụ thể.",
  gone: () => "Không tìm thấy việc này nữa (có thể đã được sửa ở nơi khác). Đồng chí gõ /dangky để xem lại.",
};

// ---------------------------------------------------------------------------------------------
// Collective items (/dangky chibo)

export interface CollectiveView {
  position: number;
  text: string;
  measure: string | null;
  timeframe: string | null;
  vagueKept: boolean;
  vagueReasons: unknown;
}

function collectiveLines(item: CollectiveView): string {
  const lines = [`${item.position}. ${item.text}`];
  const details = [item.measure ? `Đo: ${item.measure}` : null, item.timeframe ? `Thời hạn: ${item.timeframe}` : null].filter(Boolean);
  if (details.length > 0) lines.push(`   ${details.join(" · ")}`);
  if (item.vagueKept) lines.push(`   ⚠️ ${vaguenessFlag(reasonsOf(item.vagueReasons))}`);
  return lines.join("\n");
}

export const collectiveMsg = {
  intro: (o: { unitName: string; year: number; theme: string | null }) =>
    [
      `Đăng ký của ${o.unitName} năm ${o.year}: 1–2 việc trọng tâm, là vấn đề bức xúc ở đơn vị mà chi bộ quyết giải quyết trong năm.`,
      o.theme ? `Chuyên đề năm: “${o.theme}”.` : null,
    ]
      .filter(Boolean)
      .join("\n"),
  askText: (n: number) => `Việc ${n} của chi bộ: chi bộ sẽ làm gì? Viết cụ thể: làm gì, bao nhiêu, khi nào.`,
  list: (o: { unitName: string; year: number; items: readonly CollectiveView[] }) =>
    o.items.length === 0
      ? `${o.unitName} chưa đăng ký việc nào năm ${o.year}.`
      : [`Việc chi bộ đã đăng ký năm ${o.year}:`, ...o.items.map(collectiveLines)].join("\n"),
  saved: (n: number) => `Đã lưu việc ${n} của chi bộ.`,
  deleted: (n: number) => `Đã xóa việc ${n} của chi bộ.`,
  menu: { add: "Thêm một việc", edit: "Sửa một việc", del: "Xóa một việc", done: "Xong" },
  pickEdit: () => "Đồng chí chọn việc cần sửa (sẽ nhập lại nội dung, cách đo và thời hạn):",
  pickDelete: () => "Đồng chí chọn việc cần xóa:",
  full: () => "Chi bộ đã có đủ 2 việc (tối đa). Muốn đổi, đồng chí sửa hoặc xóa một việc.",
  done: () => "Đã lưu đăng ký của chi bộ. Đồng chí gõ /dangky chibo khi cần sửa.",
};

// ---------------------------------------------------------------------------------------------
// Notebook (/camket)

const PROGRESS_LABELS: Readonly<Record<string, string>> = {
  DONE: "xong",
  ON_TRACK: "đúng tiến độ",
  BEHIND: "chậm",
  NOT_STARTED: "chưa làm",
};

const RATING_LABELS: Readonly<Record<string, string>> = {
  EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
  GOOD: "Hoàn thành tốt nhiệm vụ",
  COMPLETED: "Hoàn thành nhiệm vụ",
  NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
};

const ROMAN = ["I", "II", "III", "IV"];

/** "2026-11" → "Tháng 11/2026", "2026-Q4" → "Quý IV/2026", "2026" → "Năm 2026". */
export function periodLabel(period: string): string {
  const month = /^(\d{4})-(\d{2})$/.exec(period);
  if (month) return `Tháng ${Number(month[2])}/${month[1]}`;
  const quarter = /^(\d{4})-Q([1-4])$/.exec(period);
  if (quarter) return `Quý ${ROMAN[Number(quarter[2]) - 1]}/${quarter[1]}`;
  if (/^\d{4}$/.test(period)) return `Năm ${period}`;
  return period;
}

export interface NotebookView {
  fullName: string;
  year: number;
  zone: string;
  registration: {
    status: RegistrationStatusValue;
    submittedAt: Date | null;
    decidedAt: Date | null;
    items: readonly ItemView[];
  } | null;
  assessments: ReadonlyArray<{
    period: string;
    selfRating: string | null;
    overallNote: string | null;
    items: ReadonlyArray<{ position: number; progress: string }>;
  }>;
  reviews: ReadonlyArray<{ at: Date; author: string; text: string; period: string | null }>;
}

export function notebookText(v: NotebookView): string {
  const lines = [`Sổ tự tu dưỡng năm ${v.year} — ${address(v.fullName)}`];
  const reg = v.registration;
  if (!reg || reg.items.length === 0) {
    lines.push(`Đồng chí chưa có bản đăng ký năm ${v.year}. Gõ /dangky để đăng ký.`);
  } else {
    const when =
      reg.status === "SUBMITTED" && reg.submittedAt
        ? `đã gửi ngày ${formatDate(reg.submittedAt, v.zone)}, chờ chi ủy duyệt`
        : reg.status === "APPROVED" && reg.decidedAt
          ? `chi ủy đã duyệt ngày ${formatDate(reg.decidedAt, v.zone)}`
          : STATUS_LABELS[reg.status];
    lines.push(`Bản đăng ký: ${when}.`, ...reg.items.map(itemLines));
  }
  if (v.assessments.length > 0) {
    lines.push("", "Tiến độ (mới nhất trước):");
    for (const a of v.assessments) {
      const parts = [...a.items].sort((x, y) => x.position - y.position).map((i) => `việc ${i.position} ${PROGRESS_LABELS[i.progress] ?? i.progress}`);
      if (a.selfRating) parts.push(`tự xếp loại: ${RATING_LABELS[a.selfRating] ?? a.selfRating}`);
      if (parts.length === 0 && a.overallNote) parts.push(short(a.overallNote, 80));
      lines.push(`• ${periodLabel(a.period)}: ${parts.join("; ") || "đã tự đánh giá"}`);
    }
  } else if (reg && reg.items.length > 0) {
    lines.push("", "Chưa có kỳ tự đánh giá nào. Đến kỳ, đồng chí gõ /danhgia.");
  }
  if (v.reviews.length > 0) {
    lines.push("", "Nhận xét của chi ủy:");
    for (const r of v.reviews) {
      const about = r.period ? ` về ${periodLabel(r.period).toLowerCase()}` : " về bản đăng ký";
      lines.push(`• ${formatDate(r.at, v.zone)}, ${r.author}${about}: ${r.text}`);
    }
  } else if (reg && reg.items.length > 0) {
    lines.push("", "Chưa có nhận xét của chi ủy.");
  }
  return lines.join("\n");
}
