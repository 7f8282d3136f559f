// Plain questions typed outside a flow ("khi nào họp", "tôi đăng ký chưa", "xem nhận xét", "xin
// chào", "cảm ơn"), with or without diacritics, "ký" or "kí", mapped to the command that answers
// them; a nod ("ok", "👍") gets a short thanks; anything else gets the two or three likeliest
// commands instead of a generic hint. Pure: text in, intent out.
import { fold, foldSpelling } from "./text.ts";

/** Command names as typed after "/" (see conversations/commands.ts). */
export type CommandName =
  | "dangky"
  | "danhgia"
  | "camket"
  | "lich"
  | "nhac"
  | "kenh"
  | "trogiup"
  | "duyet"
  | "nhanxet"
  | "dienhinh"
  | "baocao"
  | "thongbao"
  | "moi"
  | "doilich"
  | "huylich"
  | "dangnhap";

export type Intent =
  | { kind: "command"; command: CommandName; args: string }
  | { kind: "greeting" }
  | { kind: "thanks" }
  | { kind: "ack" }
  /** Meant for the secretary, not the bot: asking to be excused from a meeting, or saying one will be there. */
  | { kind: "forSecretary" }
  | { kind: "unknown"; suggestions: CommandName[] };

export interface Asker {
  isCommittee: boolean;
  isSecretary: boolean;
}

const COMMITTEE_ONLY: ReadonlySet<CommandName> = new Set(["duyet", "nhanxet", "dienhinh", "baocao", "dangnhap"]);
const SECRETARY_ONLY: ReadonlySet<CommandName> = new Set(["thongbao", "moi", "doilich", "huylich"]);

const allowed = (c: CommandName, who: Asker) => (SECRETARY_ONLY.has(c) ? who.isSecretary : COMMITTEE_ONLY.has(c) ? who.isCommittee : true);

/** Each phrase's whole-word pattern, spelled as foldSpelling reads text, built once. */
const patterns = new Map<string, RegExp>();
const patternOf = (phrase: string) => {
  let pattern = patterns.get(phrase);
  if (!pattern) patterns.set(phrase, (pattern = new RegExp(`(?:^| )${foldSpelling(phrase)}(?: |$)`)));
  return pattern;
};
/** A whole-word (or whole-phrase) test on folded text. */
const has = (text: string, ...phrases: string[]) => phrases.some((p) => patternOf(p).test(text));

const MEETING = ["hop", "hop chi bo", "sinh hoat", "sinh hoat chi bo", "lich hop", "lich sinh hoat", "buoi hop", "buoi sinh hoat", "lich"];
/** "When"/"where" asked outright: also what makes a short message a question (see understandAside). */
const ASKING_WHEN = ["khi nao", "bao gio", "may gio", "luc nao", "ngay nao", "hom nao", "thu may", "o dau", "cho nao"];
const WHEN = [...ASKING_WHEN, "dia diem", "thang nay", "thang sau", "tuan nay", "tuan sau", "sap toi", "tiep theo", "lan toi", "ke tiep", "lich"];
const STATUS = ["chua", "roi chua", "da", "duoc duyet", "duyet chua", "trang thai", "tinh trang", "cua toi", "cua minh", "xem", "xem lai", "the nao", "ra sao"];
const REGISTRATION = ["dang ky", "dang ki", "ban dang ky", "ban dang ki", "cam ket", "so tu tu duong", "so tu duong"];
const COMMENTS = ["nhan xet", "gop y", "danh gia cua chi uy", "y kien chi uy"];
const WANT = ["muon", "can", "lam sao", "lam the nao", "cach", "huong dan", "bat dau", "the nao de", "o dau de", "giup toi"];
const GREETING =
  /^(?:xin chao|chao|kinh chao|hello|hi|helo|alo|a lo|hey)(?: (?:bot|ban|anh|chi|em|dong chi|ca nha|moi nguoi|buoi sang|buoi chieu|buoi toi))*[ !.,]*$/;
const THANKS = ["cam on", "cam on nhieu", "thank", "thanks", "thank you", "tks", "thanks you", "cam on bot", "cam on ban"];
/** Asking to be excused, or saying one will attend: words to the secretary, typed to the bot after a notice. */
const TO_SECRETARY = [
  "xin vang",
  "xin phep vang",
  "bao vang",
  "vang hop",
  "vang buoi hop",
  "vang mat",
  "xin nghi hop",
  "xin nghi buoi hop",
  "khong di hop duoc",
  "khong du hop duoc",
  "khong tham du duoc",
  "co mat",
  "se co mat",
  "se tham du",
  "se di hop",
  "se du hop",
];

