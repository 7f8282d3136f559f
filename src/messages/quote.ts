// Putting a person's own words inside a message: shortened without cutting a word, and quoted with
// marks the words themselves do not use, so a comment that quotes someone never reads “a “b” c”.
import { shortenAtWord } from "../domain/text.ts";

/** Shortens to at most `max` characters at a word boundary, ending with "…": it must fit its line, so one word longer than `max` is cut. */
export const clip = (text: string, max: number): string => shortenAtWord(text, max, "cut");

/** “text”, or "text" when the text already has “…”, or ‘text’ when it has both kinds. */
export function quote(text: string): string {
  const t = text.trim();
  if (!/[“”]/.test(t)) return `“${t}”`;
  if (!t.includes('"')) return `"${t}"`;
  return `‘${t}’`;
}
