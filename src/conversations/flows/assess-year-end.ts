// The year-end overall note: a draft built from everything on record for the year (the monthly
// and quarterly self-assessments, the chi ủy's comments) and from the answers just given in this
// conversation, shown in sections. The member takes it as it is, rewrites or drops a section at a
// time, or types a text of their own.
import { say } from "../flow.ts";
import type { Choice, OutgoingMessage } from "../../channels/types.ts";
import { loadYearEndSources } from "../../db/assessments.ts";
import { yearEndSections } from "../../domain/year-end-draft.ts";
import { allProgressFromWords } from "../../domain/assessment-rules.ts";
import { assessLabels, assessMsg } from "../../messages/assessment.ts";
import { LONG_MAX, NOTE_MAX, at, choices, clean, strayAgain, subjectOf, type AssessState, type Ctx, type Out, type StateHandler } from "./assess-data.ts";
import { askRating, askReview } from "./assess-full.ts";
import { NOD_WORDS, isNod, stableChoices } from "../choices.ts";

/**
 * The draft and what to do with it. The parts are numbered in the text as (1)…(n), so the menu's
 * 1…n edit those parts, and "Dùng bản nháp này" (then "Giữ như cũ") come after them: with the draft
 * first, a member typing 1 to fix part 1 took the whole draft. Those keep their numbers when a part
 * is dropped, so the number learned at one showing still means the same at the next.
 */
export async function askYearDraft(ctx: Ctx, s: AssessState, prefix: OutgoingMessage[] = []): Promise<Out> {
  let sections = s.sections;
  let parts = s.draftParts;
  let from: { periods: boolean; reviews: boolean } | undefined;
  if (!sections || sections.length === 0) {
    const sources = await loadYearEndSources(ctx.db, subjectOf(ctx), s.year);
    const current = {
      items: s.items.flatMap((i) => {
        const answer = s.given.answers[i.id];
        return answer ? [{ itemId: i.id, progress: answer.progress, note: answer.note }] : [];
      }),
    };
    sections = yearEndSections({ year: s.year, items: s.items, months: sources.months, reviews: sources.reviews, current }).map((x) => x.text);
    parts = sections.length;
    from = { periods: sources.months.length > 0, reviews: sources.reviews.length > 0 };
  }
  const slots = Math.max(parts ?? 0, sections.length);
  const previous = s.given.overallNote ?? s.prior?.overallNote ?? null;
  const menu: Array<Choice | null> = Array.from({ length: slots }, (_, i) =>
    i < sections.length ? { value: `section:${i}`, label: sections.length === 1 ? assessLabels.editDraft : assessLabels.editSection(i + 1) } : null,
  );
  // A nod takes the draft: typed, it would have replaced the draft as the member's own text.
  menu.push({ value: "draft", label: assessLabels.useDraft, words: NOD_WORDS }, previous ? { value: "keep", label: assessLabels.keep } : null);
  const list = stableChoices(menu);
  return at("overall", { ...s, sections, section: null, draftParts: slots }, [
    ...prefix,
    choices(assessMsg.yearDraft({ year: s.year, sections, ...(from ? { from } : {}), keep: previous !== null }), list),
  ]);
}

/** After the overall note: the rating (first time through) or back to the review. */
function afterOverall(ctx: Ctx, s: AssessState): Out {
  return s.single ? askReview(ctx, s) : askRating(s);
}

export const yearSteps: Record<"overall" | "section", StateHandler> = {
  async overall(ctx, s, input) {
    const previous = s.given.overallNote ?? s.prior?.overallNote ?? null;
    const sections = s.sections ?? [];
    const choice = input.choice;
    if (choice === "draft" && sections.length > 0) return afterOverall(ctx, { ...s, given: { ...s.given, overallNote: sections.join("\n") } });
    if (choice === "keep" && previous) return afterOverall(ctx, { ...s, given: { ...s.given, overallNote: previous } });
    const section = choice?.startsWith("section:") ? Number(choice.slice(8)) : NaN;
    const current = Number.isInteger(section) ? sections[section] : undefined;
    if (current !== undefined) {
      // The only part is not dropped: dropping it would leave no draft, and the next screen would build it again.
      if (sections.length === 1) return at("section", { ...s, section }, [say(assessMsg.sectionQuestion(null, current))]);
      return at("section", { ...s, section }, [choices(assessMsg.sectionQuestion(section + 1, current), [{ value: "drop", label: assessLabels.dropSection }])]);
    }
    const stray = strayAgain("overall", s, input, true);
    if (stray) return stray;
    // A nod the menu did not catch (no draft to take) is still no text of the member's own.
    if (isNod(input.text)) return askYearDraft(ctx, s);
    // "Tất cả đúng tiến độ" once more: the items' progress, already recorded, is no overall note.
    if (allProgressFromWords(input.text)) return askYearDraft(ctx, s, [say(assessMsg.progressAlreadyGiven())]);
    if (input.text.trim()) return afterOverall(ctx, { ...s, given: { ...s.given, overallNote: clean(input.text, LONG_MAX) } });
    return at("overall", s, [say(assessMsg.needText())]);
  },

  async section(ctx, s, input) {
    const sections = s.sections ?? [];
    const i = s.section;
    if (i === null || i >= sections.length) return askYearDraft(ctx, s);
    if (input.choice === "drop") return askYearDraft(ctx, { ...s, sections: sections.filter((_, k) => k !== i) });
    const stray = strayAgain("section", s, input, sections.length > 1);
    if (stray) return stray;
    if (!input.text.trim()) return at("section", s, [say(assessMsg.needText())]);
    // "ok" at a part keeps the part as it is: back to the draft, the part untouched.
    if (isNod(input.text)) return askYearDraft(ctx, s);
    const edited = sections.map((old, k) => (k === i ? clean(input.text, NOTE_MAX) : old));
    return askYearDraft(ctx, { ...s, sections: edited });
  },
};
