// One-time invite codes for linking a chat account to a member. Pure: randomness is passed in.
import { createHash } from "node:crypto";

// No look-alikes: 0/O, 1/I/L, 2/Z, 5/S, 8/B are left out so a code read aloud or copied by hand works.
export const CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679";
export const CODE_LENGTH = 10;
export const CODE_TTL_DAYS = 7;

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

/** Looks like an attempt at a code (for Zalo, where codes arrive as plain text). */
export function looksLikeInviteCode(input: string): boolean {
  const compact = input.trim().replace(/[\s\-_.]/g, "");
  return /^[A-Za-z0-9]{8,12}$/.test(compact) && /\d/.test(compact) && /[A-Za-z]/.test(compact);
}

/** Codes are stored hashed: a leaked database does not leak usable codes. */
export function hashInviteCode(code: string): string {
  return createHash("sha256").update(`chibo-invite:${code}`).digest("hex");
}

export function formatInviteCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}
