// The chi ủy returns a SUBMITTED registration of its cell with a required comment (a Review); the
// member gets the comment through the Notifier. Chat (/duyet) and the dashboard both call this.
import { loadPendingRegistration, returnRegistration as giveBack } from "../db/approvals.ts";
import { MAX_COMMENT_LENGTH, committeeMsg } from "../messages/committee.ts";
import { usecaseMsg } from "../messages/usecases.ts";
import { dedupeKeys, type SendReport } from "./notifier.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export type ReturnResult =
  | { kind: "done"; registrationId: string; year: number; reviewId: string; member: { id: string; fullName: string }; report: SendReport }
  | Refused<"comment-required" | "too-long" | "already-handled">;

export async function returnRegistration(
  deps: UseCaseDeps,
  input: { unitId: string; actorId: string; registrationId: string; comment: string },
): Promise<ReturnResult> {
  const { db, notifier, now } = deps;
  const comment = input.comment.trim();
  if (!comment) return refused("comment-required", committeeMsg.returnCommentRequired());
  if (comment.length > MAX_COMMENT_LENGTH) return refused("too-long", committeeMsg.textTooLong(MAX_COMMENT_LENGTH));
  const registration = await loadPendingRegistration(db, input.registrationId, input.unitId);
  const result = registration ? await giveBack(db, { registrationId: input.registrationId, unitId: input.unitId, actorId: input.actorId, now, comment }) : null;
  if (!registration || !result) return refused("already-handled", usecaseMsg.alreadyHandled());
  const member = registration.member;
  const report = await notifier.send(
    [
      {
        purpose: "registration-returned",
        dedupeKey: dedupeKeys.registrationDecision("returned", registration.id, result.reviewId),
        memberId: member.id,
        message: { kind: "text", text: committeeMsg.notifyReturned({ fullName: member.fullName, year: registration.year, comment }) },
      },
    ],
    input.actorId,
  );
  return {
    kind: "done",
    registrationId: registration.id,
    year: registration.year,
    reviewId: result.reviewId,
    member: { id: member.id, fullName: member.fullName },
    report,
  };
}
