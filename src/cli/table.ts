// Plain-text tables for the terminal: a header, columns padded to their widest cell, no trailing
// spaces. Widths count characters after NFC, so "Hùng" is as wide as "Hung".
function width(text: string): number {
  return [...text.normalize("NFC")].length;
}

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ""))));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell + " ".repeat((widths[i] ?? 0) - width(cell))))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}
