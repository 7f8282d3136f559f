// Finding a member by a name typed in chat or on the command line. Whole words only: "Hà" finds
// "Võ Thị Thu Hà" but not "Phạm Văn Hải" or "Phạm …" (a substring match found "ha" inside "pham").
// Every typed word must be one of the name's words, in any order, with or without diacritics.
import { fold } from "./text.ts";

const words = (s: string) =>
  fold(s)
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/** The folded words of a query, or [] when nothing searchable was typed. */
export function nameQueryWords(query: string): string[] {
  return words(query);
}

export function nameMatches(query: string, fullName: string): boolean {
  const q = words(query);
  if (q.length === 0) return false;
  const name = new Set(words(fullName));
  return q.every((w) => name.has(w));
}

/** The whole name typed, with or without diacritics ("nguyen van hung" for "Nguyễn Văn Hùng"). */
export function nameEquals(query: string, fullName: string): boolean {
  const q = words(query);
  return q.length > 0 && q.join(" ") === words(fullName).join(" ");
}

/**
 * Several people found: "trùng tên" (namesakes) only when their names are really the same; else
 * they are merely several matches for what was typed.
 */
export function allSameName(fullNames: readonly string[]): boolean {
  const norm = (s: string) => s.normalize("NFC").trim().replace(/\s+/g, " ").toLocaleLowerCase("vi");
  return fullNames.length > 1 && fullNames.every((n) => norm(n) === norm(fullNames[0] ?? ""));
}

/** The matches of a query among named rows: the exact names if any, else the whole-word matches. */
export function pickByName<T>(rows: readonly T[], query: string, nameOf: (row: T) => string): T[] {
  // The query is folded once, each name once (not once per row and per test).
  const q = words(query);
  if (q.length === 0) return [];
  const whole = q.join(" ");
  const named = rows.map((row) => ({ row, name: words(nameOf(row)) }));
  const exact = named.filter((n) => n.name.join(" ") === whole);
  const picked = exact.length > 0 ? exact : named.filter((n) => q.every((w) => n.name.includes(w)));
  return picked.map((n) => n.row);
}
