// Vagueness coach: judges whether a member's commitment item is concrete enough for the chi ủy
// to check at the monthly meeting. Pure: no I/O, no clock; everything it needs is passed in.
//
// The judgement is feature based and works on diacritic-folded text, so "hoc tap va lam theo
// guong Bac" is read the same as "học tập và làm theo gương Bác". Features for concreteness:
// a measure (numbers with units, counts, %, money), a time frame or frequency ("mỗi tháng",
// "trước 30/6", "trong vòng 10 ngày"), concrete objects and actions (hồ sơ, đơn thư, học sinh,
// tắt đèn, đọc, ghi chép…), named things (a quoted title, "lớp 9A", "khu phố 4") and checkable
// rules ("không nhận quà…", "rời phòng là tắt điện"). Features for vagueness: abstract verbs and
// virtues ("nâng cao", "tích cực", "phát huy"…), slogans ("cần, kiệm, liêm, chính"), a bare
// document reference ("thực hiện tốt Chỉ thị 05-CT/TW"), hollow targets ("100% nhiệm vụ").
//
// Score convention: 0..1, higher = more concrete; verdict is "concrete" when the score reaches
// CONCRETE_THRESHOLD and no blocking reason applies. Reasons are only returned for vague items:
// they are what the bot explains to the member and what the chi ủy sees next to a kept item.

import { fold } from "./text.ts";
import { extractFeatures, words, type Features } from "./vagueness-features.ts";

export type Verdict = "vague" | "concrete";

export type ReasonCode =
  | "TOO_SHORT"
  | "DUPLICATE_IN_CELL"
  | "SAME_AS_LAST_YEAR"
  | "THEME_COPY"
  | "SLOGAN"
  | "DOCUMENT_ONLY"
  | "ABSTRACT_ONLY"
  | "NO_MEASURE"
  | "VAGUE_MEASURE"
  | "NO_TIMEFRAME";

export interface VaguenessReason {
  code: ReasonCode;
  detail?: string;
}

export interface VaguenessContext {
  /** The year's theme (chuyên đề năm) title; an item that only restates it is vague. */
  themeTitle?: string;
  /** Other members' items in the same cell this year (not this item itself). */
  cellTexts?: string[];
  /** The member's own items from last year. */
  ownLastYearTexts?: string[];
}

export interface VaguenessResult {
  verdict: Verdict;
  /** 0..1, higher = more concrete. */
  score: number;
  reasons: VaguenessReason[];
}

export const CONCRETE_THRESHOLD = 0.5;
/** Token-set Jaccard similarity at or above which two items count as the same text. */
export const DUPLICATE_SIMILARITY = 0.8;
/** Items with fewer words than this cannot say what, how much and when. */
export const MIN_WORDS = 4;
/** Score ceiling for items blocked by a copy/duplicate/too-short reason. */
const BLOCKED_SCORE_CAP = 0.3;

/** Tokens for similarity: folded words without years, so "Năm 2024 …" equals "Năm 2025 …". */
function similarityTokens(text: string): Set<string> {
  const tokens = words(fold(text))
    .split(" ")
    .filter((t) => t.length > 0 && !/^(19|20)\d\d$/.test(t));
  return new Set(tokens);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let inter = 0;
  for (const t of a) if (b.has(t)) inter++;
  return inter / (a.size + b.size - inter);
}

/** Similarity of two commitment texts, tolerant of case, punctuation, diacritics and years. */
export function textSimilarity(a: string, b: string): number {
  return jaccard(similarityTokens(a), similarityTokens(b));
}

// ---------------------------------------------------------------------------------------------
// Judgement

function concretenessScore(f: Features): number {
  let s = 0.1;
  s += f.measure === "strong" ? 0.3 : f.measure === "weak" ? 0.15 : 0;
  s += f.time === "strong" ? 0.25 : f.time === "weak" ? 0.075 : 0;
  // A count or a named deliverable with no date is due by the end of the registration year.
  if (f.time === "none" && f.measure === "strong" && !f.rateOnly) s += 0.1;
  s += 0.1 * Math.min(f.concrete.length, 4);
  // A concrete act on a fixed rhythm ("sáng Chủ nhật hằng tuần quét dọn…") or a clock-time
  // standard ("có mặt trước 7 giờ") is checked occurrence by occurrence: the rhythm is the measure.
  // Without a listed object, a plain act on a fixed rhythm still counts ("mỗi tối thứ Bảy đi tuần").
  if (f.measure !== "strong" && (f.recurring || f.clock) && f.abstract.length === 0 && f.slogans.length === 0) {
    s += f.concrete.length > 0 ? 0.1 : f.wordCount >= 5 ? 0.15 : 0;
  }
  s += f.named.length > 0 ? 0.1 : 0;
  // "Không hút thuốc lá ở cơ quan" is checkable every day with no number: zero occurrences is the
  // measure and the rule holds all year. A trigger rule ("khi…, …") is weaker evidence.
  s += f.rule === 2 ? 0.4 : f.rule === 1 ? 0.12 : 0;
  s -= 0.05 * Math.min(f.abstract.length, 4);
  s -= 0.15 * Math.min(f.slogans.length, 2);
  if (f.docRefs > 0 && f.concrete.length === 0) s -= 0.1;
  // "Ý thức tốt hơn": a comparative nobody can check keeps the item vague unless a real figure
  // or rule is there as well.
  if (f.vagueMeasure && f.measure !== "strong" && f.rule !== 2) s -= 0.3;
  if (f.rateOnly) s -= 0.2;
  return Math.max(0, Math.min(1, Math.round(s * 100) / 100));
}

