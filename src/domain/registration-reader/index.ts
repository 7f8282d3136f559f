// Registration reader: turns one member message into up to three commitment items, each with its
// action, measure, timeframe, likely contents and the coach's verdict on the whole item. Pure (no
// I/O, no clock), so the chat flow, the CLI and the tests read a message the same way.
//
// The verdict comes from the vagueness coach (analyzeCommitment) on the item as typed: the reader
// and the coach share one judgement, so what the reader calls concrete the coach never flags.

import type { CommitmentCategory } from "../commitment-templates.ts";
import { fold } from "../text.ts";
import { analyzeCommitment, type VaguenessContext, type VaguenessReason, type Verdict } from "../vagueness.ts";
import { extractFeatures } from "../vagueness-features.ts";
import { CONTENT_NAME_PATTERN, contentNamed, guessCategories } from "./categories.ts";
import { findMeasure, findTimeframe, foldSameLength, spanParts, type Span } from "./spans.ts";
import { MAX_ITEMS, splitItems } from "./split.ts";

export { MAX_ITEMS, splitItems } from "./split.ts";
export { findMeasure, findTimeframe } from "./spans.ts";
export { guessCategories } from "./categories.ts";

export interface ReadItem {
  /** The item as the member typed it (list marker removed). */
  text: string;
  /** What the member will do: the text without its timeframe. */
  action: string;
  /** A count, a percentage or a named outcome, as typed; null when there is none. */
  measure: string | null;
  /** A deadline, a period or a frequency, as typed; null when there is none. */
  timeframe: string | null;
  /** "tốt hơn", "hiệu quả hơn": a measure nobody can check, flagged on its own. */
  vagueMeasure: string | null;
  /** A standing rule ("không … vào việc riêng"): holds all year, needs no number or date. */
  rule: boolean;
  /** Likely contents, the main one first. */
  categories: CommitmentCategory[];
  verdict: Verdict;
  score: number;
  /** Why the item is vague (empty when concrete): what the coach tells the member. */
  reasons: VaguenessReason[];
  /** What the bot still has to ask: never a field the member already gave. */
  missing: ("measure" | "timeframe")[];
}

export interface ReadRegistration {
  items: ReadItem[];
  /** Items beyond the three a member registers, left out and to be mentioned to the member. */
  extra: string[];
}

function cut(text: string, span: Span | null): string {
  if (!span) return text;
  // From the last part back, so the earlier parts' indexes still hold.
  const left = [...spanParts(span)].reverse().reduce((rest, part) => `${rest.slice(0, part.start)} ${rest.slice(part.end)}`, text);
  return left
    .replace(/\s+([,.;:])/g, "$1")
    .replace(/\s+/g, " ")
    .replace(/^[\s,.;:-]+|[\s,;:-]+$/g, "")
    .replace(/\s+(vào|vao|lúc|luc|trong)$/iu, "")
    .trim();
}

/**
 * A standing rule whose breach is visible ("Không đi họp muộn"): it holds all year, so the rule is
 * its own measure and it has no timeframe to ask for.
 */
export function isStandingRule(text: string): boolean {
  return extractFeatures(text.normalize("NFC")).rule === 2;
}

/**
 * The content the member named before an item: "Học tập: …", "Về làm theo thì …", "Còn về nêu
 * gương, …". Not a plain verb: "Học tập và làm theo tấm gương …" names no label (no "về", no colon).
 * Matched on the folded text, so "lam guong:" is read as "Làm gương:".
 */
const CONTENT_LABEL = new RegExp(String.raw`^(?:(?:(?:con|va)\s+)?ve\s+(${CONTENT_NAME_PATTERN})(?:\s+thi)?\s*[:,\-–]?|(${CONTENT_NAME_PATTERN})\s*[:\-–])\s*`);

/** An item's content label and the item without it; null when it names none (or nothing follows it). */
function contentLabel(text: string): { category: CommitmentCategory; rest: string } | null {
  // The folded copy has the same length, so the label's end is the same index in the member's text.
  const m = CONTENT_LABEL.exec(foldSameLength(text));
  const category = m ? contentNamed(m[1] ?? m[2] ?? "") : undefined;
  const rest = m ? text.slice(m[0].length).trim() : "";
  if (!category || rest.length === 0) return null;
  return { category, rest: rest.charAt(0).toUpperCase() + rest.slice(1) };
}

/** The content a typed item is labelled with ("lam theo: …", "Nêu gương: …"); null when it names none. */
export const labelledContent = (text: string): CommitmentCategory | null => contentLabel(text.normalize("NFC").replace(/\s+/g, " ").trim())?.category ?? null;

/** Reads one item (already split from its message). */
export function readItem(raw: string, ctx: VaguenessContext = {}): ReadItem {
  const typed = raw.normalize("NFC").replace(/\s+/g, " ").trim();
  // "Học tập: đọc …" shown as "Học tập: Học tập: đọc …" otherwise, and the member's own label is
  // the item's content (the guess reads the words).
  const labelled = contentLabel(typed);
  const text = labelled?.rest ?? typed;
  const timeframe = findTimeframe(text);
  const measure = findMeasure(text, timeframe);
  const features = extractFeatures(text);
  const judged = analyzeCommitment(text, ctx);
  const rule = features.rule === 2;
  const missing: ReadItem["missing"] = [];
  if (judged.verdict === "vague") {
    if (!measure && !rule) missing.push("measure");
    if (!timeframe && !rule) missing.push("timeframe");
  }
  return {
    text,
    action: cut(text, timeframe) || text,
    measure: measure?.text ?? null,
    timeframe: timeframe?.text ?? null,
    vagueMeasure: measure ? null : features.vagueMeasure,
    rule,
    categories: labelled ? [labelled.category] : guessCategories(fold(text)),
    verdict: judged.verdict,
    score: judged.score,
    reasons: judged.reasons,
    missing,
  };
}

/**
 * Reads a whole message: up to MAX_ITEMS items. `ctx` is passed to the coach (theme, the cell's
 * other items, the member's items of last year).
 */
export function readRegistration(message: string, ctx: VaguenessContext = {}): ReadRegistration {
  const { items, extra } = splitItems(message);
  return { items: items.slice(0, MAX_ITEMS).map((item) => readItem(item, ctx)), extra };
}
