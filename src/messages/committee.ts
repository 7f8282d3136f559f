// Vietnamese texts of the chi ủy's actions in chat: /duyet (approve or return registrations),
// /nhanxet (comment on a self-assessment), /dienhinh (nominate an exemplar), /thongbao (broadcast).
import { Address, address } from "./common.ts";
import { registrationItemLines } from "./registration.ts";
import { clip, quote } from "./quote.ts";
import { deliveryMsg, type ReachView } from "./delivery.ts";
import { parseEvidence } from "../domain/assessment-rules.ts";
import { formatDate } from "../domain/dates.ts";
import { parsePeriod, periodLabel } from "../domain/periods.ts";
import type { RegistrationStatusValue } from "../domain/owed.ts";
import type { ReasonCode, VaguenessReason } from "../domain/vagueness.ts";
import type { Choice } from "../channels/types.ts";
import { SELF_RATINGS, type Category, type Progress, type SelfRating } from "../domain/vocabulary.ts";

export type CategoryValue = Category;
export type ProgressValue = Progress;
export type RatingValue = SelfRating;

export { clip };

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

const periodName = (period: string) => parsePeriod(period)?.label ?? period;

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
  /** TheChi ủy's last comment when it was returned before. */
  lastComment: { text: string; at: Date } | null;
  /** Periods the member already self-assessed on it before approval ("2026-11"), oldest first. */
  assessedBeforeApproval?: readonly string[];
}

/**
 * One line for the chi ủy: the member already reported on this registration before it was approved
 * (the count and the last period when many). Null when there is nothing to say.
 */
export function assessedBeforeApprovalLine(periods: readonly string[] = []): string | null {
  const labels = periods.map(periodLabel);
  if (labels.length === 0) return null;
  const named = labels.length <= 3 ? labels.join(", ") : `${labels.length} kỳ, gần nhất ${labels[labels.length - 1]}`;
  return `Đã tự đánh giá ${named} trên bản chưa duyệt này.`;
}

/** "Học tập" or, for an item covering several contents, "Học tập + Làm theo" (main one first). */
export function categoryLabel(category: CategoryValue, categories: readonly CategoryValue[] = []): string {
  return [...new Set([category, ...categories])].map((c) => CATEGORY_LABELS[c]).join(" + ");
}

// The chi ủy reads an item exactly as the member does (one formatter in messages/registration.ts).
/**
 * What is still waiting at the end of a /duyet session (`left`: the year of each registration):
 * "Còn 2 bản chờ duyệt"; when the session held two years (`named`), with the year of each, since
 * "còn 1 bản" would not say whether 2026's or 2027's is left.
 */
function leftText(left: readonly number[], named: boolean): string {
  const years = [...new Set(left)].sort((a, b) => a - b);
  if (!named) return `Còn ${left.length} bản chờ duyệt`;
  if (years.length === 1) return `Còn ${left.length} bản năm ${years[0]} chờ duyệt`;
  return `Còn ${left.length} bản chờ duyệt (${years.map((y) => `${left.filter((x) => x === y).length} bản năm ${y}`).join(", ")})`;
}

/** What a /duyet session decided, in one sentence ("Đã duyệt 2 bản đăng ký."); none when nothing. */
function decided(o: { approved: number; returned: number }): string | undefined {
  const did = [...(o.approved > 0 ? [`duyệt ${o.approved}`] : []), ...(o.returned > 0 ? [`trả lại ${o.returned}`] : [])];
  return did.length > 0 ? `Đã ${did.join(", ")} bản đăng ký.` : undefined;
}

const itemLines = (item: ReviewItemView, n: number): string[] =>
  registrationItemLines({ ...item, categories: item.categories ?? [], position: n }, "committee");

// "ok", "đồng ý" can only mean Duyệt here; "thôi để mai" can only mean Dừng (nothing is undone by it).
export const APPROVE_CHOICES: Choice[] = [
  { value: "approve", label: "Duyệt", words: ["ok", "oke", "okay", "dong y", "nhat tri", "duoc", "duoc roi", "duyet luon"] },
  { value: "approve-comment", label: "Duyệt kèm nhận xét" },
  { value: "return", label: "Trả lại" },
  { value: "skip", label: "Bỏ qua" },
  { value: "stop", label: "Dừng", words: ["thoi de mai", "de mai", "mai tiep", "mai duyet tiep", "tam dung", "dung lai"] },
];

