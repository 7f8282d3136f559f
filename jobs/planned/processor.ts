// Processors of the planned queue (worker role). Each job first re-checks PostgreSQL: the meeting
// still exists, is not cancelled, starts when the job was planned for, and the job is still one the
// meeting wants now (meetingJobs). Then it writes one Delivery per recipient through queueDelivery,
// whose unique dedupe key makes a job that runs twice, or again after Redis lost its data, send
// nothing a second time.
import type { Db } from "../../src/db/client.ts";
import type { Logger } from "../../src/log.ts";
import type { OutgoingMessage } from "../../src/channels/types.ts";
import { meetingAudience, themeForUnit, UPCOMING_STATUSES } from "../../src/db/meetings.ts";
import { resolveTarget } from "../../src/db/deliveries.ts";
import { digestRecipients, findUnit, meetingForJob, rollupRecipients } from "../../src/db/planning.ts";
import { existingDedupeKeys } from "../../src/db/reach.ts";
import { loadCellDigest, loadRollup } from "../../src/db/digest-loader.ts";
import { renderCellDigest, renderRollup } from "../../src/messages/digest.ts";
import {
  digestJobId,
  essentialOffset,
  meetingJobs,
  nudgeJobId,
  offsetsForMeeting,
  quietHoursEnd,
  reminderJobId,
  rollupJobId,
  rollupJobs,
  type PlannedJobKind,
} from "../../src/domain/meeting-jobs.ts";
import { memberOwes, type OwedItem } from "../../src/domain/owed.ts";
import { periodForMeeting, type AssessmentPeriod } from "../../src/domain/periods.ts";
import { onTrackChoice } from "../../src/domain/assessment-rules.ts";
import { assessLabels } from "../../src/messages/assessment.ts";
import type { QuietHours } from "../../src/domain/reminders.ts";
import { reminderMsg, type ReminderMeeting } from "../../src/messages/reminders.ts";
import { queueDelivery, type DeliveryQueues } from "../delivery/enqueue.ts";
import { createNotifier, type Notifier, type NotifyRequest } from "../../src/usecases/notifier.ts";
import type { MeetingJobData, PlannedJobData, RollupJobData } from "./queue.ts";

export interface PlannedProcessorDeps {
  db: Db;
  queues: DeliveryQueues;
  now: () => Date;
  log: Logger;
  quietHours: QuietHours;
  /** REMINDER_OFFSETS (minutes), for meetings whose rule does not set its own. */
  reminderOffsets: readonly number[];
  dashboardUrl?: string;
}

/** What the processor needs of a BullMQ job (tests pass plain objects). */
export interface PlannedJobLike {
  id?: string | undefined;
  name: string;
  data: PlannedJobData;
}

/** Platform message limits for the digest text (Telegram 4096, Zalo 2000 characters). */
const DIGEST_LIMITS = { TELEGRAM: 4096, ZALO: 2000 } as const;

export function reminderDedupeKey(meetingId: string, memberId: string, offsetMinutes: number, startsAtMs: number): string {
  return `reminder:${meetingId}:${memberId}:${offsetMinutes}:${startsAtMs}`;
}
export const groupReminderDedupeKey = (meetingId: string, offsetMinutes: number, startsAtMs: number) =>
  `reminder-group:${meetingId}:${offsetMinutes}:${startsAtMs}`;
export const nudgeDedupeKey = (meetingId: string, memberId: string) => `nudge:${meetingId}:${memberId}`;
export const digestDedupeKey = (meetingId: string, memberId: string) => `digest:${meetingId}:${memberId}`;
export const rollupDedupeKey = (committeeId: string, month: string, memberId: string) => `rollup:${committeeId}:${month}:${memberId}`;

export function createPlannedProcessor(deps: PlannedProcessorDeps) {
  return (job: PlannedJobLike): Promise<string> => processPlannedJob(deps, job);
}

export async function processPlannedJob(deps: PlannedProcessorDeps, job: PlannedJobLike): Promise<string> {
  const kind = job.name as PlannedJobKind;
  if (kind === "rollup") return processRollup(deps, job.data as RollupJobData);
  if (kind === "reminder" || kind === "nudge" || kind === "digest") return processMeetingJob(deps, kind, job.data as MeetingJobData);
  deps.log.warn({ name: job.name, id: job.id }, "unknown planned job");
  return "unknown job";
}

interface Tally {
  created: number;
  existing: number;
}
const tallyText = (t: Tally) => `${t.created} created, ${t.existing} already there`;

