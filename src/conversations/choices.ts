// Matching an answer to the offered choices: a Telegram button value, or (Zalo, local chat) the
// number of the option or its words, with or without diacritics. Labels built from a member's text
// are shortened here, at a word boundary.
import type { Choice } from "../channels/types.ts";
import { fold, plainAnswer } from "../domain/text.ts";
import { clip } from "../messages/quote.ts";
import { choiceNumber } from "../channels/numbered-choices.ts";

/** Longest label a choice built from free text gets: one line on a phone (Telegram button, Zalo list). */
export const CHOICE_LABEL_MAX = 40;

/** A label made from free text (an item, a name with its position), cut at a word boundary with "…". */
export function choiceLabel(text: string, max = CHOICE_LABEL_MAX): string {
  return clip(text, max);
}

/** The option the member picked among ids kept in the flow's data (never an id from the message). */
export function pickedId(ids: readonly string[] | undefined, choice: string | undefined): string | undefined {
  if (choice === undefined || !ids || !/^\d+$/.test(choice)) return undefined;
  return ids[Number(choice)];
}

/**
 * A menu shown more than once in a conversation while its options come and go (an item added, a
 * list emptied): `options` is the whole menu in order, null for an option not offered now. Each
 * option offered keeps the number of its place in the whole menu, so the "3" a member learned at
 * one showing is not another option at the next. Numbers in a row need no number of their own.
 */
export function stableChoices(options: ReadonlyArray<Choice | null>): Choice[] {
  const present = options.filter((c): c is Choice => c !== null);
  const offered = options.flatMap((c, i) => (c ? [{ ...c, number: i + 1 }] : []));
  return offered.every((c, i) => c.number === i + 1) ? present : offered;
}

/**
 * An option named by its first word with the number of an item ("sửa việc 3", "sua 3"): that option
 * and the number, for a flow whose option then asks which item. Undefined unless exactly one
 * option's label starts with that word.
 */
export function choiceWithNumber(choices: readonly Choice[], text: string): { choice: Choice; n: number } | undefined {
  const named = /^([a-z]+)(?: viec| cai| muc)? (?:so )?(\d{1,2})$/.exec(plainAnswer(text));
  if (!named?.[1] || !named[2]) return undefined;
  const verb = named[1];
  const starts = choices.filter((c) => `${fold(c.label)} `.startsWith(`${verb} `));
  const [only] = starts;
  return starts.length === 1 && only ? { choice: only, n: Number(named[2]) } : undefined;
}

/**
 * An option said at the start of a longer answer, then what goes with it: "duyệt, việc 2 đã rõ",
 * "đồng ý nhưng việc 1 cần ghi rõ". The start is read by matchChoice (so an option's words count),
 * up to the first comma, colon, dash or "nhưng"; undefined when it picks nothing or nothing follows.
 */
export function choiceWithRest(choices: readonly Choice[], text: string): { choice: Choice; rest: string } | undefined {
  const said = /^\s*([^,:;.!?\-–]{1,24}?)\s*(?:[,:;.!\-–]+\s*|\s+(?=(?:nhưng|nhung)\s))(\S.*)$/su.exec(text);
  if (!said?.[1] || !said[2]) return undefined;
  const choice = matchChoice(choices, { text: said[1] });
  return choice ? { choice, rest: said[2].trim() } : undefined;
}

/** Members offered by number (the value indexes the ids the flow keeps): the name, and the position cut to fit the line. */
export function memberChoices(members: readonly { fullName: string; position: string | null }[]): Choice[] {
  return members.map((m, i) => ({ value: String(i), label: m.position ? `${m.fullName} (${choiceLabel(m.position, 30)})` : m.fullName }));
}

