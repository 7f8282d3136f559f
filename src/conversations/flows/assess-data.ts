// The self-assessment flow's data, steps and the helpers its step files share. The data is checked
// against this schema whenever a conversation is read back; the member being assessed is the
// engine's subject (ctx.subjectId) when the secretary enters for someone, else the actor.
import { z } from "zod";
import type { Choice, OutgoingMessage } from "../../channels/types.ts";
import { askAgain, say, type MemberContext, type Outcome } from "../flow.ts";
import type { Input } from "../types.ts";
import { assessmentAnswersSchema, type AssessmentAnswers } from "../../domain/assessment-rules.ts";
import { CATEGORIES } from "../../domain/vocabulary.ts";
import { saveDraft } from "../../usecases/save-assessment-draft.ts";
import { msg } from "../../messages/common.ts";
import { assessMsg } from "../../messages/assessment.ts";

export type Step =
  "pick" | "existing" | "month" | "monthItem" | "progress" | "note" | "evidence" | "overall" | "section" | "rating" | "shortcomings" | "review";

// `categories` (every content the item covers) is optional: a conversation stored before it was kept still reads.
const itemSchema = z.object({ id: z.string(), category: z.enum(CATEGORIES), categories: z.array(z.enum(CATEGORIES)).optional(), text: z.string() });

export const assessState = z.object({
  kind: z.literal("assess"),
  fullName: z.string(),
  zone: z.string(),
  period: z.string(),
  periodKind: z.enum(["MONTHLY", "QUARTERLY", "YEARLY"]),
  year: z.number().int(),
  label: z.string(),
  deadline: z.string().nullable(),
  items: z.array(itemSchema),
  /** The answers given so far (what a draft keeps). */
  given: assessmentAnswersSchema,
  /** What was submitted before (for "keep as it was" and "lần trước"). */
  prior: assessmentAnswersSchema.extend({ enteredBySecretary: z.boolean() }).nullable(),
  /** The item being answered. */
  idx: z.number().int().nonnegative(),
  /** Editing one part from the review: back to the review after it. */
  single: z.boolean(),
  /** What "keep" means at the note / evidence steps of the current item. */
  keepNote: z.string().nullable(),
  keepEvidence: z.string().nullable(),
  /** Monthly: the item marked last, which a typed line or a photo is about. */
  marked: z.number().int().nonnegative().nullable(),
  /** Year end: the draft's sections (kept while the member edits them) and the one being edited. */
  sections: z.array(z.string()).nullable(),
  section: z.number().int().nonnegative().nullable(),
  /**
   * Year end: how many parts the draft had when built. The menu numbers its parts 1…n and the
   * choices after them from n + 1, kept when a part is dropped (see askYearDraft).
   */
  draftParts: z.number().int().positive().nullable().default(null),
  /**
   * A line typed at the progress question that gave no progress: kept as the item's note once the
   * progress is picked, so what the member wrote is not lost.
   */
  typedNote: z.string().nullable().default(null),
});
export type AssessState = z.infer<typeof assessState>;

const pickState = z.object({ kind: z.literal("pick"), ids: z.array(z.string()) });

export const assessData = z.discriminatedUnion("kind", [pickState, assessState]);
export type AssessData = z.infer<typeof assessData>;

export type Out = Outcome<Step, AssessData>;
export type Ctx = MemberContext;

export const choices = (t: string, list: Choice[]): OutgoingMessage => ({ kind: "choices", text: t, choices: list });
export const at = (step: Step, data: AssessData, replies: OutgoingMessage[]): Out => ({ replies, next: { step, data } });
export const done = (...replies: OutgoingMessage[]): Out => ({ replies });

/** The member being assessed: the one the secretary acts for, or the actor. */
export const subjectOf = (ctx: Ctx): string => ctx.subjectId ?? ctx.actor.member.id;
export const isOnBehalf = (ctx: Ctx): boolean => ctx.subjectId !== undefined && ctx.subjectId !== ctx.actor.member.id;

export const NOTE_MAX = 1000;
export const LONG_MAX = 4000;

export function clean(input: string, max: number): string {
  const t = input.trim();
  return t.length > max ? t.slice(0, max) : t;
}

/**
 * A number typed alone where free text is taken beside numbered options (a note with "1. Bỏ qua"):
 * an option missed (one not offered now, a slip of the finger), never the answer. Saved, a "2" at
 * the evidence question became "Minh chứng: 2" for the chi ủy to read. A number the options do
 * offer never gets here: the engine has already made it the choice. Returns the same question
 * asked again (with its options shown again when it has some), or null for any other answer.
 */
export function strayAgain(step: Step, s: AssessState, input: Input, offered: boolean): Out | null {
  if (input.choice !== undefined || input.image) return null;
  const n = /^\s*(\d+)\s*[.)]?\s*$/.exec(input.text)?.[1];
  if (n === undefined) return null;
  return askAgain(step, s, offered ? assessMsg.notAnOption(n) : assessMsg.numberAlone(n));
}

/** Telegram shows buttons; Zalo and the local chat answer by number, where "bấm nút" is wrong. */
export const hasButtons = (ctx: Ctx): boolean => ctx.event.platform === "TELEGRAM";

export const deadlineOf = (s: AssessState): Date | null => (s.deadline ? new Date(s.deadline) : null);

export type StateHandler = (ctx: Ctx, s: AssessState, input: Input) => Promise<Out>;

const sameAnswers = (a: AssessmentAnswers, b: AssessmentAnswers) => JSON.stringify(a) === JSON.stringify(b);
const withoutMark = ({ answers, overallNote, selfRating, shortcomings }: AssessmentAnswers): AssessmentAnswers => ({
  answers,
  overallNote,
  selfRating,
  shortcomings,
});

/** Something was answered that a draft keeps (see assessing): /huy leaves it for /danhgia to reopen. */
export const keepsDraft = (s: AssessState): boolean =>
  Object.keys(s.given.answers).length > 0 && !(s.prior !== null && sameAnswers(s.given, withoutMark(s.prior)));

/**
 * A step of the assessment proper. Whatever the step changed in the answers is saved as a draft at
 * once: the engine clears the conversation on "hủy" without asking the flow, and the answers must
 * survive it.
 */
export function assessing(handler: StateHandler) {
  return async (ctx: Ctx, data: Readonly<AssessData>, input: Input): Promise<Out> => {
    if (data.kind !== "assess") return done(say(msg.flowChanged()));
    const out = await handler(ctx, data, input);
    const next = out.next?.data;
    // Taking up the submitted answers to edit them is no draft yet: nothing new was given.
    const unchanged =
      !next || next.kind !== "assess" || sameAnswers(next.given, data.given) || (data.prior !== null && sameAnswers(next.given, withoutMark(data.prior)));
    if (next?.kind === "assess" && next.period === data.period && !unchanged) {
      await saveDraft({ db: ctx.db, now: ctx.now }, { memberId: subjectOf(ctx), period: next.period, authorId: ctx.actor.member.id, answers: next.given });
    }
    return out;
  };
}

/** The progress question for item `idx`, with what was answered before (in this draft, or last time). */
export function progressQuestionFor(s: AssessState, idx: number): string | null {
  const item = s.items[idx];
  if (!item) return null;
  const previous = s.given.answers[item.id]?.progress ?? s.prior?.answers[item.id]?.progress ?? null;
  return assessMsg.progressQuestion({
    index: idx,
    total: s.items.length,
    category: item.category,
    categories: item.categories,
    text: item.text,
    label: s.label,
    previous,
  });
}