/**
 * The year a wish to register names ("tôi muốn đăng ký cho năm 2026", "năm nay", "năm sau"), as the
 * words /dangky reads as that year (registration-rules.ts yearNamed, which knows this year): "" for none.
 */
const YEAR_WORDS = /(?:^| )(nam (?:\d{4}|nay|sau|toi)|(?:19|20)\d\d)(?: |$)/;
const yearWords = (t: string): string => YEAR_WORDS.exec(t)?.[1] ?? "";

/** What the text asks, or null when it is not one of the plain questions. */
function recognise(t: string, question: boolean, who: Asker): Intent | null {
  if (GREETING.test(t)) return { kind: "greeting" };
  if (has(t, ...TO_SECRETARY)) return { kind: "forSecretary" };
  if (has(t, ...THANKS) && t.split(" ").length <= 8) return { kind: "thanks" };

  // Committee questions first: "ai chưa đăng ký" is about the cell, not about me.
  if (who.isCommittee && /(?:^| )(?:ai|nhung ai|bao nhieu nguoi|may nguoi|dong chi nao)(?: |$)/.test(t) && has(t, "chua", "dang ky", "danh gia", "nop")) {
    return { kind: "command", command: "baocao", args: "" };
  }
  if (who.isCommittee && has(t, "cho duyet", "can duyet", "duyet ban dang ky", "duyet dang ky")) return { kind: "command", command: "duyet", args: "" };
  if (who.isSecretary && has(t, "gui thong bao", "soan thong bao", "viet thong bao", "thong bao cho chi bo", "thong bao toan chi bo"))
    return { kind: "command", command: "thongbao", args: "" };
  // "báo cáo tiến độ" is a member reporting their own progress, not the chi ủy asking for the digest.
  if (who.isCommittee && has(t, "bao cao", "xem bao cao", "tong hop", "xem tong hop", "thong ke") && !has(t, "tien do", "danh gia"))
    return { kind: "command", command: "baocao", args: "" };

  if (has(t, "nhac", "nhac nho", "nhac viec", "nhac lich")) {
    if (has(t, "tat", "dung", "ngung", "khong nhan", "bo")) return { kind: "command", command: "nhac", args: "tat" };
    if (has(t, "bat", "mo", "nhan lai")) return { kind: "command", command: "nhac", args: "bat" };
  }
  if (has(t, "kenh", "zalo", "telegram") && has(t, "doi", "chon", "nhan tin", "nhan qua", "chuyen", "qua"))
    return { kind: "command", command: "kenh", args: "" };

  if (has(t, ...COMMENTS)) return { kind: "command", command: "camket", args: "" };
  if (has(t, ...MEETING) && has(t, ...WHEN)) return { kind: "command", command: "lich", args: "" };
  if (has(t, ...REGISTRATION) || has(t, "danh gia", "tu danh gia", "tien do")) {
    const wants = has(t, ...WANT);
    const asksStatus = has(t, ...STATUS) || question;
    const aboutAssessment = has(t, "danh gia", "tu danh gia") && !has(t, ...REGISTRATION);
    // "tôi muốn xem cam kết của tôi" wants to see, not to register.
    const toSee = has(t, "xem", "coi", "doc lai");
    if (wants && !toSee && !has(t, "chua", "roi chua"))
      return aboutAssessment ? { kind: "command", command: "danhgia", args: "" } : { kind: "command", command: "dangky", args: yearWords(t) };
    if (asksStatus || has(t, "tien do")) return { kind: "command", command: "camket", args: "" };
  }
  // "còn phải làm gì nữa không" asks what I still owe, not what the bot can do: the notebook says.
  if (has(t, "con phai lam gi", "phai lam gi nua", "can lam gi nua", "con viec gi", "con thieu gi", "con no gi", "xong het chua", "du chua"))
    return { kind: "command", command: "camket", args: "" };
  if (has(t, "huong dan", "giup", "giup do", "tro giup", "lam gi", "lam duoc gi", "chuc nang", "cach dung", "su dung", "cac lenh", "lenh")) {
    return { kind: "command", command: "trogiup", args: "" };
  }
  return null;
}

