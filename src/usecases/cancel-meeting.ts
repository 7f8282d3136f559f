// The secretary cancels an upcoming meeting (optional reason); the cell is told at once (quiet
// hours from config). Chat (/huylich), the dashboard and the CLI call this.
import type { Meeting } from "../db/client.ts";
import { cancelMeeting as cancel } from "../db/meetings.ts";
import { usecaseMsg } from "../messages/usecases.ts";
import type { SendReport } from "./notifier.ts";
import { tellMeetingChange } from "./meeting-notices.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export type CancelMeetingResult = { kind: "done"; meeting: Meeting; previousStartsAt: Date; report: SendReport } | Refused<"not-found" | "gone">;

export async function cancelMeeting(
  deps: UseCaseDeps,
  input: { unitId: string; actorId: string | null; meetingId: string; reason?: string | null },
): Promise<CancelMeetingResult> {
  const result = await cancel(deps.db, {
    unitId: input.unitId,
    meetingId: input.meetingId,
    actorId: input.actorId,
    now: deps.now,
    reason: input.reason?.trim() || null,
  });
  if (!result.ok) return result.reason === "NOT_FOUND" ? refused("not-found", usecaseMsg.meetingNotFound()) : refused("gone", usecaseMsg.meetingGone());
  const report = await tellMeetingChange(deps, {
    meetingId: result.meeting.id,
    change: "cancelled",
    previousStartsAt: result.previousStartsAt,
    reason: input.reason?.trim() || null,
    actorId: input.actorId,
  });
  return { kind: "done", meeting: result.meeting, previousStartsAt: result.previousStartsAt, report };
}
