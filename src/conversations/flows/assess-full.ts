// The fuller self-assessment (quarterly and year end, and editing from the review): each item's
// progress, an optional note and optional evidence (a photo or a line), an overall note; at year end
// the draft, the self-rating and the shortcomings; then a review to edit any part and submit.
import { askAgain, say } from "../flow.ts";
import type { Choice, OutgoingMessage } from "../../channels/types.ts";
import {
  PROGRESS_VALUES,
  allProgressFromWords,
  SELF_RATINGS,
  asksEvidence,
  isProgress,
  progressAtStart,
  progressFromWords,
  ratingFromWords,
  isSelfRating,
  photoEvidence,
  progressLabel,
  ratingLabel,
  textEvidence,
  type ItemAnswer,
  type ProgressValue,
} from "../../domain/assessment-rules.ts";
import { maskSensitiveNumbers } from "../../domain/sensitive.ts";
import { submitAssessment } from "../../usecases/submit-assessment.ts";
import { discardDraft } from "../../usecases/save-assessment-draft.ts";
import { assessLabels, assessMsg, assessmentSummary } from "../../messages/assessment.ts";
import {
  LONG_MAX,
  NOTE_MAX,
  at,
  choices,
  clean,
  done,
  hasButtons,
  isOnBehalf,
  progressQuestionFor,
  strayAgain,
  subjectOf,
  type AssessState,
  type Ctx,
  type Out,
  type StateHandler,
  type Step,
} from "./assess-data.ts";
import { askYearDraft } from "./assess-year-end.ts";
import { NOD_WORDS, NONE_WORDS, NOTE_SKIP_WORDS, isNod } from "../choices.ts";
import { isQuestion, plainAnswer } from "../../domain/text.ts";

export function summary(s: AssessState, enteredBySecretary: boolean): string {
  return assessmentSummary({
    fullName: s.fullName,
    label: s.label,
    items: s.items,
    answers: s.given.answers,
    overallNote: s.given.overallNote,
    yearly: s.periodKind === "YEARLY",
    selfRating: s.given.selfRating,
    shortcomings: s.given.shortcomings,
    enteredBySecretary,
  });
}

const currentItem = (s: AssessState) => s.items[s.idx];

/**
 * At the first item of a fresh quarterly or year-end form, one more choice answers every item at
 * once (the year: all done; a quarter: all on track) with no note or evidence, so a member whose
 * year went as planned is not walked through three questions per item. It comes last so that the
 * progress numbers stay the same from one item to the next on Zalo.
 */
const ALL_AT_ONCE = "all";
function allAtOnce(s: AssessState): { progress: "DONE" | "ON_TRACK" } | null {
  // Not when redoing a submitted form: one tap would wipe the notes and evidence given before.
  if (s.single || s.prior || s.idx !== 0 || s.items.length < 2 || Object.keys(s.given.answers).length > 0) return null;
  return { progress: s.periodKind === "YEARLY" ? "DONE" : "ON_TRACK" };
}

export function askProgress(s: AssessState, prefix: OutgoingMessage[] = []): Out {
  const question = progressQuestionFor(s, currentItem(s) ? s.idx : 0);
  if (question === null) return done(...prefix, say(assessMsg.incomplete()));
  const list: Choice[] = PROGRESS_VALUES.map((p) => ({ value: p, label: progressLabel(p) }));
  const all = allAtOnce(s);
  if (all) list.push({ value: ALL_AT_ONCE, label: assessLabels.allAtOnce(s.items.length, all.progress) });
  return at("progress", s, [...prefix, choices(question, list)]);
}

function askNote(s: AssessState): Out {
  // With a note to keep, a nod keeps it; without, a nod says there is nothing to note.
  const list: Choice[] = [{ value: "skip", label: assessLabels.skip, words: s.keepNote ? NONE_WORDS : NOTE_SKIP_WORDS }];
  if (s.keepNote) list.push({ value: "keep", label: assessLabels.keep, words: NOD_WORDS });
  return at("note", s, [choices(assessMsg.noteQuestion(s.keepNote), list)]);
}

function askEvidence(s: AssessState): Out {
  const list: Choice[] = [{ value: "skip", label: assessLabels.skip, words: s.keepEvidence ? NONE_WORDS : NOTE_SKIP_WORDS }];
  if (s.keepEvidence) list.push({ value: "keep", label: assessLabels.keep, words: NOD_WORDS });
  return at("evidence", s, [choices(assessMsg.evidenceQuestion(s.keepEvidence), list)]);
}

