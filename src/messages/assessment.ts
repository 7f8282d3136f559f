// Texts of the self-assessment (/danhgia): monthly, quarterly and year-end.
import { Address, address } from "./common.ts";
import { formatDateTime } from "../domain/dates.ts";
import { parseEvidence, progressLabel, ratingLabel, type ProgressValue, type SelfRatingValue } from "../domain/assessment-rules.ts";
import { quotable, shorten, type DraftCategory } from "../domain/year-end-draft.ts";
import type { RegistrationStatus, Subset } from "../domain/vocabulary.ts";
import { contentsLabel, registrationStatusLabel } from "./registration.ts";

/** Labels of the buttons (and of the numbered options on Zalo / local chat). */
export const assessLabels = {
  skip: "Bỏ qua",
  keep: "Giữ như cũ",
  useDraft: "Dùng bản nháp này",
  editSection: (n: number) => `Sửa phần ${n}`,
  /** A draft of one part is edited whole: there are no parts to number. */
  editDraft: "Sửa bản nháp",
  dropSection: "Bỏ phần này",
  submit: "Gửi tự đánh giá",
  /** The monthly one tap (the benchmark's scripted member looks for it by these words). */
  allOnTrack: "Tất cả đúng tiến độ",
  restOnTrack: "Gửi, các việc còn lại đúng tiến độ",
  /** The quarter's and the year's "every item at once" (done at year end, on track in a quarter). */
  allAtOnce: (n: number, progress: "DONE" | "ON_TRACK") => `Cả ${n} việc ${progress === "DONE" ? "đã hoàn thành" : "đúng tiến độ"}`,
  monthItem: (n: number, text: string) => `Việc ${n}: ${shorten(text, 40)}`,
  keepSubmitted: "Giữ nguyên bản cũ",
  editItem: (n: number) => `Sửa việc ${n}`,
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
  items: Array<{ id: string; category: DraftCategory; categories?: readonly DraftCategory[]; text: string }>;
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
    lines.push(
      `${i + 1}. ${contentsLabel(item.category, item.categories)} — ${shorten(item.text, 70)}: ${answer ? progressLabel(answer.progress) : "chưa trả lời"}`,
    );
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

/** "các kỳ đồng chí đã tự đánh giá, các câu trả lời vừa rồi và nhận xét của chi ủy", naming only what there is. */
function draftSources(from: { periods: boolean; reviews: boolean }): string {
  const parts = [...(from.periods ? ["các kỳ đồng chí đã tự đánh giá"] : []), "các câu trả lời vừa rồi", ...(from.reviews ? ["nhận xét của chi ủy"] : [])];
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(", ")} và ${parts.at(-1)!}`;
}

export const assessMsg = {
  exempt: (fullName: string, onBehalf: boolean) =>
    onBehalf
      ? `${Address(fullName)} đang được miễn sinh hoạt chi bộ nên không cần tự đánh giá.`
      : `${Address(fullName)} đang được miễn sinh hoạt chi bộ nên không cần tự đánh giá. Cảm ơn đồng chí đã quan tâm!`,
  noRegistration: (o: {
    fullName: string;
    year: number;
    status: Subset<RegistrationStatus, "DRAFT" | "RETURNED"> | null;
    onBehalf: boolean;
    /** Where next year's registration stands, when it has items (none for this year). */
    nextYear?: RegistrationStatus | null;
    /** How /dangky reaches this year's registration (registrationRoute); null: it no longer does. */
    route?: "plain" | "named" | null;
  }) => {
    if (o.onBehalf) {
      return `${Address(o.fullName)} chưa có bản đăng ký học tập và làm theo Bác năm ${o.year} đã gửi. Cần đăng ký trước (/dangky) rồi mới tự đánh giá.`;
    }
    const register = o.route === "named" ? `/dangky ${o.year}` : "/dangky";
    if (o.status === "DRAFT") return `Bản đăng ký năm ${o.year} của đồng chí chưa gửi. Đồng chí gõ ${register} để hoàn thành và gửi, rồi tự đánh giá sau nhé.`;
    if (o.status === "RETURNED")
      return `Bản đăng ký năm ${o.year} của đồng chí đang được chi ủy trả lại để sửa. Đồng chí gõ ${register} để sửa và gửi lại, rồi tự đánh giá sau nhé.`;
    const next = o.year + 1;
    const nextPointer =
      o.nextYear === "DRAFT"
        ? `Khi tiện, đồng chí gõ /dangky ${next} để gửi chi ủy.`
        : o.nextYear === "RETURNED"
          ? `Đồng chí gõ /dangky ${next} để sửa và gửi lại.`
          : null;
    if (o.route === "named") {
      // From November /dangky opens next year's first, yet this year's is still made as
      // "/dangky <year>" and the year-end meeting reviews it: this year's first, then next year's.
      return [
        `Đồng chí chưa có bản đăng ký học tập và làm theo Bác năm ${o.year}. Đồng chí gõ ${register} để đăng ký trước, rồi tự đánh giá sau nhé.`,
        ...(o.nextYear
          ? [`Bản đăng ký năm ${next} của đồng chí đã được lưu (${registrationStatusLabel(o.nextYear)}).`, ...(nextPointer ? [nextPointer] : [])]
          : [`Còn năm ${next}, đồng chí gõ /dangky ${next} để đăng ký.`]),
      ].join(" ");
    }
    if (o.nextYear) {
      // Once /dangky no longer takes this year's, no errand is made up: only an unsent next
      // year's registration is worth a pointer.
      const then = o.route === "plain" ? `Đồng chí gõ /dangky để đăng ký năm ${o.year}, rồi tự đánh giá sau nhé.` : nextPointer;
      return [
        `Đồng chí không có bản đăng ký năm ${o.year} nên không có việc nào cần tự đánh giá cho năm ${o.year}.`,
        `Bản đăng ký năm ${next} của đồng chí đã được lưu (${registrationStatusLabel(o.nextYear)}).`,
        ...(then ? [then] : []),
      ].join(" ");
    }
    // /dangky no longer takes this year's: it opens next year's.
    if (o.route === null)
      return `Đồng chí không có bản đăng ký năm ${o.year} nên không có việc nào cần tự đánh giá cho năm ${o.year}. Đồng chí gõ /dangky để đăng ký năm ${next}.`;
    return `Đồng chí chưa có bản đăng ký học tập và làm theo Bác năm ${o.year}. Đồng chí gõ /dangky để đăng ký trước, rồi tự đánh giá sau nhé.`;
  },
  closed: (o: { closedLabel: string; meetingAt: Date; zone: string; openLabel: string }) =>
    `Kỳ ${o.closedLabel} đã khép lại khi chi bộ sinh hoạt lúc ${formatDateTime(o.meetingAt, o.zone)}, nên không sửa được nữa. Bây giờ là tự đánh giá ${o.openLabel}.`,
  intro: (o: { fullName: string; label: string; count: number; deadline: Date | null; zone: string; onBehalf: boolean }) =>
    [
      o.onBehalf
        ? `Đồng chí đang nhập tự đánh giá ${o.label} thay cho ${address(o.fullName)} (${o.fullName}): ${o.count} việc.`
        : `Tự đánh giá ${o.label} của ${address(o.fullName)}: ${o.count} việc.`,
      "Với mỗi việc, chọn mức tiến độ, rồi thêm ghi chú và minh chứng nếu có.",
      deadlineText(o.deadline, o.zone),
      "Gõ /huy để dừng.",
    ].join("\n"),
  /** One item's progress question, in the whole self-assessment and when a month's item is changed. */
  progressQuestion: (o: {
    index: number;
    total: number;
    category: DraftCategory;
    categories?: readonly DraftCategory[];
    text: string;
    label: string;
    previous: ProgressValue | null;
  }) =>
    [
      `Việc ${o.index + 1}/${o.total} — ${contentsLabel(o.category, o.categories)}:`,
      `“${quotable(o.text)}”`,
      `Tiến độ trong ${o.label}?${o.previous ? ` (lần trước: ${progressLabel(o.previous)})` : ""}`,
    ].join("\n"),
  allAtOnceSaved: (n: number, progress: ProgressValue) =>
    `Đã ghi cả ${n} việc: ${progressLabel(progress).toLowerCase()}. Việc nào cần ghi chú hay minh chứng, đồng chí sửa ở bước xem lại cuối cùng.`,
  /** "Tất cả đúng tiến độ" typed after the first item: the items from `from` to `to` (1-based) got that progress. */
  restAtOnceSaved: (from: number, to: number, progress: ProgressValue) =>
    `Đã ghi ${from === to ? `việc ${from}` : `việc ${from}–${to}`}: ${progressLabel(progress).toLowerCase()}. Việc nào cần ghi chú hay minh chứng, đồng chí sửa ở bước xem lại cuối cùng.`,
  /** "Tất cả đúng tiến độ" typed at the overall note, the items already answered: not taken as the note. */
  progressAlreadyGiven: () =>
    "Tiến độ của các việc bot đã ghi rồi (cần sửa việc nào thì sửa ở bước xem lại cuối cùng), nên không lấy câu này làm nhận xét chung.",
  /**
   * "Tất cả đúng tiến độ" where only this item is answered (one item edited from the review, or a
   * submitted form redone, whose notes one answer for all would wipe): nothing is recorded.
   */
  allNotHere: (step: "progress" | "note" | "evidence", buttons: boolean) =>
    `Ở bước này bot chỉ ghi cho riêng việc này, không ghi chung cho các việc. ${
      step === "progress"
        ? `Đồng chí chọn mức tiến độ cho việc này (${buttons ? "bấm nút hoặc gõ số" : "gõ số"}), hoặc gõ /huy để dừng.`
        : `Đồng chí gõ ${step === "note" ? "ghi chú" : "minh chứng"} cho việc này, hoặc chọn Bỏ qua.`
    }`,
  pickProgress: (buttons: boolean) => `Đồng chí chọn một mức tiến độ trong danh sách (${buttons ? "bấm nút hoặc gõ số" : "gõ số"}), hoặc gõ /huy để dừng.`,
  /** A line that gave no progress, kept as the item's note. */
  progressNoteKept: (buttons: boolean) =>
    `Bot giữ câu đồng chí vừa gõ làm ghi chú cho việc này. Đồng chí chọn mức tiến độ (${buttons ? "bấm nút hoặc gõ số" : "gõ số"}):`,
  /** A line that started with a progress ("xong rồi, …"): both taken. */
  progressWithNote: (label: string) => `Đã ghi: ${label.toLowerCase()}; câu đồng chí gõ là ghi chú của việc này.`,
  noteQuestion: (previous: string | null) =>
    `Ghi chú ngắn cho việc này (đã làm gì, vướng gì)? Đồng chí gõ ghi chú, hoặc chọn Bỏ qua.${previous ? `\nGhi chú cũ: ${previous}` : ""}`,
  evidenceQuestion: (previous: string | null) =>
    `Minh chứng (nếu có): đồng chí gửi một ảnh, hoặc gõ một dòng (số văn bản, đường link…). Không có thì chọn Bỏ qua.${previous ? `\nMinh chứng cũ: ${evidenceText(previous)}` : ""}`,
  photoReceived: () => "Đã nhận ảnh minh chứng.",
  overallQuestion: (label: string, previous: string | null) =>
    `Nhận xét chung của đồng chí về ${label} (không bắt buộc)? Đồng chí gõ nhận xét, hoặc chọn Bỏ qua.${previous ? `\nNhận xét cũ: ${previous}` : ""}`,
  /**
   * `from`: what the draft was built from (only what exists is named); absent when shown again.
   * `keep`: the note given before is offered too. The menu numbers the parts as the text does
   * ((1)…(n) are 1…n), so the text sends the member to a part by its number.
   */
  yearDraft: (o: { year: number; sections: readonly string[]; from?: { periods: boolean; reviews: boolean }; keep: boolean }) =>
    [
      o.from ? `Bản nháp tự đánh giá năm ${o.year}, bot ghép từ ${draftSources(o.from)}:` : `Bản nháp tự đánh giá năm ${o.year}:`,
      "",
      ...(o.sections.length === 1 ? o.sections : o.sections.map((text, i) => `(${i + 1}) ${text}`)),
      "",
      `${
        o.sections.length === 1
          ? `Đồng chí chọn “${assessLabels.editDraft}” để sửa, hoặc “${assessLabels.useDraft}”${o.keep ? ` hoặc “${assessLabels.keep}”` : ""}.`
          : `Muốn sửa phần nào, đồng chí chọn số của phần đó (1–${o.sections.length}). Dùng cả bản nháp thì chọn “${assessLabels.useDraft}”${o.keep ? `; giữ bản cũ thì chọn “${assessLabels.keep}”` : ""}.`
      } Muốn viết bản khác, đồng chí gõ luôn vào đây.`,
    ].join("\n"),
  /** `n` null: the draft has one part, edited whole. */
  sectionQuestion: (n: number | null, current: string) =>
    n === null
      ? `Bản nháp hiện là:\n${current}\n\nĐồng chí gõ lại bản nháp.`
      : `Phần ${n} hiện là:\n${current}\n\nĐồng chí gõ lại phần này, hoặc chọn “${assessLabels.dropSection}”.`,
  ratingQuestion: (year: number) => `Đồng chí tự xếp loại chất lượng năm ${year}:`,
  pickRating: () => "Đồng chí chọn một mức xếp loại trong danh sách (bấm nút hoặc gõ số).",
  shortcomingsQuestion: (previous: string | null) =>
    `Hạn chế, khuyết điểm đồng chí cần khắc phục trong năm tới? Đồng chí gõ ngắn gọn.${previous ? `\nĐã ghi: ${previous}` : ""}`,
  needText: () => "Đồng chí gõ vài chữ giúp bot, hoặc gõ /huy để dừng.",
  /** A number alone at a free-text question with options: the options follow this line. */
  notAnOption: (n: string) => `Không có lựa chọn số ${n}. Đồng chí chọn một số dưới đây, hoặc gõ nội dung bằng chữ.`,
  /** A number alone at a free-text question without options. */
  numberAlone: (n: string) => `Bot chưa ghi số “${n}” vì chỉ có một con số. Đồng chí gõ nội dung bằng chữ giúp bot, hoặc gõ /huy để dừng.`,
  /** After /huy, for the member (or the secretary entering for `fullName`). */
  keptForLater: (fullName: string | null) =>
    `Các câu trả lời đã được lưu; khi tiện, đồng chí gõ /danhgia${fullName === null ? "" : ` ${fullName}`} để làm tiếp.`,
  resumed: (o: { label: string; savedAt: Date; zone: string }) =>
    `Đồng chí đang làm dở tự đánh giá ${o.label} (lưu lúc ${formatDateTime(o.savedAt, o.zone)}). Bot mở lại để đồng chí làm tiếp.`,
  /** A SUBMITTED registration: assessing is allowed, but the member should know it is not approved. */
  notApproved: (o: { year: number; onBehalf: boolean; fullName: string }) =>
    o.onBehalf
      ? `Lưu ý: bản đăng ký năm ${o.year} của ${address(o.fullName)} chưa được chi ủy duyệt (duyệt bằng /duyet). Vẫn tự đánh giá được.`
      : `Lưu ý: bản đăng ký năm ${o.year} của đồng chí đang chờ chi ủy duyệt. Đồng chí vẫn tự đánh giá được; nếu chi ủy trả lại để sửa, đồng chí sửa bằng /dangky rồi gõ /danhgia để đánh giá lại.`,
  monthOverview: (o: {
    fullName: string;
    label: string;
    onBehalf: boolean;
    items: ReadonlyArray<{
      category: DraftCategory;
      categories?: readonly DraftCategory[];
      text: string;
      progress: ProgressValue | null;
      note: string | null;
      evidence: string | null;
    }>;
    overallNote: string | null;
    deadline: Date | null;
    zone: string;
    marked: number | null;
  }) => {
    const n = o.items.length;
    const lines = [
      o.onBehalf
        ? `Đồng chí đang nhập tự đánh giá ${o.label} thay cho ${address(o.fullName)} (${o.fullName}): ${n} việc.`
        : `Tự đánh giá ${o.label} của ${address(o.fullName)}: ${n} việc.`,
    ];
    o.items.forEach((item, i) => {
      lines.push(
        `${i + 1}. ${contentsLabel(item.category, item.categories)} — ${shorten(item.text, 70)}${item.progress ? `: ${progressLabel(item.progress)}` : ""}`,
      );
      if (item.note) lines.push(`   Ghi chú: ${item.note}`);
      if (item.evidence) lines.push(`   Minh chứng: ${evidenceText(item.evidence)}`);
    });
    if (o.overallNote) lines.push(`Nhận xét chung: ${o.overallNote}`);
    lines.push(deadlineText(o.deadline, o.zone), "");
    const marked = o.items.some((i) => i.progress !== null);
    lines.push(
      marked
        ? "Xong thì chọn Gửi; việc nào chưa báo được ghi là đúng tiến độ."
        : n === 1
          ? "Nếu việc này đúng tiến độ, đồng chí chọn Tất cả đúng tiến độ là xong. Nếu đã hoàn thành, chậm hoặc chưa bắt đầu, chọn việc đó để báo."
          : `Nếu cả ${n} việc đều đúng tiến độ, đồng chí chọn Tất cả đúng tiến độ là xong. Việc nào đã hoàn thành, chậm hoặc chưa bắt đầu, chọn việc đó để báo.`,
    );
    if (o.marked !== null) {
      lines.push(
        `Muốn thì gõ một dòng ghi chú cho việc ${o.marked + 1}, hoặc gửi ảnh minh chứng (gõ “Minh chứng: …” nếu là văn bản, đường link). Không bắt buộc.`,
      );
    }
    return lines.join("\n");
  },
  noteSaved: (n: number) => `Đã ghi chú cho việc ${n}. Xong thì chọn Gửi.`,
  evidenceSaved: (n: number) => `Đã nhận minh chứng cho việc ${n}. Xong thì chọn Gửi.`,
  noteAdded: (n: number) => `Đã ghi thêm vào ghi chú của việc ${n}. Xong thì chọn Gửi.`,
  overallAdded: () => "Đã ghi thêm vào nhận xét chung. Xong thì chọn Gửi hoặc chọn một việc để báo.",
  /** A line read as items' progress ("việc 2 chậm, còn lại đúng tiến độ"). */
  progressRead: (items: ReadonlyArray<{ n: number; label: string }>, rest: string | null) =>
    `Bot đã ghi: ${[...items.map((i) => `việc ${i.n} ${i.label.toLowerCase()}`), ...(rest ? [`các việc còn lại ${rest.toLowerCase()}`] : [])].join(", ")}. Câu đồng chí gõ cũng được giữ trong nhận xét chung.`,
  /** A line naming an item without a progress the words settle; `n` null: no item can be told. */
  progressUnclear: (n: number | null) =>
    n === null
      ? "Bot chưa rõ tiến độ từng việc nên chưa ghi tiến độ (câu đồng chí gõ được giữ trong nhận xét chung). Đồng chí chọn từng việc để báo."
      : `Bot chưa rõ việc ${n} đúng tiến độ hay chậm nên chưa ghi tiến độ (câu đồng chí gõ được giữ trong nhận xét chung).`,
  /** A question typed at the monthly overview: not kept as a note. */
  monthQuestion: () =>
    "Bot không ghi câu hỏi vào tự đánh giá. Việc đang làm dở: kịp hạn thì báo Đúng tiến độ, không kịp thì Chậm tiến độ. Đồng chí chọn việc đó để báo, hoặc chọn Tất cả đúng tiến độ.",
  overallSaved: () => "Đã ghi nhận xét chung. Đồng chí chọn Tất cả đúng tiến độ để gửi, hoặc chọn một việc để báo.",
  pickItemFirst: () => "Đồng chí chọn việc có minh chứng trước (bấm nút hoặc gõ số), rồi gửi ảnh.",
  pickMonth: () => "Đồng chí chọn Tất cả đúng tiến độ, hoặc chọn một việc để báo tiến độ khác (bấm nút hoặc gõ số).",
  incomplete: () => "Tự đánh giá còn thiếu phần chưa trả lời. Đồng chí gõ /danhgia để làm tiếp.",
  draftDiscarded: () => "Đã bỏ phần đang làm dở và giữ nguyên tự đánh giá đã gửi.",
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
  /** The reminder's one tap, recorded. */
  tapSaved: (o: { label: string; count: number; deadline: Date | null; zone: string }) =>
    [
      `Đã ghi nhận tự đánh giá ${o.label}: cả ${o.count} việc đúng tiến độ. Cảm ơn đồng chí!`,
      o.deadline
        ? `Có việc chậm hoặc muốn ghi thêm, đồng chí gõ /danhgia trước buổi sinh hoạt chi bộ lúc ${formatDateTime(o.deadline, o.zone)}.`
        : "Có việc chậm hoặc muốn ghi thêm, đồng chí gõ /danhgia đến hết tháng.",
    ].join("\n"),
  /** A second tap (or a tap after /danhgia): nothing is recorded again. */
  tapAlready: (label: string) => `Tự đánh giá ${label} của đồng chí đã được ghi nhận rồi; bot không ghi thêm lần nữa. Muốn sửa, đồng chí gõ /danhgia.`,
  tapClosed: (label: string) =>
    `Kỳ tự đánh giá ${label} đã khép lại (chi bộ đã sinh hoạt) nên bot không ghi nhận được nữa. Đồng chí gõ /danhgia để xem kỳ đang mở.`,
  tapNotApproved: (year: number) =>
    `Bản đăng ký năm ${year} của đồng chí chưa được chi ủy duyệt nên bot chưa ghi nhận nhanh được. Đồng chí gõ /danhgia để tự đánh giá, hoặc /dangky để xem bản đăng ký.`,
  /** A draft with exceptions in progress: the tap would overwrite it, so the member finishes it instead. */
  tapDraft: (label: string) => `Đồng chí đang ghi dở tự đánh giá ${label}, có việc chưa đúng tiến độ. Đồng chí gõ /danhgia để xem lại và gửi.`,
  closedWhileAnswering: (label: string) =>
    `Kỳ ${label} vừa khép lại (chi bộ đã sinh hoạt) nên bot không ghi nhận được nữa. Đồng chí gõ /danhgia để tự đánh giá kỳ mới.`,
  notFound: (name: string) =>
    name.trim()
      ? `Không tìm thấy đảng viên "${name}" trong chi bộ. Đồng chí kiểm tra lại họ tên, hoặc gõ /danhgia (không kèm tên) để tự đánh giá cho mình.`
      : "Không tìm thấy đảng viên này trong chi bộ. Đồng chí gõ /danhgia <họ tên> để chọn lại, hoặc /danhgia để tự đánh giá cho mình.",
  pickMember: () => "Có nhiều đảng viên có tên khớp với chữ vừa gõ. Đồng chí chọn người cần nhập tự đánh giá:",
  onlySecretaryForOthers: () => "Chỉ bí thư, phó bí thư chi bộ mới nhập tự đánh giá thay đảng viên khác. Dưới đây là phần tự đánh giá của chính đồng chí.",
  notAllowedAnymore: () => "Đồng chí không còn quyền nhập tự đánh giá thay đảng viên này.",
};
