// Vietnamese texts of the vagueness coach: why an item is vague (one or two short lines), the
// offer of examples, the note when a member keeps a vague item, and the chi ủy's flag.

import type { ReasonCode, VaguenessReason } from "../domain/vagueness.ts";

/** Reasons that say what kind of text this is; only the most telling one is shown. */
const KIND_LINES: ReadonlyArray<[ReasonCode, string]> = [
  ["DUPLICATE_IN_CELL", "Việc này trùng với việc một đồng chí khác trong chi bộ đã đăng ký."],
  ["SAME_AS_LAST_YEAR", "Việc này giống việc đồng chí đã đăng ký năm trước."],
  ["THEME_COPY", "Việc này đang nhắc lại tên chuyên đề năm, chưa phải việc làm của riêng đồng chí."],
  ["TOO_SHORT", "Việc này còn quá ngắn, chưa rõ đồng chí sẽ làm gì."],
  ["SLOGAN", "Việc này mới nêu khẩu hiệu, phương châm chung, chưa nói đồng chí sẽ làm gì."],
  ["DOCUMENT_ONLY", "Việc này mới nêu tên văn bản, chưa nói đồng chí làm gì để thực hiện."],
  ["VAGUE_MEASURE", "Mức “tốt hơn”, “hiệu quả hơn” chưa đo được; cuối năm chi ủy khó biết đồng chí đã đạt chưa."],
  ["ABSTRACT_ONLY", "Việc này mới nêu tinh thần, thái độ (như “nâng cao”, “tích cực”), chưa có việc làm cụ thể."],
];

const GENERIC_LINE = "Việc đồng chí đăng ký còn chung chung, chi ủy sẽ khó theo dõi và đánh giá.";
const BOTH_LINE = "Đồng chí nên thêm con số đo được và thời hạn hoặc tần suất (ví dụ “mỗi tháng”, “trước 30/6”).";
const MEASURE_LINE = "Đồng chí nên thêm con số đo được (số buổi, số hồ sơ, tỷ lệ…).";
const TIME_LINE = "Đồng chí nên thêm thời hạn hoặc tần suất (ví dụ “mỗi tháng”, “trước 30/6”).";
const OWN_ITEM_LINE = "Đồng chí nên chọn một việc riêng, gắn với công việc của mình năm nay.";

/** One or two short lines saying why the item is vague. Empty reasons give a generic line. */
export function explainVagueness(reasons: readonly VaguenessReason[]): string {
  const codes = new Set(reasons.map((r) => r.code));
  const kind = KIND_LINES.find(([code]) => codes.has(code));
  const noMeasure = codes.has("NO_MEASURE") || codes.has("VAGUE_MEASURE");
  const noTime = codes.has("NO_TIMEFRAME");
  const hint = noMeasure && noTime ? BOTH_LINE : noMeasure ? MEASURE_LINE : noTime ? TIME_LINE : null;

  const copied = kind && (kind[0] === "DUPLICATE_IN_CELL" || kind[0] === "SAME_AS_LAST_YEAR" || kind[0] === "THEME_COPY");
  const first = kind ? kind[1] : GENERIC_LINE;
  const second = copied ? (hint ?? OWN_ITEM_LINE) : hint;
  return second ? `${first}\n${second}` : first;
}

/**
 * The offer that follows the explanation: numbered examples (Zalo has no buttons, so numbers
 * work on every channel) and the two ways forward. `name` is the member's given name.
 */
export function offerExamples(examples: readonly string[], name?: string): string {
  const who = name ? `Đồng chí ${name}` : "Đồng chí";
  if (examples.length === 0) {
    return `${who} có thể viết lại cụ thể hơn, hoặc giữ nguyên việc này.`;
  }
  const list = examples.map((e, i) => `${i + 1}. ${e}`).join("\n");
  return `${who} có thể viết lại theo gợi ý sau, hoặc giữ nguyên việc này:\n${list}`;
}

/** Labels of the two choices after the offer. */
export const VAGUENESS_CHOICES = {
  rewrite: "Viết lại",
  keep: "Giữ nguyên",
} as const;

/** Sent when the member keeps a vague item: it is saved and flagged for the chi ủy. */
export function keptVagueNotice(): string {
  return "Đã ghi nhận. Việc này được đánh dấu để chi ủy xem và góp ý thêm.";
}

const FLAG_LABELS: Readonly<Record<ReasonCode, string>> = {
  TOO_SHORT: "quá ngắn",
  DUPLICATE_IN_CELL: "trùng với đồng chí khác",
  SAME_AS_LAST_YEAR: "giống năm trước",
  THEME_COPY: "chép tên chuyên đề",
  SLOGAN: "khẩu hiệu",
  DOCUMENT_ONLY: "chỉ nêu văn bản",
  ABSTRACT_ONLY: "chưa có việc cụ thể",
  NO_MEASURE: "chưa có số đo",
  VAGUE_MEASURE: "mức đo chưa rõ",
  NO_TIMEFRAME: "chưa có thời hạn",
};

/**
 * The flag of an item that shows its measure and timeframe: "chưa có số đo" under "Đo bằng: …"
 * contradicts the line above it, so a reason the member has since answered is left out. Null when
 * every reason was answered (nothing left to flag).
 */
export function answeredFlag(reasons: readonly VaguenessReason[], o: { measure: boolean; timeframe: boolean }): string | null {
  const left = reasons.filter((r) => !(r.code === "NO_MEASURE" && o.measure) && !(r.code === "NO_TIMEFRAME" && o.timeframe));
  return reasons.length > 0 && left.length === 0 ? null : vaguenessFlag(left);
}

/** Short flag for the chi ủy's digest and review screens: "Chung chung: khẩu hiệu, chưa có số đo". */
export function vaguenessFlag(reasons: readonly VaguenessReason[]): string {
  const labels = [...new Set(reasons.map((r) => FLAG_LABELS[r.code]))];
  return labels.length > 0 ? `Chung chung: ${labels.join(", ")}` : "Chung chung";
}
