// /nhanxet [họ tên]: the chi ủy comments on a member's latest self-assessment, shown with what the
// member wrote (progress, notes, the evidence text). Without a name, the list of members whose
// latest assessment has no comment yet. On a year-end assessment the chi ủy also proposes a rating
// (the four levels of the self-rating). The comment becomes a Review (the digital sổ tự tu dưỡng)
// through the comment use case, which tells the member (or says it could not).
import { z } from "zod";
import { defineFlow, askAgain, say, type MemberContext, type Outcome } from "../flow.ts";
import type { Input } from "../types.ts";
import { assessmentToReview, assessmentsAwaitingReview } from "../../db/reviews.ts";
import { cellMember } from "../../db/reach.ts";
import { commentAssessment } from "../../usecases/comment-assessment.ts";
import { MAX_COMMENT_LENGTH, RATING_CHOICES, committeeMsg } from "../../messages/committee.ts";
import { parsePeriod } from "../../domain/periods.ts";
import { SELF_RATINGS, type SelfRating } from "../../domain/vocabulary.ts";
import { pickedId } from "../choices.ts";
import { actorOf, heldQuestion, lookupMember, lookupOutcome, pickMember, readText, reply, toldLine, useCaseDeps, zoneOf } from "./committee-common.ts";

const LIST_LIMIT = 20;

/** One shape for every step; each step reads the fields it set up (absent ones send it back to the start). */
const commentData = z.object({
  /** pick: the members offered, by option index. */
  ids: z.array(z.string()).optional(),
  /** pick from the waiting list: the assessment offered with each member (a month's and the year-end one may both wait). */
  assessments: z.array(z.string()).optional(),
  /** comment, rating: the assessment commented on, whose member and whether it is a year-end one. */
  assessmentId: z.string().optional(),
  fullName: z.string().optional(),
  yearly: z.boolean().optional(),
  /** rating: the comment typed, saved together with the rating. */
  comment: z.string().optional(),
  /** comment: a comment held back as a question, sent if typed again as it is. */
  question: z.string().optional(),
});
type CommentData = z.infer<typeof commentData>;
type Result = Outcome<"pick" | "name" | "comment" | "rating", CommentData>;

const askName = (): Result => reply(committeeMsg.whoToComment(), { step: "name", data: {} });

/** The member's assessment to comment on (the one picked from the waiting list, or assessmentToReview's). */
async function showAssessment(ctx: MemberContext, memberId: string, assessmentId?: string): Promise<Result> {
  const { unitId } = actorOf(ctx);
  const member = await cellMember(ctx.db, unitId, memberId);
  if (!member) return reply(committeeMsg.memberGone());
  const assessment = await assessmentToReview(ctx.db, member.id, unitId, assessmentId);
  if (!assessment && assessmentId) return reply(committeeMsg.assessmentGone());
  if (!assessment) return reply(committeeMsg.noAssessment(member.fullName));
  const items = [...assessment.items]
    .sort((a, b) => a.item.position - b.item.position)
    .map((i) => ({ category: i.item.category, text: i.item.text, progress: i.progress, note: i.note, evidence: i.evidence }));
  const yearly = assessment.kind === "YEARLY";
  const summary = committeeMsg.assessment(
    {
      fullName: member.fullName,
      period: assessment.period,
      submittedAt: assessment.submittedAt,
      enteredBySecretary: assessment.enteredById !== null,
      items,
      overallNote: assessment.overallNote,
      selfRating: assessment.selfRating,
      shortcomings: assessment.shortcomingsNextYear,
      reviews: assessment._count.reviews,
      proposedRating: assessment.reviews[0]?.proposedRating ?? null,
    },
    zoneOf(ctx),
  );
  return {
    replies: [say(summary), say(committeeMsg.askComment(member.fullName))],
    next: { step: "comment", data: { assessmentId: assessment.id, fullName: member.fullName, yearly } },
  };
}