/** Words that point to a command, for suggestions when nothing was recognised. */
const HINT_WORDS: ReadonlyArray<[CommandName, readonly string[]]> = [
  ["dangky", ["dang", "ky", "ki", "cam", "ket", "viec", "nam", "noi", "dung", "hoc", "tap", "lam", "theo", "bac", "nop", "gui"]],
  ["danhgia", ["danh", "gia", "tu", "thang", "quy", "tien", "do", "xong", "hoan", "thanh", "ket", "qua"]],
  ["camket", ["xem", "so", "cam", "ket", "nhan", "xet", "duyet", "cua", "toi", "minh", "ban", "chua"]],
  ["lich", ["lich", "hop", "sinh", "hoat", "ngay", "gio", "buoi", "khi", "nao", "bao", "dia", "diem"]],
  ["nhac", ["nhac", "tat", "bat", "lam", "phien", "thong", "bao", "nhieu"]],
  ["kenh", ["kenh", "zalo", "telegram", "nhan", "tin", "dien", "thoai"]],
  ["duyet", ["duyet", "tra", "lai", "ban", "dang", "ky"]],
  ["nhanxet", ["nhan", "xet", "gop", "y", "danh", "gia"]],
  ["baocao", ["bao", "cao", "tong", "hop", "ai", "chua", "bao", "nhieu"]],
  ["thongbao", ["thong", "bao", "gui", "tat", "ca", "chi", "bo"]],
  ["moi", ["moi", "ma", "lien", "ket", "tai", "khoan"]],
];

/** HINT_WORDS spelled as foldSpelling reads text ("ky" and "ki" are one word then). */
const HINTS = HINT_WORDS.map(([c, hints]) => [c, [...new Set(hints.map(foldSpelling))]] as const);

const DEFAULTS: readonly CommandName[] = ["dangky", "danhgia", "lich", "camket"];

