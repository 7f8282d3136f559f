// Splits one member message into its items: numbered ("1.", "2)", "(3)"), lettered ("a.", "b)"),
// bulleted ("-", "•", "+", "*") or simply one per line; also "1. … 2. … 3. …" typed on one line.
// A lead-in line ("Tôi đăng ký 3 việc:") is dropped; one line in sections ("về học tập thì …, về
// làm theo thì …") or by ordinals ("thứ nhất …, thứ hai …") is split at each. Pure.
import { fold } from "../text.ts";
import { CONTENT_NAME_PATTERN, contentNamed } from "./categories.ts";
import { foldSameLength } from "./spans.ts";

/** Items a member registers per year (the form has three). */
export const MAX_ITEMS = 3;

export interface SplitResult {
  items: string[];
  /** Items beyond MAX_ITEMS that were left out, so the bot can say so rather than drop them silently. */
  extra: string[];
}

const MARKER = /^\s*(?:\(?\d{1,2}\s*[.):]|\(?\d{1,2}\s*-(?=\s)|\(?[a-eA-E]\s*[.)]|\([a-eA-E\d]\)|[-–—•*+·●○▪►✓❖→>]+)\s*/u;
// "1. … 2. … 3. …" or "1) … 2) …" on one line: each number starts the line or follows whitespace,
// is followed by whitespace, and follows the previous one (1, 2, 3), so "30.6.2027", "2.5" and
// "1.000.000 đồng" are never cut.
const INLINE_NUMBER = /(?<=^|\s)\(?([1-9])\s*[.)](?=\s)/g;
const LEAD_IN = /^(?:(?:tôi|em|mình|toi|minh|đồng chí|dong chi)\s+)?(?:xin\s+)?(?:đăng ký|dang ky|cam kết|cam ket)[^:\n]{0,60}:?\s*$|:\s*$/iu;

/**
 * Sections of one line introduced by the content they are about ("… như sau: về học tập thì …
 * Về làm theo thì … Còn về nêu gương thì …"): split there when two or more contents are named.
 * Matched on the folded line (same length), so "ve lam guong thi" is a section too.
 */
const SECTION = new RegExp(String.raw`(?<=^|[\s.;,])(?:(?:con|va)\s+)?ve\s+(${CONTENT_NAME_PATTERN})(?=[\s:,.\-–]|$)`, "g");

function splitSections(line: string): string[] {
  const starts = [...foldSameLength(line).matchAll(SECTION)].map((m) => ({ index: m.index ?? 0, content: contentNamed(m[1] ?? "") }));
  if (new Set(starts.map((s) => s.content)).size < 2) return [line];
  const head = line.slice(0, starts[0]!.index).trim();
  const out = starts.map((s, i) => line.slice(s.index, starts[i + 1]?.index ?? line.length));
  // Text before the first section is a lead-in ("Tôi xin đăng ký năm 2027 như sau:").
  return head.length > 0 && !LEAD_IN.test(head) ? [head, ...out] : out;
}

/** "Thứ nhất … thứ hai … thứ ba …": the ordinals of a list written as a sentence, folded. */
const ORDINALS = ["thu nhat", "thu hai", "thu ba"] as const;
const ORDINAL = /(?<=^|[\s.;,])(?:thứ|thu)\s+(?:nhất|nhat|hai|ba)(?=[\s:,.\-–]|$)/giu;
/** Words before "thứ hai"/"thứ ba" that make it a weekday ("sáng thứ Hai", "từ thứ Hai đến…"). */
const DAY_BEFORE = /(?:^|\s)(?:sang|chieu|toi|trua|ngay|vao|cac|moi|hang|hom|tu|den|va|le)\s*$/;

/**
 * One line listing its items by ordinals, in order ("… như sau. Thứ nhất … thứ hai … thứ ba …"):
 * split there, each item without its ordinal, the lead-in dropped. A weekday is not an ordinal.
 */
function splitOrdinals(line: string): string[] {
  const starts: Array<{ index: number; end: number }> = [];
  for (const m of line.matchAll(ORDINAL)) {
    const index = m.index ?? 0;
    if (fold(m[0]).replace(/\s+/g, " ") !== ORDINALS[starts.length] || DAY_BEFORE.test(fold(line.slice(0, index)))) continue;
    starts.push({ index, end: index + m[0].length });
  }
  if (starts.length < 2) return [line];
  const head = line.slice(0, starts[0]!.index).trim();
  const out = starts.map((s, i) => line.slice(s.end, starts[i + 1]?.index ?? line.length).replace(/^\s*(?:[:,.\-–]|là|la)?\s*/iu, ""));
  return head.length > 0 && !LEAD_IN.test(head) ? [head, ...out] : out;
}

function tidy(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^[;:,.\s]+|[;,\s]+$/g, "")
    .trim();
}

function splitInline(line: string): string[] {
  const marks: { index: number; start: number; n: number }[] = [];
  for (const m of line.matchAll(INLINE_NUMBER)) {
    const n = Number(m[1]);
    const expected = marks.length + 1;
    if (n !== expected) continue;
    marks.push({ index: m.index ?? 0, start: (m.index ?? 0) + m[0].length, n });
  }
  if (marks.length < 2) return [line];
  const head = line.slice(0, marks[0]?.index ?? 0).trim();
  const out: string[] = [];
  for (let i = 0; i < marks.length; i++) {
    const end = marks[i + 1]?.index ?? line.length;
    out.push(line.slice(marks[i]?.start ?? 0, end));
  }
  // Text before "1." is a lead-in ("Tôi đăng ký:"), not an item.
  return head.length > 0 && !LEAD_IN.test(head) ? [head, ...out] : out;
}

export function splitItems(message: string): SplitResult {
  const lines = message
    .normalize("NFC")
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const marked = lines.map((l) => MARKER.test(l));
  const anyMarked = marked.some(Boolean);
  // Each item keeps its text with the marker too: "1. a 2. b" typed on one line starts with a marker
  // that is also its first inline number.
  const items: { text: string; raw: string }[] = [];
  let current: { text: string; raw: string } | null = null;
  lines.forEach((line, i) => {
    if (marked[i]) {
      if (current !== null) items.push(current);
      current = { text: line.replace(MARKER, ""), raw: line };
    } else if (anyMarked && current !== null) {
      current = { text: `${current.text} ${line}`, raw: `${current.raw} ${line}` }; // a wrapped continuation of the item above
    } else if (anyMarked && LEAD_IN.test(line)) {
      // lead-in before the first marked item
    } else if (!anyMarked && lines.length > 1 && i === 0 && LEAD_IN.test(line)) {
      // "Tôi đăng ký:" on its own line, items below without markers
    } else {
      if (current !== null) items.push(current);
      current = { text: line, raw: line };
    }
  });
  if (current !== null) items.push(current);
  const only = items.length === 1 ? items[0] : undefined;
  const numbered = only ? splitInline(only.raw) : [];
  const sections = only && numbered.length < 2 ? splitSections(only.raw) : numbered;
  const inline = only && sections.length < 2 ? splitOrdinals(only.raw) : sections;
  const all = (inline.length > 1 ? inline : items.map((item) => item.text)).map(tidy).filter((t) => t.length > 0);
  return { items: all.slice(0, MAX_ITEMS), extra: all.slice(MAX_ITEMS) };
}
