// Who is told that a meeting was moved or cancelled: the meeting with its unit (and group chat),
// and its ACTIVE members (EXEMPT and LEFT members get no meeting messages). The notices themselves
// are written by the Notifier (src/usecases/meeting-notices.ts).
import type { Db } from "./client.ts";

export async function meetingNoticeAudience(db: Db, meetingId: string) {
  const meeting = await db.meeting.findUnique({ where: { id: meetingId }, include: { unit: true } });
  if (!meeting) return null;
  const members = await db.member.findMany({ where: { unitId: meeting.unitId, status: "ACTIVE" }, select: { id: true }, orderBy: { id: "asc" } });
  return { meeting, memberIds: members.map((m) => m.id) };
}
