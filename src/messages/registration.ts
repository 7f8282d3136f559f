// Vietnamese texts of the registration (/dangky, /dangky chibo) and the notebook (/camket).
import { Address, address } from "./common.ts";
import { answeredFlag } from "./vagueness.ts";
import { clip, quote } from "./quote.ts";
import { formatDate } from "../domain/dates.ts";
import { type CommitmentCategory, type RegistrationProblem, type RegistrationStatusValue, type YearState } from "../domain/registration-rules.ts";
import type { VaguenessReason } from "../domain/vagueness.ts";

export const CATEGORY_LABELS: Readonly<Record<CommitmentCategory, string>> = {
  STUDY: "Học tập",
  FOLLOW: "Làm theo",
  EXAMPLE: "Nêu gương",
};

const lower = (c: CommitmentCategory) => CATEGORY_LABELS[c].toLowerCase();
const joinVi = (parts: readonly string[]) => (parts.length <= 1 ? (parts[0] ?? "") : `${parts.slice(0, -1).join(", ")} và ${parts[parts.length - 1]}`);

export const contentsList = (cats: readonly CommitmentCategory[]) => joinVi(cats.map(lower));

/** An item's parts as the review names them ("Đo bằng: …; Thời hạn: …"). */
const PART_LABELS = { measure: "Đo bằng", timeframe: "Thời hạn" } as const;
const STATUS_LABELS: Readonly<Record<RegistrationStatusValue, string>> = {
  DRAFT: "bản nháp, chưa gửi chi ủy",
  SUBMITTED: "đã gửi, chờ chi ủy duyệt",
  APPROVED: "chi ủy đã duyệt",
  RETURNED: "chi ủy trả lại để sửa",
};

/** "bản nháp, chưa gửi chi ủy", "chi ủy đã duyệt": where a registration stands, as the review says it. */
export const registrationStatusLabel = (status: RegistrationStatusValue): string => STATUS_LABELS[status];

const SHORT_STATUS: Readonly<Record<RegistrationStatusValue, string>> = {
  DRAFT: "bản nháp, chưa gửi",
  SUBMITTED: "đã gửi, chờ duyệt",
  APPROVED: "đã duyệt",
  RETURNED: "chi ủy trả lại để sửa",
};

/** A draft without items is nothing registered yet, not an unsent registration. */
const yearStateLabel = (reg: YearState | null): string =>
  !reg || (reg.items === 0 && reg.status === "DRAFT") ? "chưa đăng ký việc nào" : SHORT_STATUS[reg.status];

export interface ItemView {
  position: number;
  category: CommitmentCategory;
  categories: readonly CommitmentCategory[];
  text: string;
  measure: string | null;
  timeframe: string | null;
  shortcoming: string | null;
  vagueVerdict?: string | null;
  vagueKept: boolean;
  vagueReasons: unknown;
}

function reasonsOf(value: unknown): VaguenessReason[] {
  return Array.isArray(value) ? (value.filter((r) => r && typeof r === "object" && "code" in r) as VaguenessReason[]) : [];
}

/** "Học tập" or, for an item covering several contents, "Học tập + Làm theo" (main one first). */
export function contentsLabel(category: CommitmentCategory, categories: readonly CommitmentCategory[] = []): string {
  return [...new Set([category, ...categories])].map((c) => CATEGORY_LABELS[c]).join(" + ");
}

/**
 * One item of a registration, as the member (/dangky, /camket) and the chi ủy (/duyet) both read
 * it: "1. Học tập + Làm theo: …", then how it is measured and by when, the shortcoming it fixes and
 * the coach's flag. Only the flag's note differs by reader.
 */
export function registrationItemLines(item: ItemView, reader: "member" | "committee" = "member", status?: RegistrationStatusValue): string[] {
  const lines = [`${item.position}. ${contentsLabel(item.category, item.categories)}: ${item.text.trim()}`];
  const details = [item.measure ? `Đo bằng: ${item.measure.trim()}` : null, item.timeframe ? `Thời hạn: ${item.timeframe.trim()}` : null].filter(Boolean);
  if (details.length > 0) lines.push(`   ${details.join("; ")}`);
  if (item.shortcoming) lines.push(`   Khắc phục: ${item.shortcoming.trim()}`);
  const flag = answeredFlag(reasonsOf(item.vagueReasons), { measure: Boolean(item.measure?.trim()), timeframe: Boolean(item.timeframe?.trim()) });
  if ((item.vagueVerdict === "vague" || item.vagueKept) && flag !== null) {
    // Once the chi ủy has decided (returned or approved), it has had its say: no promise of one.
    const decided = status === "RETURNED" || status === "APPROVED";
    const note = !item.vagueKept ? "" : reader === "committee" ? " (đảng viên giữ nguyên)" : decided ? " (đồng chí giữ nguyên)" : " (chi ủy sẽ góp ý)";
    lines.push(`   ⚠ ${flag}${note}`);
  }
  return lines;
}

