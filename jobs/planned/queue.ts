// The "planned" queue: delayed jobs for meeting reminders, nudges, the chi ủy digest and the
// committee roll-ups. Job ids are deterministic (src/domain/meeting-jobs.ts), payloads carry ids
// and instants only. PostgreSQL holds what is due; this queue can be rebuilt from it at any time.
import { Queue, type ConnectionOptions, type JobsOptions } from "bullmq";
import { PLANNED_QUEUE } from "../queues.ts";
import type { PlannedJobKind } from "../../src/domain/meeting-jobs.ts";

export interface MeetingJobData {
  meetingId: string;
  /** Meeting start (epoch ms) the job was planned for; the processor re-checks it. */
  startsAtMs: number;
  offsetMinutes?: number;
  dueAtMs: number;
}

export interface RollupJobData {
  committeeId: string;
  /** "2026-12": the month whose day 1 it is sent on. */
  month: string;
  dueAtMs: number;
}

export type PlannedJobData = MeetingJobData | RollupJobData;
export type PlannedQueue = Queue<PlannedJobData, string, PlannedJobKind>;

export const PLANNED_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 5000, jitter: 0.5 },
  // Finished jobs are kept a week: while a job id is known, adding it again is a no-op, so the
  // planner's catch-up (a reminder due while it was down) never runs a finished job twice. After
  // that the job is no longer wanted anyway; and if Redis loses it, the Delivery rows' dedupe keys
  // keep a re-run from sending anything again.
  removeOnComplete: { age: 7 * 24 * 3600 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export function createPlannedQueue(connection: ConnectionOptions, prefix: string): PlannedQueue {
  return new Queue<PlannedJobData, string, PlannedJobKind>(PLANNED_QUEUE, { connection, prefix, defaultJobOptions: PLANNED_JOB_OPTIONS });
}
