// The worker role: BullMQ workers for the delivery queues (one per platform with an adapter) and
// for the planned queue (reminders, nudges, digests, roll-ups: they write Delivery rows).
// Several worker processes may run at once; the Delivery rows keep sends exactly-once.
import { Worker } from "bullmq";
import type { AppContext } from "../src/app.ts";
import { createRedis } from "../src/redis.ts";
import type { JobServices } from "./services.ts";
import { DELIVERY_PLATFORMS, PLANNED_QUEUE } from "./queues.ts";
import { createDeliveryWorker, stopWorkers } from "./delivery/worker.ts";
import { createPlannedProcessor } from "./planned/processor.ts";
import { createMemberImportWorker } from "./member-import.ts";
import type { PlannedJobData } from "./planned/queue.ts";
import type { PlannedJobKind } from "../src/domain/meeting-jobs.ts";

export interface RunningWorkers {
  workers: Worker[];
  stop(): Promise<void>;
}

export async function startWorkerRole(ctx: AppContext, jobs: JobServices): Promise<RunningWorkers> {
  const { config, log } = ctx;
  const workers: Worker[] = [];
  // Commands (rate-limit keys) go over a plain connection; each Worker opens its own blocking one.
  const redis = createRedis(config.REDIS_URL);
  redis.on("error", () => {});
  for (const platform of DELIVERY_PLATFORMS) {
    if (!ctx.adapters.get(platform)) continue;
    workers.push(
      createDeliveryWorker({
        platform,
        db: ctx.db,
        redisUrl: config.REDIS_URL,
        redis,
        prefix: config.QUEUE_PREFIX,
        log,
        adapter: (p) => ctx.adapters.get(p),
        queues: jobs.deliveryQueues,
        ratePerSecond: platform === "TELEGRAM" ? config.TELEGRAM_RATE_PER_SECOND : config.ZALO_RATE_PER_SECOND,
        concurrency: config.WORKER_CONCURRENCY,
        groupPerMinute: config.TELEGRAM_GROUP_PER_MINUTE,
        now: ctx.now,
        onOutcome: (p, status) => ctx.metrics.deliveries.inc({ platform: p, status }),
      }),
    );
  }
  const planned = createPlannedProcessor({
    db: ctx.db,
    queues: jobs.deliveryQueues,
    now: ctx.now,
    log,
    quietHours: { start: config.quietHoursStart, end: config.quietHoursEnd },
    reminderOffsets: config.REMINDER_OFFSETS,
    dashboardUrl: config.dashboardUrl,
  });
  const plannedWorker = new Worker<PlannedJobData, string, PlannedJobKind>(PLANNED_QUEUE, (job) => planned(job), {
    connection: createRedis(config.REDIS_URL),
    prefix: config.QUEUE_PREFIX,
    concurrency: Math.min(config.WORKER_CONCURRENCY, 4),
    lockDuration: 120_000,
  });
  plannedWorker.on("error", (error) => log.error({ err: error.message, queue: PLANNED_QUEUE }, "worker error"));
  plannedWorker.on("failed", (job, error) => log.warn({ jobId: job?.id, queue: PLANNED_QUEUE, err: error.message }, "planned job failed"));
  plannedWorker.on("completed", (job, result) => log.debug({ jobId: job.id, result }, "planned job done"));
  workers.push(plannedWorker as unknown as Worker);
  workers.push(createMemberImportWorker({ db: ctx.db, log, redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX }));
  log.info({ queues: workers.map((w) => w.name) }, "workers started");
  return {
    workers,
    async stop() {
      // close() stops taking jobs and waits for the running ones; bounded by SHUTDOWN_TIMEOUT_MS.
      await stopWorkers(workers, config.SHUTDOWN_TIMEOUT_MS, log);
      redis.disconnect();
    },
  };
}