export const itemLines = (item: ItemView, status?: RegistrationStatusValue): string => registrationItemLines(item, "member", status).join("\n");

const PLEDGE =
  "“Tôi cam kết giữ gìn phẩm chất đạo đức, lối sống trong sạch, giản dị; không suy thoái về tư tưởng chính trị, đạo đức, lối sống, không có biểu hiện “tự diễn biến”, “tự chuyển hóa”; gương mẫu chấp hành Điều lệ Đảng, pháp luật của Nhà nước và quy định nơi công tác, nơi cư trú.”";

const count = (n: number) => `${n} việc`;
/** "việc 1, việc 2". */
const positions = (items: readonly number[]) => items.map((n) => `việc ${n}`).join(", ");

/** This year's registration, when /dangky opened next year's without asking: the command that still reaches it. */
const otherYearClause = (year: number) => `cần đăng ký năm ${year} thì đồng chí gõ /dangky ${year}`;
/** Where saved items went: a registration the chi ủy returned is no draft. */
const savedIn = (status: RegistrationStatusValue) => (status === "RETURNED" ? "bản đăng ký" : "bản nháp");
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export const regMsg = {
  onBehalfIntro: (fullName: string) =>
    `Đồng chí đang nhập bản đăng ký thay cho ${fullName}; bản đăng ký sẽ ghi là bí thư nhập hộ. Các câu hỏi dưới đây là cho ${fullName}.`,
  onBehalfSecretaryOnly: () => "Chỉ bí thư hoặc phó bí thư chi bộ mới nhập hộ bản đăng ký. Đồng chí gõ /dangky để đăng ký cho mình.",
  onBehalfNotFound: (name: string) => `Không tìm thấy đảng viên "${name}" trong chi bộ. Đồng chí kiểm tra lại họ tên, hoặc gõ /huy để dừng.`,
  onBehalfPick: () => "Có nhiều đảng viên có tên khớp với chữ vừa gõ. Đồng chí chọn người cần nhập hộ:",
  askYear: () => "Đồng chí đăng ký cho năm nào?",
  /** Items came before the year: they are kept, only the year is asked. */
  askYearForItems: () => "Bot đã nhận các việc đồng chí gửi. Đồng chí đăng ký các việc này cho năm nào?",
  /** A year offered by /dangky with where its registration stands: nothing yet, a draft, returned. */
  yearLabel: (year: number, reg: YearState | null) => `Năm ${year} (${yearStateLabel(reg)})`,
  /** `otherYear`: a year still open that /dangky did not ask about (nothing registered for it). */
  intro: (o: { fullName: string; year: number; theme: string | null; example: string | undefined; shortcoming: string | null; otherYear?: number | null }) =>
    [
      `${Address(o.fullName)}, mình cùng đăng ký học tập và làm theo Bác năm ${o.year}${o.otherYear ? ` (${otherYearClause(o.otherYear)})` : ""}.`,
      o.theme ? `Chuyên đề năm: “${o.theme}”.` : null,
      o.shortcoming ? `Hạn chế đồng chí nêu khi kiểm điểm năm trước: “${clip(o.shortcoming, 200)}”. Nên có một việc khắc phục hạn chế này.` : null,
      "Đồng chí đăng ký từ 1 đến 3 việc; các việc cộng lại cần đủ 3 nội dung: học tập, làm theo, nêu gương.",
      "Đồng chí gõ luôn các việc trong một tin nhắn, mỗi việc một dòng: làm gì, bao nhiêu, khi nào. Muốn bot hỏi từng việc, đồng chí gõ: từng bước.",
      o.example ? `Ví dụ: “${o.example}”` : null,
    ]
      .filter(Boolean)
      .join("\n"),
  askItem: (n: number, example: string | undefined) =>
    [`Việc ${n}: đồng chí sẽ làm gì? Viết cụ thể: làm gì, bao nhiêu, khi nào.`, example ? `Ví dụ: “${example}”` : null].filter(Boolean).join("\n"),
  askNextItem: (n: number) => `Đã ghi việc ${n - 1}. Việc ${n}: đồng chí gõ việc tiếp theo, hoặc chọn Xong.`,
  done: () => "Xong",
  understood: (items: readonly ItemView[]) =>
    [`Bot hiểu đồng chí đăng ký ${count(items.length)}:`, ...items.flatMap((i) => registrationItemLines(i))].join("\n"),
  /** Items beyond the three in one message: each dropped one named (short), so the member knows which. */
  extraLeftOut: (extra: readonly string[]) =>
    `Chỉ đăng ký tối đa 3 việc: bot bỏ ${extra.length === 1 ? "việc sau cùng" : `${count(extra.length)} sau cùng`} ${extra.map((t) => quote(clip(t.replace(/^\s*\d+\s*[.)\-:]\s*/, "").replace(/\s+/g, " "), 50))).join(", ")}.`,
  /** Items typed again that are already saved: not entered twice. */
  alreadySaved: (items: readonly number[]) => `${capitalize(positions(items))} đã có trong bản đăng ký, bot không ghi lại.`,
  /** New items beyond the three: not entered, each named, and what to do to have one instead. */
  overLimit: (had: number, left: readonly string[]) =>
    `Chỉ đăng ký tối đa 3 việc${had > 0 ? ` (đã có ${count(had)})` : ""}, nên bot chưa ghi ${left.map((t) => quote(clip(t, 60))).join(", ")}. Muốn thay, đồng chí xóa bớt một việc rồi thêm việc này.`,
  /** An answer longer than the limit was kept up to a word boundary: where it stops, in the member's words. */
  shortened: (o: { position: number; part: "text" | "measure" | "timeframe"; max: number; kept: string }) => {
    const words = o.kept.split(" ");
    const end = `${words.length > 5 ? "…" : ""}${words.slice(-5).join(" ")}`;
    const what = o.part === "text" ? `Việc ${o.position}` : `Phần “${PART_LABELS[o.part]}” của việc ${o.position}`;
    return `${what} dài quá ${o.max} ký tự nên bot chỉ giữ phần đầu, đến ${quote(end)}. Phần sau không được ghi; nếu cần, đồng chí viết gọn lại.`;
  },
  askMeasure: (n: number, vague: string | null) =>
    vague
      ? `Việc ${n}: mức “${vague}” chưa đo được; cuối năm chi ủy khó biết đồng chí đã đạt chưa. Kết quả đo bằng gì? (ví dụ: số bài thu hoạch, số hồ sơ trả đúng hạn)`
      : `Việc ${n}: kết quả đo bằng gì, minh chứng là gì? (ví dụ: số bài thu hoạch trong sổ tay, số hồ sơ trả đúng hạn)`,
  askTimeframe: (n: number) => `Việc ${n}: thời hạn hoặc tần suất? Chọn dưới đây hoặc gõ (ví dụ: trước 30/6, mỗi tuần 1 buổi).`,
  timeframeChoices: (year: number) => [
    { value: "month", label: "Mỗi tháng" },
    { value: "quarter", label: "Mỗi quý" },
    { value: "year", label: `Trong năm ${year}` },
  ],
  /**
   * "bỏ qua", "chưa biết", "giữ nguyên" where a part of the item is asked: nothing is kept as that
   * part. `kept`: a saved item being changed keeps what it had.
   */
  partSkipped: (n: number, part: "measure" | "timeframe", kept: boolean) =>
    kept ? `Việc ${n}: phần “${PART_LABELS[part]}” giữ như cũ.` : `Việc ${n}: bot bỏ qua câu này, phần “${PART_LABELS[part]}” để trống.`,
  /** "để sau", "thôi để mai làm" there: the item is saved as it is, `empty` the parts it still lacks (said before "Đã lưu…"). */
  partLater: (n: number, empty: readonly ("measure" | "timeframe")[]) =>
    empty.length > 0
      ? `Việc ${n}: bot để trống phần ${empty.map((p) => `“${PART_LABELS[p]}”`).join(" và ")}, đồng chí bổ sung sau.`
      : `Việc ${n}: bot dừng ở đây, đồng chí làm tiếp sau.`,
  coachAbout: (n: number) => `Việc ${n}:`,
  /**
   * Which item also covers `missing[0]` (one content per question), naming every content still
   * missing. Items are the first choices, so "1 2" means items 1 and 2 on Zalo's numbered list too;
   * the example is given only when picking two of three needs typing.
   */
  askContents: (missing: readonly CommitmentCategory[], items: number) => {
    const [first = "STUDY"] = missing;
    const which =
      items <= 1
        ? ""
        : items === 2
          ? "Đồng chí chọn một việc, hoặc “Cả 2 việc”."
          : "Đồng chí chọn một việc, hoặc “Cả 3 việc”; hai việc thì gõ số hai việc đó (ví dụ: 1 2).";
    return [`Các việc chưa có nội dung ${contentsList(missing)}.`, `Việc nào gồm cả ${lower(first)}? ${which}`.trim()].join("\n");
  },
  contentsItem: (n: number, text: string) => `Việc ${n}: ${clip(text, 40)}`,
  contentsAll: (n: number) => `Cả ${n} việc`,
  addAnother: () => "Thêm một việc",
  askContentsEdit: () => "Việc này gồm nội dung nào? Chọn một hoặc nhiều số, nội dung chính trước (ví dụ: 2 3).",
  needText: () => "Đồng chí gõ câu trả lời bằng chữ nhé (hoặc /huy để dừng).",
  /** A nod, a greeting, a command word or a question where the items are asked: nothing saved. */
  waitingForItems: (cell: boolean) =>
    `Bot đang chờ các việc ${cell ? "chi bộ" : "đồng chí"} đăng ký: gõ các việc, mỗi việc một dòng (làm gì, bao nhiêu, khi nào), hoặc gõ /huy để dừng.`,
  /** The same where a part of an item (its measure, timeframe, new wording) is asked. */
  waitingForAnswer: () => "Bot đang chờ câu trả lời cho câu hỏi trên: đồng chí gõ câu trả lời, hoặc gõ /huy để dừng.",
  /** A question or protest where an item is awaited: nothing is saved (said before what is awaited). */
  nothingSaved: () => "Bot chưa ghi gì từ câu vừa rồi.",
  /** A short answer to "thế nào là nêu gương?", "ví dụ như thế nào?", typed during the entry; nothing saved. */
  answerAbout: (about: CommitmentCategory | "example") =>
    ({
      STUDY: "Học tập: đọc, tìm hiểu tư tưởng, đạo đức, phong cách Hồ Chí Minh (ví dụ: mỗi tháng đọc 1 bài, ghi thu hoạch vào sổ).",
      FOLLOW: "Làm theo: làm theo Bác bằng việc cụ thể trong công việc, sinh hoạt (ví dụ: giải quyết đúng hạn 100% hồ sơ được giao).",
      EXAMPLE: "Nêu gương: tự mình gương mẫu để người khác noi theo (ví dụ: đi họp đúng giờ, không dùng tài sản công vào việc riêng).",
      example: "Ví dụ một việc: “Mỗi tháng đọc 1 bài viết của Bác, ghi 5 dòng thu hoạch vào sổ tay”.",
    })[about] + " Bot chưa ghi gì từ câu hỏi này.",
  /** The coach's options wait: a question typed there is not the new wording. */
  waitingForCoach: () => "Đồng chí chọn một mục dưới đây, hoặc gõ lại cả việc này, hoặc gõ /huy để dừng.",
  /** The engine sends the options again under it (Outcome.reasked). */
  pickFromList: () => "Bot chưa rõ đồng chí chọn mục nào. Đồng chí chọn một mục trong danh sách, hoặc gõ /huy để dừng.",
  /**
   * `n` items just saved, `total` the registration's items now: "Đã lưu 1 việc" after a second
   * item read as if the draft held one. A returned registration is no draft: it is named as such.
   */
  saved: (n: number, total: number = n, status: RegistrationStatusValue = "DRAFT") => {
    const where = savedIn(status);
    return total > n ? `Đã lưu thêm ${count(n)} (${where} có ${count(total)}).` : `Đã lưu ${count(n)} vào ${where}.`;
  },
  savedItems: (items: readonly number[], status: RegistrationStatusValue = "DRAFT") => `Đã lưu ${positions(items)} vào ${savedIn(status)}.`,
  itemChanged: (n: number) => `Đã lưu thay đổi của việc ${n}.`,
  itemDeleted: (n: number) => `Đã xóa việc ${n}.`,
  problems: (problems: readonly RegistrationProblem[], n: number) =>
    problems
      .map((p) => {
        if (p.code === "NO_ITEMS") return "Bản đăng ký chưa có việc nào. Đồng chí thêm ít nhất 1 việc.";
        if (p.code === "TOO_MANY_ITEMS") return `Chỉ đăng ký tối đa ${p.max} việc. Đồng chí xóa bớt một việc.`;
        return n > 0 && n < 3
          ? `Bản đăng ký chưa đủ 3 nội dung: còn thiếu ${contentsList(p.missing)}. Đồng chí thêm một việc, hoặc sửa một việc để gồm cả ${contentsList(p.missing)}.`
          : `Bản đăng ký chưa đủ 3 nội dung: còn thiếu ${contentsList(p.missing)}. Đồng chí sửa phần “Học tập / làm theo / nêu gương” của một việc để gồm cả ${contentsList(p.missing)}.`;
      })
      .join("\n"),
  tooMany: () => "Đồng chí đã có đủ 3 việc (tối đa). Muốn đổi, đồng chí sửa hoặc xóa một việc.",
  pledgeBlock: () => ["Cam kết chung của đảng viên:", PLEDGE, "Chọn “Gửi chi ủy” là đồng chí đồng ý với cam kết chung này."].join("\n"),
  /** In a review after an edit: the pledge was shown at the first review of this conversation. */
  pledgeReminder: () => "Chọn “Gửi chi ủy” là đồng chí đồng ý với cam kết chung đã nêu ở trên.",
  review: (o: {
    year: number;
    status: RegistrationStatusValue;
    items: readonly ItemView[];
    pledgeAccepted: boolean;
    /** The pledge not accepted yet: its whole text (the first review), or the one line after an edit. */
    pledge?: "full" | "short";
    submittedAt: Date | null;
    zone: string;
    lastComment?: { text: string; author: string; at: Date } | null;
  }) => {
    const head =
      o.status === "SUBMITTED" && o.submittedAt
        ? `Bản đăng ký năm ${o.year}: đã gửi ngày ${formatDate(o.submittedAt, o.zone)}, chờ chi ủy duyệt.`
        : `Bản đăng ký năm ${o.year}: ${STATUS_LABELS[o.status]}.`;
    const lines = [head, ...o.items.flatMap((i) => registrationItemLines(i, "member", o.status))];
    lines.push(o.pledgeAccepted ? "Cam kết chung: đã đồng ý." : o.pledge === "short" ? regMsg.pledgeReminder() : regMsg.pledgeBlock());
    if (o.lastComment) lines.push(`Nhận xét của chi ủy (${formatDate(o.lastComment.at, o.zone)}, ${o.lastComment.author}): ${o.lastComment.text}`);
    return lines.join("\n");
  },
  menuAsk: () => "Đồng chí muốn làm gì tiếp?",
  confirmAsk: () => "Bot hiểu đúng chưa?",
  menu: {
    confirm: "Đúng, gửi chi ủy",
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
  /** After "submitted" when the bot could reach none of the cell's secretaries: the member says it themself. */
  secretaryNotTold: () => "Bí thư chưa nhận tin qua bot, đồng chí báo trực tiếp để bí thư duyệt nhé.",
  notSubmittable: () => "Bản đăng ký này không gửi được lúc này (đã gửi hoặc đã được duyệt).",
  needPledge: () => "Cần đồng ý với cam kết chung trước khi gửi.",
  notWithdrawable: () => "Bản đăng ký không còn ở trạng thái đã gửi nên không rút lại được.",
  notDeletable: () => "Chỉ xóa được bản nháp.",
  withdrawn: () => "Đã rút bản đăng ký về bản nháp. Sửa xong đồng chí chọn “Gửi chi ủy” để gửi lại.",
  reopened: () => "Lưu ý: bản đăng ký đã chuyển về bản nháp. Sửa xong đồng chí chọn “Gửi chi ủy” để gửi lại.",
  /** `again`: the command that opens it again ("/dangky <họ tên>" for the secretary entering it for a member). */
  draftKept: (again = "/dangky") => `Bản nháp đã được lưu. Khi tiện, đồng chí gõ ${again} để làm tiếp.`,
  /** "Để sau" on a registration the chi ủy returned: it is no draft, and it still has to be sent again. */
  returnedKept: (again = "/dangky") =>
    `Các thay đổi đã lưu vẫn được giữ. Bản đăng ký chi ủy trả lại chưa được gửi lại. Sửa xong, đồng chí gõ ${again} rồi chọn “Gửi chi ủy”.`,
  /** "Gửi chi ủy" chosen while the items do not cover the three contents: why not, and what to do (`problems`). */
  notSentYet: (problems: string) => `Bot chưa gửi được cho chi ủy. ${problems}`,
  /**
   * After "hủy" with items typed but not saved yet: `count` null when they were pasted before the
   * year was chosen (not read yet); `saved` items saved earlier stay; `again` the command to redo it.
   */
  notKept: (o: { count: number | null; saved: number; again: string }) =>
    [
      `${o.count === null ? "Các việc" : o.count === 1 ? "Việc" : count(o.count)} đồng chí vừa gửi chưa được lưu.`,
      ...(o.saved > 0 ? [`${count(o.saved)} đã lưu trước đó vẫn giữ nguyên.`] : []),
      `Khi cần, đồng chí gõ ${o.again} để nhập lại.`,
    ].join(" "),
  /**
   * After "hủy" in the entry with items already accepted: `kept` (their positions) saved to the
   * draft, `changed` saved items whose change was saved, `dropped` items typed but not accepted yet (the one being asked about, and after it) not
   * saved; `saved` items saved earlier stay. `status` the registration's after saving: a returned one is no draft, and was sent once.
   */
  stoppedKeeping: (o: {
    kept: readonly number[];
    changed?: readonly number[];
    dropped: readonly number[];
    saved: number;
    reopened: boolean;
    again: string;
    status?: RegistrationStatusValue;
  }) =>
    [
      `Bot đã lưu ${[...(o.kept.length > 0 ? [positions(o.kept)] : []), ...(o.changed?.length ? [`thay đổi của ${positions(o.changed)}`] : [])].join(", ")} vào ${savedIn(o.status ?? "DRAFT")}, ${o.status === "RETURNED" ? "chưa gửi lại chi ủy" : "chưa gửi chi ủy"}.`,
      ...(o.dropped.length > 0 ? [`${capitalize(positions(o.dropped))} (đang nhập dở) chưa được lưu.`] : []),
      ...(o.saved > 0 ? [`${count(o.saved)} đã lưu trước đó vẫn giữ nguyên.`] : []),
      ...(o.reopened ? [regMsg.reopened()] : []),
      `Khi cần, đồng chí gõ ${o.again} để làm tiếp.`,
    ].join(" "),
  /** After "hủy" at the menu of a registration that can be sent: it is kept, and not sent. */
  stoppedUnsent: (o: { returned: boolean; again: string }) =>
    o.returned
      ? `Bản đăng ký vẫn được lưu nhưng chưa gửi lại chi ủy. Khi sẵn sàng, đồng chí gõ ${o.again} để gửi lại.`
      : `Bản nháp vẫn được lưu, chưa gửi chi ủy. Khi sẵn sàng, đồng chí gõ ${o.again} để gửi.`,
  submittedKept: () => "Bản đăng ký vẫn ở trạng thái đã gửi, chờ chi ủy duyệt.",
  confirmDrop: () => "Xóa toàn bộ bản nháp? Thao tác này không hoàn tác được.",
  dropYes: () => "Xóa",
  dropNo: () => "Không xóa",
  dropped: () => "Đã xóa bản nháp. Khi cần, đồng chí gõ /dangky để đăng ký lại.",
  approvedLocked: (year: number) => `Bản đăng ký năm ${year} đã được chi ủy duyệt nên không sửa được nữa. Cần thay đổi, đồng chí trao đổi với bí thư chi bộ.`,
  /** Under the approved registration's review (which already says it is approved). */
  approvedNoChange: () => "Bản đã duyệt thì không sửa được nữa. Cần thay đổi, đồng chí trao đổi với bí thư chi bộ.",
  pickItem: () => "Đồng chí chọn việc cần sửa hoặc xóa:",
  pickField: (n: number) => `Việc ${n}: đồng chí muốn sửa phần nào?`,
  fields: {
    text: "Lời văn của việc",
    cat: "Học tập / làm theo / nêu gương",
    measure: "Cách đo, minh chứng",
    time: "Thời hạn",
    short: "Hạn chế khắc phục",
    del: "Xóa việc này",
    back: "Quay lại",
  },
  askTextEdit: (current: string) => `Việc hiện tại: “${current}”.\nĐồng chí gõ lại việc này:`,
  askShortcoming: (last: string | null) =>
    last
      ? `Việc này khắc phục hạn chế nào? Năm trước đồng chí nêu: “${clip(last, 200)}”. Gõ hạn chế, hoặc chọn dưới đây.`
      : "Việc này khắc phục hạn chế, khuyết điểm nào đã nêu khi kiểm điểm năm trước? Gõ ngắn gọn, hoặc chọn Không có.",
  shortcomingNone: () => "Không có",
  shortcomingSame: () => "Đúng hạn chế năm trước",
  coachAsk: () => "Đồng chí chọn:",
  useExample: (i: number) => `Dùng gợi ý ${i}`,
  askRewrite: () => "Đồng chí gõ lại việc này (có thể chép một gợi ý ở trên rồi sửa cho hợp):",
  nowConcrete: () => "Tốt, việc đã cụ thể.",
  /**
   * After the member's answers, an item whose own words still read as general: no praise, no
   * lecture, no doubt. "Đã nhận", not "đã lưu": it is saved with the rest of the entry.
   */
  notedForComment: () => "Đã nhận, cảm ơn đồng chí. Khi duyệt, chi ủy sẽ góp ý nếu cần.",
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
  const details = [item.measure ? `Đo bằng: ${item.measure}` : null, item.timeframe ? `Thời hạn: ${item.timeframe}` : null].filter(Boolean);
  if (details.length > 0) lines.push(`   ${details.join(" · ")}`);
  const flag = answeredFlag(reasonsOf(item.vagueReasons), { measure: Boolean(item.measure?.trim()), timeframe: Boolean(item.timeframe?.trim()) });
  if (item.vagueKept && flag !== null) lines.push(`   ⚠️ ${flag}`);
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
  askText: (n: number) => `Việc ${n} của chi bộ: chi bộ sẽ làm gì? Viết cụ thể: làm gì, bao nhiêu, khi nào. Có thể gõ cả 2 việc, mỗi việc một dòng.`,
  list: (o: { unitName: string; year: number; items: readonly CollectiveView[] }) =>
    o.items.length === 0
      ? `${o.unitName} chưa đăng ký việc nào năm ${o.year}.`
      : [`Việc chi bộ đã đăng ký năm ${o.year}:`, ...o.items.map(collectiveLines)].join("\n"),
  saved: (positions: readonly number[]) => `Đã lưu ${positions.map((n) => `việc ${n}`).join(", ")} của chi bộ.`,
  deleted: (n: number) => `Đã xóa việc ${n} của chi bộ.`,
  menu: { add: "Thêm một việc", edit: "Sửa một việc", del: "Xóa một việc", done: "Xong" },
  pickEdit: () => "Đồng chí chọn việc cần sửa (sẽ gõ lại việc đó):",
  pickDelete: () => "Đồng chí chọn việc cần xóa:",
  full: () => "Chi bộ đã có đủ 2 việc (tối đa). Muốn đổi, đồng chí sửa hoặc xóa một việc.",
  done: () => "Đã lưu đăng ký của chi bộ. Đồng chí gõ /dangky chibo khi cần sửa.",
  /** After "hủy" with the cell's items accepted (or one changed): those are saved, the one being asked about is not. */
  stoppedKeeping: (o: { kept: readonly number[]; dropped: readonly number[]; again: string }) =>
    [
      `Bot đã lưu ${o.kept.map((n) => `việc ${n}`).join(", ")} của chi bộ.`,
      ...(o.dropped.length > 0 ? [`${capitalize(o.dropped.map((n) => `việc ${n}`).join(", "))} (đang nhập dở) chưa được lưu.`] : []),
      `Khi cần, đồng chí gõ ${o.again} để làm tiếp.`,
    ].join(" "),
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
    /** The chi ủy's comment given with its decision (approved or returned). */
    decisionComment?: string | null;
    items: readonly ItemView[];
  } | null;
  assessments: ReadonlyArray<{
    period: string;
    selfRating: string | null;
    overallNote: string | null;
    items: ReadonlyArray<{ position: number; progress: string }>;
  }>;
  reviews: ReadonlyArray<{ at: Date; author: string; text: string; period: string | null }>;
  /** Next year's registration, once one has items (from November): shown after this year's. */
  next?: { year: number; registration: NonNullable<NotebookView["registration"]> } | null;
  /**
   * The year /dangky opens, when it is not this notebook's (from November, no year asked): with
   * nothing for this year, plain /dangky would lead there, so this year's is named with its year.
   */
  leading?: number;
}

