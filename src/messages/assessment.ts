// Texts of the self-assessment (/danhgia): monthly, quarterly and year-end.
import { Address, address } from "./common.ts";
import { formatDateTime } from "../domain/dates.ts";
import {
  parseEvidence,
  progressLabel,
  ratingLabel,
  type ProgressValue,
  type SelfRatingValue,
} from "../domain/assessment-rules.ts";
import { shorten, type DraftCategory } from "../domain/year-end-draft.ts";

const CATEGORY_LABELS: Readonly<Record<DraftCategory, string>> = { STUDY: "Học tập", FOLLOW: "Làm theo", EXAMPLE: "Nêu gương" };
export const categoryLabel = (c: DraftCategory) => CATEGORY_LABELS[c];

/** Labels of the buttons (and of the numbered options on Zalo / local chat). */
export const assessLabels = {
  skip: "Bỏ qua",
  keep: "Giữ như cũ",
  useDraft: "Dùng bản nháp này",
  submit: "Gửi tự đánh giá",
  editItem: (n: number) => `Sửa nội dung ${n}`,
  editOverall: "Sửa nhận xét chung",
  editRating: "Sửa xếp loại",
  editShortcomings: "Sửa hạn chế",
  editParts: "Sửa từng phần",
  redo: "Làm lại từ đầu",
  keepAll: "Giữ nguyên",
};

function deadlineText(deadline: Date | null, zone: string): string {
  return deadline
    ? `Hạn sửa: trước buổi sinh hoạt chi bộ lúc ${formatDateTime(deadline, zone)}.`
    : "Chi bộ chưa có lịch sinh hoạt; đồng chí sửa được đến hết tháng.";
}

function evidenceText(evidence: string): string {
  const parsed = parseEvidence(evidence);
  if (parsed.kind === "text") return parsed.text;
  return parsed.caption ? `đã gửi ảnh (${parsed.caption})` : "đã gửi ảnh";
}

export interface SummaryInput {
  fullName: string;
  label: string;
  items: Array<{ id: string; category: DraftCategory; text: string }>;
  answers: Record<string, { progress: ProgressValue; note: string | null; evidence: string | null }>;
  overallNote: string | null;
  yearly: boolean;
  selfRating: SelfRatingValue | null;
  shortcomings: string | null;
  enteredBySecretary?: boolean;
}

export function assessmentSummary(s: SummaryInput): string {
  const lines = [`Tự đánh giá ${s.label} của ${address(s.fullName)}${s.enteredBySecretary ? " (bí thư nhập thay)" : ""}:`];
  s.items.forEach((item, i) => {
    const answer = s.answers[item.id];
    lines.push(`${i + 1}. ${categoryLabel(item.category)} — ${shorten(item.text, 70)}: ${answer ? progressLabel(answer.progress) : "chưa trả lời"}`);
    if (answer?.note) lines.push(`   Ghi chú: ${answer.note}`);
    if (answer?.evidence) lines.push(`   Minh chứng: ${evidenceText(answer.evidence)}`);
  });
  if (s.overallNote) lines.push(`Nhận xét chung: ${s.overallNote}`);
  if (s.yearly) {
    lines.push(`Tự xếp loại: ${s.selfRating ? ratingLabel(s.selfRating) : "chưa chọn"}`);
    lines.push(`Hạn chế cần khắc phục năm tới: ${s.shortcomings ?? "chưa nhập"}`);
  }
  return lines.join("\n");
}

