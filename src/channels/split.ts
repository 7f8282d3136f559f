// Split long texts for platforms with a length limit (Telegram 4096, Zalo 2000), on line
// boundaries where possible so a list item is never cut in half.

export function splitText(text: string, limit: number): string[] {
  if (limit < 1) throw new RangeError("limit must be positive");
  // Count in UTF-16 code units, like both platforms do; never cut inside a surrogate pair.
  if (text.length <= limit) return [text];
  const chunks: string[] = [];
  let current = "";
  const flush = () => {
    if (current.length > 0) chunks.push(current);
    current = "";
  };
  for (const line of text.split("\n")) {
    const candidate = current.length === 0 ? line : `${current}\n${line}`;
    if (candidate.length <= limit) {
      current = candidate;
      continue;
    }
    flush();
    if (line.length <= limit) {
      current = line;
      continue;
    }
    // A single line longer than the limit: cut at the last space before the limit, else hard-cut.
    let rest = line;
    while (rest.length > limit) {
      let cut = rest.lastIndexOf(" ", limit);
      if (cut < limit / 2) cut = limit;
      const code = rest.charCodeAt(cut - 1);
      if (cut === limit && code >= 0xd800 && code <= 0xdbff) cut -= 1;
      chunks.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).trimStart();
    }
    current = rest;
  }
  flush();
  return chunks.filter((c) => c.length > 0);
}
