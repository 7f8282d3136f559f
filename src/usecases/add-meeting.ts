// The secretary adds a meeting by hand (no rule). Chat (/lich them), the dashboard and the CLI call this.
import type { Meeting } from "../db/client.ts";
import { createManualMeeting } from "../db/meetings.ts";
import type { MeetingKind } from "../domain/vocabulary.ts";
import { usecaseMsg } from "../messages/usecases.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export type AddMeetingResult = { kind: "done"; meeting: Meeting } | Refused<"past">;

export async function addMeeting(
  deps: UseCaseDeps,
  input: { unitId: string; actorId: string | null; startsAt: Date; place: string | null; kind: MeetingKind },
): Promise<AddMeetingResult> {
  if (input.startsAt.getTime() <= deps.now.getTime()) return refused("past", usecaseMsg.meetingPast());
  const meeting = await createManualMeeting(deps.db, { unitId: input.unitId, startsAt: input.startsAt, place: input.place, kind: input.kind, actorId: input.actorId });
  return { kind: "done", meeting };
}
