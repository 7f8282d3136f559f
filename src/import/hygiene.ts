// Text hygiene for imported cells. Copy-pasted names carry invisible characters (zero-width
// spaces from web pages, bidi overrides that reorder what a reader sees, stray control bytes); the
// domain's cleanShortText removes them, as for every other name and short field. A NUL byte is
// different: it means the file is damaged or misread, so the row is refused instead (and
// PostgreSQL would refuse it anyway).

export function hasNul(text: string): boolean {
  return text.includes("\u0000");
}
