// The worker role: BullMQ workers for the delivery queues (one per platform with an adapter).
// Several worker processes may run at once; the Delivery rows keep sends exactly-once.
import { Worker } from "bullmq";
import type { AppContext } from "../src/app.ts";
import { createRedis } from "../src/redis.ts";
import type { JobServices } from "./services.ts";
import { DELIVERY_PLATFORMS, deliveryQueueName, type DeliveryJob } from "./queues.ts";
import { createDeliveryProcessor } from "./delivery/processor.ts";

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
    const rate = platform === "TELEGRAM" ? config.TELEGRAM_RATE_PER_SECOND : config.ZALO_RATE_PER_SECOND;
    const processor = createDeliveryProcessor({
      db: ctx.db,
      redis,
      prefix: config.QUEUE_PREFIX,
      log,
      adapter: (p) => ctx.adapters.get(p),
      queue: jobs.deliveryQueues[platform],
      queues: jobs.deliveryQueues,
      now: ctx.now,
      staleClaimMs: 60_000,
      perChatIntervalMs: 1000,
      groupPerMinute: config.TELEGRAM_GROUP_PER_MINUTE,
      onOutcome: (p, status) => ctx.metrics.deliveries.inc({ platform: p, status }),
    });
    const worker = new Worker<DeliveryJob>(deliveryQueueName(platform), processor, {
      connection: createRedis(config.REDIS_URL),
      prefix: config.QUEUE_PREFIX,
      concurrency: config.WORKER_CONCURRENCY,
      limiter: { max: rate, duration: 1000 },
      lockDuration: 30_000,
    });
    worker.on("error", (error) => log.error({ err: error.message, queue: worker.name }, "worker error"));
    worker.on("stalled", (jobId) => log.warn({ jobId, queue: worker.name }, "job stalled (a worker died?); it will run again"));
    worker.on("failed", (job, error) => log.warn({ jobId: job?.id, queue: worker.name, err: error.message }, "job failed"));
    workers.push(worker);
  }
  log.info({ queues: workers.map((w) => w.name) }, "workers started");
  return {
    workers,
    async stop() {
      // close() stops taking jobs and waits for the running ones; bounded by SHUTDOWN_TIMEOUT_MS.
      const closing = Promise.all(workers.map((w) => w.close()));
      const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), config.SHUTDOWN_TIMEOUT_MS).unref());
      if ((await Promise.race([closing, timeout])) === "timeout") {
        log.warn("workers did not finish in time; forcing close (their jobs will be retried)");
        await Promise.all(workers.map((w) => w.close(true)));
      }
      redis.disconnect();
    },
  };
}
