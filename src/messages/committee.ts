// Vietnamese texts of the chi ủy's actions in chat: /duyet (approve or return registrations),
// /nhanxet (comment on a self-assessment), /dienhinh (nominate an exemplar), /thongbao (broadcast).
import { Address, address } from "./common.ts";
import { vaguenessFlag } from "./vagueness.ts";
import { formatDate } from "../domain/dates.ts";
import { parsePeriod } from "../domain/periods.ts";
import type { ReasonCode, VaguenessReason } from "../domain/vagueness.ts";
import type { Choice } from "../channels/types.ts";
import type { Category, Progress, SelfRating } from "../domain/vocabulary.ts";

export type CategoryValue = Category;
export type ProgressValue = Progress;
export type RatingValue = SelfRating;

export const CATEGORY_LABELS: Readonly<Record<CategoryValue, string>> = {
  STUDY: "Học tập",
  FOLLOW: "Làm theo",
  EXAMPLE: "Nêu gương",
};

export const PROGRESS_LABELS: Readonly<Record<ProgressValue, string>> = {
  DONE: "Đã hoàn thành",
  ON_TRACK: "Đúng tiến độ",
  BEHIND: "Chậm tiến độ",
  NOT_STARTED: "Chưa bắt đầu",
};

export const RATING_LABELS: Readonly<Record<RatingValue, string>> = {
  EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
  GOOD: "Hoàn thành tốt nhiệm vụ",
  COMPLETED: "Hoàn thành nhiệm vụ",
  NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
};

/** Longest text a comment, reason or notice may have (Zalo's message limit is 2000). */
export const MAX_COMMENT_LENGTH = 1500;
export const MAX_BROADCAST_LENGTH = 1800;

const REASON_CODES = {
  TOO_SHORT: true,
  DUPLICATE_IN_CELL: true,
  SAME_AS_LAST_YEAR: true,
  THEME_COPY: true,
  SLOGAN: true,
  DOCUMENT_ONLY: true,
  ABSTRACT_ONLY: true,
  NO_MEASURE: true,
  VAGUE_MEASURE: true,
  NO_TIMEFRAME: true,
} as const satisfies Record<ReasonCode, true>;

/** The stored vagueness reasons (JSON) as typed reasons; anything unknown is dropped. */
export function parseVagueReasons(json: unknown): VaguenessReason[] {
  if (!Array.isArray(json)) return [];
  const out: VaguenessReason[] = [];
  for (const r of json) {
    const code = typeof r === "string" ? r : r && typeof r === "object" ? (r as { code?: unknown }).code : undefined;
    if (typeof code === "string" && Object.hasOwn(REASON_CODES, code)) out.push({ code: code as ReasonCode });
  }
  return out;
}

/** Shortens to at most `max` characters at a word boundary, ending with "…". */
export function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

const periodName = (period: string) => parsePeriod(period)?.label ?? period;
const quote = (text: string) => `“${text.trim()}”`;

export interface ReviewItemView {
  category: CategoryValue;
  /** Every content the item covers (the main one included); may be empty on older rows. */
  categories?: readonly CategoryValue[];
  text: string;
  measure: string | null;
  timeframe: string | null;
  shortcoming: string | null;
  vagueVerdict: string | null;
  vagueReasons: unknown;
  vagueKept: boolean;
}

export interface RegistrationView {
  year: number;
  fullName: string;
  position: string | null;
  submittedAt: Date | null;
  enteredBySecretary: boolean;
  pledgeAccepted: boolean;
  items: ReviewItemView[];
  /** The chi ủy's last comment when it was returned before. */
  lastComment: { text: string; at: Date } | null;
}

/** "Học tập" or, for an item covering several contents, "Học tập + Làm theo" (main one first). */
export function categoryLabel(category: CategoryValue, categories: readonly CategoryValue[] = []): string {
  return [...new Set([category, ...categories])].map((c) => CATEGORY_LABELS[c]).join(" + ");
}

