// One-time invite codes for linking a chat account to a member. Pure: randomness is passed in.
import { createHash } from "node:crypto";

// No look-alikes: 0/O, 1/I/L, 2/Z, 5/S, 8/B are left out so a code read aloud or copied by hand works.
export const CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
export const CODE_LENGTH = 10;
export const CODE_TTL_DAYS = 7;
/** Wrong codes a chat may send within LOCKOUT_WINDOW_MS before it is locked out for that long. */
export const LOCKOUT_ATTEMPTS = 5;
export const LOCKOUT_WINDOW_MS = 60 * 60 * 1000;

/** A code from random bytes (one byte per character; modulo bias is negligible for 25 symbols over 256). */
export function makeInviteCode(randomBytes: Uint8Array): string {
  if (randomBytes.length < CODE_LENGTH) throw new RangeError(`need ${CODE_LENGTH} random bytes`);
  let code = "";
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomBytes[i]! % CODE_ALPHABET.length];
  return code;
}

/** What a member typed → the canonical code, or null if it cannot be one ("acde-fghj km" → "ACDEFGHJKM"). */
export function normalizeInviteCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s\-_.]/g, "");
  if (compact.length !== CODE_LENGTH) return null;
  for (const ch of compact) if (!CODE_ALPHABET.includes(ch)) return null;
  return compact;
}

/**
 * Looks like an attempt at a code (Zalo and the local chat get codes as plain text). Every such
 * attempt that is not a valid code gets the same "wrong code" answer and counts toward the lockout,
 * whatever its shape: too short or long by a few characters, a look-alike letter, no digit, lower
 * case. A "mã:" label before it is allowed, and so is a sentence around it ("mã của tôi là …").
 * Ordinary words (greetings, questions, a phone number) are not attempts.
 */
export function looksLikeInviteCode(input: string): boolean {
  const unlabelled = withoutLabel(input);
  const compact = unlabelled.replace(/[\s\-_.]/g, "");
  if (/^[A-Za-z0-9]{6,16}$/.test(compact)) {
    if (/\d/.test(compact) || compact === compact.toUpperCase()) return true;
    // Lower-case letters only: one word of the code's length ("xin chao ban" and "xinchao" are not),
    // or a word after a "mã" (below).
    if (compact.length === CODE_LENGTH && !/\s/.test(unlabelled)) return true;
  }
  // Inside a sentence only a code's own shape counts: letters with digits, or upper case, of about
  // its length, as one word or as the two halves it is printed in; after a "mã", any one word of
  // about its length ("ma moi xuvvn-xajh", a letter missed), which would otherwise be told to go
  // and ask for a code it has just sent.
  return codeWindows(input).some(
    ({ compact: c, upper, words, labelled }) =>
      c.length >= CODE_LENGTH - 2 &&
      c.length <= CODE_LENGTH + 2 &&
      /[A-Za-z]/.test(c) &&
      (/\d/.test(c) || (upper && c.length === CODE_LENGTH) || (labelled && words === 1)),
  );
}

const LABEL = /^(?:mã|ma|code)(?:\s+(?:mời|moi))?(?:\s*[:：]\s*|\s+)/i;
const withoutLabel = (input: string) => input.trim().replace(LABEL, "");

interface CodeWindow {
  compact: string;
  upper: boolean;
  words: number;
  /** A "mã" / "code" came earlier in the sentence: what follows is meant as the code. */
  labelled: boolean;
}

const LABEL_WORD = /^(?:mã|ma|code)$/i;

/**
 * One word or two neighbouring words of a sentence, joined: a code is printed as "ACDEF-34679" and
 * read back as "ACDEF 34679". Longer windows would turn ordinary unaccented words into codes
 * ("chua den han" is ten letters of the alphabet).
 */
function codeWindows(input: string): CodeWindow[] {
  const tokens = input.split(/[\s,;:：!?()"'“”]+/).filter(Boolean);
  // Non-words (accented, punctuation) stay in the list as null so they still separate neighbours.
  const words = tokens.map((w) => w.replace(/[-_.]/g, "")).map((w) => (/^[A-Za-z0-9]+$/.test(w) ? w : null));
  const labelAt = tokens.findIndex((t) => LABEL_WORD.test(t.normalize("NFC")));
  const window = (parts: string[], at: number): CodeWindow => {
    const compact = parts.join("");
    return { compact, upper: compact === compact.toUpperCase(), words: parts.length, labelled: labelAt >= 0 && at > labelAt };
  };
  const windows: CodeWindow[] = [];
  words.forEach((w, i) => w && windows.push(window([w], i)));
  words.forEach((w, i) => {
    const next = words[i + 1];
    if (w && next) windows.push(window([w, next], i));
  });
  return windows;
}

/**
 * The code in what a member typed: the whole text, after a "mã:" label, or anywhere inside a
 * sentence ("ma cua toi la HKE6K ARGPG", "ma moi XUVVN-XAJHE nhe"). In a sentence two lower-case
 * words without a digit are read as a code only after a "mã" ("ma cua toi la xuvvn xajhe"), so
 * ordinary words never become one.
 */
export function inviteCodeIn(input: string): string | null {
  const whole = normalizeInviteCode(input) ?? normalizeInviteCode(withoutLabel(input));
  if (whole) return whole;
  for (const w of codeWindows(input)) {
    const code = normalizeInviteCode(w.compact);
    if (code && (w.words === 1 || w.upper || w.labelled || /\d/.test(w.compact))) return code;
  }
  return null;
}

/**
 * The whole text is an invite code and nothing else, as printed or pasted ("XUVVN-XAJHE",
 * "xuvvnxajhe", "XUVVN XAJHE"), or a near miss of one with a digit: what follows "mã mời" when a
 * code is pasted, never a member's name ("/moi Nguyễn Văn Hùng", "ma moi tuan nguyen"). A name has
 * no digit and is not one ten-letter word; two words count only with a digit in them.
 */
export function isInviteCodeAlone(text: string): boolean {
  const words = text
    .trim()
    .replace(/[.!]+$/, "")
    .split(/\s+/)
    .filter(Boolean);
  const compact = words.join("").replace(/[-_.]/g, "");
  if (words.length === 0 || words.length > 2 || !/^[A-Za-z0-9]+$/.test(compact)) return false;
  if (compact.length < CODE_LENGTH - 2 || compact.length > CODE_LENGTH + 2) return false;
  return /\d/.test(compact) || (words.length === 1 && /[-_.]/.test(words[0]!)) || (words.length === 1 && normalizeInviteCode(compact) !== null);
}

/** Codes are stored hashed: a leaked database does not leak usable codes. */
export function hashInviteCode(code: string): string {
  return createHash("sha256").update(`chibo-invite:${code}`).digest("hex");
}

export function formatInviteCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}
