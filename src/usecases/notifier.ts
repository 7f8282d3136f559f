// The one Notifier: every proactive message a decision causes goes through here. It owns the
// message purposes, their dedupe keys and the quiet hours (from config), writes the Delivery rows
// (claim → send → mark happens in the delivery worker), queues them when a queue is at hand (else
// the planner's next run does), and returns an honest report: who can be reached, who cannot and
// why, and which deliveries were created now versus found from before.
import type { Db } from "../db/client.ts";
import type { Logger } from "../log.ts";
import type { OutgoingMessage, Platform } from "../channels/types.ts";
import { createDelivery, type NewDelivery } from "../db/deliveries.ts";
import { markBroadcastWritten, startBroadcast, writeBroadcastDeliveries, type BroadcastDelivery } from "../db/broadcasts.ts";
import { broadcastAudience, membersReach, type MemberReach, type UnreachableReason } from "../db/reach.ts";
import { quietHoursEnd } from "../domain/meeting-jobs.ts";
import { DEFAULT_QUIET_HOURS, type QuietHours } from "../domain/reminders.ts";

/** Every purpose a decision's message may have (the Delivery row's `purpose`). */
export const PURPOSES = [
  "registration-submitted",
  "registration-approved",
  "registration-returned",
  "assessment-reviewed",
  "meeting-moved",
  "meeting-cancelled",
  "broadcast",
  "broadcast-summary",
  // Sent by jobs, not by a person's decision.
  "reminder",
  "reminder-group",
  "nudge",
  "digest",
  "rollup",
] as const;
export type Purpose = (typeof PURPOSES)[number];

/** The dedupe keys, written once: the same decision never produces two messages. */
export const dedupeKeys = {
  /**
   * One notice per round of review: the first submission, then each one after a chi ủy comment
   * (the stamp is that review's id). Withdrawing and sending again in the same round tells no one twice.
   */
  registrationSubmitted: (registrationId: string, lastReviewId: string | null, secretaryId: string) =>
    `registration-submitted:${registrationId}:${lastReviewId ?? "first"}:${secretaryId}`,
  /** Approve and return share one shape; the stamp is the decision's review id or time. */
  registrationDecision: (decision: "approved" | "returned", registrationId: string, stamp: string) => `registration-${decision}:${registrationId}:${stamp}`,
  assessmentReviewed: (assessmentId: string, reviewId: string) => `assessment-reviewed:${assessmentId}:${reviewId}`,
  meetingNotice: (change: "moved" | "cancelled", meetingId: string, startsAt: Date, memberId: string | null) =>
    change === "cancelled"
      ? memberId
        ? `cancel:${meetingId}:${memberId}`
        : `cancel-group:${meetingId}`
      : memberId
        ? `move:${meetingId}:${startsAt.getTime()}:${memberId}`
        : `move-group:${meetingId}:${startsAt.getTime()}`,
  broadcast: (broadcastId: string, memberId: string) => `broadcast:${broadcastId}:${memberId}`,
  broadcastSummary: (broadcastId: string) => `broadcast-summary:${broadcastId}`,
};

export interface Recipient {
  memberId: string;
  fullName: string;
}

export interface UnreachableRecipient extends Recipient {
  reason: UnreachableReason;
}

export interface SendReport {
  /** Members whose message is on its way (or went out earlier under the same key). */
  reachable: Recipient[];
  /** Members the bot cannot reach, with why; their rows (if any) are SKIPPED. */
  unreachable: UnreachableRecipient[];
  /** Rows written now, and rows found under an existing key (a repeated request sends nothing new). */
  created: number;
  existing: number;
  /** Whether a group chat post was written. */
  group: boolean;
  /** When the messages wait for the end of the quiet hours: that time (null: they go now). */
  notBefore: Date | null;
}

export interface NotifyRequest {
  purpose: Purpose;
  dedupeKey: string;
  message: OutgoingMessage;
  memberId?: string;
  group?: { platform: Platform; chatId: string };
  broadcastId?: string;
  notBefore?: Date | null;
}