function itemLines(item: ReviewItemView, n: number): string[] {
  const lines = [`${n}. ${categoryLabel(item.category, item.categories)}: ${item.text.trim()}`];
  const details = [item.measure ? `Đo bằng: ${item.measure.trim()}` : null, item.timeframe ? `Thời hạn: ${item.timeframe.trim()}` : null].filter(Boolean);
  if (details.length > 0) lines.push(`   ${details.join("; ")}`);
  if (item.shortcoming) lines.push(`   Khắc phục: ${item.shortcoming.trim()}`);
  if (item.vagueVerdict === "vague" || item.vagueKept) {
    const flag = vaguenessFlag(parseVagueReasons(item.vagueReasons));
    lines.push(`   ⚠ ${flag}${item.vagueKept ? " (đảng viên giữ nguyên)" : ""}`);
  }
  return lines;
}

export const APPROVE_CHOICES: Choice[] = [
  { value: "approve", label: "Duyệt" },
  { value: "return", label: "Trả lại" },
  { value: "skip", label: "Bỏ qua" },
  { value: "stop", label: "Dừng" },
];

export const BROADCAST_CHOICES: Choice[] = [
  { value: "send", label: "Gửi" },
  { value: "cancel", label: "Hủy" },
];

export const committeeMsg = {
  // /duyet
  noPending: () => "Hiện không có bản đăng ký nào chờ duyệt.",
  registration: (r: RegistrationView, position: { index: number; total: number }, zone: string) => {
    const head = [
      `Bản đăng ký năm ${r.year} (${position.index}/${position.total})`,
      `Đảng viên: ${r.fullName}${r.position ? ` — ${r.position}` : ""}`,
      r.submittedAt ? `Gửi ngày ${formatDate(r.submittedAt, zone)}${r.enteredBySecretary ? " (bí thư nhập hộ)" : ""}` : r.enteredBySecretary ? "Bí thư nhập hộ" : null,
    ].filter((l): l is string => l !== null);
    const items = r.items.length > 0 ? r.items.flatMap((item, i) => itemLines(item, i + 1)) : ["(Chưa có nội dung nào)"];
    const tail = [
      r.pledgeAccepted ? "Có cam kết giữ gìn đạo đức, lối sống." : "Chưa có cam kết giữ gìn đạo đức, lối sống.",
      r.lastComment ? `Lần trước chi ủy trả lại (${formatDate(r.lastComment.at, zone)}): ${quote(clip(r.lastComment.text, 200))}` : null,
      "Đồng chí chọn:",
    ].filter((l): l is string => l !== null);
    return [...head, "", ...items, "", ...tail].join("\n");
  },
  approved: (fullName: string) => `Đã duyệt bản đăng ký của ${address(fullName)}.`,
  askReturnComment: (fullName: string) =>
    `Đồng chí gõ nhận xét để ${address(fullName)} biết cần sửa gì (ví dụ: “Nội dung 2 cần có con số và thời hạn cụ thể”). Gõ /huy để dừng.`,
  returnCommentRequired: () => "Khi trả lại cần có nhận xét. Đồng chí gõ nội dung nhận xét, hoặc /huy để dừng.",
  returned: (fullName: string) => `Đã trả lại bản đăng ký của ${address(fullName)} kèm nhận xét.`,
  skipped: () => "Đã bỏ qua, bản này vẫn chờ duyệt.",
  alreadyHandled: () => "Bản đăng ký này vừa được đồng chí khác trong chi ủy xử lý, bot chuyển sang bản tiếp theo.",
  reviewDone: (o: { approved: number; returned: number; left: number }) => {
    const did = o.approved + o.returned > 0 ? `Đã duyệt ${o.approved}, trả lại ${o.returned} bản đăng ký.` : "Đã xem hết danh sách.";
    const left = o.left > 0 ? ` Còn ${o.left} bản chờ duyệt, đồng chí gõ /duyet để xem lại.` : " Không còn bản nào chờ duyệt.";
    return `${did}${left}`;
  },
  reviewStopped: (left: number) => `Đã dừng duyệt.${left > 0 ? ` Còn ${left} bản chờ duyệt, gõ /duyet khi đồng chí muốn tiếp tục.` : ""}`,
  pickAction: () => "Đồng chí chọn Duyệt, Trả lại, Bỏ qua hoặc Dừng (trả lời bằng số 1–4).",

  // To the member
  notifyApproved: (o: { fullName: string; year: number; comment?: string | null }) =>
    [
      `${Address(o.fullName)}: chi ủy đã duyệt bản đăng ký học tập và làm theo Bác năm ${o.year} của đồng chí.`,
      ...(o.comment ? [`Nhận xét của chi ủy: ${quote(o.comment)}`] : []),
      "Đồng chí gõ /camket để xem lại.",
    ].join(o.comment ? "\n" : " "),
  notifyReturned: (o: { fullName: string; year: number; comment: string }) =>
    [
      `${Address(o.fullName)}: chi ủy đề nghị đồng chí sửa lại bản đăng ký năm ${o.year}.`,
      `Nhận xét của chi ủy: ${quote(o.comment)}`,
      "Đồng chí gõ /dangky để sửa và gửi lại.",
    ].join("\n"),
  notifyReviewed: (o: { fullName: string; period: string; comment: string }) =>
    [
      `${Address(o.fullName)}: chi ủy đã nhận xét bản tự đánh giá ${periodName(o.period)} của đồng chí.`,
      `Nhận xét: ${quote(o.comment)}`,
      "Đồng chí gõ /camket để xem sổ tự tu dưỡng.",
    ].join("\n"),

  // Picking a member (/nhanxet, /dienhinh)
  whoToComment: () => "Đồng chí muốn nhận xét ai? Gõ họ tên đảng viên (ví dụ: /nhanxet Nguyễn Văn Hùng).",
  whoToNominate: () => "Đồng chí đề xuất ai làm điển hình? Gõ họ tên đảng viên (ví dụ: /dienhinh Nguyễn Văn Hùng).",
  noSuchMember: (name: string) =>
    name.trim()
      ? `Không tìm thấy đảng viên “${clip(name, 60)}” trong chi bộ. Đồng chí gõ lại họ tên, hoặc /huy để dừng.`
      : "Đồng chí gõ họ tên đảng viên bằng chữ (ví dụ: Nguyễn Văn Hùng), hoặc /huy để dừng.",
  pickMember: () => "Đồng chí chọn người cần nhận xét:",
  pickNominee: () => "Đồng chí chọn người được đề xuất:",
  pickFromList: (n: number) => `Đồng chí chọn một số từ 1 đến ${n}, hoặc gõ /huy để dừng.`,

  // /nhanxet
  awaitingList: (shown: number, total: number) =>
    total > shown
      ? `Có ${total} bản tự đánh giá chưa có nhận xét của chi ủy, đây là ${shown} bản đầu. Đồng chí chọn người cần nhận xét (hoặc gõ /nhanxet <họ tên>):`
      : `Các bản tự đánh giá chưa có nhận xét của chi ủy. Đồng chí chọn người cần nhận xét:`,
  nothingAwaiting: () => "Không có bản tự đánh giá nào đang chờ nhận xét. Muốn nhận xét một đồng chí cụ thể, gõ /nhanxet <họ tên>.",
  noAssessment: (fullName: string) => `${Address(fullName)} chưa gửi bản tự đánh giá nào nên chưa có gì để nhận xét.`,
  assessment: (
    a: {
      fullName: string;
      period: string;
      submittedAt: Date | null;
      enteredBySecretary: boolean;
      items: { category: CategoryValue; text: string; progress: ProgressValue; note: string | null; evidence: boolean }[];
      overallNote: string | null;
      selfRating: RatingValue | null;
      reviews: number;
    },
    zone: string,
  ) => {
    const lines = [
      `Tự đánh giá ${periodName(a.period)} — ${a.fullName}${a.submittedAt ? ` (gửi ${formatDate(a.submittedAt, zone)}${a.enteredBySecretary ? ", bí thư nhập hộ" : ""})` : ""}`,
      ...a.items.map(
        (i) =>
          `• ${CATEGORY_LABELS[i.category]}: ${clip(i.text, 70)} — ${PROGRESS_LABELS[i.progress]}${i.note ? ` (${clip(i.note, 80)})` : ""}${i.evidence ? " [có minh chứng]" : ""}`,
      ),
    ];
    if (a.items.length === 0) lines.push("(Không có nội dung theo từng việc)");
    if (a.selfRating) lines.push(`Tự xếp loại: ${RATING_LABELS[a.selfRating]}`);
    if (a.overallNote) lines.push(`Ghi chú: ${clip(a.overallNote, 200)}`);
    if (a.reviews > 0) lines.push(`(Chi ủy đã có ${a.reviews} nhận xét cho bản này.)`);
    return lines.join("\n");
  },
  askComment: (fullName: string) => `Đồng chí gõ nhận xét của chi ủy cho ${address(fullName)} (hoặc /huy để dừng):`,
  commentRequired: () => "Đồng chí gõ nội dung nhận xét, hoặc /huy để dừng.",
  textTooLong: (max: number) => `Nội dung dài quá ${max} ký tự. Đồng chí rút gọn rồi gửi lại.`,
  commentSaved: (fullName: string, told: string) => `Đã lưu nhận xét vào sổ tự tu dưỡng của ${address(fullName)}.\n${told}\nGõ /nhanxet để nhận xét đồng chí khác.`,
  assessmentGone: () => "Bản tự đánh giá này không còn trong chi bộ. Đồng chí gõ /nhanxet để chọn lại.",

  // /dienhinh
  askReason: (fullName: string, year: number) =>
    `Đồng chí gõ lý do đề xuất ${address(fullName)} là điển hình năm ${year}: việc làm cụ thể và kết quả (hoặc /huy để dừng).`,
  reasonRequired: () => "Cần có lý do đề xuất. Đồng chí gõ việc làm cụ thể và kết quả, hoặc /huy để dừng.",
  alreadyExemplar: (fullName: string, year: number, reason: string) =>
    `${Address(fullName)} đã được đề xuất điển hình năm ${year} (lý do: ${quote(clip(reason, 200))}).`,
  exemplarSaved: (fullName: string, year: number) => `Đã ghi nhận đề xuất ${address(fullName)} là điển hình năm ${year}.`,
  memberGone: () => "Đảng viên này không còn trong chi bộ. Đồng chí gõ lại lệnh để chọn người khác.",

  // /thongbao
  askBroadcastText: () => "Đồng chí gõ nội dung thông báo gửi cả chi bộ (hoặc /huy để dừng):",
  broadcastPreview: (o: { text: string; recipients: number; unitName: string; reach: string }) =>
    [`Xem trước thông báo gửi tới ${o.recipients} đồng chí của ${o.unitName}:`, "", o.text.trim(), "", `Người nhận: ${o.reach}`, "Đồng chí gửi ngay chứ?"].join("\n"),
  pickSend: () => "Đồng chí chọn 1 để gửi, 2 để hủy.",
  broadcastSent: (reach: string) => `Đã ghi thông báo. ${reach}\nKhi gửi xong, bot báo lại đồng chí kết quả.`,
  broadcastCancelled: () => "Đã hủy, thông báo chưa được gửi.",
  // /baocao
  digestUnavailable: () => "Chưa lập được báo cáo của chi bộ lúc này. Đồng chí thử lại sau ít phút.",

  broadcastFailed: () => "Chưa gửi được thông báo do trục trặc. Đồng chí thử lại sau ít phút.",
};