function registrationWhen(reg: NonNullable<NotebookView["registration"]>, zone: string): string {
  return reg.status === "SUBMITTED" && reg.submittedAt
    ? `đã gửi ngày ${formatDate(reg.submittedAt, zone)}, chờ chi ủy duyệt`
    : reg.status === "APPROVED" && reg.decidedAt
      ? `chi ủy đã duyệt ngày ${formatDate(reg.decidedAt, zone)}`
      : STATUS_LABELS[reg.status];
}

/** The comment the chi ủy gave with its decision (approved or returned), as the notebook shows it; null when none. */
function decisionLine(reg: NonNullable<NotebookView["registration"]>): string | null {
  const comment = reg.decisionComment?.trim();
  if (!comment || (reg.status !== "APPROVED" && reg.status !== "RETURNED")) return null;
  return `Nhận xét của chi ủy khi ${reg.status === "APPROVED" ? "duyệt" : "trả lại"}: ${quote(comment)}`;
}

/** The registration's status line, with the comment the chi ủy gave with its decision. */
function registrationLines(year: number, reg: NonNullable<NotebookView["registration"]>, zone: string): string[] {
  const comment = decisionLine(reg);
  return [`Bản đăng ký năm ${year}: ${registrationWhen(reg, zone)}.`, ...(comment ? [comment] : [])];
}

