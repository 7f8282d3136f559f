// The draft of the year-end self-assessment (bản tự đánh giá cuối năm), assembled from everything on
// record for the year: the member's monthly and quarterly self-assessments, the answers just given
// at year end (in the same conversation, not yet saved) and the chi ủy's comments. Pure: the caller
// loads the data. The draft comes in sections the member keeps, rewrites one by one, or replaces.
import type { Category } from "./vocabulary.ts";
import { fold, shortenAtWord } from "./text.ts";
import type { ProgressValue } from "./assessment-rules.ts";

export type DraftCategory = Category;

export interface DraftItem {
  id: string;
  category: DraftCategory;
  text: string;
}

export interface DraftMonth {
  /** "2026-03" (a month) or "2026-Q2" (a quarter); other years are ignored. */
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
  /** The year-end answers given so far in the conversation (not saved yet): they count as the latest word. */
  current?: { items: Array<{ itemId: string; progress: ProgressValue; note?: string | null }> } | null;
}

export interface ItemTally {
  itemId: string;
  counts: Record<ProgressValue, number>;
  /** Progress in the latest month that assessed the item, with that month (1..12). */
  latest: { month: number; progress: ProgressValue } | null;
}

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
export const MAX_MONTH_NOTES = 2;

/** Shortens at a word boundary; a word is never cut (see shortenAtWord). */
export const shorten = (text: string, max: number): string => shortenAtWord(text, max);

/** Text to put inside “…”: inner double quotes become single ones, so the same marks never nest. */
export function quotable(text: string): string {
  return text.replace(/[“”]/g, (q) => (q === "“" ? "‘" : "’")).replace(/"([^"]*)"/g, "‘$1’");
}

const unquote = (text: string) => text.replace(/[.;,\s]+$/, "");

/** The quarter (1..4) of a "yyyy-Qn" period of the year, or null. */
function quarterOf(period: string, year: number): number | null {
  const m = /^(\d{4})-Q([1-4])$/.exec(period);
  return m && Number(m[1]) === year ? Number(m[2]) : null;
}

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
  /**
   * "tháng 9", "quý II": when a note on record was given. Null for what the member wrote just now,
   * at year end: their own words, put back as they wrote them with nothing tacked on.
   */
  when: string | null;
  /** Later is more recent: the month, a quarter's last month, 13 for the year-end answers. */
  order: number;
  rank: number;
}

const ROMAN = ["", "I", "II", "III", "IV"] as const;

function pickNotes(notes: Note[], max: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const sorted = [...notes].sort((a, b) => a.rank - b.rank || b.order - a.order);
  for (const note of sorted) {
    const key = fold(note.text);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    const text = unquote(shorten(note.text, 110));
    out.push(note.when ? `${text} (${note.when})` : text);
    if (out.length >= max) break;
  }
  return out;
}

/** The pieces of the draft, for documents that lay them out under their own headings. */
export interface YearEndParts {
  opening: string;
  /**
   * The items' results in sentences, each said once: items with the same result share a sentence
   * ("Cả 3 việc đã hoàn thành."), and the items' texts are not repeated (every screen that shows
   * the note lists the items just above it).
   */
  results: string[];
  /** One result per item, for a document that lays it under the item: "hoàn thành 3 tháng, …; đến tháng 12 đã hoàn thành." */
  itemResults: string[];
  /** Notable things done, with when they were on record ("… (tháng 10)"; nothing after what was written at year end). */
  highlights: string[];
  /** Difficulties and delays, with when. */
  difficulties: string[];
  /**
   * The member's overall notes on a month or quarter, with when: their own words on the period as
   * a whole, which may tell of a success, a difficulty or neither, so they are neither "đã làm
   * được" nor "khó khăn" and stay with the record of the months.
   */
  monthNotes: string[];
  /** The chi ủy's latest comments, quoted. */
  reviews: string[];
}

function collectNotes(input: YearEndDraftInput, months: Array<{ month: number; data: DraftMonth }>) {
  const highlights: Note[] = [];
  const difficulties: Note[] = [];
  const monthNotes: Note[] = [];
  const own = (itemId: string) => input.items.some((item) => item.id === itemId);
  const add = (answers: DraftMonth["items"], overall: string | null | undefined, when: string | null, order: number) => {
    for (const answer of answers) {
      const text = answer.note?.trim();
      if (!text || !own(answer.itemId)) continue;
      if (answer.progress === "DONE") highlights.push({ text, when, order, rank: 0 });
      else if (answer.progress === "ON_TRACK") highlights.push({ text, when, order, rank: 1 });
      else difficulties.push({ text, when, order, rank: answer.progress === "BEHIND" ? 0 : 1 });
    }
    const note = overall?.trim();
    if (note) monthNotes.push({ text: note, when, order, rank: 0 });
  };
  for (const { month, data } of months) add(data.items, data.overallNote, `tháng ${month}`, month);
  for (const data of input.months) {
    const quarter = quarterOf(data.period, input.year);
    if (quarter !== null) add(data.items, data.overallNote, `quý ${ROMAN[quarter]}`, quarter * 3);
  }
  if (input.current) add(input.current.items, null, null, 13);
  return {
    highlights: pickNotes(highlights, MAX_HIGHLIGHTS),
    difficulties: pickNotes(difficulties, MAX_DIFFICULTIES),
    monthNotes: pickNotes(monthNotes, MAX_MONTH_NOTES),
  };
}

