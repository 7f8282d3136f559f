// Citizen ID (CCCD, 12 digits; old CMND, 9 digits) and party card numbers must not be stored as
// typed: they are masked before a flow sees the text, and the member is warned.
//
// People write them in every way: in groups ("001 203 004 567", "001-203-004-567",
// "001.203.004.567"), with full-width digits from a phone keyboard ("００１２…"), or with
// zero-width characters pasted in between. Detection therefore reads the text through one
// normaliser: each character is NFKC-folded (full-width and other compatibility digits become
// 0-9), and digit groups joined by short runs of separators (spaces, dashes, dots, invisible
// characters) are read as one number. What is masked is the whole span as typed.
import { cleanLongText, cleanShortText, fold, INVISIBLE_CHARS } from "./text.ts";

export const MASK = "[đã ẩn]";

/** Characters that may stand between the digit groups of one number. */
const SEPARATOR = new RegExp(`^[\\s.\\-_·‐‑‒–—―−${INVISIBLE_CHARS}]$`, "u");
/** At most this many separator characters between two groups of one number (" - " is 3). */
const MAX_SEPARATOR_RUN = 3;

interface NumberRun {
  /** The digits, 0-9. */
  digits: string;
  /** Digits in each group, in order. */
  groups: number[];
  /** The separator text between groups, as NFKC. */
  separators: string[];
  start: number;
  end: number;
}

/** One code point, NFKC-folded, as a digit 0-9 or null. */
function digitOf(char: string): string | null {
  const folded = char.normalize("NFKC");
  return /^[0-9]$/.test(folded) ? folded : null;
}

/** Every run of digit groups in the text, with its span in the original string. */
function numberRuns(text: string): NumberRun[] {
  const chars: { char: string; index: number }[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const char = String.fromCodePoint(cp);
    chars.push({ char, index: i });
    i += char.length;
  }
  const runs: NumberRun[] = [];
  let i = 0;
  while (i < chars.length) {
    if (digitOf(chars[i]!.char) === null) {
      i++;
      continue;
    }
    const run: NumberRun = { digits: "", groups: [], separators: [], start: chars[i]!.index, end: 0 };
    let groupLength = 0;
    let j = i;
    for (;;) {
      const d = digitOf(chars[j]!.char);
      run.digits += d!;
      groupLength++;
      j++;
      if (j < chars.length && digitOf(chars[j]!.char) !== null) continue;
      // End of a group: does a short separator lead to another digit?
      let k = j;
      let separator = "";
      while (k < chars.length && k - j < MAX_SEPARATOR_RUN && SEPARATOR.test(chars[k]!.char.normalize("NFKC"))) separator += chars[k++]!.char.normalize("NFKC");
      if (k > j && k < chars.length && digitOf(chars[k]!.char) !== null) {
        run.groups.push(groupLength);
        run.separators.push(separator);
        groupLength = 0;
        j = k;
        continue;
      }
      break;
    }
    run.groups.push(groupLength);
    const last = chars[j - 1]!;
    run.end = last.index + last.char.length;
    runs.push(run);
    i = j;
  }
  return runs;
}

const INVISIBLE = new RegExp(`[${INVISIBLE_CHARS}]`, "gu");

/** Printed party cards read "01.234567": two digits, a dot, six digits (the only dot). */
function isPartyCard(run: NumberRun): boolean {
  if (run.digits.length !== 8) return false;
  let seen = 0;
  let dotAfterTwo = false;
  for (let g = 0; g < run.separators.length; g++) {
    seen += run.groups[g]!;
    const separator = run.separators[g]!.replace(INVISIBLE, "");
    if (!separator.includes(".")) continue;
    if (seen !== 2 || separator.replace(/\s/gu, "") !== ".") return false;
    dotAfterTwo = true;
  }
  return dotAfterTwo;
}

const ID_WORDS = /\b(cmnd|cccd|can cuoc|chung minh|dinh danh)\b/;
const CARD_WORDS = /th[eẻ]\s*(đ|d)[aả]ng\D{0,12}$/iu;

function sensitive(run: NumberRun, text: string, idWords: boolean): boolean {
  const n = run.digits.length;
  if (n === 12) return true; // CCCD
  if (n === 9 && idWords) return true; // CMND, only when the text says so (9 digits are also amounts)
  if (isPartyCard(run)) return true;
  // "số thẻ đảng 01234567": any 6-14 digits right after the words.
  if (n >= 6 && n <= 14 && CARD_WORDS.test(text.slice(Math.max(0, run.start - 30), run.start))) return true;
  return false;
}

export function maskSensitiveNumbers(text: string): { text: string; masked: boolean } {
  const idWords = ID_WORDS.test(fold(text));
  let out = "";
  let at = 0;
  for (const run of numberRuns(text)) {
    if (!sensitive(run, text, idWords)) continue;
    out += text.slice(at, run.start) + MASK;
    at = run.end;
  }
  if (at === 0) return { text, masked: false };
  return { text: out + text.slice(at), masked: true };
}

/** A short field as it may be stored (a meeting place, a reason): tidied (cleanShortText), personal numbers masked. */
export function safeShortText(input: string): string {
  return maskSensitiveNumbers(cleanShortText(input)).text;
}

/** A free text as it may be stored (a comment, a notice): tidied (cleanLongText), personal numbers masked. */
export function safeLongText(input: string): string {
  return maskSensitiveNumbers(cleanLongText(input)).text;
}