/** The queue side of delivery, supplied by the running app; absent in the CLI (the planner queues). */
export interface DeliveryPort {
  /** Writes the row unless its key exists, and queues it when it is pending. */
  deliver(input: NewDelivery): Promise<{ id: string; created: boolean; status: string }>;
  /** Queues rows already written (a broadcast's); idempotent job ids. */
  queueMany?(rows: { id: string; platform: Platform | null }[]): Promise<void>;
}

/** A broadcast's Delivery rows are written 25, then 250, then 1,000 at a time. */
const FIRST_BROADCAST_CHUNK = 25;
const MAX_BROADCAST_CHUNK = 1000;

export interface NotifierDeps {
  db: Db;
  log: Logger;
  quietHours?: QuietHours;
  port?: DeliveryPort;
}

export interface Notifier {
  /** Who of these members the bot can reach now (before sending anything). */
  reach(memberIds: string[]): Promise<MemberReach[]>;
  /** A broadcast's audience: the unit's members who have not LEFT, except the sender. */
  audience(unitId: string, senderId: string): Promise<MemberReach[]>;
  /**
   * Writes (and queues) one row per request; the report says what happened to each recipient. The
   * sender is never told of their own decision: a request to `sender` is dropped (and not reported).
   */
  send(requests: NotifyRequest[], sender?: string | null): Promise<SendReport>;
  /**
   * One Delivery per member of the audience (as `audience` read it), written in chunks after the
   * broadcast row (which lists them all), each chunk queued once committed.
   */
  broadcast(input: {
    unitId: string;
    authorId: string;
    audience: MemberReach[];
    text: string;
    shown?: string;
    now?: Date;
  }): Promise<{ broadcastId: string; report: SendReport }>;
  /**
   * When a message sent now would land in the quiet hours of `zone`: the end of them, unless that
   * is later than `deadline` (the message is then worth more now). Null: send now.
   */
  notBefore(now: Date, zone: string, deadline?: Date): Date | null;
}

function splitReach(reach: MemberReach[]): Pick<SendReport, "reachable" | "unreachable"> {
  const reachable: Recipient[] = [];
  const unreachable: UnreachableRecipient[] = [];
  for (const r of reach) {
    if (r.unreachable) unreachable.push({ memberId: r.memberId, fullName: r.fullName, reason: r.unreachable });
    else reachable.push({ memberId: r.memberId, fullName: r.fullName });
  }
  return { reachable, unreachable };
}