/** The chi ủy's proposed rating of a year-end self-assessment: the four levels of the self-rating. */
export const RATING_CHOICES: Choice[] = SELF_RATINGS.map((value) => ({ value, label: RATING_LABELS[value] }));

/** Evidence as the chi ủy reads it: the typed line, or a photo sent in the chat with its caption. */
export function evidenceText(evidence: string): string {
  const parsed = parseEvidence(evidence);
  if (parsed.kind === "text") return parsed.text;
  return parsed.caption ? `ảnh gửi qua bot (${parsed.caption})` : "ảnh gửi qua bot";
}

/** A nominee's registration that is not approved (NONE: there is none), as the warning words it. */
export type UnapprovedState = Exclude<RegistrationStatusValue, "APPROVED">;
const REGISTRATION_STATE: Readonly<Record<UnapprovedState, string>> = {
  NONE: "chưa có bản đăng ký",
  DRAFT: "bản đăng ký còn đang soạn, chưa gửi",
  SUBMITTED: "bản đăng ký đang chờ chi ủy duyệt",
  RETURNED: "bản đăng ký đã bị trả lại, chưa sửa xong",
};

// "ok", "gửi đi", "ok gửi đi" (the polite "đi" is dropped by plainAnswer) can only mean Gửi here.
export const BROADCAST_CHOICES: Choice[] = [
  { value: "send", label: "Gửi", words: ["ok", "oke", "okay", "ok gui", "gui", "gui luon", "dong y", "dong y gui"] },
  { value: "cancel", label: "Hủy" },
];

