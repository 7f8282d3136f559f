// The planner: PostgreSQL holds what is due; this makes sure a BullMQ job exists for it.
// Running it again adds nothing (deterministic job ids; existing ids are ignored by BullMQ).
//
// Each run, under a Redis lock so only one planner acts even with two scheduler processes:
//  1. completes broadcasts whose writer died before every Delivery row was written (from the
//     recipients listed on the broadcast row), then re-queues due PENDING deliveries (their job was
//     lost: Redis flushed, a crash between insert and add) — this is also how move/cancel notices
//     written by the bot or the CLI go out;
//  1b. sends the author of every finished broadcast its summary (delivered, failed, unreachable);
//  2. materializes the rules' meetings for the next PLANNER_HORIZON_DAYS days;
//  3. computes the jobs every upcoming meeting wants now (meetingJobs: reminders, nudge, digest)
//     and the committees' roll-ups, adds those missing, and removes pending jobs that are no longer
//     wanted — a moved meeting's ids encode its old start, a cancelled meeting wants none. The
//     pending jobs are read from the queue itself (their ids say which meeting and time they are
//     for), so nothing needs remembering between runs and a rebuilt Redis is handled the same way.
import { randomUUID } from "node:crypto";
import type { AppContext } from "../src/app.ts";
import type { Logger } from "../src/log.ts";
import { duePendingDeliveries } from "../src/db/deliveries.ts";
import { completeUnwrittenBroadcasts } from "../src/db/broadcasts.ts";
import { meetingsToPlan, supervisedCommittees } from "../src/db/planning.ts";
import { meetingJobs, offsetsForMeeting, parseJobId, rollupJobs, type PlannedJobSpec } from "../src/domain/meeting-jobs.ts";
import type { QuietHours } from "../src/domain/reminders.ts";
import type { JobServices } from "./services.ts";
import { isDeliveryPlatform } from "./queues.ts";
import { addDeliveryJobs } from "./delivery/enqueue.ts";
import { sendBroadcastSummaries } from "../src/usecases/broadcast-summaries.ts";
import { planRuleMeetings } from "../src/usecases/plan-rule-meetings.ts";
import { createPlannedQueue, type MeetingJobData, type PlannedJobData, type PlannedQueue, type RollupJobData } from "./planned/queue.ts";

export interface PlannerSummary {
  skipped?: "locked";
  requeued: number;
  /** Broadcasts whose missing Delivery rows were written (their writer had died). */
  broadcastsCompleted: number;
  broadcastSummaries: number;
  meetingsCreated: number;
  meetingsUpdated: number;
  jobsAdded: number;
  jobsRemoved: number;
  /** Jobs the planner wants to exist after this run. */
  jobsWanted: number;
}

export interface PlannerOptions {
  /** The planned queue to use (the scheduler role keeps one open); else one is opened for the run. */
  plannedQueue?: PlannedQueue;
  /** Where a broadcast that could not be completed is reported (the run goes on without it). */
  log?: Logger;
}

const LOCK_TTL_MS = 5 * 60_000;
const DAY_MS = 86_400_000;
/** A broadcast still writing its rows after this has lost its writer (a live one takes seconds). */
export const BROADCAST_WRITE_GRACE_MS = 60_000;
/** Job states in which a job has not run yet and can be taken back. */
const PENDING_STATES = ["delayed", "waiting", "prioritized"] as const;

type PlannerContext = Pick<AppContext, "db" | "redis" | "config" | "now">;

/** Redis lock so two scheduler processes never plan at once; released only by its owner. */
async function withLock<T>(ctx: Pick<AppContext, "redis" | "config">, fn: () => Promise<T>): Promise<T | "locked"> {
  const key = `${ctx.config.QUEUE_PREFIX}:planner-lock`;
  const token = randomUUID();
  if ((await ctx.redis.set(key, token, "PX", LOCK_TTL_MS, "NX")) !== "OK") return "locked";
  try {
    return await fn();
  } finally {
    await ctx.redis.eval(`if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`, 1, key, token);
  }
}

const EMPTY: Omit<PlannerSummary, "skipped"> = {
  requeued: 0,
  broadcastsCompleted: 0,
  broadcastSummaries: 0,
  meetingsCreated: 0,
  meetingsUpdated: 0,
  jobsAdded: 0,
  jobsRemoved: 0,
  jobsWanted: 0,
};

export async function runPlanner(ctx: PlannerContext, jobs: JobServices, options: PlannerOptions = {}): Promise<PlannerSummary> {
  const result = await withLock(ctx, async () => {
    const queue = options.plannedQueue ?? createPlannedQueue(ctx.redis, ctx.config.QUEUE_PREFIX);
    try {
      return await plan(ctx, jobs, queue, options.log);
    } finally {
      if (!options.plannedQueue) await queue.close();
    }
  });
  return result === "locked" ? { skipped: "locked", ...EMPTY } : result;
}

