// Rules of the yearly registration (đăng ký học tập và làm theo Bác). Pure: no I/O, no clock.
//
// A member registers 1–3 items that together cover the three contents: học tập (STUDY), làm theo
// (FOLLOW) and nêu gương (EXAMPLE). With one or two items that is only possible if an item can
// serve several contents, so each item has a main content (CommitmentItem.category) and may cover
// others as well (CommitmentItem.categories, the main one included). Reading one item as covering
// all three is how the guidance's "1 item" case works in practice (e.g. "read one of Bác's works
// each month, apply it at the one-stop desk, and tell the cell about it").
//
// Statuses: DRAFT → SUBMITTED → APPROVED | RETURNED; RETURNED is edited and resubmitted. Until the
// chi ủy approves, the member may edit or withdraw: an edit to a SUBMITTED registration takes it
// back to DRAFT (the chi ủy approves exactly what was sent), withdrawing does the same, and a
// DRAFT may be deleted.
import type { RegistrationStatus } from "./vocabulary.ts";
import { COMMITMENT_CATEGORIES, type CommitmentCategory } from "./commitment-templates.ts";
import { localYearMonth } from "./dates.ts";
import { fold, plainAnswer } from "./text.ts";
import { analyzeCommitment, CONCRETE_THRESHOLD, type ReasonCode, type VaguenessContext, type VaguenessResult } from "./vagueness.ts";

export type { CommitmentCategory };
export { COMMITMENT_CATEGORIES };

export type RegistrationStatusValue = RegistrationStatus;

export const MIN_ITEMS = 1;
export const MAX_ITEMS = 3;
/** A cell registers 1–2 collective items. */
export const MIN_COLLECTIVE_ITEMS = 1;
export const MAX_COLLECTIVE_ITEMS = 2;
/**
 * Longest text kept for an item's content; measure, timeframe and shortcoming are shorter. An item
 * is one act with its number and date: every screen that lists a registration (the chi ủy's, the
 * notebook, the digest) repeats it whole, so a pasted page is cut, and the member is told where.
 */
export const MAX_TEXT_LENGTH = 600;
export const MAX_FIELD_LENGTH = 300;

export interface ItemContents {
  category: CommitmentCategory;
  categories?: readonly CommitmentCategory[] | null;
}

/** Contents in the canonical order (học tập, làm theo, nêu gương), without repeats. */
export function sortContents(contents: Iterable<CommitmentCategory>): CommitmentCategory[] {
  const set = new Set(contents);
  return COMMITMENT_CATEGORIES.filter((c) => set.has(c));
}

/** Every content an item covers: its main one and any others it was tagged with. */
export function itemContents(item: ItemContents): CommitmentCategory[] {
  return sortContents([item.category, ...(item.categories ?? [])]);
}

export function coveredContents(items: readonly ItemContents[]): CommitmentCategory[] {
  return sortContents(items.flatMap(itemContents));
}

/** The contents no item covers yet, in canonical order. */
export function missingContents(items: readonly ItemContents[]): CommitmentCategory[] {
  const covered = new Set(coveredContents(items));
  return COMMITMENT_CATEGORIES.filter((c) => !covered.has(c));
}

export type RegistrationProblem = { code: "NO_ITEMS" } | { code: "TOO_MANY_ITEMS"; max: number } | { code: "MISSING_CONTENTS"; missing: CommitmentCategory[] };

/** What keeps a set of items from being a complete registration; empty when it is complete. */
export function checkItems(items: readonly ItemContents[]): RegistrationProblem[] {
  if (items.length < MIN_ITEMS) return [{ code: "NO_ITEMS" }];
  const problems: RegistrationProblem[] = [];
  if (items.length > MAX_ITEMS) problems.push({ code: "TOO_MANY_ITEMS", max: MAX_ITEMS });
  const missing = missingContents(items);
  if (missing.length > 0) problems.push({ code: "MISSING_CONTENTS", missing });
  return problems;
}

export const canAddItem = (count: number): boolean => count < MAX_ITEMS;
export const canAddCollectiveItem = (count: number): boolean => count < MAX_COLLECTIVE_ITEMS;

/** Items can be added, changed or deleted until the chi ủy approves. */
export const isEditable = (status: RegistrationStatusValue): boolean => status !== "APPROVED";

/** The status after the member changes an item: a SUBMITTED registration goes back to DRAFT. */
export function statusAfterEdit(status: RegistrationStatusValue): RegistrationStatusValue {
  if (status === "APPROVED") throw new Error("an approved registration cannot be edited");
  return status === "SUBMITTED" ? "DRAFT" : status;
}