export const committeeMsg = {
  // /duyet
  noPending: () => "Hiện không có bản đăng ký nào chờ duyệt.",
  registration: (r: RegistrationView, position: { index: number; total: number }, zone: string) => {
    const head = [
      // The counter runs over the whole queue, which may hold two years: kept apart from the year.
      `(${position.index}/${position.total}) Bản đăng ký năm ${r.year}`,
      `Đảng viên: ${r.fullName}${r.position ? ` — ${r.position}` : ""}`,
      r.submittedAt
        ? `Gửi ngày ${formatDate(r.submittedAt, zone)}${r.enteredBySecretary ? " (bí thư nhập hộ)" : ""}`
        : r.enteredBySecretary
          ? "Bí thư nhập hộ"
          : null,
      assessedBeforeApprovalLine(r.assessedBeforeApproval),
    ].filter((l): l is string => l !== null);
    const items = r.items.length > 0 ? r.items.flatMap((item, i) => itemLines(item, i + 1)) : ["(Chưa có việc nào)"];
    const tail = [
      r.pledgeAccepted ? "Có cam kết giữ gìn đạo đức, lối sống." : "Chưa có cam kết giữ gìn đạo đức, lối sống.",
      r.lastComment ? `Lần trước chi ủy trả lại (${formatDate(r.lastComment.at, zone)}): ${quote(clip(r.lastComment.text, 200))}` : null,
      "Đồng chí chọn:",
    ].filter((l): l is string => l !== null);
    return [...head, "", ...items, "", ...tail].join("\n");
  },
  approved: (fullName: string, withComment = false) => `Đã duyệt bản đăng ký của ${address(fullName)}${withComment ? " kèm nhận xét" : ""}.`,
  askApproveComment: (fullName: string) =>
    `Đồng chí gõ nhận xét gửi kèm khi duyệt để ${address(fullName)} biết (ví dụ: “Các việc rõ ràng, đề nghị giữ tiến độ hằng tháng”). Gõ /huy để dừng.`,
  approveCommentRequired: () => "Đồng chí gõ nội dung nhận xét gửi kèm, hoặc /huy để dừng.",
  askReturnComment: (fullName: string) =>
    `Đồng chí gõ nhận xét để ${address(fullName)} biết cần sửa gì (ví dụ: “Việc 2 cần có con số và thời hạn cụ thể”). Gõ /huy để dừng.`,
  returnCommentRequired: () => "Khi trả lại cần có nhận xét. Đồng chí gõ nội dung nhận xét, hoặc /huy để dừng.",
  /** A comment that reads as a question: not sent; the same text again sends it as typed. */
  commentIsQuestion: (fullName: string) =>
    `Câu này giống câu hỏi nên bot chưa gửi, vì ${address(fullName)} sẽ đọc nguyên văn. Đồng chí gõ nhận xét trong một dòng (gửi lại đúng câu ấy nếu vẫn muốn gửi).`,
  returned: (fullName: string) => `Đã trả lại bản đăng ký của ${address(fullName)} kèm nhận xét.`,
  skipped: () => "Đã bỏ qua, bản này vẫn chờ duyệt.",
  alreadyHandled: () => "Bản đăng ký này vừa được đồng chí khác trong chi ủy xử lý, bot chuyển sang bản tiếp theo.",
  /** `left`: the year of each registration still waiting; `named`: the session held more than one year. */
  reviewDone: (o: { approved: number; returned: number; left: readonly number[]; named?: boolean }) => {
    const did = decided(o) ?? "Đã xem hết danh sách.";
    const left = o.left.length > 0 ? ` ${leftText(o.left, o.named ?? false)}, đồng chí gõ /duyet để xem lại.` : " Không còn bản nào chờ duyệt.";
    return `${did}${left}`;
  },
  reviewStopped: (left: readonly number[], named = false) =>
    `Đã dừng duyệt.${left.length > 0 ? ` ${leftText(left, named)}, gõ /duyet khi đồng chí muốn tiếp tục.` : ""}`,
  /** /duyet stopped by /huy or another command: the decision asked about is not recorded (no comment was typed). */
  decisionNotRecorded: (fullName: string, action: "approve" | "return") =>
    `Bản đăng ký của ${address(fullName)} chưa được ${action === "approve" ? "duyệt" : "trả lại"}.`,
  /** /duyet stopped by /huy or another command: what was decided stays decided, and what is left. */
  reviewStopKept: (o: { approved: number; returned: number; left: readonly number[]; named?: boolean }) => {
    const did = decided(o);
    const left = o.left.length > 0 ? [`${leftText(o.left, o.named ?? false)}, gõ /duyet khi đồng chí muốn tiếp tục.`] : [];
    return [...(did ? [did] : []), ...left].join(" ");
  },
  pickAction: () => "Đồng chí chọn Duyệt, Duyệt kèm nhận xét, Trả lại, Bỏ qua hoặc Dừng (trả lời bằng số 1–5).",

  // To the member
  notifyApproved: (o: { fullName: string; year: number; comment?: string | null }) =>
    [
      `${Address(o.fullName)}: chi ủy đã duyệt bản đăng ký học tập và làm theo Bác năm ${o.year} của đồng chí.`,
      ...(o.comment ? [`Nhận xét của chi ủy: ${quote(o.comment)}`] : []),
      "Đồng chí gõ /camket để xem lại.",
    ].join(o.comment ? "\n" : " "),
  /** To the secretary and deputies when a member sends (or, after a return, sends again) a registration. */
  notifySubmitted: (o: { fullName: string; year: number; afterReturn: boolean }) =>
    `Đồng chí ${o.fullName} vừa ${o.afterReturn ? "gửi lại bản đăng ký năm " + o.year + " đã sửa" : "gửi bản đăng ký năm " + o.year}. Gõ /duyet để xem và duyệt.`,
  notifyReturned: (o: { fullName: string; year: number; comment: string }) =>
    [
      `${Address(o.fullName)}: chi ủy đề nghị đồng chí sửa lại bản đăng ký năm ${o.year}.`,
      `Nhận xét của chi ủy: ${quote(o.comment)}`,
      "Đồng chí gõ /dangky để sửa và gửi lại.",
    ].join("\n"),
  notifyReviewed: (o: { fullName: string; period: string; comment: string; rating?: RatingValue | null }) =>
    [
      `${Address(o.fullName)}: chi ủy đã nhận xét bản tự đánh giá ${periodName(o.period)} của đồng chí.`,
      `Nhận xét: ${quote(o.comment)}`,
      ...(o.rating ? [`Chi ủy đề xuất xếp loại: ${RATING_LABELS[o.rating]}.`] : []),
      "Đồng chí gõ /camket để xem sổ tự tu dưỡng.",
    ].join("\n"),

  // Picking a member (/nhanxet, /dienhinh)
  whoToComment: () => "Đồng chí muốn nhận xét ai? Gõ họ tên đảng viên (ví dụ: /nhanxet Nguyễn Văn Hùng).",
  whoToNominate: () => "Đồng chí đề xuất ai làm điển hình? Gõ họ tên đảng viên (ví dụ: /dienhinh Nguyễn Văn Hùng).",
  noSuchMember: (name: string) =>
    name.trim()
      ? `Không tìm thấy đảng viên ${quote(clip(name, 60))} trong chi bộ. Đồng chí gõ lại họ tên, hoặc /huy để dừng.`
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
      items: { category: CategoryValue; text: string; progress: ProgressValue; note: string | null; evidence: string | null }[];
      overallNote: string | null;
      selfRating: RatingValue | null;
      shortcomings?: string | null;
      reviews: number;
      /** The chi ủy's latest proposed rating of a year-end assessment. */
      proposedRating?: RatingValue | null;
    },
    zone: string,
  ) => {
    const lines = [
      `Tự đánh giá ${periodName(a.period)} — ${a.fullName}${a.submittedAt ? ` (gửi ${formatDate(a.submittedAt, zone)}${a.enteredBySecretary ? ", bí thư nhập hộ" : ""})` : ""}`,
      ...a.items.flatMap((i) => [
        `• ${CATEGORY_LABELS[i.category]}: ${clip(i.text, 70)} — ${PROGRESS_LABELS[i.progress]}${i.note ? ` (${clip(i.note, 80)})` : ""}`,
        ...(i.evidence ? [`   Minh chứng: ${clip(evidenceText(i.evidence), 200)}`] : []),
      ]),
    ];
    if (a.items.length === 0) lines.push("(Không có nội dung theo từng việc)");
    if (a.selfRating) lines.push(`Tự xếp loại: ${RATING_LABELS[a.selfRating]}`);
    if (a.overallNote) lines.push(`Ghi chú: ${clip(a.overallNote, 200)}`);
    if (a.shortcomings) lines.push(`Hạn chế và hướng khắc phục: ${clip(a.shortcomings, 200)}`);
    if (a.proposedRating) lines.push(`Chi ủy đã đề xuất xếp loại: ${RATING_LABELS[a.proposedRating]}`);
    if (a.reviews > 0) lines.push(`(Chi ủy đã có ${a.reviews} nhận xét cho bản này.)`);
    return lines.join("\n");
  },
  askComment: (fullName: string) => `Đồng chí gõ nhận xét của chi ủy cho ${address(fullName)} (hoặc /huy để dừng):`,
  commentRequired: () => "Đồng chí gõ nội dung nhận xét, hoặc /huy để dừng.",
  textTooLong: (max: number) => `Nội dung dài quá ${max} ký tự. Đồng chí rút gọn rồi gửi lại.`,
  askRating: (fullName: string) => `Đây là bản tự đánh giá cuối năm. Chi ủy đề xuất xếp loại ${address(fullName)} ở mức nào?`,
  pickRating: () => "Đồng chí chọn một trong bốn mức xếp loại (trả lời bằng số 1–4), hoặc /huy để dừng.",
  /** /nhanxet stopped at the rating: the comment typed is not saved (it goes with the rating). */
  commentNotSaved: (fullName: string) => `Nhận xét cho ${address(fullName)} chưa được lưu vì chưa chọn xếp loại.`,
  commentSaved: (fullName: string, told: string, rating?: RatingValue | null) =>
    [
      `Đã lưu nhận xét vào sổ tự tu dưỡng của ${address(fullName)}.`,
      ...(rating ? [`Chi ủy đề xuất xếp loại: ${RATING_LABELS[rating]}.`] : []),
      ...(told ? [told] : []),
      "Gõ /nhanxet để nhận xét đồng chí khác.",
    ].join("\n"),
  assessmentGone: () => "Bản tự đánh giá này không còn trong chi bộ. Đồng chí gõ /nhanxet để chọn lại.",

  // /dienhinh
  askReason: (fullName: string, year: number) =>
    `Đồng chí gõ lý do đề xuất ${address(fullName)} là điển hình năm ${year}: việc làm cụ thể và kết quả (hoặc /huy để dừng).`,
  /** Before the reason: the nominee's registration of the year is not approved (the nomination is still allowed). */
  notApprovedWarning: (fullName: string, year: number, status: UnapprovedState) =>
    `Lưu ý: năm ${year} ${address(fullName)} ${REGISTRATION_STATE[status]}. Điển hình thường là người đã được duyệt đăng ký và làm tốt; đồng chí vẫn có thể đề xuất, hoặc gõ /huy để dừng (duyệt bản đăng ký bằng /duyet).`,
  reasonRequired: () => "Cần có lý do đề xuất. Đồng chí gõ việc làm cụ thể và kết quả, hoặc /huy để dừng.",
  alreadyExemplar: (fullName: string, year: number, reason: string) =>
    `${Address(fullName)} đã được đề xuất điển hình năm ${year} (lý do: ${quote(clip(reason, 200))}).`,
  exemplarSaved: (fullName: string, year: number) => `Đã ghi nhận đề xuất ${address(fullName)} là điển hình năm ${year}.`,
  /** /dienhinh stopped before the reason: the nomination is not recorded. */
  exemplarNotRecorded: (fullName: string, year: number) => `Chưa ghi đề xuất ${address(fullName)} là điển hình năm ${year}.`,
  memberGone: () => "Đảng viên này không còn trong chi bộ. Đồng chí gõ lại lệnh để chọn người khác.",

  // /thongbao
  askBroadcastText: () => "Đồng chí gõ nội dung thông báo gửi cả chi bộ (hoặc /huy để dừng):",
  /** Says how many the bot reaches, never "gửi tới N" for members it cannot reach; names the others and what to do. */
  broadcastPreview: (o: {
    text: string;
    unitName: string;
    counts: { reachable: number; notLinked: number; exemptNotLinked: number };
    missing: ReachView["unreachable"];
  }) =>
    [
      `Xem trước thông báo gửi ${o.unitName}:`,
      "",
      o.text.trim(),
      "",
      `Người nhận: ${deliveryMsg.preview(o.counts)}`,
      ...(o.counts.reachable === 0 ? ["Hiện bot chưa gửi được tin riêng cho đồng chí nào."] : []),
      ...deliveryMsg.misses(o.missing),
      "Đồng chí gửi ngay chứ?",
    ].join("\n"),
  pickSend: () => "Đồng chí chọn 1 để gửi, 2 để hủy.",
  /** What members receive: who sent it, in one short line, then the text as written. */
  broadcastToMembers: (o: { unitName: string; author: string; text: string }) => `Thông báo của ${o.unitName} (đ/c ${o.author}):\n${o.text}`,
  broadcastSent: (reach: string) => `Đã ghi thông báo. ${reach}\nKhi gửi xong, bot báo lại đồng chí kết quả.`,
  /** Nobody could be reached: nothing was sent (and no summary will follow); what to do (the preview named them). */
  broadcastNobody: (reason: string) => `${reason}\n${deliveryMsg.whatToDo()}`,
  broadcastCancelled: () => "Đã hủy, thông báo chưa được gửi.",
  /** /thongbao stopped at the preview by /huy or another command. */
  broadcastNotSent: () => "Thông báo chưa được gửi.",
  // /baocao
  digestUnavailable: () => "Chưa lập được báo cáo của chi bộ lúc này. Đồng chí thử lại sau ít phút.",

  broadcastFailed: () => "Chưa gửi được thông báo do trục trặc. Đồng chí thử lại sau ít phút.",
};
