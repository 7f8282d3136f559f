// Self-assessment rules (tự đánh giá): which period is open, until when it can be edited, the
// progress and rating vocabularies, and how evidence is stored. Pure: time and meetings are passed in.
import { z } from "zod";
import { fold, plainAnswer } from "./text.ts";
import { PROGRESS_VALUES as PROGRESS, SELF_RATINGS as RATINGS, type Progress, type SelfRating } from "./vocabulary.ts";
import { DEFAULT_ZONE, inZone } from "./dates.ts";
import { monthPeriod, monthsOfPeriod, openPeriod, periodForMeeting, type AssessmentPeriod, type MeetingKindValue } from "./periods.ts";

export type ProgressValue = Progress;
export type SelfRatingValue = SelfRating;

export const PROGRESS_VALUES: readonly ProgressValue[] = PROGRESS;

const PROGRESS_LABELS: Readonly<Record<ProgressValue, string>> = {
  DONE: "Đã hoàn thành",
  ON_TRACK: "Đúng tiến độ",
  BEHIND: "Chậm tiến độ",
  NOT_STARTED: "Chưa bắt đầu",
};

export const progressLabel = (p: ProgressValue): string => PROGRESS_LABELS[p];

export function isProgress(value: unknown): value is ProgressValue {
  return typeof value === "string" && (PROGRESS_VALUES as readonly string[]).includes(value);
}

export const SELF_RATINGS: readonly SelfRatingValue[] = RATINGS;

const RATING_LABELS: Readonly<Record<SelfRatingValue, string>> = {
  EXCELLENT: "Hoàn thành xuất sắc nhiệm vụ",
  GOOD: "Hoàn thành tốt nhiệm vụ",
  COMPLETED: "Hoàn thành nhiệm vụ",
  NOT_COMPLETED: "Không hoàn thành nhiệm vụ",
};

export const ratingLabel = (r: SelfRatingValue): string => RATING_LABELS[r];

export function isSelfRating(value: unknown): value is SelfRatingValue {
  return typeof value === "string" && (SELF_RATINGS as readonly string[]).includes(value);
}

/** Typed answers that can only mean one progress (folded, without "ạ", "nhé"). */
const PROGRESS_WORDS: Readonly<Record<string, ProgressValue>> = {
  xong: "DONE",
  "xong roi": "DONE",
  "da xong": "DONE",
  "lam xong": "DONE",
  "da lam xong": "DONE",
  "xong het": "DONE",
  "hoan thanh": "DONE",
  "hoan thanh roi": "DONE",
  on: "ON_TRACK",
  "van on": "ON_TRACK",
  "binh thuong": "ON_TRACK",
  "dung han": "ON_TRACK",
  cham: "BEHIND",
  "bi cham": "BEHIND",
  "cham roi": "BEHIND",
  "hoi cham": "BEHIND",
  tre: "BEHIND",
  "tre han": "BEHIND",
  "dung tien do": "ON_TRACK",
  "van dung tien do": "ON_TRACK",
  "cham tien do": "BEHIND",
  "bi cham tien do": "BEHIND",
  "da hoan thanh": "DONE",
  "chua lam": "NOT_STARTED",
  "chua thuc hien": "NOT_STARTED",
  "chua lam gi": "NOT_STARTED",
  "chua bat dau": "NOT_STARTED",
};

/** Typed answers that can only mean one self-rating ("hoàn thành" alone fits three: not here). */
const RATING_WORDS: Readonly<Record<string, SelfRatingValue>> = {
  "xuat sac": "EXCELLENT",
  tot: "GOOD",
  "hoan thanh tot": "GOOD",
  "khong hoan thanh": "NOT_COMPLETED",
  "chua hoan thanh": "NOT_COMPLETED",
};

/**
 * A progress typed in words ("xong rồi", "chậm", "chưa làm") rather than picked: older members
 * answer so, and each of these can only mean one of the four. Null for anything else ("đang làm"
 * could be on track or behind: the list is shown again).
 */
export function progressFromWords(text: string): ProgressValue | null {
  return PROGRESS_WORDS[plainAnswer(text)] ?? null;
}

/**
 * One progress told for every item at once: "tất cả đúng tiến độ", "tat ca da hoan thanh", "cả 3
 * việc đã hoàn thành", "các việc còn lại đúng tiến độ". `count` is the number said, if any (null
 * when none). Null when the words are not "all" followed by a progress only.
 */
export function allProgressFromWords(text: string): { progress: ProgressValue; count: number | null } | null {
  const said =
    /^(?:(?:tat ca|ca|het|toan bo)(?: (?:cac|nhung))?(?: (\d{1,2}))?(?: viec| muc)?|(?:cac|nhung|moi) viec|(?:cac|nhung) viec con lai|con lai)(?: con lai)?(?: (?:deu|cung))? (.+)$/.exec(
      plainAnswer(text),
    );
  const progress = said?.[2] ? progressFromWords(said[2]) : null;
  return progress ? { progress, count: said?.[1] ? Number(said[1]) : null } : null;
}

