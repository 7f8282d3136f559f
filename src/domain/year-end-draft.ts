// The draft of the year-end self-assessment (bản tự đánh giá cuối năm), assembled from the member's
// monthly self-assessments of the year and the chi ủy's comments. Pure: the caller loads the data.
// The member accepts the draft as the overall note or writes their own.
import type { Category } from "./vocabulary.ts";
import { fold } from "./text.ts";
import type { ProgressValue } from "./assessment-rules.ts";

export type DraftCategory = Category;

export interface DraftItem {
  id: string;
  category: DraftCategory;
  text: string;
}

export interface DraftMonth {
  /** "2026-03"; other periods (quarters, other years) are ignored. */
  period: string;
  items: Array<{ itemId: string; progress: ProgressValue; note?: string | null }>;
  overallNote?: string | null;
}

export interface DraftReview {
  text: string;
  at: Date;
}

export interface YearEndDraftInput {
  year: number;
  /** The registration's items, in order. */
  items: DraftItem[];
  months: DraftMonth[];
  reviews: DraftReview[];
}

export interface ItemTally {
  itemId: string;
  counts: Record<ProgressValue, number>;
  /** Progress in the latest month that assessed the item, with that month (1..12). */
  latest: { month: number; progress: ProgressValue } | null;
}

const CATEGORY_WORDS: Readonly<Record<DraftCategory, string>> = { STUDY: "học tập", FOLLOW: "làm theo", EXAMPLE: "nêu gương" };
const COUNT_WORDS: ReadonlyArray<[ProgressValue, string]> = [
  ["DONE", "hoàn thành"],
  ["ON_TRACK", "đúng tiến độ"],
  ["BEHIND", "chậm tiến độ"],
  ["NOT_STARTED", "chưa bắt đầu"],
];
const LATEST_WORDS: Readonly<Record<ProgressValue, string>> = {
  DONE: "đã hoàn thành",
  ON_TRACK: "đúng tiến độ",
  BEHIND: "còn chậm",
  NOT_STARTED: "chưa bắt đầu",
};

export const MAX_HIGHLIGHTS = 3;
export const MAX_DIFFICULTIES = 2;
export const MAX_REVIEWS = 3;

