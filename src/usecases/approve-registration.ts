// The chi ủy approves a SUBMITTED registration of its cell, with an optional comment; the member is
// told through the Notifier. Chat (/duyet) and the dashboard both call this.
import { approveRegistration as approve, loadPendingRegistration } from "../db/approvals.ts";
import { committeeMsg } from "../messages/committee.ts";
import { usecaseMsg } from "../messages/usecases.ts";
import { dedupeKeys, type SendReport } from "./notifier.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export type ApproveResult =
  { kind: "done"; registrationId: string; year: number; member: { id: string; fullName: string }; report: SendReport } | Refused<"already-handled">;

export async function approveRegistration(
  deps: UseCaseDeps,
  input: { unitId: string; actorId: string; registrationId: string; comment?: string | null },
): Promise<ApproveResult> {
  const { db, notifier, now } = deps;
  const registration = await loadPendingRegistration(db, input.registrationId, input.unitId);
  const comment = input.comment?.trim() || null;
  const decided = registration ? await approve(db, { registrationId: input.registrationId, unitId: input.unitId, actorId: input.actorId, now, comment }) : null;
  if (!registration || !decided) return refused("already-handled", usecaseMsg.alreadyHandled());
  const member = registration.member;
  const report = await notifier.send(
    [
      {
        purpose: "registration-approved",
        dedupeKey: dedupeKeys.registrationDecision("approved", registration.id, decided.reviewId ?? String(now.getTime())),
        memberId: member.id,
        message: { kind: "text", text: committeeMsg.notifyApproved({ fullName: member.fullName, year: registration.year, comment }) },
      },
    ],
    input.actorId,
  );
  return { kind: "done", registrationId: registration.id, year: registration.year, member: { id: member.id, fullName: member.fullName }, report };
}