/** Sending to the chi ủy: from a draft, or again after the chi ủy returned it. */
export const canSubmit = (status: RegistrationStatusValue): boolean => status === "DRAFT" || status === "RETURNED";
/** Taking a sent registration back (to DRAFT) before the chi ủy decides. */
export const canWithdraw = (status: RegistrationStatusValue): boolean => status === "SUBMITTED";
/** Only a draft may be deleted; a returned one carries the chi ủy's comments. */
export const canDeleteDraft = (status: RegistrationStatusValue): boolean => status === "DRAFT";

export type SubmitProblem = RegistrationProblem | { code: "NOT_SUBMITTABLE"; status: RegistrationStatusValue } | { code: "NO_PLEDGE" };

/** Everything that stands between a registration and sending it to the chi ủy. */
export function checkSubmission(reg: { status: RegistrationStatusValue; pledgeAccepted: boolean; items: readonly ItemContents[] }): SubmitProblem[] {
  if (!canSubmit(reg.status)) return [{ code: "NOT_SUBMITTABLE", status: reg.status }];
  const problems: SubmitProblem[] = checkItems(reg.items);
  if (!reg.pledgeAccepted) problems.push({ code: "NO_PLEDGE" });
  return problems;
}

/** The registration year: the local calendar year at `now` in the zone. */
export function registrationYear(now: Date, zone: string): number {
  return localYearMonth(now, zone).year;
}

/**
 * The year the words after "đăng ký" name, as "/dangky <year>" would take it: "năm 2026", a bare
 * "2026", "năm nay" (`current`, this year in the unit's time zone), "năm sau" / "năm tới" (the
 * next), with or without diacritics, after "cho" and before a polite "ạ"/"nhé". Null when they name
 * no year (a member's name, "chibo"): such words are never read as a name.
 */
export function yearNamed(words: string, current: number): number | null {
  const plain = plainAnswer(words).replace(/^cho /, "");
  const numbered = /^(?:nam )?(\d{4})$/.exec(plain);
  if (numbered) return Number(numbered[1]);
  if (plain === "nam nay") return current;
  if (plain === "nam sau" || plain === "nam toi") return current + 1;
  return null;
}

/** The month from which /dangky offers next year's registration (the cell plans it in December). */
export const NEXT_YEAR_FROM_MONTH = 11;

/** Where a member's registration of a year stands: its status and how many items it has. */
export interface YearState {
  status: RegistrationStatusValue;
  items: number;
}

/** What /dangky without a year does at `now`: the years it asks between, or the one it opens. */
export interface YearOffer {
  /** Next year's first; a single year is opened without asking. */
  years: number[];
  /**
   * This year, when it is not asked about because the member has nothing for it: only named, so
   * a member who still needs it knows to type "/dangky <year>". Null when nothing is left out.
   */
  named: number | null;
}

/** A draft without items is nothing registered yet (every item was deleted). */
const isEmpty = (state: YearState | null): boolean => state === null || (state.status === "DRAFT" && state.items === 0);

/**
 * What /dangky offers at `now` (`current` and `next` are this year's and next year's registration,
 * null when there is none): this year's; from November both, next year's first, each with where it
 * stands, so one answer (its number or its year) opens either. Next year's opens at once while it
 * is empty and this year's has nothing left to do: nothing registered (a question every time, for
 * a year with weeks left, was one message more for nothing; this year's is only named) or approved
 * (locked; /camket shows it). A sent one is still asked about: it can be withdrawn or edited until
 * the chi ủy decides, and a member who sent it should not need "/dangky <year>" to see it.
 */
export function offeredYears(now: Date, zone: string, current: YearState | null, next: YearState | null = null): YearOffer {
  const year = registrationYear(now, zone);
  if (!isNextYearOpen(now, zone)) return { years: [year], named: null };
  if (isEmpty(next) && isEmpty(current)) return { years: [year + 1], named: year };
  if (isEmpty(next) && current?.status === "APPROVED") return { years: [year + 1], named: null };
  return { years: [year + 1, year], named: null };
}

/** From November the registration being made is next year's (the cell plans it in December). */
function isNextYearOpen(now: Date, zone: string): boolean {
  return localYearMonth(now, zone).month >= NEXT_YEAR_FROM_MONTH;
}

/**
 * The year /dangky registers for first at `now`: the help names it, and a self-assessment with no
 * registration for its year points to /dangky only while that year is still this one.
 */