async function processMeetingJob(deps: PlannedProcessorDeps, kind: "reminder" | "nudge" | "digest", data: MeetingJobData): Promise<string> {
  const { db } = deps;
  const now = deps.now();
  const meeting = await meetingForJob(db, data.meetingId);
  if (!meeting) return "skipped: meeting gone";
  if (!(UPCOMING_STATUSES as readonly string[]).includes(meeting.status)) return `skipped: meeting ${meeting.status.toLowerCase()}`;
  if (meeting.startsAt.getTime() !== data.startsAtMs) return "skipped: meeting moved";
  const zone = meeting.unit.timeZone;
  const offsets = offsetsForMeeting(meeting.rule?.reminderOffsetsMinutes ?? null, deps.reminderOffsets);
  const jobId =
    kind === "reminder"
      ? reminderJobId(meeting.id, data.offsetMinutes ?? -1, meeting.startsAt)
      : kind === "nudge"
        ? nudgeJobId(meeting.id, meeting.startsAt)
        : digestJobId(meeting.id, meeting.startsAt);
  const wanted = meetingJobs({ meetingId: meeting.id, startsAt: meeting.startsAt, offsetsMinutes: offsets, quietHours: deps.quietHours, zone, now });
  if (!wanted.some((j) => j.id === jobId)) return "skipped: no longer due (superseded or past)";

  // A job running late into quiet hours waits for their end, unless that is after the meeting.
  const quietEnd = quietHoursEnd(now, deps.quietHours, zone);
  if (quietEnd && quietEnd.getTime() >= meeting.startsAt.getTime()) return "skipped: quiet hours until the meeting";
  const notBefore = quietEnd;
  const sentAt = notBefore ?? now;

  const period = periodForMeeting(meeting, zone);
  const view: ReminderMeeting = { unitName: meeting.unit.name, startsAt: meeting.startsAt, kind: meeting.kind, place: meeting.place, zone };
  const tally: Tally = { created: 0, existing: 0 };
  // Collected, then written through the Notifier in one go (one reach query for the whole run).
  const requests: NotifyRequest[] = [];
  const deliver = async (input: NotifyRequest) => {
    requests.push(input);
  };
  const flush = async () => {
    const report = await notifierOf(deps, now).send(requests);
    tally.created += report.created;
    tally.existing += report.existing;
  };

  if (kind === "digest") {
    const recipients = await digestRecipients(db, meeting.unitId);
    const done = await existingDedupeKeys(
      db,
      recipients.map((r) => digestDedupeKey(meeting.id, r.id)),
    );
    tally.existing = done.size;
    const texts = new Map<number, string | null>();
    let digest: Awaited<ReturnType<typeof loadCellDigest>> | undefined;
    for (const r of recipients) {
      const dedupeKey = digestDedupeKey(meeting.id, r.id);
      if (done.has(dedupeKey)) continue;
      const target = await resolveTarget(db, r.id);
      const limit = target?.platform === "ZALO" ? DIGEST_LIMITS.ZALO : DIGEST_LIMITS.TELEGRAM;
      if (!texts.has(limit)) {
        // Loaded once, rendered once per platform limit.
        digest ??= await loadCellDigest(db, meeting.unitId, now);
        texts.set(limit, digest && renderCellDigest(digest, { limit, ...(deps.dashboardUrl ? { dashboardUrl: deps.dashboardUrl } : {}) }));
      }
      const text = texts.get(limit);
      if (!text) continue;
      await deliver({ purpose: "digest", dedupeKey, memberId: r.id, message: { kind: "text", text }, notBefore });
    }
    await flush();
    return `digest: ${tallyText(tally)}`;
  }

  const audience = await meetingAudience(db, meeting.unitId, period.year, period.period);
  const theme = await themeForUnit(db, meeting.unitId, period.year);

  if (kind === "nudge") {
    for (const m of audience) {
      const owed = memberOwes({ status: "ACTIVE", registrationStatus: m.registrationStatus, assessmentSubmitted: m.assessmentSubmitted });
      if (!owed.owes.includes("ASSESSMENT")) continue;
      const oneTap = offersOneTap(period, owed.owes, m.registrationStatus);
      const message = withOneTap(reminderMsg.nudge({ fullName: m.fullName, meeting: view, owes: owed.owes, period, oneTap }), oneTap, period);
      await deliver({ purpose: "nudge", dedupeKey: nudgeDedupeKey(meeting.id, m.id), memberId: m.id, message, notBefore });
    }
    await flush();
    return `nudge: ${tallyText(tally)}`;
  }

  const offset = data.offsetMinutes!;
  const essentialAt = essentialOffset(offsets);
  const essential = essentialAt === offset;
  const optionalOffsets = essential ? null : offsets.filter((o) => o !== essentialAt);
  for (const m of audience) {
    if (!essential && m.optionalRemindersOff) continue;
    const owed = memberOwes({ status: "ACTIVE", registrationStatus: m.registrationStatus, assessmentSubmitted: m.assessmentSubmitted });
    const oneTap = offersOneTap(period, owed.owes, m.registrationStatus);
    const text = reminderMsg.personal({ fullName: m.fullName, meeting: view, theme, owes: owed.owes, period, sentAt, optionalOffsets, oneTap });
    await deliver({
      purpose: "reminder",
      dedupeKey: reminderDedupeKey(meeting.id, m.id, offset, data.startsAtMs),
      memberId: m.id,
      message: withOneTap(text, oneTap, period),
      notBefore,
    });
  }
  const { groupChatPlatform, groupChatId } = meeting.unit;
  // No group post to LOCAL: a terminal chat is one member's, never a cell's group.
  if (essential && groupChatPlatform && groupChatId && groupChatPlatform !== "LOCAL") {
    await deliver({
      purpose: "reminder-group",
      dedupeKey: groupReminderDedupeKey(meeting.id, offset, data.startsAtMs),
      message: { kind: "text", text: reminderMsg.group({ meeting: view, theme, sentAt }) },
      notBefore,
      group: { platform: groupChatPlatform, chatId: groupChatId },
    });
  }
  await flush();
  return `reminder ${offset}: ${tallyText(tally)}`;
}

