// The secretary moves an upcoming meeting; the cell is told at once (quiet hours from config).
// Chat (/doilich), the dashboard and the CLI call this.
import type { Meeting } from "../db/client.ts";
import { findUnitMeeting, moveMeeting as move } from "../db/meetings.ts";
import { usecaseMsg } from "../messages/usecases.ts";
import type { SendReport } from "./notifier.ts";
import { tellMeetingChange } from "./meeting-notices.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export type MoveMeetingResult =
  | { kind: "done"; meeting: Meeting; previousStartsAt: Date; report: SendReport }
  | Refused<"not-found" | "gone" | "past" | "same">;

/** `place` undefined keeps the place; null clears it. */
export async function moveMeeting(
  deps: UseCaseDeps,
  input: { unitId: string; actorId: string | null; meetingId: string; startsAt: Date; place?: string | null },
): Promise<MoveMeetingResult> {
  const current = await findUnitMeeting(deps.db, input.unitId, input.meetingId);
  if (!current) return refused("not-found", usecaseMsg.meetingNotFound());
  const samePlace = input.place === undefined || (input.place ?? null) === (current.place ?? null);
  if (current.startsAt.getTime() === input.startsAt.getTime() && samePlace) return refused("same", usecaseMsg.meetingSame());
  const result = await move(deps.db, {
    unitId: input.unitId,
    meetingId: input.meetingId,
    startsAt: input.startsAt,
    ...(input.place !== undefined ? { place: input.place } : {}),
    actorId: input.actorId,
    now: deps.now,
  });
  if (!result.ok) return result.reason === "PAST" ? refused("past", usecaseMsg.meetingPast()) : result.reason === "NOT_FOUND" ? refused("not-found", usecaseMsg.meetingNotFound()) : refused("gone", usecaseMsg.meetingGone());
  const report = await tellMeetingChange(deps, { meetingId: result.meeting.id, change: "moved", previousStartsAt: result.previousStartsAt });
  return { kind: "done", meeting: result.meeting, previousStartsAt: result.previousStartsAt, report };
}
