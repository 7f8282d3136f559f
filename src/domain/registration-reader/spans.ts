// Finds the measure and the timeframe inside one item, returned as the member typed them
// ("trước 30/6/2027", "hằng tháng", "100% hồ sơ", "chứng chỉ B1"). Patterns run on a folded copy
// of the same length as the original, so a match maps back to the member's own words. Pure.

import { DONG_WORD } from "../vagueness-lexicon.ts";

/** Lower-case, diacritics stripped, one character for one character (so indexes line up). */
export function foldSameLength(text: string): string {
  let out = "";
  for (const ch of text) {
    const base = ch
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/đ/g, "d")
      .replace(/Đ/g, "D")
      .toLowerCase();
    // Keep one UTF-16 unit per original unit; characters that fold to nothing or to several
    // units become a space or their first unit.
    const unit = base.length === 0 ? " " : (base[0] ?? " ");
    out += ch.length === 2 ? `${unit} ` : unit;
  }
  return out;
}

const B = "(?<![a-z0-9])"; // word start on folded text
const E = "(?![a-z0-9])"; // word end
const S = "\\s+";
const DATE = "\\d{1,2}\\s*[/.-]\\s*\\d{1,2}(?:\\s*[/.-]\\s*\\d{2,4})?";
const MONTH = `thang${S}\\d{1,2}(?:\\s*[/-]\\s*\\d{4})?`;
const ROMAN = "(?:iv|i{1,3}|[1-4])";
const WEEKDAY = `(?:thu${S}(?:hai|ba|tu|nam|sau|bay|[2-7])|chu${S}nhat)`;
const PERIOD = `(?:ngay|tuan|thang|quy|nam(?:${S}hoc)?|hoc${S}ky|ky|buoi${S}(?:sang|chieu|toi)|sang|chieu|toi|dem|ca(?:${S}truc)?|dot|phien)`;
const PART = "(?:sang|chieu|toi|trua|dem)";
/** What "12/12" counts when a unit follows it: a share ("12/12 tháng"), not a date. */
const COUNTED = "(?:thang|tuan|ngay|buoi|lan|ky|quy)(?![a-z0-9])";

/**
 * Timeframe patterns; the longest match wins. "trong giờ làm việc", "trong giờ họp" are not among
 * them: they say when a rule applies, not a date or a rhythm by which it is checked.
 */
/** Frequencies in words: "mỗi quý", "hằng tháng", "cuối mỗi tháng", "buổi sáng hằng ngày", "định kỳ". */
const RHYTHM: RegExp[] = [
  new RegExp(`${B}(?:(?:cuoi|dau|giua|${PART})${S})?(?:moi|hang)${S}${PERIOD}${E}`, "g"),
  new RegExp(`${B}(?:moi${S}khi|dinh${S}ky(?:${S}(?:hang|moi)${S}${PERIOD})?)${E}`, "g"),
];
const FREQUENCY: RegExp[] = [...RHYTHM, new RegExp(`\\/\\s*(?:ngay|tuan|thang|quy|nam)${E}`, "g")];

