// The monthly self-assessment in one tap: the member's items in one message with "Tất cả đúng tiến
// độ" after them. An item that is not on track is one tap to open it and one to pick its progress; a
// line typed afterwards is its note, a photo its evidence (both optional). "Gửi" then records every
// item not reported otherwise as on track.
import { askAgain, say } from "../flow.ts";
import type { Choice, OutgoingMessage } from "../../channels/types.ts";
import {
  PROGRESS_VALUES,
  allOnTrack,
  isProgress,
  meansAllOnTrack,
  progressFromWords,
  progressLabel,
  readProgressLine,
  textEvidence,
  type ProgressValue,
} from "../../domain/assessment-rules.ts";
import { fold, isQuestion } from "../../domain/text.ts";
import { assessLabels, assessMsg } from "../../messages/assessment.ts";
import {
  NOTE_MAX,
  LONG_MAX,
  at,
  choices,
  clean,
  deadlineOf,
  hasButtons,
  isOnBehalf,
  progressQuestionFor,
  strayAgain,
  type AssessState,
  type Ctx,
  type Out,
  type StateHandler,
} from "./assess-data.ts";
import { fullSteps, photoOf, submit, withAnswer } from "./assess-full.ts";

export function askMonth(ctx: Ctx, s: AssessState, prefix: OutgoingMessage[] = []): Out {
  const anyMarked = s.items.some((i) => s.given.answers[i.id]);
  const allMarked = s.items.every((i) => s.given.answers[i.id]);
  const first = allMarked ? assessLabels.submit : anyMarked ? assessLabels.restOnTrack : assessLabels.allOnTrack;
  // The items first, so that on Zalo an item's number in the list is its own number (the overview
  // numbers them the same way); the one tap comes right after them.
  const list: Choice[] = [
    ...s.items.map((item, i) => ({ value: `item:${i}`, label: assessLabels.monthItem(i + 1, item.text) })),
    { value: "all", label: first },
  ];
  if (s.prior) list.push({ value: "discard", label: assessLabels.keepSubmitted });
  const overview = assessMsg.monthOverview({
    fullName: s.fullName,
    label: s.label,
    onBehalf: isOnBehalf(ctx),
    items: s.items.map((item) => {
      const a = s.given.answers[item.id];
      return {
        category: item.category,
        categories: item.categories,
        text: item.text,
        progress: a?.progress ?? null,
        note: a?.note ?? null,
        evidence: a?.evidence ?? null,
      };
    }),
    overallNote: s.given.overallNote,
    deadline: deadlineOf(s),
    zone: s.zone,
    marked: s.marked,
  });
  return at("month", s, [...prefix, choices(overview, list)]);
}

function askMonthItem(s: AssessState, idx: number, prefix: OutgoingMessage[] = []): Out {
  const question = progressQuestionFor(s, idx);
  if (question === null) return at("month", s, [say(assessMsg.pickMonth())]);
  return at("monthItem", { ...s, idx }, [
    ...prefix,
    choices(
      question,
      PROGRESS_VALUES.map((p) => ({ value: p, label: progressLabel(p) })),
    ),
  ]);
}

/** "Minh chứng: …", or a line holding a link: evidence; anything else is a note. */
function isEvidenceLine(line: string): boolean {
  return /^(minh chung|mc)\s*[:-]/.test(fold(line)) || /https?:\/\//i.test(line);
}

/** The overall note with this line added (a second line never replaces the first). */
function withOverall(s: AssessState, line: string): AssessState {
  const overallNote = clean(s.given.overallNote ? `${s.given.overallNote}\n${line}` : line, LONG_MAX);
  return { ...s, given: { ...s.given, overallNote } };
}

/**
 * A line naming items' progress ("việc 2 chậm, còn lại đúng tiến độ"): those items take it, the
 * line is kept as the overall note as any line is, and the overview shows what was read. "Còn lại"
 * answers only items not answered yet: an item reported behind is never made on track by it. A
 * line the words do not settle is asked about, never guessed (it stays in the note).
 */
