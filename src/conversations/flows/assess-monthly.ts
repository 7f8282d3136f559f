// The monthly self-assessment in one tap: the member's items in one message with "Tất cả đúng tiến
// độ" after them. An item that is not on track is one tap to open it and one to pick its progress; a
// line typed afterwards is its note, a photo its evidence (both optional). "Gửi" then records every
// item not reported otherwise as on track.
import { askAgain, say } from "../flow.ts";
import type { Choice, OutgoingMessage } from "../../channels/types.ts";
import { PROGRESS_VALUES, allOnTrack, isProgress, meansAllOnTrack, progressFromWords, progressLabel, textEvidence } from "../../domain/assessment-rules.ts";
import { fold } from "../../domain/text.ts";
import { assessLabels, assessMsg } from "../../messages/assessment.ts";
import {
  NOTE_MAX,
  LONG_MAX,
  at,
  choices,
  clean,
  deadlineOf,
  isOnBehalf,
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
      return { category: item.category, text: item.text, progress: a?.progress ?? null, note: a?.note ?? null, evidence: a?.evidence ?? null };
    }),
    overallNote: s.given.overallNote,
    deadline: deadlineOf(s),
    zone: s.zone,
    marked: s.marked,
  });
  return at("month", s, [...prefix, choices(overview, list)]);
}

function askMonthItem(s: AssessState, idx: number): Out {
  const item = s.items[idx];
  if (!item) return at("month", s, [say(assessMsg.pickMonth())]);
  const previous = s.given.answers[item.id]?.progress ?? s.prior?.answers[item.id]?.progress ?? null;
  const question = assessMsg.monthItemQuestion({ index: idx, total: s.items.length, category: item.category, text: item.text, label: s.label, previous });
  return at("monthItem", { ...s, idx }, [
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
    if (!item || !answer) return at("month", { ...s, given: { ...s.given, overallNote: clean(line, LONG_MAX) } }, [say(assessMsg.overallSaved())]);
    if (isEvidenceLine(line)) {
      const evidence = clean(textEvidence(line.replace(/^\s*(minh chứng|minh chung|mc)\s*[:-]\s*/i, "")), NOTE_MAX);
      return at("month", withAnswer(s, item.id, { ...answer, evidence }), [say(assessMsg.evidenceSaved(n))]);
    }
    return at("month", withAnswer(s, item.id, { ...answer, note: clean(line, NOTE_MAX) }), [say(assessMsg.noteSaved(n))]);
  },

  async monthItem(ctx, s, input) {
    const item = s.items[s.idx];
    if (!item) return askMonth(ctx, s);
    const progress = isProgress(input.choice) ? input.choice : progressFromWords(input.text);
    if (!progress) return askAgain("monthItem", s, assessMsg.pickProgress());
    // Picking again keeps the note and evidence given for the item in this round.
    const old = s.given.answers[item.id] ?? null;
    const next = withAnswer({ ...s, marked: s.idx }, item.id, { progress, note: old?.note ?? null, evidence: old?.evidence ?? null });
    return askMonth(ctx, next);
  },
};
