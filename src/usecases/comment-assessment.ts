// The chi ủy comments on a member's self-assessment (a Review in the sổ tự tu dưỡng), at year end
// with its proposed rating; the member gets both through the Notifier. Chat (/nhanxet) and the
// dashboard both call this.
import { createAssessmentReview } from "../db/reviews.ts";
import { membersReach } from "../db/reach.ts";
import { MAX_COMMENT_LENGTH, committeeMsg } from "../messages/committee.ts";
import { usecaseMsg } from "../messages/usecases.ts";
import { dedupeKeys, type SendReport } from "./notifier.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";
import type { SelfRating } from "../domain/vocabulary.ts";

export type CommentResult =
  | {
      kind: "done";
      assessmentId: string;
      reviewId: string;
      period: string;
      /** The proposed rating as stored (only a year-end assessment takes one). */
      proposedRating: SelfRating | null;
      member: { id: string; fullName: string };
      report: SendReport;
    }
  | Refused<"comment-required" | "too-long" | "assessment-gone">;

export async function commentAssessment(
  deps: UseCaseDeps,
  input: { unitId: string; actorId: string; assessmentId: string; text: string; proposedRating?: SelfRating | null },
): Promise<CommentResult> {
  const { db, notifier, now } = deps;
  const text = input.text.trim();
  if (!text) return refused("comment-required", usecaseMsg.commentRequired());
  if (text.length > MAX_COMMENT_LENGTH) return refused("too-long", committeeMsg.textTooLong(MAX_COMMENT_LENGTH));
  const saved = await createAssessmentReview(db, {
    assessmentId: input.assessmentId,
    unitId: input.unitId,
    actorId: input.actorId,
    text,
    now,
    proposedRating: input.proposedRating ?? null,
  });
  if (!saved) return refused("assessment-gone", usecaseMsg.assessmentGone());
  const [member] = await membersReach(db, [saved.memberId]);
  const fullName = member?.fullName ?? "";
  const report = await notifier.send(
    [
      {
        purpose: "assessment-reviewed",
        dedupeKey: dedupeKeys.assessmentReviewed(input.assessmentId, saved.reviewId),
        memberId: saved.memberId,
        message: { kind: "text", text: committeeMsg.notifyReviewed({ fullName, period: saved.period, comment: text, rating: saved.proposedRating }) },
      },
    ],
    input.actorId,
  );
  return {
    kind: "done",
    assessmentId: input.assessmentId,
    reviewId: saved.reviewId,
    period: saved.period,
    proposedRating: saved.proposedRating,
    member: { id: saved.memberId, fullName },
    report,
  };
}
