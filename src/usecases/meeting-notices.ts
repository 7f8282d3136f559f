// Telling the cell that a meeting was moved or cancelled, the same from every entry point: one
// notice per ACTIVE member with an account (Zalo, Telegram or the terminal chat) other than the
// person who made the change, and one for the cell's group chat, queued at once; during the
// configured quiet hours they wait for the quiet hours' end unless that is after the meeting's old
// or new time. ACTIVE members without an account are reported, not written.
import type { OutgoingMessage } from "../channels/types.ts";
import { meetingNoticeAudience } from "../db/meeting-notices.ts";
import { noticeMsg } from "../messages/calendar.ts";
import { safeShortText } from "../domain/sensitive.ts";
import { dedupeKeys, withUnreachable, type NotifyRequest, type SendReport } from "./notifier.ts";
import type { UseCaseDeps } from "./types.ts";

export type MeetingChange = "moved" | "cancelled";

const EMPTY: SendReport = { reachable: [], unreachable: [], created: 0, existing: 0, group: false, notBefore: null };

export async function tellMeetingChange(
  deps: UseCaseDeps,
  input: {
    meetingId: string;
    change: MeetingChange;
    previousStartsAt: Date;
    reason?: string | null;
    /** Not told of their own change. */ actorId: string | null;
  },
): Promise<SendReport> {
  const { db, notifier, now } = deps;
  const found = await meetingNoticeAudience(db, input.meetingId);
  if (!found) return EMPTY;
  const { meeting } = found;
  // A change that did not happen (or was undone meanwhile) tells nobody.
  if (input.change === "cancelled" && meeting.status !== "CANCELLED") return EMPTY;
  if (input.change === "moved" && meeting.status !== "MOVED") return EMPTY;
  const zone = meeting.unit.timeZone;
  const text =
    input.change === "cancelled"
      ? noticeMsg.cancelled({
          unitName: meeting.unit.name,
          kind: meeting.kind,
          startsAt: input.previousStartsAt,
          zone,
          reason: safeShortText(input.reason ?? "") || null,
        })
      : noticeMsg.moved({
          unitName: meeting.unit.name,
          kind: meeting.kind,
          from: input.previousStartsAt,
          to: meeting.startsAt,
          place: meeting.place,
          zone,
          reason: safeShortText(input.reason ?? "") || null,
        });
  const message: OutgoingMessage = { kind: "text", text };
  const purpose = input.change === "cancelled" ? "meeting-cancelled" : "meeting-moved";
  const deadline = new Date(Math.min(input.previousStartsAt.getTime(), meeting.startsAt.getTime()));
  const notBefore = notifier.notBefore(now, zone, deadline);

  const reach = await notifier.reach(found.memberIds.filter((id) => id !== input.actorId));
  // Members with no account at all get no row (nothing could carry it); they are reported.
  const linked = reach.filter((r) => r.unreachable !== "not-linked");
  const requests: NotifyRequest[] = linked.map((m) => ({
    purpose,
    dedupeKey: dedupeKeys.meetingNotice(input.change, meeting.id, meeting.startsAt, m.memberId),
    memberId: m.memberId,
    message,
    notBefore,
  }));
  const { groupChatPlatform: platform, groupChatId: chatId } = meeting.unit;
  if (platform && chatId && platform !== "LOCAL") {
    requests.push({
      purpose,
      dedupeKey: dedupeKeys.meetingNotice(input.change, meeting.id, meeting.startsAt, null),
      message,
      notBefore,
      group: { platform, chatId },
    });
  }
  return withUnreachable(await notifier.send(requests), reach);
}