async function byName(ctx: MemberContext, name: string): Promise<Result> {
  const found = await lookupMember(ctx, name);
  if (found.kind === "one") return showAssessment(ctx, found.memberId);
  return lookupOutcome<"pick" | "name", CommentData>(found, {
    retry: { step: "name", data: {} },
    pick: (ids) => ({ step: "pick", data: { ids } }),
    pickText: committeeMsg.pickMember(),
  });
}

async function save(ctx: MemberContext, assessmentId: string, text: string, proposedRating: SelfRating | null): Promise<Result> {
  const { memberId: actorId, unitId } = actorOf(ctx);
  const result = await commentAssessment(useCaseDeps(ctx), { assessmentId, unitId, actorId, text, proposedRating });
  if (result.kind === "refused") return reply(committeeMsg.assessmentGone());
  const name = result.member.fullName;
  return reply(committeeMsg.commentSaved(name, toldLine(result.report, name), result.proposedRating));
}

const pick = (ctx: MemberContext, data: Readonly<CommentData>, input: Input): Promise<Result> =>
  pickMember(data, input, {
    picked: (id) => showAssessment(ctx, id, pickedId(data.assessments, input.choice)),
    byName: (name) => byName(ctx, name),
    again: "pick",
  });

async function comment(ctx: MemberContext, data: Readonly<CommentData>, input: Input): Promise<Result> {
  const { assessmentId } = data;
  if (!assessmentId) return askName();
  const text = readText(input.text, MAX_COMMENT_LENGTH);
  if (!text.ok)
    return reply(text.reason === "too-long" ? committeeMsg.textTooLong(MAX_COMMENT_LENGTH) : committeeMsg.commentRequired(), { step: "comment", data });
  if (heldQuestion(text.text, data.question))
    return reply(committeeMsg.commentIsQuestion(data.fullName ?? ""), { step: "comment", data: { ...data, question: text.text } });
  if (!data.yearly) return save(ctx, assessmentId, text.text, null);
  // Year end: the rating goes with the comment, in one more tap.
  return {
    replies: [{ kind: "choices", text: committeeMsg.askRating(data.fullName ?? ""), choices: RATING_CHOICES }],
    next: { step: "rating", data: { ...data, comment: text.text, question: undefined } },
  };
}

async function rating(ctx: MemberContext, data: Readonly<CommentData>, input: Input): Promise<Result> {
  const { assessmentId, comment: text } = data;
  if (!assessmentId || !text) return askName();
  const picked = z.enum(SELF_RATINGS).safeParse(input.choice);
  if (!picked.success) return askAgain("rating", data, committeeMsg.pickRating());
  return save(ctx, assessmentId, text, picked.data);
}

export const commentFlow = defineFlow({
  name: "comment",
  access: "committee",
  version: 1,
  data: commentData,
  // At the rating the comment typed is held only here (it is saved with the rating): say it is not saved.
  stop: (_ctx, data) => Promise.resolve(data.comment ? committeeMsg.commentNotSaved(data.fullName ?? "") : null),
  async start(ctx, args) {
    if (args.trim()) return byName(ctx, args);
    const waiting = await assessmentsAwaitingReview(ctx.db, actorOf(ctx).unitId);
    if (waiting.length === 0) return reply(committeeMsg.nothingAwaiting());
    const shown = waiting.slice(0, LIST_LIMIT);
    return {
      replies: [
        {
          kind: "choices",
          text: committeeMsg.awaitingList(shown.length, waiting.length),
          choices: shown.map((w, i) => ({ value: String(i), label: `${w.fullName} — ${parsePeriod(w.period)?.label ?? w.period}` })),
        },
      ],
      next: { step: "pick", data: { ids: shown.map((w) => w.memberId), assessments: shown.map((w) => w.assessmentId) } },
    };
  },
  steps: {
    pick,
    name: (ctx, _data, input) => byName(ctx, input.text),
    comment,
    rating,
  },
});
