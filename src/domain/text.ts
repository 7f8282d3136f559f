// Vietnamese text helpers: matching with and without diacritics, given names, sorting.

/** Lower-case, strip diacritics (đ → d), collapse white space: "Đăng  Ký" → "dang ky". */
export function fold(input: string): string {
  return input
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * fold, and a word-final "y" after a consonant read as "i": Vietnamese writes both "ký" and "kí",
 * "lý" and "lí", "mỹ" and "mĩ", so a typed word matches in either spelling. Vowel + "y" ("này",
 * "tay", "quý") is left alone: there "y" and "i" make different words.
 */
export function foldSpelling(input: string): string {
  return fold(input).replace(/([bcdghklmnpqrstvx])y(?![a-z])/g, "$1i");
}

/** "ạ", "nhé", "đi", "luôn" after an answer ("vâng ạ", "gửi đi", "xong rồi ạ") change nothing. */
const POLITE_TAIL = /(?: (?:a|nhe|nha|di|luon|ban oi|bot oi))+$/;

/** A typed answer as plain folded words: punctuation gone, single spaces, the polite tail dropped. */
export function plainAnswer(input: string): string {
  return fold(input)
    .replace(/[^a-z0-9 ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(POLITE_TAIL, "");
}

/**
 * A particle closing a typed answer ("hằng ngày mà", "mỗi tháng ạ", "trước 30/6 nhé"): talk, not
 * part of the answer kept. Matched as typed, word for word: "nha" stays, since "tại nha" is "tại
 * nhà" without its marks.
 */
const PARTICLE_TAIL = /(?:[\s,.]+(?:mà|ma|ạ|nhé|nhe|nhá))+[\s.!]*$/iu;

/** The answer without a closing particle; unchanged when nothing else would be left. */
export function withoutParticle(input: string): string {
  const kept = input.normalize("NFC").replace(PARTICLE_TAIL, "").trim();
  return kept.length > 0 ? kept : input;
}

/** Tidy a person's name as typed: trimmed, single spaces, NFC, nothing invisible (see cleanShortText). */
export function cleanName(input: string): string {
  return cleanShortText(input);
}

/** The given name is the last word of a Vietnamese full name ("Nguyễn Văn Hùng" → "Hùng"). */
export function givenName(fullName: string): string {
  const words = cleanName(fullName).split(" ");
  return words[words.length - 1] ?? fullName;
}

const collator = new Intl.Collator("vi", { sensitivity: "base" });

/** Vietnamese order for lists of people: by given name, then by the full name. */
export function compareVietnameseNames(a: string, b: string): number {
  return collator.compare(givenName(a), givenName(b)) || collator.compare(a, b);
}

export function sortByVietnameseName<T>(items: readonly T[], name: (item: T) => string): T[] {
  return [...items].sort((x, y) => compareVietnameseNames(name(x), name(y)));
}

// ---------------------------------------------------------------------------------------------
// Text hygiene at the edges: what a person cannot see must not be stored. Bidi overrides can make
// a name read backwards in a list; zero-width characters make two equal-looking names differ (and
// hide digits from the personal-number check); control characters, NUL above all, break exports,
// logs and the database.

/** Invisible format characters: zero-width, bidi embeddings/overrides/isolates and marks, fillers. */
export const INVISIBLE_CHARS = "\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0";
// The class lists combining marks (U+034F, variation selectors) on their own, on purpose: each is removed.
// eslint-disable-next-line no-misleading-character-class
const INVISIBLE = new RegExp(`[${INVISIBLE_CHARS}]`, "gu");
/** C0 and C1 controls and DEL, tab and line breaks included. */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/gu;
/** Controls except tab and line feed (which long texts keep). */
const CONTROL_EXCEPT_LINES = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/gu;

/** A name or short field (title, place, reason): NFC, no invisible or control characters, single spaces. */
export function cleanShortText(input: string): string {
  return input.normalize("NFC").replace(INVISIBLE, "").replace(CONTROL, " ").replace(/\s+/gu, " ").trim();
}

/** A free text (comment, notice): NFC, line breaks kept (\r\n → \n), no invisible or other control characters. */
export function cleanLongText(input: string): string {
  return input.normalize("NFC").replace(/\r\n?/g, "\n").replace(INVISIBLE, "").replace(CONTROL_EXCEPT_LINES, "").trim();
}

/**
 * Shortens to `max` characters with "…" at a word boundary: a word is never cut. A first word longer
 * than `max` is kept whole, or cut with `longWord: "cut"` where the text must fit its line (a label).
 */
export function shortenAtWord(text: string, max: number, longWord: "keep" | "cut" = "keep"): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  // One character is left for "…"; the cut falls between words when the next character is a space.
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  const whole = longWord === "cut" ? cut : (clean.split(" ")[0] ?? clean);
  const kept = clean[max - 1] === " " ? cut : space > 0 ? cut.slice(0, space) : whole;
  return `${kept.replace(/[\s,.;:!?\-–—]+$/, "")}…`;
}

/**
 * A question rather than an answer to keep: it ends with "?" or with the words that close a
 * Vietnamese question ("… có được không chị", "… thế nào ạ", "… thì chọn số mấy"). A chi ủy member
 * asking the secretary something at the comment prompt would otherwise send it to the member as
 * the chi ủy's word; a member's question would be kept as their self-assessment's note. Read
 * narrowly: a statement taken for a question costs one more message, a question kept costs trust.
 */
export function isQuestion(input: string): boolean {
  if (/\?\s*[)"”']?\s*$/u.test(input.trim())) return true;
  const words = plainAnswer(input).replace(/(?: (?:a|chi|anh|em|ha|nhi|vay|the|nhe|ban|bi thu))+$/, "");
  // "có … không" is the yes/no question; "thế nào", "tại sao", "làm sao" ask how and why (at the
  // end, or "làm thế nào…", "tại sao…" at the start).
  if (/^(?:lam the nao|tai sao|vi sao|lam sao) /.test(words)) return true;
  return /(?:^| )(?:co(?: [a-z0-9]+)* (?:khong|ko|hong)|(?:duoc|phai|hay) (?:khong|ko|hong|chua)|khong nhi|the nao|ra sao|tai sao|lam sao|so may|so nao|cai nao|muc nao)$/.test(
    words,
  );
}