export async function askOverall(ctx: Ctx, s: AssessState, prefix: OutgoingMessage[] = []): Promise<Out> {
  if (s.periodKind === "YEARLY") return askYearDraft(ctx, s, prefix);
  const previous = s.given.overallNote ?? s.prior?.overallNote ?? null;
  const list: Choice[] = [{ value: "skip", label: assessLabels.skip }];
  if (previous) list.push({ value: "keep", label: assessLabels.keep, words: NOD_WORDS });
  return at("overall", s, [...prefix, choices(assessMsg.overallQuestion(s.label, previous), list)]);
}

export function askRating(s: AssessState): Out {
  return at("rating", s, [
    choices(
      assessMsg.ratingQuestion(s.year),
      SELF_RATINGS.map((r) => ({ value: r, label: ratingLabel(r) })),
    ),
  ]);
}

function askShortcomings(s: AssessState): Out {
  const previous = s.given.shortcomings ?? s.prior?.shortcomings ?? null;
  const question = assessMsg.shortcomingsQuestion(previous);
  return at("shortcomings", s, [previous ? choices(question, [{ value: "keep", label: assessLabels.keep, words: NOD_WORDS }]) : say(question)]);
}

export function askReview(ctx: Ctx, s: AssessState, prefix: OutgoingMessage[] = []): Out {
  const list: Choice[] = [{ value: "submit", label: assessLabels.submit }];
  s.items.forEach((_, i) => list.push({ value: `item:${i}`, label: assessLabels.editItem(i + 1) }));
  list.push({ value: "overall", label: assessLabels.editOverall });
  if (s.periodKind === "YEARLY")
    list.push({ value: "rating", label: assessLabels.editRating }, { value: "shortcomings", label: assessLabels.editShortcomings });
  if (s.prior) list.push({ value: "discard", label: assessLabels.keepSubmitted });
  const next: AssessState = { ...s, single: false };
  return at("review", next, [...prefix, choices(assessMsg.review(summary(next, isOnBehalf(ctx))), list)]);
}

/** After an item's last question: the next item, the overall note, or back to the review. */
async function afterItem(ctx: Ctx, s: AssessState, prefix: OutgoingMessage[] = []): Promise<Out> {
  const next: AssessState = { ...s, keepNote: null, keepEvidence: null, typedNote: null };
  if (next.single) return askReview(ctx, next, prefix);
  if (next.idx + 1 < next.items.length) return askProgress({ ...next, idx: next.idx + 1 }, prefix);
  return askOverall(ctx, next, prefix);
}

/** The same state with one item's answer replaced. */
export function withAnswer(s: AssessState, itemId: string, answer: ItemAnswer): AssessState {
  return { ...s, given: { ...s.given, answers: { ...s.given.answers, [itemId]: answer } } };
}

export function photoOf(image: { ref: string; caption?: string }): string {
  return photoEvidence(image.ref, image.caption && maskSensitiveNumbers(image.caption).text);
}

/** Submits through the use case; a refusal (period closed, rights gone) ends the conversation with its reason. */
export async function submit(ctx: Ctx, s: AssessState): Promise<Out> {
  const result = await submitAssessment(
    { db: ctx.db, now: ctx.now },
    {
      actor: { memberId: ctx.actor.member.id, unitId: ctx.actor.member.unitId, role: ctx.actor.member.role },
      memberId: subjectOf(ctx),
      period: { period: s.period, kind: s.periodKind, year: s.year, label: s.label },
      itemIds: s.items.map((i) => i.id),
      answers: s.given,
      zone: s.zone,
    },
  );
  if (result.kind === "refused") return done(say(result.reason));
  return done(
    say(assessMsg.saved({ fullName: s.fullName, label: s.label, deadline: result.deadline, zone: s.zone, onBehalf: result.onBehalf, updated: result.updated })),
  );
}

/** Anything still unanswered is asked first (e.g. an item added to the registration since). */
async function submitOrAsk(ctx: Ctx, s: AssessState): Promise<Out> {
  const missing = s.items.findIndex((i) => !s.given.answers[i.id]);
  if (missing >= 0) return askProgress({ ...s, idx: missing, single: true });
  if (s.periodKind === "YEARLY" && !s.given.overallNote) return askOverall(ctx, { ...s, single: true });
  if (s.periodKind === "YEARLY" && !s.given.selfRating) return askRating({ ...s, single: true });
  if (s.periodKind === "YEARLY" && !s.given.shortcomings) return askShortcomings({ ...s, single: true });
  return submit(ctx, s);
}

/** "Tất cả đúng tiến độ", "cả 3 việc đã hoàn thành" typed (not picked): the progress it gives every item. */
function toldForAll(input: { text: string; choice?: string; image?: unknown }): ProgressValue | null {
  return input.choice === undefined && !input.image ? (allProgressFromWords(input.text)?.progress ?? null) : null;
}

