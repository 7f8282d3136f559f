// Telling the members that a meeting was moved or cancelled: one Delivery row per ACTIVE linked
// member (and one for the cell's group chat), written when the change is made. The rows are
// PENDING in PostgreSQL, so they go out even if nobody queues them right away: the planner
// re-queues due PENDING deliveries on every run.
import type { Db } from "./client.ts";
import { createDelivery } from "./deliveries.ts";
import { noticeMsg } from "../messages/calendar.ts";
import { quietHoursEnd } from "../domain/meeting-jobs.ts";
import { DEFAULT_QUIET_HOURS, type QuietHours } from "../domain/reminders.ts";
import type { OutgoingMessage } from "../channels/types.ts";

export type MeetingChange = "moved" | "cancelled";

export interface NoticeRow {
  memberId: string | null;
  dedupeKey: string;
  deliveryId: string;
  status: string;
  created: boolean;
  purpose: string;
  message: OutgoingMessage;
}

export function noticeDedupeKey(change: MeetingChange, meetingId: string, startsAt: Date, memberId: string | null): string {
  if (change === "cancelled") return memberId ? `cancel:${meetingId}:${memberId}` : `cancel-group:${meetingId}`;
  return memberId ? `move:${meetingId}:${startsAt.getTime()}:${memberId}` : `move-group:${meetingId}:${startsAt.getTime()}`;
}

/**
 * Creates the notice rows (idempotent: unique dedupe keys). During quiet hours they wait for the
 * quiet hours' end unless that is too late (after the meeting's old or new time): then they go now.
 */
export async function createMeetingNotices(
  db: Db,
  input: { meetingId: string; change: MeetingChange; previousStartsAt: Date; now: Date; quietHours?: QuietHours },
): Promise<NoticeRow[]> {
  const meeting = await db.meeting.findUnique({ where: { id: input.meetingId }, include: { unit: true } });
  if (!meeting) return [];
  if (input.change === "cancelled" && meeting.status !== "CANCELLED") return [];
  if (input.change === "moved" && meeting.status !== "MOVED") return [];
  const zone = meeting.unit.timeZone;
  const text =
    input.change === "cancelled"
      ? noticeMsg.cancelled({ unitName: meeting.unit.name, kind: meeting.kind, startsAt: input.previousStartsAt, zone })
      : noticeMsg.moved({ unitName: meeting.unit.name, kind: meeting.kind, from: input.previousStartsAt, to: meeting.startsAt, place: meeting.place, zone });
  const message: OutgoingMessage = { kind: "text", text };
  const purpose = input.change === "cancelled" ? "meeting-cancelled" : "meeting-moved";

  const deadline = Math.min(input.previousStartsAt.getTime(), meeting.startsAt.getTime());
  const quietEnd = quietHoursEnd(input.now, input.quietHours ?? DEFAULT_QUIET_HOURS, zone);
  const notBefore = quietEnd && quietEnd.getTime() < deadline ? quietEnd : null;

  const members = await db.member.findMany({
    where: { unitId: meeting.unitId, status: "ACTIVE", identities: { some: { platform: { not: "LOCAL" } } } },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  const out: NoticeRow[] = [];
  for (const m of members) {
    const dedupeKey = noticeDedupeKey(input.change, meeting.id, meeting.startsAt, m.id);
    const row = await createDelivery(db, { purpose, dedupeKey, memberId: m.id, message, notBefore });
    out.push({ memberId: m.id, dedupeKey, deliveryId: row.id, status: row.status, created: row.created, purpose, message });
  }
  if (meeting.unit.groupChatPlatform && meeting.unit.groupChatId && meeting.unit.groupChatPlatform !== "LOCAL") {
    const dedupeKey = noticeDedupeKey(input.change, meeting.id, meeting.startsAt, null);
    const row = await createDelivery(db, {
      purpose,
      dedupeKey,
      message,
      notBefore,
      group: { platform: meeting.unit.groupChatPlatform, chatId: meeting.unit.groupChatId },
    });
    out.push({ memberId: null, dedupeKey, deliveryId: row.id, status: row.status, created: row.created, purpose, message });
  }
  return out;
}