export function yearEndParts(input: YearEndDraftInput): YearEndParts {
  const months = monthsOfTheYear(input);
  const tallies = tallyItems(input);
  const n = input.items.length;
  const registered =
    n > 0
      ? `bản thân đăng ký ${n} việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh`
      : "bản thân chưa có bản đăng ký học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh";
  // No month on record is said once, here, not again for every item.
  const opening = months.length > 0 ? `Năm ${input.year}, ${registered} và đã tự đánh giá ${months.length}/12 tháng.` : `Năm ${input.year}, ${registered}.`;

  const itemResults: string[] = [];
  /** Per item: its result, and whether it is a state alone ("đã hoàn thành") that reads after "Việc 1". */
  const results: Array<{ text: string; state: boolean }> = [];
  input.items.forEach((item, i) => {
    const tally = tallies[i];
    const parts = tally ? COUNT_WORDS.filter(([p]) => tally.counts[p] > 0).map(([p, words]) => `${words} ${tally.counts[p]} tháng`) : [];
    const now = input.current?.items.find((a) => a.itemId === item.id);
    const yearEnd = now ? `cuối năm ${LATEST_WORDS[now.progress]}` : null;
    if (parts.length === 0) {
      itemResults.push(yearEnd ? `chưa có đánh giá tháng nào; ${yearEnd}.` : "chưa có đánh giá tháng nào.");
      // With no month on record at all the opening already says so: only the year-end state is left.
      if (months.length === 0) results.push(now ? { text: LATEST_WORDS[now.progress], state: true } : { text: "chưa có đánh giá nào", state: true });
      else results.push({ text: yearEnd ? `chưa tự đánh giá tháng nào, ${yearEnd}` : "chưa tự đánh giá tháng nào", state: true });
      return;
    }
    const latest = yearEnd ? `; ${yearEnd}` : tally?.latest ? `; đến tháng ${tally.latest.month} ${LATEST_WORDS[tally.latest.progress]}` : "";
    itemResults.push(`${parts.join(", ")}${latest}.`);
    results.push({ text: `${parts.join(", ")}${latest}`, state: false });
  });
  return { opening, results: resultSentences(results), itemResults, ...collectNotes(input, months), reviews: reviewQuotes(input) };
}

/** "Cả 3 việc đã hoàn thành.", "Việc 1 và 3 đã hoàn thành.", "Việc 2: hoàn thành 3 tháng, …". */
function resultSentences(results: ReadonlyArray<{ text: string; state: boolean }>): string[] {
  const groups = new Map<string, { numbers: number[]; state: boolean }>();
  results.forEach((r, i) => {
    const group = groups.get(r.text) ?? { numbers: [], state: r.state };
    group.numbers.push(i + 1);
    groups.set(r.text, group);
  });
  return [...groups.entries()].map(([text, { numbers, state }]) => {
    const who =
      numbers.length === results.length && numbers.length > 1
        ? `Cả ${numbers.length} việc`
        : `Việc ${numbers.length > 1 ? `${numbers.slice(0, -1).join(", ")} và ` : ""}${numbers.at(-1)}`;
    return `${who}${state ? " " : ": "}${text}.`;
  });
}

/** The chi ủy's latest comments, quoted, the most recent first. */
function reviewQuotes(input: YearEndDraftInput): string[] {
  return [...input.reviews]
    .filter((r) => r.text.trim())
    .sort((a, b) => b.at.getTime() - a.at.getTime())
    .slice(0, MAX_REVIEWS)
    .map((r) => `“${quotable(unquote(shorten(r.text, 140)))}”`);
}

export type DraftSectionKey = "results" | "done" | "difficulties" | "reviews";

/** One section of the draft: what the member may keep or rewrite on its own. */
export interface DraftSection {
  key: DraftSectionKey;
  text: string;
}

/**
 * The draft in sections, in the member's own voice ("bản thân"); empty sections are left out. It
 * says only what the member or the chi ủy wrote and what the records show: the chi ủy's comments
 * are quoted with no answer made up for the member ("tiếp thu và khắc phục" after a praise).
 */
export function yearEndSections(input: YearEndDraftInput): DraftSection[] {
  const parts = yearEndParts(input);
  const noted = parts.monthNotes.length > 0 ? [monthNotesSentence(parts.monthNotes)] : [];
  const sections: DraftSection[] = [{ key: "results", text: [parts.opening, ...parts.results, ...noted].join(" ") }];
  if (parts.highlights.length > 0) sections.push({ key: "done", text: `Những việc đã làm được: ${parts.highlights.join("; ")}.` });
  if (parts.difficulties.length > 0) sections.push({ key: "difficulties", text: `Còn khó khăn, chậm tiến độ: ${parts.difficulties.join("; ")}.` });
  if (parts.reviews.length > 0) sections.push({ key: "reviews", text: `Chi ủy đã nhận xét: ${parts.reviews.join("; ")}.` });
  return sections;
}

/** The member's overall notes on the months, as one sentence of the results (see YearEndParts.monthNotes). */
export const monthNotesSentence = (notes: readonly string[]): string => `Nhận xét chung các tháng: ${notes.join("; ")}.`;

/** The draft as one paragraph. */
export function yearEndDraft(input: YearEndDraftInput): string {
  return yearEndSections(input)
    .map((s) => s.text)
    .join(" ");
}
