// The secretary moves an upcoming meeting; the cell is told at once (quiet hours from config),
// with the reason if one was given. Chat (/doilich), the dashboard and the CLI call this.
import type { Meeting } from "../db/client.ts";
import { findUnitMeeting, moveMeeting as move, UPCOMING_STATUSES } from "../db/meetings.ts";
import { usecaseMsg } from "../messages/usecases.ts";
import type { SendReport } from "./notifier.ts";
import { tellMeetingChange } from "./meeting-notices.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

type MoveRefusal = Refused<"not-found" | "gone" | "past" | "same">;

export type MoveMeetingResult = { kind: "done"; meeting: Meeting; previousStartsAt: Date; report: SendReport } | MoveRefusal;

interface MoveInput {
  unitId: string;
  meetingId: string;
  startsAt: Date;
  /** Undefined keeps the place; null clears it. */
  place?: string | null;
}

/**
 * Whether the move could be made now, without making it: chat asks for the reason only after the
 * new time is known to be acceptable.
 */
export async function checkMove(deps: Pick<UseCaseDeps, "db" | "now">, input: MoveInput): Promise<{ kind: "ok"; meeting: Meeting } | MoveRefusal> {
  const current = await findUnitMeeting(deps.db, input.unitId, input.meetingId);
  if (!current) return refused("not-found", usecaseMsg.meetingNotFound());
  if (!(UPCOMING_STATUSES as readonly string[]).includes(current.status) || current.startsAt.getTime() <= deps.now.getTime()) {
    return refused("gone", usecaseMsg.meetingGone());
  }
  const samePlace = input.place === undefined || (input.place ?? null) === (current.place ?? null);
  if (current.startsAt.getTime() === input.startsAt.getTime() && samePlace) return refused("same", usecaseMsg.meetingSame());
  if (input.startsAt.getTime() <= deps.now.getTime()) return refused("past", usecaseMsg.meetingPast());
  return { kind: "ok", meeting: current };
}

export async function moveMeeting(deps: UseCaseDeps, input: MoveInput & { actorId: string | null; reason?: string | null }): Promise<MoveMeetingResult> {
  const checked = await checkMove(deps, input);
  if (checked.kind === "refused") return checked;
  const reason = input.reason?.trim() || null;
  const result = await move(deps.db, {
    unitId: input.unitId,
    meetingId: input.meetingId,
    startsAt: input.startsAt,
    ...(input.place !== undefined ? { place: input.place } : {}),
    actorId: input.actorId,
    now: deps.now,
    reason,
  });
  if (!result.ok)
    return result.reason === "PAST"
      ? refused("past", usecaseMsg.meetingPast())
      : result.reason === "NOT_FOUND"
        ? refused("not-found", usecaseMsg.meetingNotFound())
        : refused("gone", usecaseMsg.meetingGone());
  const report = await tellMeetingChange(deps, {
    meetingId: result.meeting.id,
    change: "moved",
    previousStartsAt: result.previousStartsAt,
    reason,
    actorId: input.actorId,
  });
  return { kind: "done", meeting: result.meeting, previousStartsAt: result.previousStartsAt, report };
}