/** Shortens to `max` characters on a word boundary, with "…". */
export function shorten(text: string, max: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= max) return clean;
  const cut = clean.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, "")}…`;
}

const unquote = (text: string) => text.replace(/[.;,\s]+$/, "");

/** The month number of a "yyyy-MM" period of the year, or null. */
function monthOf(period: string, year: number): number | null {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m || Number(m[1]) !== year) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? month : null;
}

/** The year's monthly assessments, one per month (the last given wins), in month order. */
function monthsOfTheYear(input: YearEndDraftInput): Array<{ month: number; data: DraftMonth }> {
  const byMonth = new Map<number, DraftMonth>();
  for (const data of input.months) {
    const month = monthOf(data.period, input.year);
    if (month !== null) byMonth.set(month, data);
  }
  return [...byMonth.entries()].sort((a, b) => a[0] - b[0]).map(([month, data]) => ({ month, data }));
}

/** Counts of each progress value per item over the year's monthly assessments. */
export function tallyItems(input: YearEndDraftInput): ItemTally[] {
  const months = monthsOfTheYear(input);
  return input.items.map((item) => {
    const counts: Record<ProgressValue, number> = { DONE: 0, ON_TRACK: 0, BEHIND: 0, NOT_STARTED: 0 };
    let latest: ItemTally["latest"] = null;
    for (const { month, data } of months) {
      const answer = data.items.find((a) => a.itemId === item.id);
      if (!answer) continue;
      counts[answer.progress] += 1;
      latest = { month, progress: answer.progress };
    }
    return { itemId: item.id, counts, latest };
  });
}

interface Note {
  text: string;
  month: number;
  rank: number;
}

function pickNotes(notes: Note[], max: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const sorted = [...notes].sort((a, b) => a.rank - b.rank || b.month - a.month);
  for (const note of sorted) {
    const key = fold(note.text);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(`${unquote(shorten(note.text, 110))} (tháng ${note.month})`);
    if (out.length >= max) break;
  }
  return out;
}

/** The pieces of the draft, for documents that lay them out under their own headings. */
export interface YearEndParts {
  opening: string;
  /** One sentence per registered item: its months by progress and the latest state. */
  items: string[];
  /** The same without the item's name: "hoàn thành 3 tháng, …; đến tháng 12 đã hoàn thành." */
  itemResults: string[];
  /** Notable things done, with their month ("… (tháng 10)"). */
  highlights: string[];
  /** Difficulties and delays, with their month. */
  difficulties: string[];
  /** The chi ủy's latest comments, quoted. */
  reviews: string[];
}

export function yearEndParts(input: YearEndDraftInput): YearEndParts {
  const months = monthsOfTheYear(input);
  const tallies = tallyItems(input);
  const n = input.items.length;
  const registered = n > 0 ? `bản thân đăng ký ${n} nội dung học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh` : "bản thân chưa có bản đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh";
  const opening =
    months.length > 0
      ? `Năm ${input.year}, ${registered} và đã tự đánh giá ${months.length}/12 tháng.`
      : `Năm ${input.year}, ${registered}; trong năm chưa ghi nhận tự đánh giá hằng tháng trên hệ thống.`;

  const itemResults = input.items.map((_item, i) => {
    const tally = tallies[i]!;
    const parts = COUNT_WORDS.filter(([p]) => tally.counts[p] > 0).map(([p, words]) => `${words} ${tally.counts[p]} tháng`);
    if (parts.length === 0) return "chưa có đánh giá tháng nào.";
    const latest = tally.latest ? `; đến tháng ${tally.latest.month} ${LATEST_WORDS[tally.latest.progress]}` : "";
    return `${parts.join(", ")}${latest}.`;
  });
  const items = input.items.map((item, i) => `Nội dung ${i + 1} (${CATEGORY_WORDS[item.category]}) “${unquote(shorten(item.text, 80))}”: ${itemResults[i]}`);

  const highlights: Note[] = [];
  const difficulties: Note[] = [];
  for (const { month, data } of months) {
    for (const answer of data.items) {
      const text = answer.note?.trim();
      if (!text || !input.items.some((item) => item.id === answer.itemId)) continue;
      if (answer.progress === "DONE") highlights.push({ text, month, rank: 0 });
      else if (answer.progress === "ON_TRACK") highlights.push({ text, month, rank: 1 });
      else difficulties.push({ text, month, rank: answer.progress === "BEHIND" ? 0 : 1 });
    }
    const overall = data.overallNote?.trim();
    if (overall) highlights.push({ text: overall, month, rank: 2 });
  }
  const reviews = [...input.reviews]
    .filter((r) => r.text.trim())
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, MAX_REVIEWS)
    .map((r) => `“${unquote(shorten(r.text, 140))}”`);
  return { opening, items, itemResults, highlights: pickNotes(highlights, MAX_HIGHLIGHTS), difficulties: pickNotes(difficulties, MAX_DIFFICULTIES), reviews };
}

/** The draft: one Vietnamese paragraph in the member's own voice ("bản thân"). */
export function yearEndDraft(input: YearEndDraftInput): string {
  const parts = yearEndParts(input);
  const sentences = [parts.opening, ...parts.items];
  if (parts.highlights.length > 0) sentences.push(`Những việc đã làm được: ${parts.highlights.join("; ")}.`);
  if (parts.difficulties.length > 0) sentences.push(`Còn khó khăn, chậm tiến độ: ${parts.difficulties.join("; ")}.`);
  if (parts.reviews.length > 0) sentences.push(`Chi ủy đã nhận xét: ${parts.reviews.join("; ")}; bản thân tiếp thu và tiếp tục khắc phục.`);
  return sentences.join(" ");
}
