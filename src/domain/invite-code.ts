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
 * case. A "mã:" label before it is allowed. Ordinary words (greetings, questions) are not attempts.
 */
export function looksLikeInviteCode(input: string): boolean {
  const unlabelled = withoutLabel(input);
  const compact = unlabelled.replace(/[\s\-_.]/g, "");
  if (!/^[A-Za-z0-9]{6,16}$/.test(compact)) return false;
  if (/\d/.test(compact) || compact === compact.toUpperCase()) return true;
  // Lower-case letters only: one word of the code's length ("xin chao ban" and "xinchao" are not).
  return compact.length === CODE_LENGTH && !/\s/.test(unlabelled);
}

const LABEL = /^(?:mã|ma|code)(?:\s+(?:mời|moi))?(?:\s*[:：]\s*|\s+)/i;
const withoutLabel = (input: string) => input.trim().replace(LABEL, "");

/** The code in what a member typed, allowing a "mã:" label before it. */
export function inviteCodeIn(input: string): string | null {
  return normalizeInviteCode(input) ?? normalizeInviteCode(withoutLabel(input));
}

/** Codes are stored hashed: a leaked database does not leak usable codes. */
export function hashInviteCode(code: string): string {
  return createHash("sha256").update(`chibo-invite:${code}`).digest("hex");
}

export function formatInviteCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}