export function matchChoice(choices: readonly Choice[], input: { text: string; choice?: string }): Choice | undefined {
  if (input.choice !== undefined) return choices.find((c) => c.value === input.choice);
  const text = fold(input.text).replace(/[.)]$/, "");
  if (!text) return undefined;
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    // A menu that left an option out reads "1, 2, 4": a member who counts the lines types "3" for
    // the third one. No option is 3 and the lines above it count 1, 2, so it can mean nothing else
    // (a list that starts at "2" gives no count to follow, and "1" there stays unplaced).
    const counted = n > 1 && choices.slice(0, n - 1).every((c, i) => choiceNumber(c, i) === i + 1);
    return choices.find((c, i) => choiceNumber(c, i) === n) ?? (counted ? choices[n - 1] : undefined);
  }
  const exact = choices.find((c) => fold(c.label) === text || fold(c.value) === text);
  if (exact) return exact;
  const words = plainAnswer(input.text);
  // Words an option is offered with: what that answer can only mean here ("ok" at the coach keeps
  // the item as it is). Before the plain yes, which finds no yes among such options.
  // A question ("xong à?") is not the answer.
  const said = input.text.includes("?") ? [] : choices.filter((c) => c.words?.includes(words));
  if (said.length === 1) return said[0];
  // A plain yes answers only a yes; it never falls through to the label words below, where
  // "đồng ý" would find "Đồng ý hủy".
  if (AGREE.has(words)) return plainYes(choices);
  // Words that start a single option's label ("duyet" for "Duyệt bản đăng ký").
  const starts = choices.filter((c) => fold(c.label).startsWith(text) && text.length >= 2);
  if (starts.length > 0) return starts.length === 1 ? starts[0] : undefined;
  // Words found whole in the label of the one option that says yes and undoes nothing ("gui" for
  // "Đúng, gửi chi ủy"). Only there: a word found in any label turned "không" into "Tắt nhắc không
  // bắt buộc", "lại" into "Rút lại về bản nháp", and a self-assessment's note into a menu choice.
  if (words.length < 3 || NEGATION.test(` ${words} `)) return undefined;
  const yes = plainYes(choices);
  return yes && ` ${fold(yes.label).replace(/[^a-z0-9 ]+/g, " ")} `.includes(` ${words} `) ? yes : undefined;
}

/**
 * "ok", "được", "để vậy": where the coach asks, the item is fine as it is (its "Giữ nguyên"). A plain
 * yes there has nothing else to mean: the examples and "Viết lại" each need more than a nod.
 */
export const AS_IS_WORDS: readonly string[] = [
  "ok",
  "oke",
  "okay",
  "okie",
  "duoc",
  "duoc roi",
  "dong y",
  "giu",
  "giu vay",
  "de vay",
  "de nguyen",
  "vay duoc roi",
];

/**
 * A nod, where a text was drafted or given before ("Dùng bản nháp này", "Giữ như cũ"): use that
 * text. Typed, a nod became the text itself (a year-end note reading "ok", the draft thrown away).
 * Not "giữ", "để vậy": beside "Giữ như cũ" they name that option by its own words.
 */
export const NOD_WORDS: readonly string[] = [
  ...AS_IS_WORDS.filter((w) => !/^(giu|de) /.test(`${w} `)),
  ...["nhat tri", "xac nhan", "u", "uh", "um", "uhm", "vang", "da", "da vang", "dung", "dung roi", "dung vay", "dung ban nay", "tot", "tot roi", "chuan"],
];

export const isNod = (text: string): boolean => NOD_WORDS.includes(plainAnswer(text));

/**
 * "không có", "ko co", "chưa có": where a note or evidence is asked for "nếu có", there is none (its
 * "Bỏ qua"). Typed, it was kept as the text itself ("Minh chứng: ko co" for the chi ủy to read).
 */
export const NONE_WORDS: readonly string[] = [
  "khong",
  "khong co",
  "khong co gi",
  "ko",
  "ko co",
  "ko co gi",
  "k co",
  "kg co",
  "chua co",
  "chua co gi",
  "khong co minh chung",
  "ko co minh chung",
  "chua co minh chung",
];

/**
 * "để sau", "mai làm", "thôi để mai làm": where a part of an item is asked (its measure, its
 * timeframe), the member stops for now, as with the flow's "Để sau". Typed, it was kept as that part
 * ("Thời hạn: de sau" for the chi ủy to read). A "thôi" in front changes nothing; "thôi" alone is one.
 */
export const LATER_WORDS: readonly string[] = [
  "thoi",
  "de sau",
  "lam sau",
  "tinh sau",
  "bo sung sau",
  "tra loi sau",
  "de mai",
  "mai lam",
  "de mai lam",
  "mai tinh",
  "mai bo sung",
  "khi khac",
  "luc khac",
  "de luc khac",
  "de khi khac",
  "de hom khac",
];