function progressTyped(ctx: Ctx, s: AssessState, line: string, read: Exclude<ReturnType<typeof readProgressLine>, { kind: "none" }>): Out {
  const noted = withOverall(s, line);
  if (read.kind === "unclear") {
    if (read.item === null) return askMonth(ctx, noted, [say(assessMsg.progressUnclear(null))]);
    return askMonthItem(noted, read.item, [say(assessMsg.progressUnclear(read.item + 1))]);
  }
  let next = noted;
  const said: Array<{ n: number; progress: ProgressValue }> = [];
  s.items.forEach((item, i) => {
    const old = s.given.answers[item.id];
    const progress = read.items[i] ?? (old ? undefined : (read.rest ?? undefined));
    if (!progress) return;
    if (read.items[i] !== undefined) said.push({ n: i + 1, progress });
    next = withAnswer(next, item.id, { progress, note: old?.note ?? null, evidence: old?.evidence ?? null });
  });
  const named = Object.keys(read.items).map(Number);
  const marked = named.length === 1 ? (named[0] ?? null) : null;
  return askMonth(ctx, { ...next, marked }, [
    say(
      assessMsg.progressRead(
        said.map((x) => ({ n: x.n, label: progressLabel(x.progress) })),
        read.rest ? progressLabel(read.rest) : null,
      ),
    ),
  ]);
}

export const monthSteps: Record<"month" | "monthItem", StateHandler> = {
  async month(ctx, s, input) {
    const choice = input.choice ?? (meansAllOnTrack(input.text) ? "all" : undefined);
    if (choice === "all")
      return submit(ctx, {
        ...s,
        given: {
          ...s.given,
          answers: allOnTrack(
            s.items.map((i) => i.id),
            s.given.answers,
          ),
        },
      });
    if (choice === "discard" && s.prior) return fullSteps.review(ctx, s, { ...input, choice: "discard" });
    const idx = choice?.startsWith("item:") ? Number(choice.slice(5)) : NaN;
    if (Number.isInteger(idx)) return askMonthItem(s, idx);

    const item = s.marked !== null ? s.items[s.marked] : undefined;
    const answer = item ? s.given.answers[item.id] : undefined;
    const n = (s.marked ?? 0) + 1;
    if (input.image) {
      if (!item || !answer) return at("month", s, [say(assessMsg.pickItemFirst())]);
      return at("month", withAnswer(s, item.id, { ...answer, evidence: photoOf(input.image) }), [say(assessMsg.evidenceSaved(n))]);
    }
    const stray = strayAgain("month", s, input, true);
    if (stray) return stray;
    const line = input.text.trim();
    if (!line) return at("month", s, [say(assessMsg.pickMonth())]);
    // A question is no note: the member is told how to answer, and nothing is kept.
    if (isQuestion(line)) return askAgain("month", s, assessMsg.monthQuestion());
    const read = readProgressLine(line, s.items.length);
    if (read.kind !== "none") return progressTyped(ctx, s, line, read);
    if (!item || !answer) return at("month", withOverall(s, line), [say(s.given.overallNote ? assessMsg.overallAdded() : assessMsg.overallSaved())]);
    if (isEvidenceLine(line)) {
      const evidence = clean(textEvidence(line.replace(/^\s*(minh chứng|minh chung|mc)\s*[:-]\s*/i, "")), NOTE_MAX);
      return at("month", withAnswer(s, item.id, { ...answer, evidence }), [say(assessMsg.evidenceSaved(n))]);
    }
    // A second line adds to the note: replaced, the first was lost without a word.
    const note = clean(answer.note ? `${answer.note}\n${line}` : line, NOTE_MAX);
    return at("month", withAnswer(s, item.id, { ...answer, note }), [say(answer.note ? assessMsg.noteAdded(n) : assessMsg.noteSaved(n))]);
  },

  async monthItem(ctx, s, input) {
    const item = s.items[s.idx];
    if (!item) return askMonth(ctx, s);
    const progress = isProgress(input.choice) ? input.choice : progressFromWords(input.text);
    if (!progress) return askAgain("monthItem", s, assessMsg.pickProgress(hasButtons(ctx)));
    // Picking again keeps the note and evidence given for the item in this round.
    const old = s.given.answers[item.id] ?? null;
    const next = withAnswer({ ...s, marked: s.idx }, item.id, { progress, note: old?.note ?? null, evidence: old?.evidence ?? null });
    return askMonth(ctx, next);
  },
};
