// The year-end overall note: a draft built from everything on record for the year (the monthly
// and quarterly self-assessments, the chi ủy's comments) and from the answers just given in this
// conversation, shown in sections. The member takes it as it is, rewrites or drops a section at a
// time, or types a text of their own.
import { say } from "../flow.ts";
import type { Choice, OutgoingMessage } from "../../channels/types.ts";
import { loadYearEndSources } from "../../db/assessments.ts";
import { yearEndSections } from "../../domain/year-end-draft.ts";
import { assessLabels, assessMsg } from "../../messages/assessment.ts";
import {
  LONG_MAX,
  NOTE_MAX,
  at,
  choices,
  clean,
  strayNumber,
  strayNumberAgain,
  subjectOf,
  type AssessState,
  type Ctx,
  type Out,
  type StateHandler,
} from "./assess-data.ts";
import { askRating, askReview } from "./assess-full.ts";

export async function askYearDraft(ctx: Ctx, s: AssessState, prefix: OutgoingMessage[] = []): Promise<Out> {
  let sections = s.sections;
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
    from = { periods: sources.months.length > 0, reviews: sources.reviews.length > 0 };
  }
  const previous = s.given.overallNote ?? s.prior?.overallNote ?? null;
  const list: Choice[] = [{ value: "draft", label: assessLabels.useDraft }];
  sections.forEach((_, i) => list.push({ value: `section:${i}`, label: sections.length === 1 ? assessLabels.editDraft : assessLabels.editSection(i + 1) }));
  if (previous) list.push({ value: "keep", label: assessLabels.keep });
  return at("overall", { ...s, sections, section: null }, [...prefix, choices(assessMsg.yearDraft(s.year, sections, from, previous !== null), list)]);
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
    const stray = strayNumber(input);
    if (stray) return strayNumberAgain("overall", s, stray, true);
    if (input.text.trim()) return afterOverall(ctx, { ...s, given: { ...s.given, overallNote: clean(input.text, LONG_MAX) } });
    return at("overall", s, [say(assessMsg.needText())]);
  },

  async section(ctx, s, input) {
    const sections = s.sections ?? [];
    const i = s.section;
    if (i === null || i >= sections.length) return askYearDraft(ctx, s);
    if (input.choice === "drop") return askYearDraft(ctx, { ...s, sections: sections.filter((_, k) => k !== i) });
    const stray = strayNumber(input);
    if (stray) return strayNumberAgain("section", s, stray, sections.length > 1);
    if (!input.text.trim()) return at("section", s, [say(assessMsg.needText())]);
    const edited = sections.map((old, k) => (k === i ? clean(input.text, NOTE_MAX) : old));
    return askYearDraft(ctx, { ...s, sections: edited });
  },
};
