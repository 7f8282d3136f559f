// Text hygiene for imported cells. Copy-pasted names carry invisible characters (zero-width
// spaces from web pages, bidi overrides that reorder what a reader sees, stray control bytes); they
// would make two identical-looking names differ or display a name reversed. A NUL byte is
// different: it means the file is damaged or misread, so the row is refused instead (and
// PostgreSQL would refuse it anyway).
// src/domain/text.ts has no such helper on this branch; this one covers the import's needs.

// C0/C1 controls except tab/newline (cells never need them), bidi embeddings/overrides/isolates,
// zero-width space/joiners, word joiner, BOM, soft hyphen, and the invisible operators.
const INVISIBLE = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

export function hasNul(text: string): boolean {
  return text.includes("\u0000");
}

/** Invisible and control characters removed, NFC, single spaces, trimmed. */
export function cleanCell(text: string): string {
  return text.normalize("NFC").replace(INVISIBLE, "").replace(/[\s\u00A0]+/gu, " ").trim();
}