/** Words after a one-word progress that say why ("chậm vì máy hỏng"): the progress stands. */
const REASON_WORDS = new Set(["vi", "do", "nhung", "ma", "tai", "con", "roi"]);

/**
 * A progress the words start with ("xong rồi, đã đọc 2 cuốn", "chậm vì máy hỏng"), the rest being
 * what happened. A one-word progress followed by other words counts only before a comma or a word
 * saying why: folded, "chăm chỉ" starts with "chậm" and "trẻ em" with "trễ".
 */
export function progressAtStart(text: string): ProgressValue | null {
  const clause = progressFromWords(fold(text).split(/[,;.:!\n-]/)[0] ?? "");
  if (clause) return clause;
  const words = plainAnswer(text).split(" ");
  for (let k = Math.min(words.length, 4); k >= 1; k--) {
    const p = progressFromWords(words.slice(0, k).join(" "));
    if (p && (k >= 2 || k === words.length || REASON_WORDS.has(words[1] ?? ""))) return p;
  }
  return null;
}

/**
 * What a line typed at the monthly overview says of the items' progress: "việc 2 chậm, còn lại đúng
 * tiến độ" (items by their number, 0-based here; `rest` for the ones not named). "none": the line
 * names no item, a note. "unclear": it names an item (`item`, or null) without a progress the words
 * can only mean, or a number with no item: asked, never guessed.
 */
export type ProgressLine =
  { kind: "none" } | { kind: "read"; items: Record<number, ProgressValue>; rest: ProgressValue | null } | { kind: "unclear"; item: number | null };

const ITEM_PART = /^(?:viec|muc|cai) (?:so )?(\d{1,2}) ?(?:thi |la |deu )?(.*)$/;
const REST_PART = /^(?:cac |nhung |may )?(?:viec )?(?:con lai|khac) ?(?:thi |la |deu |cung )*(.*)$/;

export function readProgressLine(text: string, count: number): ProgressLine {
  const items: Record<number, ProgressValue> = {};
  let rest: ProgressValue | null = null;
  let named = false;
  for (const part of fold(text).split(/[,;.\n]+| va /)) {
    const plain = plainAnswer(part);
    const item = ITEM_PART.exec(plain);
    const others = item ? null : REST_PART.exec(plain);
    if (!item && !others) continue;
    named = true;
    const progress = progressAtStart((item ? item[2] : others?.[1]) ?? "");
    if (!item) {
      if (!progress) return { kind: "unclear", item: null };
      rest = progress;
      continue;
    }
    const n = Number(item[1]) - 1;
    if (n < 0 || n >= count) return { kind: "unclear", item: null };
    if (!progress || (items[n] && items[n] !== progress)) return { kind: "unclear", item: n };
    items[n] = progress;
  }
  return named ? { kind: "read", items, rest } : { kind: "none" };
}

/** A self-rating typed in words ("tốt", "xuất sắc"). */
export function ratingFromWords(text: string): SelfRatingValue | null {
  return RATING_WORDS[plainAnswer(text)] ?? null;
}

/** Evidence is not asked for an item not started: there is nothing to show yet. */
export const asksEvidence = (p: ProgressValue): boolean => p !== "NOT_STARTED";

/**
 * A meeting as the window needs it. The caller picks them (src/db/assessments.ts): the next one is
 * the first SCHEDULED/MOVED meeting after now; the last one the latest started, not CANCELLED.
 */
export interface MeetingRef {
  startsAt: Date;
  kind: MeetingKindValue;
}

/** How long after a meeting the "that period is closed" notice is still worth saying. */
export const CLOSED_NOTICE_DAYS = 40;

export interface AssessmentWindow {
  /** The period members assess now. */
  period: AssessmentPeriod;
  /** Editable until this instant (the start of the meeting that evaluates it); null = no meeting planned. */
  deadline: Date | null;
  /** The period the last meeting closed, when it is different and recent (to tell the member). */
  closed: AssessmentPeriod | null;
}

/**
 * The open period: the one the next meeting evaluates (editable until it starts). Without a
 * planned meeting it is the current month, unless the last meeting already evaluated that month
 * (or the quarter/year containing it), then the following month.
 */