export const assessMsg = {
  exempt: (fullName: string, onBehalf: boolean) =>
    onBehalf
      ? `${Address(fullName)} đang được miễn sinh hoạt chi bộ nên không cần tự đánh giá.`
      : `${Address(fullName)} đang được miễn sinh hoạt chi bộ nên không cần tự đánh giá. Cảm ơn đồng chí đã quan tâm!`,
  noRegistration: (o: { fullName: string; year: number; status: "DRAFT" | "RETURNED" | null; onBehalf: boolean }) => {
    if (o.onBehalf) {
      return `${Address(o.fullName)} chưa có bản đăng ký học tập và làm theo Bác năm ${o.year} đã gửi. Cần đăng ký trước (/dangky) rồi mới tự đánh giá.`;
    }
    if (o.status === "DRAFT") return `Bản đăng ký năm ${o.year} của đồng chí chưa gửi. Đồng chí gõ /dangky để hoàn thành và gửi, rồi tự đánh giá sau nhé.`;
    if (o.status === "RETURNED") return `Bản đăng ký năm ${o.year} của đồng chí đang được chi ủy trả lại để sửa. Đồng chí gõ /dangky để sửa và gửi lại, rồi tự đánh giá sau nhé.`;
    return `Đồng chí chưa có bản đăng ký học tập và làm theo Bác năm ${o.year}. Đồng chí gõ /dangky để đăng ký trước, rồi tự đánh giá sau nhé.`;
  },
  closed: (o: { closedLabel: string; meetingAt: Date; zone: string; openLabel: string }) =>
    `Kỳ ${o.closedLabel} đã khép lại khi chi bộ sinh hoạt lúc ${formatDateTime(o.meetingAt, o.zone)}, nên không sửa được nữa. Bây giờ là tự đánh giá ${o.openLabel}.`,
  intro: (o: { fullName: string; label: string; count: number; deadline: Date | null; zone: string; onBehalf: boolean }) =>
    [
      o.onBehalf
        ? `Đồng chí đang nhập tự đánh giá ${o.label} thay cho ${address(o.fullName)} (${o.fullName}): ${o.count} nội dung.`
        : `Tự đánh giá ${o.label} của ${address(o.fullName)}: ${o.count} nội dung.`,
      "Với mỗi nội dung, chọn mức tiến độ, rồi thêm ghi chú và minh chứng nếu có.",
      deadlineText(o.deadline, o.zone),
      "Gõ /huy để dừng.",
    ].join("\n"),
  progressQuestion: (o: { index: number; total: number; category: DraftCategory; text: string; label: string; previous: ProgressValue | null }) =>
    [
      `Nội dung ${o.index + 1}/${o.total} — ${categoryLabel(o.category)}:`,
      `“${o.text}”`,
      `Tiến độ trong ${o.label}?${o.previous ? ` (lần trước: ${progressLabel(o.previous)})` : ""}`,
    ].join("\n"),
  pickProgress: () => "Đồng chí chọn một mức tiến độ trong danh sách (bấm nút hoặc gõ số), hoặc gõ /huy để dừng.",
  noteQuestion: (previous: string | null) =>
    `Ghi chú ngắn cho nội dung này (đã làm gì, vướng gì)? Đồng chí gõ ghi chú, hoặc chọn Bỏ qua.${previous ? `\nGhi chú cũ: ${previous}` : ""}`,
  evidenceQuestion: (previous: string | null) =>
    `Minh chứng (nếu có): đồng chí gửi một ảnh, hoặc gõ một dòng (số văn bản, đường link…). Không có thì chọn Bỏ qua.${previous ? `\nMinh chứng cũ: ${evidenceText(previous)}` : ""}`,
  photoReceived: () => "Đã nhận ảnh minh chứng.",
  overallQuestion: (label: string, previous: string | null) =>
    `Nhận xét chung của đồng chí về ${label} (không bắt buộc)? Đồng chí gõ nhận xét, hoặc chọn Bỏ qua.${previous ? `\nNhận xét cũ: ${previous}` : ""}`,
  yearDraft: (year: number, draft: string) =>
    [
      `Bản nháp tự đánh giá năm ${year}, bot ghép từ các tháng đồng chí đã tự đánh giá và nhận xét của chi ủy:`,
      "",
      draft,
      "",
      "Đồng chí chọn Dùng bản nháp này, hoặc chép lại, sửa rồi gửi bản của mình.",
    ].join("\n"),
  ratingQuestion: (year: number) => `Đồng chí tự xếp loại chất lượng năm ${year}:`,
  pickRating: () => "Đồng chí chọn một mức xếp loại trong danh sách (bấm nút hoặc gõ số).",
  shortcomingsQuestion: (previous: string | null) =>
    `Hạn chế, khuyết điểm đồng chí cần khắc phục trong năm tới? Đồng chí gõ ngắn gọn.${previous ? `\nĐã ghi: ${previous}` : ""}`,
  needText: () => "Đồng chí gõ vài chữ giúp bot, hoặc gõ /huy để dừng.",
  existing: (summary: string) => `${summary}\n\nĐồng chí đã gửi tự đánh giá kỳ này. Đồng chí muốn làm gì?`,
  review: (summary: string) => `${summary}\n\nĐồng chí xem lại. Chọn Gửi tự đánh giá để ghi nhận, hoặc chọn phần cần sửa:`,
  pickReview: () => "Đồng chí chọn Gửi tự đánh giá, hoặc một phần cần sửa trong danh sách.",
  kept: () => "Đã giữ nguyên tự đánh giá. Cảm ơn đồng chí!",
  saved: (o: { fullName: string; label: string; deadline: Date | null; zone: string; onBehalf: boolean; updated: boolean }) =>
    [
      `${o.updated ? "Đã cập nhật" : "Đã ghi nhận"} tự đánh giá ${o.label} của ${address(o.fullName)}${o.onBehalf ? " (bí thư nhập thay)" : ""}.`,
      o.deadline
        ? `Có thể sửa bằng /danhgia trước buổi sinh hoạt chi bộ lúc ${formatDateTime(o.deadline, o.zone)}.`
        : "Có thể sửa bằng /danhgia đến hết tháng.",
    ].join("\n"),
  closedWhileAnswering: (label: string) =>
    `Kỳ ${label} vừa khép lại (chi bộ đã sinh hoạt) nên bot không ghi nhận được nữa. Đồng chí gõ /danhgia để tự đánh giá kỳ mới.`,
  notFound: (name: string) =>
    name.trim()
      ? `Không tìm thấy đảng viên "${name}" trong chi bộ. Đồng chí kiểm tra lại họ tên, hoặc gõ /danhgia (không kèm tên) để tự đánh giá cho mình.`
      : "Không tìm thấy đảng viên này trong chi bộ. Đồng chí gõ /danhgia <họ tên> để chọn lại, hoặc /danhgia để tự đánh giá cho mình.",
  pickMember: () => "Có nhiều đảng viên có tên khớp với chữ vừa gõ. Đồng chí chọn người cần nhập tự đánh giá:",
  onlySecretaryForOthers: () =>
    "Chỉ bí thư, phó bí thư chi bộ mới nhập tự đánh giá thay đảng viên khác. Dưới đây là phần tự đánh giá của chính đồng chí.",
  notAllowedAnymore: () => "Đồng chí không còn quyền nhập tự đánh giá thay đảng viên này.",
};