/**
 * One progress for every item still to answer ("tất cả đúng tiến độ", or the first item's "Cả 3
 * việc …"): at the progress question the current item and every later one not answered yet, at
 * the note or evidence question (the current item answered) the later ones; no note or evidence
 * (a line kept before the progress stays the current item's note), then the overall part. It is
 * never taken as a note or evidence. Refused, nothing recorded, where only this item is asked (one
 * item edited from the review) or the form redoes a submitted one (its notes would be wiped).
 */
async function restAtOnce(ctx: Ctx, s: AssessState, step: "progress" | "note" | "evidence", progress: ProgressValue): Promise<Out> {
  const item = currentItem(s);
  if (!item || s.single || s.prior) return askAgain(step, s, assessMsg.allNotHere(step, hasButtons(ctx)));
  const from = step === "progress" ? s.idx : s.idx + 1;
  const told = s.items.flatMap((i, k) => (k >= from && (k === s.idx || !s.given.answers[i.id]) ? [k] : []));
  const [first, last] = [told[0], told[told.length - 1]];
  if (first === undefined || last === undefined) return afterItem(ctx, s);
  let next: AssessState = { ...s, keepNote: null, keepEvidence: null, typedNote: null, sections: null, idx: s.items.length - 1 };
  for (const k of told) {
    const id = s.items[k]?.id;
    if (id) next = withAnswer(next, id, { progress, note: k === s.idx ? s.typedNote : null, evidence: null });
  }
  const said =
    first === 0 && last === s.items.length - 1 ? assessMsg.allAtOnceSaved(s.items.length, progress) : assessMsg.restAtOnceSaved(first + 1, last + 1, progress);
  return askOverall(ctx, next, [say(said)]);
}

/** A typed line worth keeping as a note: words, not a number, a nod or a question. */
function worthKeeping(text: string): boolean {
  return plainAnswer(text).split(" ").length >= 2 && !isQuestion(text) && !isNod(text);
}

/**
 * A line at the progress question that is no option ("mới giúp được 1 hộ, còn 1 hộ chưa"). Words
 * that start with a progress ("xong rồi, đã giúp 2 hộ") give it, the line is the item's note;
 * otherwise the list is asked again and the line kept for the note (refused, it was lost).
 */
async function progressTyped(ctx: Ctx, s: AssessState, itemId: string, input: { text: string; choice?: string }): Promise<Out> {
  const typed = input.choice === undefined ? input.text.trim() : "";
  if (!typed || !worthKeeping(typed)) return askAgain("progress", s, assessMsg.pickProgress(hasButtons(ctx)));
  const note = clean(typed, NOTE_MAX);
  const progress = progressAtStart(typed);
  // A second line adds to the first: both were said to be kept.
  if (!progress)
    return askAgain(
      "progress",
      { ...s, typedNote: s.typedNote ? clean(`${s.typedNote}\n${note}`, NOTE_MAX) : note },
      assessMsg.progressNoteKept(hasButtons(ctx)),
    );
  const old = s.given.answers[itemId] ?? s.prior?.answers[itemId] ?? null;
  const next = withAnswer({ ...s, typedNote: null, keepEvidence: old?.evidence ?? null, sections: null }, itemId, { progress, note, evidence: null });
  const said = say(assessMsg.progressWithNote(progressLabel(progress)));
  if (!asksEvidence(progress)) return afterItem(ctx, next, [said]);
  const asked = askEvidence(next);
  return { ...asked, replies: [said, ...asked.replies] };
}