const TIMEFRAME: RegExp[] = [
  // weekdays, with or without a part of the day and a recurrence
  new RegExp(`${B}(?:${PART}${S})?${WEEKDAY}(?:${S}(?:hang|moi|cac|hàng)${S}(?:tuan|thang))?${E}`, "g"),
  ...FREQUENCY,
  // deadlines; "đúng hạn 12/12 tháng" counts months (N of N), it names no date
  new RegExp(`${B}(?:truoc|den|toi|cham${S}nhat|han|het)${S}(?:het${S})?(?:ngay${S})?${DATE}${E}(?!${S}${COUNTED})`, "g"),
  new RegExp(`${B}(?:truoc|den|trong|het|cuoi|dau|vao)${S}(?:het${S})?${MONTH}${E}`, "g"),
  new RegExp(`${B}truoc${S}ngay${S}\\d{1,2}${S}(?:hang|moi)${S}thang${E}`, "g"),
  new RegExp(`${B}(?:truoc|den|vao|trong|dip|mua)${S}(?:dip${S})?(?:tet(?:${S}nguyen${S}dan)?|he)${E}`, "g"),
  new RegExp(`${B}(?:vao${S})?dip${S}(?:${DATE}|[a-z]+)${E}`, "g"),
  new RegExp(`${B}(?:den|truoc)${S}(?:het|cuoi)${S}(?:nam(?:${S}hoc)?|quy|thang|hoc${S}ky)${E}`, "g"),
  new RegExp(`${B}(?:den|cho${S}den)${S}khi${E}[^,.;]*`, "g"),
  // periods
  new RegExp(`${B}(?:(?:trong|het|cuoi|dau|giua)${S})?(?:quy|qui)${S}${ROMAN}(?:\\s*[/-]?\\s*(?:nam${S})?\\d{4})?${E}`, "g"),
  new RegExp(`${B}(?:(?:trong|het|cuoi|dau|giua)${S})?hoc${S}ky${S}(?:ii|i|1|2)${E}`, "g"),
  // "trong cả năm" whole: "trong ca" (in the shift) alone is longer than "cả năm" and left "… năm".
  new RegExp(`${B}(?:(?:trong${S})?(?:ca|suot)|trong|cuoi|het|dau)${S}nam(?:${S}hoc)?(?:${S}(?:nay|\\d{4}))?${E}`, "g"),
  new RegExp(`${B}(?:trong${S})?nam${S}(?:19|20)\\d\\d${E}`, "g"),
  new RegExp(`${B}(?:trong|qua)${S}\\d+${S}(?:thang|tuan|ngay)${S}dau${E}`, "g"),
  new RegExp(`${B}(?:trong(?:${S}vong)?|khong${S}qua|toi${S}da|sau)${S}\\d+${S}(?:ngay(?:${S}lam${S}viec)?|gio|tieng|tuan|thang|phut)${E}`, "g"),
  new RegExp(`${B}trong${S}(?:ngay|tuan|thang|ca)${E}`, "g"),
];

export interface Span {
  start: number;
  end: number;
  text: string;
  /**
   * A timeframe typed in two places ("Hàng tuần … vào sáng chủ nhật"): each place, in text order.
   * `start`/`end` then cover both and `text` joins them.
   */
  parts?: readonly Span[];
}

function bestSpan(original: string, folded: string, patterns: readonly RegExp[], accept?: (m: string) => boolean): Span | null {
  let best: Span | null = null;
  for (const re of patterns) {
    re.lastIndex = 0;
    for (const m of folded.matchAll(re)) {
      const raw = m[0];
      const lead = raw.length - raw.trimStart().length;
      const start = (m.index ?? 0) + lead;
      const end = (m.index ?? 0) + raw.trimEnd().length;
      if (end <= start) continue;
      const text = original.slice(start, end).trim();
      if (accept && !accept(text)) continue;
      if (!best || end - start > best.end - best.start || (end - start === best.end - best.start && start < best.start)) {
        best = { start, end, text };
      }
    }
  }
  return best;
}

/** "mới" folds to "moi" like "mỗi": when the member typed diacritics, "mới …" is not a frequency. */
function notMoi(text: string): boolean {
  return !/(^|\s)mới\s/iu.test(text.normalize("NFC"));
}

export function findTimeframe(text: string): Span | null {
  const original = text.normalize("NFC");
  const folded = foldSameLength(original);
  const best = bestSpan(original, folded, TIMEFRAME, notMoi);
  if (!best) return null;
  // A rhythm typed apart from the day it falls on ("Hàng tuần … vào sáng chủ nhật") is half of the
  // timeframe: the day alone would drop how often, and the chi ủy checks both.
  // Two rhythms ("mỗi quý …, mỗi tháng …") belong to different acts: the longest stands alone.
  const rhythm = bestSpan(original, folded, RHYTHM, notMoi);
  if (!rhythm || (rhythm.start < best.end && rhythm.end > best.start) || isRhythm(folded.slice(best.start, best.end))) return best;
  const parts = rhythm.start < best.start ? [rhythm, best] : [best, rhythm];
  const [first, second] = parts as [Span, Span];
  return { start: first.start, end: second.end, text: `${first.text}, ${second.text}`, parts };
}

const WHOLE_RHYTHM = RHYTHM.map((re) => new RegExp(`^(?:${re.source})$`));
const isRhythm = (folded: string): boolean => WHOLE_RHYTHM.some((re) => re.test(folded));

/** The places a span covers: its parts, or itself. */
export const spanParts = (span: Span): readonly Span[] => span.parts ?? [span];

// ---------------------------------------------------------------------------------------------
// Measures

