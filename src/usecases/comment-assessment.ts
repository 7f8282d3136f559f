// The chi ủy comments on a member's self-assessment (a Review in the sổ tự tu dưỡng); the member
// gets the comment through the Notifier. Chat (/nhanxet) and the dashboard both call this.
import { createAssessmentReview } from "../db/reviews.ts";
import { membersReach } from "../db/reach.ts";
import { MAX_COMMENT_LENGTH, committeeMsg } from "../messages/committee.ts";
import { usecaseMsg } from "../messages/usecases.ts";
import { dedupeKeys, type SendReport } from "./notifier.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export type CommentResult =
  | { kind: "done"; assessmentId: string; reviewId: string; period: string; member: { id: string; fullName: string }; report: SendReport }
  | Refused<"comment-required" | "too-long" | "assessment-gone">;

export async function commentAssessment(deps: UseCaseDeps, input: { unitId: string; actorId: string; assessmentId: string; text: string }): Promise<CommentResult> {
  const { db, notifier, now } = deps;
  const text = input.text.trim();
  if (!text) return refused("comment-required", usecaseMsg.commentRequired());
  if (text.length > MAX_COMMENT_LENGTH) return refused("too-long", committeeMsg.textTooLong(MAX_COMMENT_LENGTH));
  const saved = await createAssessmentReview(db, { assessmentId: input.assessmentId, unitId: input.unitId, actorId: input.actorId, text, now });
  if (!saved) return refused("assessment-gone", usecaseMsg.assessmentGone());
  const [member] = await membersReach(db, [saved.memberId]);
  const fullName = member?.fullName ?? "";
  const report = await notifier.send([
    {
      purpose: "assessment-reviewed",
      dedupeKey: dedupeKeys.assessmentReviewed(input.assessmentId, saved.reviewId),
      memberId: saved.memberId,
      message: { kind: "text", text: committeeMsg.notifyReviewed({ fullName, period: saved.period, comment: text }) },
    },
  ]);
  return { kind: "done", assessmentId: input.assessmentId, reviewId: saved.reviewId, period: saved.period, member: { id: saved.memberId, fullName }, report };
}