/**
 * The monthly reminder carries "Tất cả đúng tiến độ" when the member owes the month's assessment
 * and the registration is approved (the tap refuses otherwise, so it is not offered).
 */
function offersOneTap(period: AssessmentPeriod, owes: readonly OwedItem[], registrationStatus: string): boolean {
  return period.kind === "MONTHLY" && owes.includes("ASSESSMENT") && registrationStatus === "APPROVED";
}

function withOneTap(text: string, oneTap: boolean, period: AssessmentPeriod): OutgoingMessage {
  return oneTap ? { kind: "choices", text, choices: [{ value: onTrackChoice(period.period), label: assessLabels.allOnTrack }] } : { kind: "text", text };
}

async function processRollup(deps: PlannedProcessorDeps, data: RollupJobData): Promise<string> {
  const { db } = deps;
  const now = deps.now();
  const committee = await findUnit(db, data.committeeId);
  if (!committee || committee.kind !== "COMMITTEE") return "skipped: committee gone";
  const id = rollupJobId(committee.id, data.month);
  if (!rollupJobs(committee.id, now, committee.timeZone, deps.quietHours).some((j) => j.id === id && j.dueAt.getTime() <= now.getTime())) {
    return "skipped: not due";
  }
  const quietEnd = quietHoursEnd(now, deps.quietHours, committee.timeZone);
  const supervisors = await rollupRecipients(db, committee.id);
  const tally: Tally = { created: 0, existing: 0 };
  const requests: NotifyRequest[] = [];
  const texts = new Map<number, string | null>();
  let rollup: Awaited<ReturnType<typeof loadRollup>> | undefined;
  for (const s of supervisors) {
    const dedupeKey = rollupDedupeKey(committee.id, data.month, s.memberId);
    if ((await existingDedupeKeys(db, [dedupeKey])).size > 0) {
      tally.existing += 1;
      continue;
    }
    const target = await resolveTarget(db, s.memberId);
    const limit = target?.platform === "ZALO" ? DIGEST_LIMITS.ZALO : DIGEST_LIMITS.TELEGRAM;
    if (!texts.has(limit)) {
      rollup ??= await loadRollup(db, committee.id, now);
      texts.set(limit, rollup && renderRollup(rollup, { limit, ...(deps.dashboardUrl ? { dashboardUrl: deps.dashboardUrl } : {}) }));
    }
    const text = texts.get(limit);
    if (!text) continue;
    requests.push({ purpose: "rollup", dedupeKey, memberId: s.memberId, message: { kind: "text", text }, notBefore: quietEnd });
  }
  const report = await notifierOf(deps, now).send(requests);
  tally.created += report.created;
  tally.existing += report.existing;
  return `rollup ${data.month}: ${tallyText(tally)}`;
}

/** The Notifier of one job run: rows through queueDelivery, queued at once on the platform's queue. */
function notifierOf(deps: PlannedProcessorDeps, now: Date): Notifier {
  return createNotifier({
    db: deps.db,
    log: deps.log,
    quietHours: deps.quietHours,
    port: { deliver: (input) => queueDelivery(deps.db, deps.queues, input, now) },
  });
}