export function assessmentWindow(input: { now: Date; zone?: string; nextMeeting?: MeetingRef | null; lastMeeting?: MeetingRef | null }): AssessmentWindow {
  const zone = input.zone ?? DEFAULT_ZONE;
  const { now, nextMeeting, lastMeeting } = input;
  const closedByLast = lastMeeting ? periodForMeeting(lastMeeting, zone) : null;
  let period: AssessmentPeriod;
  if (nextMeeting) {
    period = periodForMeeting(nextMeeting, zone);
  } else {
    period = openPeriod(now, zone);
    if (closedByLast && monthsOfPeriod(closedByLast.period).includes(period.period)) {
      const next = inZone(now, zone).startOf("month").plus({ months: 1 });
      period = monthPeriod(next.year, next.month);
    }
  }
  const recent = lastMeeting !== null && lastMeeting !== undefined && now.getTime() - lastMeeting.startsAt.getTime() <= CLOSED_NOTICE_DAYS * 86_400_000;
  const closed = closedByLast && recent && closedByLast.period !== period.period ? closedByLast : null;
  return { period, deadline: nextMeeting ? nextMeeting.startsAt : null, closed };
}

/** Editable while the meeting that evaluates the period has not started. */
export function isEditable(now: Date, deadline: Date | null): boolean {
  return deadline === null || now.getTime() < deadline.getTime();
}

const PHOTO_PREFIX = "photo:";

/** AssessmentItem.evidence for a photo: "photo:<platform ref>", with the caption after a space. */
export function photoEvidence(ref: string, caption?: string): string {
  const text = caption?.replace(/\s+/g, " ").trim();
  return `${PHOTO_PREFIX}${ref.trim()}${text ? ` ${text}` : ""}`;
}

/** AssessmentItem.evidence for a line of text (one line, trimmed). */
export function textEvidence(line: string): string {
  return line.replace(/\s+/g, " ").trim();
}

export type ParsedEvidence = { kind: "photo"; ref: string; caption?: string } | { kind: "text"; text: string };

export function parseEvidence(evidence: string): ParsedEvidence {
  if (evidence.startsWith(PHOTO_PREFIX)) {
    const rest = evidence.slice(PHOTO_PREFIX.length);
    const space = rest.indexOf(" ");
    return space < 0 ? { kind: "photo", ref: rest } : { kind: "photo", ref: rest.slice(0, space), caption: rest.slice(space + 1) };
  }
  return { kind: "text", text: evidence };
}

/** One item's answer: its progress, an optional note and optional evidence. */
export const itemAnswerSchema = z.object({ progress: z.enum(PROGRESS), note: z.string().nullable(), evidence: z.string().nullable() });
export type ItemAnswer = z.infer<typeof itemAnswerSchema>;

/** Everything a member answers in one self-assessment (also what a draft keeps). */
export const assessmentAnswersSchema = z.object({
  /** By CommitmentItem id. */
  answers: z.record(z.string(), itemAnswerSchema),
  overallNote: z.string().nullable(),
  selfRating: z.enum(RATINGS).nullable(),
  shortcomings: z.string().nullable(),
});
export type AssessmentAnswers = z.infer<typeof assessmentAnswersSchema>;

export const emptyAnswers = (): AssessmentAnswers => ({ answers: {}, overallNote: null, selfRating: null, shortcomings: null });

/**
 * The monthly one-tap answer: every item the member did not mark otherwise is on track (notes and
 * evidence of the marked ones kept).
 */
export function allOnTrack(itemIds: readonly string[], answers: Readonly<Record<string, ItemAnswer>>): Record<string, ItemAnswer> {
  const out: Record<string, ItemAnswer> = {};
  for (const id of itemIds) out[id] = answers[id] ?? { progress: "ON_TRACK", note: null, evidence: null };
  return out;
}

/**
 * The value of the monthly reminder's "Tất cả đúng tiến độ" choice. It names the month it answers,
 * so a tap (or the number replied on Zalo) needs no open conversation and cannot be taken for
 * another month's answer.
 */
export const onTrackChoice = (period: string): string => `ontrack:${period}`;

/** The month ("2026-11") an on-track choice answers, or null when the value is not one. */
export function parseOnTrackChoice(value: string): string | null {
  return /^ontrack:(\d{4}-(0[1-9]|1[0-2]))$/.exec(value)?.[1] ?? null;
}

const ALL_ON_TRACK_WORDS = new Set(["ok", "oke", "dong y", "xac nhan", "gui", "gui di", "xong", "da xong", "khong co gi khac"]);

/**
 * A typed answer that means "everything is on track" at the monthly overview, e.g. "đúng tiến độ",
 * "tất cả đều đúng tiến độ", "đồng ý" (so it is not taken for an overall note).
 */
export function meansAllOnTrack(text: string): boolean {
  const t = fold(text)
    .replace(/[.!,]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (ALL_ON_TRACK_WORDS.has(t)) return true;
  return /^(ca |tat ca |moi viec |cac viec )?(deu )?(dung|on|binh thuong)( tien do| het)?( ca)?( a| nhe)?$/.test(t);
}
