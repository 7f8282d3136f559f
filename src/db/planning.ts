// What the planner and the planned-job processors read: the upcoming meetings with their rule's
// offsets, the committees that get a roll-up, and who a digest or a roll-up goes to.
import type { Db } from "./client.ts";
import { UPCOMING_STATUSES } from "./meetings.ts";

/** Meetings still to take place in (now, until], with the unit's zone and the rule's own offsets. */
export async function meetingsToPlan(db: Db, now: Date, until: Date) {
  return db.meeting.findMany({
    where: { status: { in: [...UPCOMING_STATUSES] }, startsAt: { gt: now, lte: until } },
    select: { id: true, startsAt: true, unit: { select: { timeZone: true } }, rule: { select: { reminderOffsetsMinutes: true } } },
    orderBy: { startsAt: "asc" },
  });
}

/** Committees with at least one supervisor who has not LEFT: they get the monthly roll-up. */
export async function supervisedCommittees(db: Db) {
  return db.unit.findMany({
    where: { kind: "COMMITTEE", accesses: { some: { member: { status: { not: "LEFT" } } } } },
    select: { id: true, timeZone: true },
  });
}

/** A meeting as a planned job re-checks it: its unit and its rule's reminder offsets. */
export async function meetingForJob(db: Db, meetingId: string) {
  return db.meeting.findUnique({
    where: { id: meetingId },
    include: { unit: true, rule: { select: { reminderOffsetsMinutes: true } } },
  });
}

/** The cell's active chi ủy members with an account of any platform, the terminal chat included (as every list of recipients: reach.ts): the digest's readers. */
export async function digestRecipients(db: Db, unitId: string): Promise<Array<{ id: string }>> {
  const rows = await db.member.findMany({
    where: { unitId, status: "ACTIVE", role: { not: "MEMBER" }, identities: { some: {} } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return rows;
}

export async function findUnit(db: Db, unitId: string) {
  return db.unit.findUnique({ where: { id: unitId } });
}

/** The committee's supervisors who have not LEFT and have an account of any platform, the terminal chat included (as every list of recipients: reach.ts). */
export async function rollupRecipients(db: Db, committeeId: string): Promise<Array<{ memberId: string }>> {
  const rows = await db.unitAccess.findMany({
    where: { unitId: committeeId, member: { status: { not: "LEFT" }, identities: { some: {} } } },
    select: { memberId: true },
    orderBy: { memberId: "asc" },
  });
  return rows;
}