interface WantedJob {
  spec: PlannedJobSpec;
  data: PlannedJobData;
}

async function plan(ctx: PlannerContext, jobs: JobServices, queue: PlannedQueue, log?: Logger): Promise<PlannerSummary> {
  const { db, config } = ctx;
  const now = ctx.now();
  const summary: PlannerSummary = { ...EMPTY };

  // 1. Broadcasts left half-written, then deliveries whose job was lost (theirs included).
  summary.broadcastsCompleted = await completeUnwrittenBroadcasts(db, now, BROADCAST_WRITE_GRACE_MS, (broadcastId, error) =>
    log?.error({ err: error, broadcastId }, "planner: a half-written broadcast could not be completed; tried again next run"),
  );
  // In bulk: after a Redis loss this can be thousands of rows (existing job ids are ignored).
  const due = (await duePendingDeliveries(db, now)).flatMap((d) => (isDeliveryPlatform(d.platform) ? [{ id: d.id, platform: d.platform }] : []));
  await addDeliveryJobs(jobs.deliveryQueues, due);
  summary.requeued = due.length;

  // 1b. Summaries of finished broadcasts, to their authors.
  summary.broadcastSummaries = await sendBroadcastSummaries({ db, notifier: jobs.notifier, now });

  // 2. Meetings of the rules.
  const materialized = await planRuleMeetings({ db, now }, { horizonDays: config.PLANNER_HORIZON_DAYS });
  summary.meetingsCreated = materialized.created;
  summary.meetingsUpdated = materialized.updated;

  // 3. What every upcoming meeting and every supervised committee wants now.
  const quietHours: QuietHours = { start: config.quietHoursStart, end: config.quietHoursEnd };
  const horizonEnd = new Date(now.getTime() + config.PLANNER_HORIZON_DAYS * DAY_MS);
  const meetings = await meetingsToPlan(db, now, horizonEnd);
  const wanted = new Map<string, WantedJob>();
  for (const m of meetings) {
    const offsets = offsetsForMeeting(m.rule?.reminderOffsetsMinutes ?? null, config.REMINDER_OFFSETS);
    for (const spec of meetingJobs({ meetingId: m.id, startsAt: m.startsAt, offsetsMinutes: offsets, quietHours, zone: m.unit.timeZone, now })) {
      const data: MeetingJobData = {
        meetingId: m.id,
        startsAtMs: m.startsAt.getTime(),
        dueAtMs: spec.dueAt.getTime(),
        ...(spec.offsetMinutes !== undefined ? { offsetMinutes: spec.offsetMinutes } : {}),
      };
      wanted.set(spec.id, { spec, data });
    }
  }
  const committees = await supervisedCommittees(db);
  for (const c of committees) {
    for (const spec of rollupJobs(c.id, now, c.timeZone, quietHours)) {
      const data: RollupJobData = { committeeId: c.id, month: spec.month, dueAtMs: spec.dueAt.getTime() };
      wanted.set(spec.id, { spec, data });
    }
  }
  summary.jobsWanted = wanted.size;

  // 4. Take back pending jobs nobody wants any more (moved or cancelled meetings, superseded
  //    reminders). A job already running is not pending; its processor re-checks the meeting.
  const supervised = new Set(committees.map((c) => c.id));
  const pending = await queue.getRanges([...PENDING_STATES], 0, -1);
  for (const id of pending) {
    if (wanted.has(id)) continue;
    const parsed = parseJobId(id);
    if (!parsed) continue;
    // A roll-up is only taken back when its committee no longer gets one at all.
    if (parsed.kind === "rollup" && supervised.has(parsed.committeeId)) continue;
    summary.jobsRemoved += await queue.remove(id);
  }

  // 5. Add what is missing. BullMQ ignores an add whose id exists (also finished jobs, which are
  //    kept a week), so this is idempotent; the look-up first only keeps the count honest.
  const entries = [...wanted.values()];
  for (let i = 0; i < entries.length; i += 500) {
    const chunk = entries.slice(i, i + 500);
    const states = await Promise.all(chunk.map((w) => queue.getJobState(w.spec.id)));
    const missing = chunk.filter((_, j) => states[j] === "unknown");
    if (missing.length === 0) continue;
    await queue.addBulk(
      missing.map((w) => ({
        name: w.spec.kind,
        data: w.data,
        opts: { jobId: w.spec.id, delay: Math.max(0, w.spec.dueAt.getTime() - now.getTime()) },
      })),
    );
    summary.jobsAdded += missing.length;
  }
  return summary;
}
