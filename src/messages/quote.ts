// Putting a person's own words inside a message: shortened without cutting a word, and quoted with
// marks the words themselves do not use, so a comment that quotes someone never reads “a “b” c”.

/** Shortens to at most `max` characters at a word boundary, ending with "…" (never mid-word, unless one word is longer than `max`). */
export function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  // The character after the cut decides whether the cut falls between two words.
  const cut = t.slice(0, max - 1);
  const atBoundary = t[max - 1] === " ";
  const space = cut.lastIndexOf(" ");
  const kept = atBoundary ? cut : space > 0 ? cut.slice(0, space) : cut;
  return `${kept.replace(/[\s,;:.\-–—]+$/, "")}…`;
}

/** “text”, or "text" when the text already has “…”, or ‘text’ when it has both kinds. */
export function quote(text: string): string {
  const t = text.trim();
  if (!/[“”]/.test(t)) return `“${t}”`;
  if (!t.includes('"')) return `"${t}"`;
  return `‘${t}’`;
}