const NUM = "\\d[\\d.,]*";
const NUM_WORD = "(?:mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi|vai)";
/** Syllables that end a measure phrase: prepositions, conjunctions and time words. */
const STOP = new Set(
  "ve cua cho trong tai o va voi de moi truoc sau den khi la thi ma nhu tu theo vao len xuong ra qua bang nham nhung cac mot hoac tren duoi het dat dung doc quanh gan".split(
    " ",
  ),
);
/** "đồng" as money: not the first syllable of "đồng chí", "đồng nghiệp", "đồng hồ"… */
const DONG = `dong(?!\\s+${DONG_WORD.replace(/ /g, "\\s+")}${E})`;
const COUNT_UNIT = `(?:bai(?: viet| bao| tho| giang)?|trang|buoi|lan|luot|ngay(?: cong)?|gio|phut|tieng|tuan|thang|cuon|quyen|tac pham|y kien|cau(?: chuyen| hoi)?|mau chuyen|chuyen de|sang kien|ho|nguoi|hoc sinh|em|tiet|giao an|ca|dot|suat|phan qua|cay|van ban|ho so|don|${DONG}|trieu|nghin|km|kg|lit|lop|chu de|doan vien|cong nhan|dong chi|dong nghiep|dong bao|dong doi|gia dinh|san pham|so|hoi thao|bai giang|chien si|thanh nien|vu|tram|hop dong|khach hang)`;

const MEASURE: RegExp[] = [
  // A share: "100%", or N of N ("12/12 tháng", "4/4 quý") — a count, not a date.
  new RegExp(`${B}(?:${NUM}\\s*%|\\d{1,3}\\s*/\\s*\\d{1,3}${S}${COUNTED})`, "g"),
  new RegExp(`${B}${NUM}\\s*(?:trieu|nghin|ngan)?\\s*(?:${DONG}|vnd|d)${E}`, "g"),
  new RegExp(`${B}(?:${NUM}|${NUM_WORD})${S}${COUNT_UNIT.replace(/ /g, "\\s+")}${E}`, "g"),
  new RegExp(
    `${B}(?:chung${S}chi|giay${S}chung${S}nhan|van${S}bang|bang${S}(?:lai(?:${S}xe)?|thac${S}si|tien${S}si|cu${S}nhan|tot${S}nghiep|dai${S}hoc|[abc]\\d?))${E}`,
    "g",
  ),
  new RegExp(`${B}(?:ielts|toeic|vstep)${S}?[\\d.,]*${E}|${B}(?:b1|b2|c1|a2)${E}`, "g"),
  new RegExp(`(?<=(?:het|xong|hoan${S}thanh|tot${S}nghiep)${S})(?:cuon|quyen|bo|tap|tac${S}pham|lop|khoa|chuong${S}trinh)${E}`, "g"),
  new RegExp(
    `${B}(?:bao${S}cao|ban${S}tin|luan${S}van|de${S}tai|so${S}tay|tu${S}sach|ban${S}do|quy${S}che|du${S}thao|bo${S}giao${S}an|giao${S}an${S}dien${S}tu)${E}`,
    "g",
  ),
  new RegExp(
    `${B}(?:moi|toan${S}bo|tat${S}ca|du|day${S}du)${S}(?:cac${S})?(?:van${S}ban|ho${S}so|don(?:${S}thu)?|khieu${S}nai|hoc${S}sinh|ho|buoi|lan|mui|phien)${E}`,
    "g",
  ),
  // Any other count with its noun ("2 bản thu hoạch", "5 khóm hoa"): the count is the measure.
  new RegExp(`${B}${NUM}${S}[a-z]+${E}`, "g"),
];
/** Index of the catch-all count above: only a noun may follow its number. */
const ANY_COUNT = MEASURE.length - 1;
/** Words after a number that make it a date, an age, a time or a rank, not a count of things. */
const NOT_A_NOUN = new Set("thang nam quy ngay tuan gio phut giay tieng h tuoi lan thu".split(" "));

