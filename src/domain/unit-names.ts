// Matching a unit's name as a person types it on the command line or in a form: without
// diacritics, without a trailing "(…)" such as "(demo)", and with the closest names offered when
// nothing (or more than one unit) matches, so a typo never silently creates or picks a unit.
import { distance } from "fastest-levenshtein";
import { fold } from "./text.ts";

export type UnitNameMatch<T extends { name: string }> =
  { kind: "found"; unit: T } | { kind: "ambiguous"; candidates: T[] } | { kind: "none"; closest: string[] };

/** "Chi bộ Khu phố 3 (demo)" → "chi bo khu pho 3". */
export function unitKey(name: string): string {
  return fold(name.replace(/\s*\([^()]*\)\s*$/u, ""));
}

/**
 * Exact name first; then the folded name (diacritics, case, spaces); then the folded name without a
 * trailing parenthesis. Each step must be unambiguous to count.
 */
export function matchUnitName<T extends { name: string }>(query: string, units: readonly T[]): UnitNameMatch<T> {
  const typed = query.normalize("NFC").replace(/\s+/g, " ").trim();
  const exact = units.filter((u) => u.name === typed);
  if (exact.length === 1 && exact[0]) return { kind: "found", unit: exact[0] };
  const steps: ((u: T) => boolean)[] = [(u) => fold(u.name) === fold(typed), (u) => unitKey(u.name) === unitKey(typed)];
  for (const step of steps) {
    const hits = units.filter(step);
    if (hits.length === 1 && hits[0]) return { kind: "found", unit: hits[0] };
    if (hits.length > 1) return { kind: "ambiguous", candidates: hits };
  }
  return { kind: "none", closest: closestUnitNames(typed, units) };
}

/** Up to `limit` names, nearest first: names containing the typed words, then by edit distance. */
export function closestUnitNames(query: string, units: readonly { name: string }[], limit = 3): string[] {
  const key = unitKey(query);
  return units
    .map((u) => {
      const k = unitKey(u.name);
      const contains = key.length > 0 && (k.includes(key) || key.includes(k)) ? 0 : 1;
      return { name: u.name, contains, d: distance(key, k) };
    })
    .sort((a, b) => a.contains - b.contains || a.d - b.d || a.name.localeCompare(b.name, "vi"))
    .slice(0, limit)
    .map((x) => x.name);
}

/** One Vietnamese line for a refused match, for the CLI and the dashboard alike. */
export function describeUnitMismatch(query: string, match: Exclude<UnitNameMatch<{ name: string }>, { kind: "found" }>): string {
  if (match.kind === "ambiguous") {
    return `Có nhiều đơn vị khớp với “${query}”: ${match.candidates.map((u) => u.name).join("; ")}. Hãy ghi đủ tên.`;
  }
  return match.closest.length > 0 ? `Không có đơn vị “${query}”. Tên gần nhất: ${match.closest.join("; ")}.` : `Không có đơn vị “${query}”.`;
}