/**
 * A notebook's year without a registration, and how to make it. While /dangky opens another year
 * first (`leading`, from November), this year's is still made as "/dangky <year>" and the
 * year-end meeting reviews it: named first, before next year's.
 */
function noRegistrationLine(year: number, leading: number | undefined, hasLeading: boolean): string {
  if (leading === undefined) return `Đồng chí chưa có bản đăng ký năm ${year}. Gõ /dangky để đăng ký.`;
  if (hasLeading) return `Đồng chí chưa có bản đăng ký năm ${year}. Gõ /dangky ${year} để đăng ký.`;
  return `Đồng chí chưa có bản đăng ký năm ${year} và năm ${leading}. Gõ /dangky ${year} để đăng ký năm ${year} trước, rồi /dangky ${leading} cho năm ${leading}.`;
}

export function notebookText(v: NotebookView): string {
  const lines = [`Sổ tự tu dưỡng năm ${v.year} — ${address(v.fullName)}`];
  const reg = v.registration;
  // Each year's registration is shown only with items.
  const shown = reg && reg.items.length > 0 ? reg : null;
  const next = v.next && v.next.registration.items.length > 0 ? v.next : null;
  if (!shown) {
    lines.push(noRegistrationLine(v.year, v.leading, next !== null));
  } else {
    lines.push(...registrationLines(v.year, shown, v.zone), ...shown.items.map((i) => itemLines(i, shown.status)));
  }
  // Next year's is read on a phone under this year's: one line per item, the details are in /dangky.
  if (next) {
    lines.push(
      "",
      ...registrationLines(next.year, next.registration, v.zone),
      // The item whole: its last words are often its deadline ("… nộp chi bộ trước 30/6/2027").
      ...next.registration.items.map((i) => `${i.position}. ${contentsLabel(i.category, i.categories)}: ${i.text.trim()}`),
    );
  }
  if (v.assessments.length > 0) {
    lines.push("", "Tiến độ (mới nhất trước):");
    for (const a of v.assessments) {
      const parts = [...a.items].sort((x, y) => x.position - y.position).map((i) => `việc ${i.position} ${PROGRESS_LABELS[i.progress] ?? i.progress}`);
      if (a.selfRating) parts.push(`tự xếp loại: ${RATING_LABELS[a.selfRating] ?? a.selfRating}`);
      if (parts.length === 0 && a.overallNote) parts.push(clip(a.overallNote, 80));
      lines.push(`• ${periodLabel(a.period)}: ${parts.join("; ") || "đã tự đánh giá"}`);
    }
  } else if (shown) {
    // The notebook does not know whether a period is open now (the year-end one may be): nothing
    // sent yet is what it knows.
    lines.push("", "Chưa gửi bản tự đánh giá nào. Đồng chí gõ /danhgia để tự đánh giá.");
  }
  if (v.reviews.length > 0) {
    lines.push("", "Nhận xét của chi ủy:");
    for (const r of v.reviews) {
      const about = r.period ? ` về ${periodLabel(r.period).toLowerCase()}` : " về bản đăng ký";
      lines.push(`• ${formatDate(r.at, v.zone)}, ${r.author}${about}: ${r.text}`);
    }
  } else if (shown && !decisionLine(shown) && !(next && decisionLine(next.registration))) {
    // Only when no comment at all is shown: next year's approval comment above this line made
    // "no comment yet" read as a contradiction.
    lines.push("", "Chưa có nhận xét của chi ủy.");
  }
  return lines.join("\n");
}