function mostSimilar(text: string, others: readonly string[] | undefined): { text: string; sim: number } | null {
  if (!others || others.length === 0) return null;
  const mine = similarityTokens(text);
  let best: { text: string; sim: number } | null = null;
  for (const other of others) {
    const sim = jaccard(mine, similarityTokens(other));
    if (!best || sim > best.sim) best = { text: other, sim };
  }
  return best;
}

/** Share of the item's words that come from the theme title, and their Jaccard similarity. */
function themeOverlap(text: string, theme: string): { covered: number; sim: number } {
  const mine = similarityTokens(text);
  const title = similarityTokens(theme);
  if (mine.size === 0 || title.size === 0) return { covered: 0, sim: 0 };
  let inter = 0;
  for (const t of mine) if (title.has(t)) inter++;
  return { covered: inter / mine.size, sim: jaccard(mine, title) };
}

export function analyzeCommitment(text: string, ctx: VaguenessContext = {}): VaguenessResult {
  const f = extractFeatures(text);
  let score = concretenessScore(f);
  const blocking: VaguenessReason[] = [];

  if (f.wordCount < MIN_WORDS) blocking.push({ code: "TOO_SHORT" });

  const dup = mostSimilar(text, ctx.cellTexts);
  if (dup && dup.sim >= DUPLICATE_SIMILARITY) blocking.push({ code: "DUPLICATE_IN_CELL", detail: dup.text });

  const last = mostSimilar(text, ctx.ownLastYearTexts);
  if (last && last.sim >= DUPLICATE_SIMILARITY) blocking.push({ code: "SAME_AS_LAST_YEAR", detail: last.text });

  if (ctx.themeTitle && f.wordCount >= MIN_WORDS) {
    const o = themeOverlap(text, ctx.themeTitle);
    // Restating the theme (with or without a "tích cực" in front) is not a personal commitment;
    // a concrete item that borrows a few of its words is fine.
    if (o.sim >= 0.6 || (o.covered >= 0.75 && f.measure !== "strong" && f.time !== "strong")) {
      blocking.push({ code: "THEME_COPY", detail: ctx.themeTitle });
    }
  }

  // "Dành 30 phút…" with no period: effort per what? Only the member can say; ask, do not guess.
  if (f.rateOnly && f.rule !== 2) blocking.push({ code: "NO_TIMEFRAME" });

  if (blocking.length > 0) score = Math.min(score, BLOCKED_SCORE_CAP);
  const verdict: Verdict = blocking.length === 0 && score >= CONCRETE_THRESHOLD ? "concrete" : "vague";
  if (verdict === "concrete") return { verdict, score, reasons: [] };

  const reasons: VaguenessReason[] = [...blocking];
  if (f.slogans.length > 0 && !blocking.some((r) => r.code === "THEME_COPY")) {
    reasons.push({ code: "SLOGAN", detail: f.slogans.join("; ") });
  }
  if (f.docRefs > 0 && f.concrete.length === 0) reasons.push({ code: "DOCUMENT_ONLY" });
  // A timeframe does not make an attitude an act: "Tích cực học tập… trong năm 2026" is still abstract.
  if (f.concrete.length === 0 && f.named.length === 0 && f.measure !== "strong" && f.rule !== 2) {
    reasons.push(f.abstract.length > 0 ? { code: "ABSTRACT_ONLY", detail: f.abstract.slice(0, 3).join(", ") } : { code: "ABSTRACT_ONLY" });
  }
  if (f.vagueMeasure && f.measure !== "strong") reasons.push({ code: "VAGUE_MEASURE", detail: f.vagueMeasure });
  else if (f.measure === "none" || f.measure === "hollow") {
    reasons.push(f.measure === "hollow" ? { code: "NO_MEASURE", detail: "hollow-target" } : { code: "NO_MEASURE" });
  }
  if (f.time !== "strong" && f.measure !== "strong" && !reasons.some((r) => r.code === "NO_TIMEFRAME")) {
    reasons.push({ code: "NO_TIMEFRAME" });
  }
  // A vague verdict always carries at least one reason, so the bot can always say why.
  if (reasons.length === 0) reasons.push({ code: "ABSTRACT_ONLY" });
  return { verdict, score, reasons };
}
