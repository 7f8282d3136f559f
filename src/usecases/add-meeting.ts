// The secretary adds a meeting by hand (no rule). Chat (/lich them), the dashboard and the CLI call this.
import type { Meeting } from "../db/client.ts";
import { createManualMeeting, meetingsBetween } from "../db/meetings.ts";
import type { MeetingKind } from "../domain/vocabulary.ts";
import { inZone } from "../domain/dates.ts";
import { monthPeriod } from "../domain/periods.ts";
import { usecaseMsg } from "../messages/usecases.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export type AddMeetingResult =
  | { kind: "done"; meeting: Meeting }
  | Refused<"past">
  /** The month already has a regular meeting: `existing` is it; add again with `confirmed` to go on. */
  | (Refused<"second-in-month"> & { existing: Meeting });

/** Kinds that are the cell's monthly meeting (a thematic one comes on top of it). */
const MONTHLY_KINDS: readonly MeetingKind[] = ["REGULAR", "QUARTERLY", "YEAR_END"];

export async function addMeeting(
  deps: Pick<UseCaseDeps, "db" | "now">,
  input: {
    unitId: string;
    actorId: string | null;
    startsAt: Date;
    place: string | null;
    kind: MeetingKind;
    /**
     * Ask before a second monthly meeting in one month (chat: a likely slip for a moved or thematic
     * one). The zone is the unit's, to know the month; `confirmed` is the secretary's "yes".
     */
    secondInMonth?: { zone: string; confirmed: boolean };
  },
): Promise<AddMeetingResult> {
  if (input.startsAt.getTime() <= deps.now.getTime()) return refused("past", usecaseMsg.meetingPast());
  const check = input.secondInMonth;
  if (check && !check.confirmed && MONTHLY_KINDS.includes(input.kind)) {
    const month = inZone(input.startsAt, check.zone).startOf("month");
    const from = new Date(month.toMillis() - 1);
    const to = new Date(month.plus({ months: 1 }).toMillis() - 1);
    const existing = (await meetingsBetween(deps.db, input.unitId, from, to)).find((m) => MONTHLY_KINDS.includes(m.kind));
    if (existing) return { ...refused("second-in-month", usecaseMsg.meetingSecondInMonth(monthPeriod(month.year, month.month).label)), existing };
  }
  const meeting = await createManualMeeting(deps.db, {
    unitId: input.unitId,
    startsAt: input.startsAt,
    place: input.place,
    kind: input.kind,
    actorId: input.actorId,
  });
  return { kind: "done", meeting };
}