function suggest(t: string, who: Asker): CommandName[] {
  const words = new Set(t.split(" "));
  const scored = HINTS.filter(([c]) => allowed(c, who))
    .map(([c, hints], order) => ({ c, order, score: hints.filter((w) => words.has(w)).length }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map((s) => s.c);
  const picked = scored.slice(0, 3);
  for (const d of DEFAULTS) if (picked.length < 2 && !picked.includes(d)) picked.push(d);
  return picked;
}

/** A command's name typed as one word in a question ("dangky chua?"), read as its two words. */
const JOINED: Readonly<Record<string, string>> = {
  dangki: "dang ki",
  danhgia: "danh gia",
  camket: "cam ket",
  baocao: "bao cao",
  nhanxet: "nhan xet",
  thongbao: "thong bao",
  dienhinh: "dien hinh",
  trogiup: "tro giup",
  doilich: "doi lich",
  huylich: "huy lich",
  dangnhap: "dang nhap",
};

/**
 * Nothing but nods ("👍", "🙏🙏👍", "👌", "❤️"): an acknowledgement, not a question. Other emoji
 * ("😀") say nothing the bot can read and still get the suggestions.
 */
const ONLY_NODS = /^(?=.*[👍👌🙏👏🤝💪✅❤♥💐🌹🌷🙂😊☺])(?:[👍👌🙏👏🤝💪✅❤♥💐🌹🌷🙂😊☺]|\p{Emoji_Modifier}|\ufe0f|\u200d|\s|[.!,])+$/u;
/** A plain "yes"/"all right" with no question in it ("ok", "vâng ạ", "dạ"). */
const ACK =
  /^(?:ok|oke|okay|okie|ok a|ok nhe|vang|vang a|da|da vang|da a|da vang a|u|uh|um|dong y|duoc|duoc roi|tot|tot qua|ro roi|da ro|hieu roi|da hieu|nhat tri)$/;

/** The text as the patterns read it: folded, "kí" for "ký", punctuation gone, joined command names split. */
function plainWords(text: string): { t: string; question: boolean } {
  const spelled = foldSpelling(text);
  const t = spelled
    .replace(/[^a-z0-9 ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .split(" ")
    .map((w) => JOINED[w] ?? w)
    .join(" ");
  return { t, question: /\?\s*$/.test(spelled) };
}

export function understand(text: string, who: Asker): Intent {
  if (ONLY_NODS.test(text.trim())) return { kind: "ack" };
  const { t, question } = plainWords(text);
  if (ACK.test(t)) return { kind: "ack" };
  const found = recognise(t, question, who) ?? (question ? recogniseBareTopic(t) : null);
  if (found && (found.kind !== "command" || allowed(found.command, who))) return found;
  return { kind: "unknown", suggestions: suggest(t, who) };
}

/** A "?" makes a bare topic a question ("họp?", "đăng ký?"). */
function recogniseBareTopic(t: string): Intent | null {
  if (has(t, ...MEETING)) return { kind: "command", command: "lich", args: "" };
  if (has(t, ...REGISTRATION)) return { kind: "command", command: "camket", args: "" };
  return null;
}

/**
 * Whether the words after a command word make it a question about that thing rather than the
 * command ("đăng ký chưa?" asks about my registration; "đăng ký" starts one).
 */
export function isQuestionTail(rest: string): boolean {
  const t = fold(rest)
    .replace(/[?!.]+$/, "")
    .trim();
  return (
    /^(?:(?:toi|minh|em) )?(?:da )?(?:chua|roi chua|chua a|chua nhi|duoc chua|xong chua|duoc duyet chua|duyet chua|the nao|ra sao|o dau|khi nao|bao gio|may gio|ngay nao|thang nay|tuan nay)$/.test(
      t,
    ) || /\?\s*$/.test(rest)
  );
}

/** Words that ask ("khi nào", "chưa", "không" at the end): a question, not a statement of intent. */
const ASKING = [...ASKING_WHEN, "the nao", "ra sao", "lam sao", "roi chua", "duoc chua", "xong chua", "duoc khong", "co khong"];
const ASKING_END = / (?:chua|khong|nhi|a|vay|the)$/;
/** A question typed in passing is short; a commitment that names a topic ("Nhắc nhở...") runs longer. */
const MAX_ASIDE_WORDS = 10;

/**
 * What a message typed where the bot waits for free text (a registration's items) clearly says
 * instead, or null when it may be the answer: a nod, a greeting, thanks, or one of the plain
 * questions above. Only a question counts among the commands: a commitment often names the same
 * topics ("Nhắc nhở con cháu...", "Giao tiếp lịch sự...", "Hướng dẫn 2 đảng viên mới..."), so the
 * topic alone is not enough; it takes a "?" or a word that asks, in a short message. Thanks count
 * only in front ("cảm ơn bot"), since "Viết thư cảm ơn gia đình liệt sĩ" is a commitment.
 */
export function understandAside(text: string, who: Asker): Intent | null {
  const intent = understand(text, who);
  const { t, question } = plainWords(text);
  switch (intent.kind) {
    case "ack":
    case "greeting":
      return intent;
    case "thanks":
      return THANKS.some((p) => t === foldSpelling(p) || t.startsWith(`${foldSpelling(p)} `)) ? intent : null;
    case "command": {
      const short = t.split(" ").length <= MAX_ASIDE_WORDS;
      return short && (question || has(t, ...ASKING) || ASKING_END.test(t)) ? intent : null;
    }
    default:
      return null;
  }
}

/** What a question typed during an entry is about: a content's meaning, an example, or nothing the bot can answer. */
export type EntryQuestion = { kind: "question"; about: "STUDY" | "FOLLOW" | "EXAMPLE" | "example" | null } | { kind: "protest" };

/** Words that make a short message a question even without "?" ("ví dụ như thế nào", "nêu gương là gì"). */
const QUESTION_WORDS = [...ASKING, "la gi", "nghia la gi", "vi du", "nhu nao", "tai sao"];
/** A trailing "ạ" or "nhé" is politeness, common after an item too: not among them. */
const QUESTION_END = / (?:chua|khong|nhi|vay|the|ha|sao)$/;
/** "không phải", "tôi hỏi thôi": the member protests that the last message was no answer. */
const PROTEST = /^(?:khong phai|sai roi|nham roi)(?: |$)|(?:^| )(?:hoi thoi|toi hoi|minh hoi|em hoi|chi hoi)(?: |$)/;
/** A question or protest is short; an item that happens to use such words runs longer. */
const MAX_QUESTION_WORDS = 8;
/** Even with a "?", a pasted paragraph of items is no question. */
const MAX_MARKED_QUESTION_WORDS = 20;

/**
 * A message typed where an item (or its measure, timeframe, new wording) is awaited that asks
 * something or protests instead ("thế nào là nội dung nêu gương vậy?", "ví dụ như thế nào?",
 * "không phải, tôi hỏi thôi mà"): never an item. Only a single short line counts: an item ends with
 * no "?" and rarely starts with "không phải". Null when it may be the answer.
 */
export function entryQuestion(text: string): EntryQuestion | null {
  if (/\n/.test(text.trim())) return null;
  const { t, question } = plainWords(text);
  const words = t.split(" ").length;
  if (words <= MAX_QUESTION_WORDS && PROTEST.test(t) && !question) return { kind: "protest" };
  const asks = question ? words <= MAX_MARKED_QUESTION_WORDS : words <= MAX_QUESTION_WORDS && (has(t, ...QUESTION_WORDS) || QUESTION_END.test(t));
  if (!asks) return null;
  const about = has(t, "vi du") ? "example" : has(t, "neu guong") ? "EXAMPLE" : has(t, "lam theo") ? "FOLLOW" : has(t, "hoc tap") ? "STUDY" : null;
  return { kind: "question", about };
}
