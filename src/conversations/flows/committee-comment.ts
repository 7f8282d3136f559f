// /nhanxet [họ tên]: the chi ủy comments on a member's latest self-assessment. Without a name, the
// list of members whose latest assessment has no comment yet. The comment becomes a Review (the
// digital sổ tự tu dưỡng) through the comment use case, which tells the member (or says it could not).
import type { Flow, FlowContext, FlowResult } from "../types.ts";
import { latestAssessment, membersAwaitingReview } from "../../db/reviews.ts";
import { cellMember } from "../../db/reach.ts";
import { commentAssessment } from "../../usecases/comment-assessment.ts";
import { MAX_COMMENT_LENGTH, committeeMsg } from "../../messages/committee.ts";
import { parsePeriod } from "../../domain/periods.ts";
import { actorOf, lookupMember, pickedId, readText, reply, toldLine, useCaseDeps, zoneOf } from "./committee-common.ts";

const LIST_LIMIT = 20;

async function showAssessment(ctx: FlowContext, memberId: string): Promise<FlowResult> {
  const { unitId } = actorOf(ctx);
  const member = await cellMember(ctx.db, unitId, memberId);
  if (!member) return reply(committeeMsg.memberGone());
  const assessment = await latestAssessment(ctx.db, member.id, unitId);
  if (!assessment) return reply(committeeMsg.noAssessment(member.fullName));
  const items = [...assessment.items]
    .sort((a, b) => a.item.position - b.item.position)
    .map((i) => ({ category: i.item.category, text: i.item.text, progress: i.progress, note: i.note, evidence: Boolean(i.evidence) }));
  const summary = committeeMsg.assessment(
    {
      fullName: member.fullName,
      period: assessment.period,
      submittedAt: assessment.submittedAt,
      enteredBySecretary: assessment.enteredById !== null,
      items,
      overallNote: assessment.overallNote,
      selfRating: assessment.selfRating,
      reviews: assessment._count.reviews,
    },
    zoneOf(ctx),
  );
  return {
    replies: [
      { kind: "text", text: summary },
      { kind: "text", text: committeeMsg.askComment(member.fullName) },
    ],
    next: { step: "comment", data: { assessmentId: assessment.id } },
  };
}

async function byName(ctx: FlowContext, name: string): Promise<FlowResult> {
  const found = await lookupMember(ctx, name, { pickStep: "pick", nameStep: "name", pickText: committeeMsg.pickMember() });
  return found.kind === "one" ? showAssessment(ctx, found.memberId) : found.result;
}

export const commentFlow: Flow = {
  name: "comment",
  access: "committee",
  async start(ctx, args) {
    if (args.trim()) return byName(ctx, args);
    const waiting = await membersAwaitingReview(ctx.db, actorOf(ctx).unitId);
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
      next: { step: "pick", data: { ids: shown.map((w) => w.memberId) } },
    };
  },
  async step(ctx, state, input) {
    switch (state.step) {
      case "pick": {
        const id = pickedId(state.data.ids, input.choice);
        if (id) return showAssessment(ctx, id);
        // A name typed instead of a number also works.
        if (input.choice === undefined && input.text.trim() && !/^\d+$/.test(input.text.trim())) return byName(ctx, input.text);
        const n = Array.isArray(state.data.ids) ? state.data.ids.length : 0;
        return reply(committeeMsg.pickFromList(n), state);
      }
      case "name":
        return byName(ctx, input.text);
      case "comment": {
        const comment = readText(input.text, MAX_COMMENT_LENGTH);
        if (!comment.ok) return reply(comment.reason === "too-long" ? committeeMsg.textTooLong(MAX_COMMENT_LENGTH) : committeeMsg.commentRequired(), state);
        const { memberId: actorId, unitId } = actorOf(ctx);
        const assessmentId = typeof state.data.assessmentId === "string" ? state.data.assessmentId : "";
        const result = await commentAssessment(useCaseDeps(ctx), { assessmentId, unitId, actorId, text: comment.text });
        if (result.kind === "refused") return reply(committeeMsg.assessmentGone());
        return reply(committeeMsg.commentSaved(result.member.fullName, toldLine(result.report, result.member.fullName)));
      }
      default:
        return reply(committeeMsg.whoToComment(), { step: "name", data: {} });
    }
  },
};