/** Numbers that are dates, years, clock times, class or place names, or deadlines ("trong 10 ngày"). */
function isNotAMeasure(original: string, folded: string, start: number, end: number, counted: boolean): boolean {
  const before = folded.slice(Math.max(0, start - 12), start);
  const after = folded.slice(end, end + 4);
  if (/^\s*[/]/.test(after) || /[/]\s*$/.test(before)) return true;
  const place = /(?:^|\s)(lop|khu|to|thon|ap|xom|phong|so|doi|phuong|quan|tang|nha|lo|duong|khoi|thang|quy|nam|ngay|luc|ky|khoa)\s+$/.exec(before);
  // "tầng 2" names a floor, but "tặng 5 suất quà" (to give) folds to the same "tang": a floor only
  // when typed so, or, without diacritics, when no count noun follows.
  const floor = place?.[1] !== "tang" || /tầng\s+$/iu.test(original.slice(0, start)) || (!counted && !/tặng\s+$/iu.test(original.slice(0, start)));
  if (place && floor) return true;
  // A document's number ("Nghị quyết 4 Trung ương", "Chỉ thị 05") names it; it counts nothing.
  // "hướng dẫn" also starts an action ("Hướng dẫn 2 đồng nghiệp"): only "Hướng dẫn số 12" names one.
  const named = folded.slice(Math.max(0, start - 16), start);
  if (/(?:^|\s)(?:nghi quyet|quy dinh|nghi dinh|quyet dinh|chi thi|ket luan|thong tu|dieu|khoan|chuong)\s+$/.test(named)) return true;
  // "trong 10 ngày" is a deadline; "trồng 50 cây" folds to the same "trong" but counts trees.
  const timeUnit = /\s(?:ngay|tuan|thang|gio|phut|tieng|nam)$/.test(folded.slice(start, end));
  if (timeUnit && /(?:^|\s)(?:trong|vong|qua|sau|truoc|toi da|khong qua|luc|tu|den)\s+$/.test(before)) return true;
  return false;
}

/** Words that name a place or a group by its number ("tổ 5", "lớp 3", "khu 2"): the word means nothing without it. */
const NAMED_BY_NUMBER = new Set("to lop khu thon ap xom phong so doi phuong quan nha lo duong khoi khoa cum tram".split(" "));

/** Extends a measure by up to two content syllables ("100% hồ sơ" → "100% hồ sơ đất đai"). */
function extend(original: string, folded: string, span: Span, syllables: number): Span {
  let end = span.end;
  let taken = 0;
  const re = /\s+([a-z0-9]+)/y;
  const number = /\s+\d+(?![a-z0-9])/y;
  while (taken < syllables) {
    re.lastIndex = end;
    const m = re.exec(folded);
    if (!m || STOP.has(m[1] ?? "")) break;
    end = re.lastIndex;
    taken++;
    // "2 hộ nghèo tổ 5" cut after "tổ" would name no tổ at all: the number goes with its word.
    number.lastIndex = end;
    if (NAMED_BY_NUMBER.has(m[1] ?? "") && number.test(folded)) end = number.lastIndex;
  }
  return { start: span.start, end, text: original.slice(span.start, end).trim() };
}

export function findMeasure(text: string, timeframe: Span | null): Span | null {
  const original = text.normalize("NFC");
  const folded = foldSameLength(original);
  for (let i = 0; i < MEASURE.length; i++) {
    const re = MEASURE[i] as RegExp;
    re.lastIndex = 0;
    for (const m of folded.matchAll(re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (timeframe && spanParts(timeframe).some((t) => start < t.end && end > t.start)) continue;
      if (/^\d/.test(m[0]) && i >= 2 && isNotAMeasure(original, folded, start, end, i === 2)) continue;
      if (/^(?:19|20)\d\d\b/.test(m[0]) && i !== 1) continue;
      const noun = i === ANY_COUNT ? (/[a-z]+$/.exec(m[0])?.[0] ?? "") : "";
      if (i === ANY_COUNT && (STOP.has(noun) || NOT_A_NOUN.has(noun))) continue;
      let stop = end;
      for (const t of timeframe ? spanParts(timeframe) : []) if (start < t.start && end > t.start) stop = Math.min(stop, t.start);
      const span = { start, end: stop, text: original.slice(start, stop).trim() };
      // Percentages and some counts read better with what they count: "100% hồ sơ", "3 bài thu
      // hoạch"; durations and occasions do not ("30 phút", not "30 phút đọc báo").
      const occasion = /\s(?:phut|gio|tieng|ngay|tuan|thang|buoi|lan|luot|ca|dot|dong|trieu|nghin|km|kg|lit)$/.test(folded.slice(start, end));
      if (i === 0 || (i === 2 && !occasion) || i === ANY_COUNT) return extend(original, folded, span, 2);
      // A course reads to its name: "lớp trung cấp lý luận chính trị".
      if (i === 5) return extend(original, folded, span, 6);
      if (i >= 3 && i <= 6) return extend(original, folded, span, 3);
      return span;
    }
  }
  return null;
}