export const fullSteps: Record<"progress" | "note" | "evidence" | "overall" | "rating" | "shortcomings" | "review", StateHandler> = {
  async progress(ctx, s, input) {
    const item = currentItem(s);
    const all = allAtOnce(s);
    // The whole-form choice, or its words typed; a line kept before it stays the first item's note.
    if (all && input.choice === ALL_AT_ONCE) return restAtOnce(ctx, s, "progress", all.progress);
    const forAll = toldForAll(input);
    if (forAll) return restAtOnce(ctx, s, "progress", forAll);
    const progress = isProgress(input.choice) ? input.choice : progressFromWords(input.text);
    if (!item) return askAgain("progress", s, assessMsg.pickProgress(hasButtons(ctx)));
    const old = s.given.answers[item.id] ?? s.prior?.answers[item.id] ?? null;
    if (!progress) return progressTyped(ctx, s, item.id, input);
    if (s.typedNote) {
      // The line typed before the progress is the note: not asked for again.
      const next = withAnswer({ ...s, typedNote: null, keepEvidence: old?.evidence ?? null, sections: null }, item.id, {
        progress,
        note: s.typedNote,
        evidence: null,
      });
      return asksEvidence(progress) ? askEvidence(next) : afterItem(ctx, next);
    }
    // A changed answer makes the year-end draft's sections stale: they are built again.
    const next = withAnswer({ ...s, keepNote: old?.note ?? null, keepEvidence: old?.evidence ?? null, sections: null }, item.id, {
      progress,
      note: null,
      evidence: null,
    });
    return askNote(next);
  },

  async note(ctx, s, input) {
    const item = currentItem(s);
    const answer = item ? s.given.answers[item.id] : undefined;
    if (!item || !answer) return askProgress(s);
    // A photo here is the evidence: no need to ask for it again.
    if (input.image) return afterItem(ctx, withAnswer(s, item.id, { ...answer, evidence: photoOf(input.image) }), [say(assessMsg.photoReceived())]);
    const forAll = toldForAll(input);
    if (forAll) return restAtOnce(ctx, s, "note", forAll);
    const stray = strayAgain("note", s, input, true);
    if (stray) return stray;
    let note: string | null;
    if (input.choice === "skip") note = null;
    else if (input.choice === "keep") note = s.keepNote;
    else if (input.text.trim()) note = clean(input.text, NOTE_MAX);
    else return at("note", s, [say(assessMsg.needText())]);
    const next = withAnswer(s, item.id, { ...answer, note });
    return asksEvidence(answer.progress) ? askEvidence(next) : afterItem(ctx, next);
  },

  async evidence(ctx, s, input) {
    const item = currentItem(s);
    const answer = item ? s.given.answers[item.id] : undefined;
    if (!item || !answer) return askProgress(s);
    if (input.image) return afterItem(ctx, withAnswer(s, item.id, { ...answer, evidence: photoOf(input.image) }), [say(assessMsg.photoReceived())]);
    const forAll = toldForAll(input);
    if (forAll) return restAtOnce(ctx, s, "evidence", forAll);
    const stray = strayAgain("evidence", s, input, true);
    if (stray) return stray;
    let evidence: string | null;
    if (input.choice === "skip") evidence = null;
    else if (input.choice === "keep") evidence = s.keepEvidence;
    else if (input.text.trim()) evidence = clean(textEvidence(input.text), NOTE_MAX);
    else return at("evidence", s, [say(assessMsg.needText())]);
    return afterItem(ctx, withAnswer(s, item.id, { ...answer, evidence }));
  },

  // The overall note of a month or a quarter (the year's goes through the draft, assess-year-end.ts).
  async overall(ctx, s, input) {
    const previous = s.given.overallNote ?? s.prior?.overallNote ?? null;
    const stray = strayAgain("overall", s, input, true);
    if (stray) return stray;
    if (toldForAll(input)) return askAgain("overall", s, assessMsg.progressAlreadyGiven());
    let overallNote: string | null;
    if (input.choice === "skip") overallNote = null;
    else if (input.choice === "keep") overallNote = previous;
    else if (input.text.trim()) overallNote = clean(input.text, LONG_MAX);
    else return at("overall", s, [say(assessMsg.needText())]);
    return askReview(ctx, { ...s, given: { ...s.given, overallNote } });
  },

  async rating(ctx, s, input) {
    const selfRating = isSelfRating(input.choice) ? input.choice : ratingFromWords(input.text);
    if (!selfRating) return askAgain("rating", s, assessMsg.pickRating());
    const next: AssessState = { ...s, given: { ...s.given, selfRating } };
    return next.single ? askReview(ctx, next) : askShortcomings(next);
  },

  async shortcomings(ctx, s, input) {
    const previous = s.given.shortcomings ?? s.prior?.shortcomings ?? null;
    const stray = strayAgain("shortcomings", s, input, previous !== null);
    if (stray) return stray;
    let shortcomings: string;
    if (input.choice === "keep" && previous) shortcomings = previous;
    else if (input.text.trim()) shortcomings = clean(input.text, LONG_MAX);
    else return at("shortcomings", s, [say(assessMsg.needText())]);
    return askReview(ctx, { ...s, given: { ...s.given, shortcomings } });
  },

  async review(ctx, s, input) {
    const choice = input.choice;
    if (choice === "submit") return submitOrAsk(ctx, s);
    if (choice === "discard" && s.prior) {
      await discardDraft({ db: ctx.db }, { memberId: subjectOf(ctx), period: s.period });
      return done(say(assessMsg.draftDiscarded()));
    }
    const item = choice?.startsWith("item:") ? Number(choice.slice(5)) : NaN;
    if (Number.isInteger(item) && item >= 0 && item < s.items.length) return askProgress({ ...s, idx: item, single: true });
    if (choice === "overall") return askOverall(ctx, { ...s, single: true });
    if (choice === "rating" && s.periodKind === "YEARLY") return askRating({ ...s, single: true });
    if (choice === "shortcomings" && s.periodKind === "YEARLY") return askShortcomings({ ...s, single: true });
    return at("review", s, [say(assessMsg.pickReview())]);
  },
};

export type FullStep = keyof typeof fullSteps & Step;