export function leadingRegistrationYear(now: Date, zone: string): number {
  return registrationYear(now, zone) + (isNextYearOpen(now, zone) ? 1 : 0);
}

/**
 * How a member reaches `year`'s registration at `now`: "plain" when it is the year /dangky
 * registers first, "named" when /dangky takes it only as "/dangky <year>" (this year's from
 * November, next year's before), null for a year /dangky no longer takes. From November this
 * year's is still made this way: December's year-end meeting reviews it, so a member without one
 * is pointed there first rather than only to next year's.
 */
export function registrationRoute(now: Date, zone: string, year: number): "plain" | "named" | null {
  const current = registrationYear(now, zone);
  if (year === leadingRegistrationYear(now, zone)) return "plain";
  return year === current || year === current + 1 ? "named" : null;
}

/**
 * A typed answer tidied for storing: single spaces, trimmed, NFC, at most `max` characters, cut
 * between words (a word longer than a third of `max` is cut itself). `shortened` says the answer
 * lost its end, so the member can be told.
 */
export function tidyAnswer(input: string, max: number = MAX_TEXT_LENGTH): { text: string; shortened: boolean } {
  const text = input.normalize("NFC").replace(/\s+/g, " ").trim();
  if (text.length <= max) return { text, shortened: false };
  const head = text.slice(0, max);
  const space = text[max] === " " ? max : head.lastIndexOf(" ");
  const kept = space > max / 3 ? head.slice(0, space) : head;
  return { text: kept.replace(/[\s,;:\-–—]+$/, ""), shortened: true };
}

export const cleanAnswer = (input: string, max: number = MAX_TEXT_LENGTH): string => tidyAnswer(input, max).text;

// ---------------------------------------------------------------------------------------------
// Vagueness of a whole item

/**
 * Reasons judged on the item's text alone. The same item as another member's is not among them:
 * two members may rightly commit to the same act, and a shared item is not a vague one.
 */
const TEXT_CODES: ReadonlySet<ReasonCode> = new Set<ReasonCode>(["TOO_SHORT", "SAME_AS_LAST_YEAR", "THEME_COPY"]);

/**
 * Judges an item as the chi ủy will read it: its text together with its measure and timeframe (a
 * member who puts the number in the measure field is not penalised for leaving it out of the text).
 * Copy checks (the same as last year's item, or the theme restated) and the
 * too-short check look at the text alone: the measure and timeframe would dilute the comparison,
 * and a rich measure must not carry a one-word text.
 */
export function judgeItem(fields: { text: string; measure?: string | null; timeframe?: string | null }, ctx: VaguenessContext = {}): VaguenessResult {
  const judged = judgeItemText(fields, ctx);
  // "Số buổi có mặt" given as the measure names what is counted: that is a measure, even without a
  // target number (the flow may suggest one once). Asking again would ask for what was just answered.
  if (!fields.measure || !namesACount(fields.measure) || judged.verdict === "concrete") return judged;
  const reasons = judged.reasons.filter((r) => r.code !== "NO_MEASURE");
  if (reasons.length === judged.reasons.length) return judged;
  return reasons.length === 0 ? { verdict: "concrete", score: Math.max(judged.score, CONCRETE_THRESHOLD), reasons: [] } : { ...judged, reasons };
}

/** A measure that names what is counted: "số buổi có mặt", "số bài", "tỷ lệ hồ sơ đúng hạn". */
export function namesACount(measure: string): boolean {
  return /^(?:so|ty le|ti le|so luong)\s+[a-z]/.test(fold(measure).trim());
}

function judgeItemText(fields: { text: string; measure?: string | null; timeframe?: string | null }, ctx: VaguenessContext): VaguenessResult {
  const combined = [fields.text, fields.measure, fields.timeframe]
    .map((s) => (s ?? "").trim().replace(/[.;,]+$/, ""))
    .filter((s) => s.length > 0)
    .join(". ");
  const whole = analyzeCommitment(combined, ctx.themeTitle ? { themeTitle: ctx.themeTitle } : {});
  const own = analyzeCommitment(fields.text, ctx);
  const copies = own.reasons.filter((r) => TEXT_CODES.has(r.code));
  if (copies.length === 0) return whole;
  const rest = whole.reasons.filter((r) => !copies.some((c) => c.code === r.code));
  return { verdict: "vague", score: Math.min(whole.score, own.score), reasons: [...copies, ...rest] };
}