export function createNotifier(deps: NotifierDeps): Notifier {
  const { db, log, port } = deps;
  const quietHours = deps.quietHours ?? DEFAULT_QUIET_HOURS;

  async function write(input: NewDelivery): Promise<{ created: boolean; status: string }> {
    if (port) {
      try {
        return await port.deliver(input);
      } catch (error) {
        // The row may be written already; the planner re-queues due PENDING rows.
        log.warn({ err: error, purpose: input.purpose, dedupeKey: input.dedupeKey }, "notice not queued now; the planner will");
      }
    }
    return createDelivery(db, input);
  }

  return {
    reach: (memberIds) => membersReach(db, memberIds),
    audience: (unitId, senderId) => broadcastAudience(db, unitId, senderId),

    async send(all, sender) {
      const requests = sender ? all.filter((r) => r.memberId !== sender) : all;
      const report: SendReport = {
        reachable: [],
        unreachable: [],
        created: 0,
        existing: 0,
        group: false,
        notBefore: requests.find((r) => r.notBefore)?.notBefore ?? null,
      };
      const statusOf = new Map<string, string>();
      for (const r of requests) {
        const row = await write({
          purpose: r.purpose,
          dedupeKey: r.dedupeKey,
          message: r.message,
          memberId: r.memberId ?? null,
          broadcastId: r.broadcastId ?? null,
          notBefore: r.notBefore ?? null,
          ...(r.group ? { group: r.group } : {}),
        });
        if (row.created) report.created++;
        else report.existing++;
        if (r.memberId) statusOf.set(r.memberId, row.status);
        else if (r.group && row.status !== "SKIPPED") report.group = true;
      }
      const reach = await membersReach(db, [...statusOf.keys()]);
      for (const m of reach) {
        const status = statusOf.get(m.memberId);
        // The row decides: SKIPPED means no account took it, whatever the identities say now.
        if (status === "SKIPPED") report.unreachable.push({ memberId: m.memberId, fullName: m.fullName, reason: m.unreachable ?? "not-linked" });
        else report.reachable.push({ memberId: m.memberId, fullName: m.fullName });
      }
      return report;
    },

    async broadcast({ unitId, authorId, audience, text, shown, now }) {
      const recipientIds = audience.map((m) => m.memberId);
      const message: OutgoingMessage = { kind: "text", text: shown ?? text };
      const broadcastId = await startBroadcast(db, { unitId, authorId, recipientIds, text, message, ...(now ? { now } : {}) });
      async function queue(rows: BroadcastDelivery[]): Promise<void> {
        const pending = rows.filter((d) => d.status === "PENDING");
        try {
          if (port?.queueMany) await port.queueMany(pending.map((d) => ({ id: d.id, platform: d.platform as Platform | null })));
          // deliver() finds each row by its key and queues it.
          else if (port)
            for (const d of pending) await port.deliver({ purpose: "broadcast", dedupeKey: d.dedupeKey, memberId: d.memberId, broadcastId, message });
        } catch (error) {
          log.warn({ err: error, broadcastId }, "broadcast not queued now; the planner will");
        }
      }
      // The rows in growing chunks, each queued as soon as it is committed while the next is written:
      // the first messages leave within tens of ms instead of after the whole audience is written.
      const deliveries: BroadcastDelivery[] = [];
      let queuing = Promise.resolve();
      // Once the broadcast row is committed the notice goes out whatever happens here: rows not
      // written now are written and sent by the planner (completeUnwrittenBroadcasts). So a failure
      // between chunks is no failure of the broadcast (sending it again would send it twice).
      let unfinished = false;
      try {
        for (let i = 0, size = FIRST_BROADCAST_CHUNK; i < recipientIds.length; i += size, size = Math.min(MAX_BROADCAST_CHUNK, size * 10)) {
          const written = await writeBroadcastDeliveries(db, broadcastId, recipientIds.slice(i, i + size));
          deliveries.push(...written);
          await queuing;
          queuing = queue(written);
        }
        await queuing;
        await markBroadcastWritten(db, broadcastId, now ?? new Date());
      } catch (error) {
        unfinished = true;
        await queuing;
        log.error({ err: error, broadcastId }, "broadcast: not every row written now; the planner writes and sends the rest");
      }
      // The rows decide, as in send(): a member whose row is SKIPPED was not reached, whatever was read before.
      // A member whose row the planner will write counts as the audience read them.
      const statusOf = new Map(deliveries.map((d) => [d.memberId, d.status]));
      const reach = splitReach(
        audience.flatMap((m) => {
          const status = statusOf.get(m.memberId);
          if (!status) return unfinished ? [m] : [];
          return [{ ...m, unreachable: status === "SKIPPED" ? (m.unreachable ?? "not-linked") : null }];
        }),
      );
      return { broadcastId, report: { ...reach, created: deliveries.length, existing: 0, group: false, notBefore: null } };
    },

    notBefore(now, zone, deadline) {
      const end = quietHoursEnd(now, quietHours, zone);
      if (!end) return null;
      return deadline && end.getTime() >= deadline.getTime() ? null : end;
    },
  };
}

/** Adds members known to be out of reach (e.g. not linked, so no row was written) to a report. */
export function withUnreachable(report: SendReport, reach: MemberReach[]): SendReport {
  const more = splitReach(reach.filter((r) => r.unreachable)).unreachable.filter((u) => !report.unreachable.some((x) => x.memberId === u.memberId));
  return { ...report, unreachable: [...report.unreachable, ...more] };
}