export const isLater = (text: string): boolean => LATER_WORDS.includes(plainAnswer(text).replace(/^thoi (?=\S)/, ""));

/**
 * "bỏ qua", "chưa biết", "không có", "giữ nguyên": where a part of an item is asked, there is none to
 * give: the question is passed over and nothing is kept as that part (as "Đo bằng: giu nguyen" was).
 * The none of NONE_WORDS, and the "giữ", "để vậy" of AS_IS_WORDS (a plain nod there waits for an answer).
 */
export const SKIP_WORDS: readonly string[] = [
  ...NONE_WORDS,
  ...AS_IS_WORDS.filter((w) => /^(giu|de) /.test(`${w} `)),
  ...["bo qua", "chua biet", "khong biet", "ko biet", "k biet", "chua ro", "khong ro", "chua nghi ra", "giu nguyen", "giu nhu cu", "de nhu cu"],
];

export const isSkip = (text: string): boolean => SKIP_WORDS.includes(plainAnswer(text));

/**
 * Where a note or evidence is asked for "nếu có" with no earlier one to keep: "không", "không có
 * gì", and a bare acknowledgement ("ok", "vâng", "dạ", "được"), which answers the question and says
 * nothing of the item (its "Bỏ qua"). Typed, it was kept as the note itself ("Ghi chú: ok"). Where
 * an earlier note is offered, a nod keeps that one instead (NOD_WORDS on "Giữ như cũ").
 */
export const NOTE_SKIP_WORDS: readonly string[] = [...NONE_WORDS, ...NOD_WORDS, "bo qua", "bo", "qua", "thoi", "khong can", "khong can ghi"];

/**
 * "gửi", "gửi đi", "gửi lại", "đúng rồi gửi đi": the member sends to the chi ủy (plainAnswer drops
 * the closing "đi"). Not "dung gui": folded, it is also "đừng gửi".
 */
export const SEND_WORDS: readonly string[] = ["gui", "gui lai", "gui chi uy", "gui lai chi uy", "dung roi gui", "dung roi gui lai", "ok gui", "vang gui"];

/** "xong", "xong rồi": at "Bot hiểu đúng chưa?", the member is done checking, so it goes. */
export const DONE_WORDS: readonly string[] = ["xong", "xong roi", "da xong"];

/** "không gửi", "chưa", "đừng": never a pick by words. Folded, "dung" is also "đúng", so "đừng" is read as "dung" only with "đừng" written. */
const NEGATION = / (?:khong|ko|k|chua|hong|dung gui) /;

/** A plain yes, folded. "dung" alone is not one: folded, "Đúng" and "Dừng" are the same word. */
const AGREE = new Set([
  "ok",
  "oke",
  "okay",
  "okie",
  "dong y",
  "vang",
  "da",
  "da vang",
  "u",
  "uh",
  "co",
  "dung roi",
  "dung vay",
  "duoc",
  "xac nhan",
  "nhat tri",
]);
/**
 * A label that is a yes, read with its diacritics (folded, "Đúng" would also be "Dừng"): "Đúng, gửi
 * chi ủy", "Đồng ý", "Có". Not "Đúng tiến độ": a progress is an answer, not a yes.
 */
const YES_LABEL = /^(?:đúng|đồng ý|xác nhận|có)(?:[,.!]|$| rồi)/u;
/**
 * A label that also does something that cannot be taken back with a word ("Đồng ý hủy", "Có, xóa",
 * "Rút lại", "Tắt nhắc"): a plain "ok" must not pick it, the member types its number or its word.
 */
const UNDOING_LABEL = /(?:^|[\s,.])(?:hủy|huỷ|xóa|xoá|rút|tắt|bỏ|dừng|thôi|gửi tất cả|gửi toàn)(?:[\s,.!]|$)/u;

/** The one option that says yes and undoes nothing, for an "ok"; none when there is not exactly one. */
function plainYes(choices: readonly Choice[]): Choice | undefined {
  const says = (c: Choice) => c.label.normalize("NFC").toLowerCase();
  const yes = choices.filter((c) => YES_LABEL.test(says(c)));
  const only = yes.length === 1 ? yes[0] : undefined;
  return only && !UNDOING_LABEL.test(says(only)) ? only : undefined;
}
