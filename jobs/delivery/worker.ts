// The BullMQ Worker of one platform's delivery queue, built the same way by the worker role, the
// tests and the benchmarks. Several of these (in one process or many) may serve the same queue:
// BullMQ hands each job to one of them, the queue's limiter is shared through Redis, and the
// Delivery rows keep every message exactly-once whatever runs twice.
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Db } from "../../src/db/client.ts";
import type { Logger } from "../../src/log.ts";
import type { ChannelAdapter, Platform } from "../../src/channels/types.ts";
import { deliveryLimiter, deliveryQueueName, type DeliveryJob, type DeliveryPlatform } from "../queues.ts";
import { createDeliveryProcessor, type DeliveryProcessorDeps } from "./processor.ts";
import type { DeliveryQueues } from "./enqueue.ts";

export interface DeliveryTimings {
  /** How long a worker's lock on a job lasts without renewal (a dead worker's jobs stall after it). */
  lockDurationMs: number;
  /** How often stalled jobs (of dead workers) are looked for and put back. */
  stalledIntervalMs: number;
  /** A job may stall this often before it fails; re-running one is safe (the row decides). */
  maxStalledCount: number;
  /** See DeliveryProcessorDeps.staleClaimMs: longer than the longest send. */
  staleClaimMs: number;
  perChatIntervalMs: number;
}

/** Production timings. A send must finish within half of staleClaimMs: the adapters time out after 30 s. */
export const DEFAULT_DELIVERY_TIMINGS: Readonly<DeliveryTimings> = {
  lockDurationMs: 30_000,
  stalledIntervalMs: 30_000,
  maxStalledCount: 5,
  staleClaimMs: 65_000,
  perChatIntervalMs: 1000,
};

export interface DeliveryWorkerOptions {
  platform: DeliveryPlatform;
  db: Db;
  /** BullMQ opens (and closes) its own connections to this URL. */
  redisUrl: string;
  /** A plain (non-blocking) connection for the send gate and pauses; shared, not closed here. */
  redis: Redis;
  prefix: string;
  log: Logger;
  adapter: (platform: Platform) => ChannelAdapter | undefined;
  queues: DeliveryQueues;
  /** The platform's allowed rate (messages a second, all chats together). */
  ratePerSecond: number;
  /** Runs at once; raised to deliveryConcurrency's floor for the rate. */
  concurrency: number;
  groupPerMinute: number;
  now?: () => Date;
  timings?: Partial<DeliveryTimings>;
  onOutcome?: DeliveryProcessorDeps["onOutcome"];
  /** Worker name (shows in Redis CLIENT LIST and in logs). */
  name?: string;
}

/**
 * Runs one worker keeps going at once: at least a second's worth of sends at the platform's rate.
 * Each run waits for its reserved instant, then claims, sends and marks (two database writes and a
 * platform round trip, ~150 ms from Vietnam): with fewer runs than that in flight, the rate is
 * capped by how long a run takes (10 runs at 200/s left 50 ms each), not by the platform.
 */
export function deliveryConcurrency(concurrency: number, ratePerSecond: number): number {
  return Math.max(concurrency, Math.ceil(ratePerSecond));
}

export function createDeliveryWorker(options: DeliveryWorkerOptions): Worker<DeliveryJob> {
  const timings = { ...DEFAULT_DELIVERY_TIMINGS, ...options.timings };
  const { log, platform } = options;
  const processor = createDeliveryProcessor({
    db: options.db,
    redis: options.redis,
    prefix: options.prefix,
    log,
    adapter: options.adapter,
    platform,
    queue: options.queues[platform],
    queues: options.queues,
    now: options.now ?? (() => new Date()),
    staleClaimMs: timings.staleClaimMs,
    perChatIntervalMs: timings.perChatIntervalMs,
    groupPerMinute: options.groupPerMinute,
    ratePerSecond: options.ratePerSecond,
    ...(options.onOutcome ? { onOutcome: options.onOutcome } : {}),
  });
  const worker = new Worker<DeliveryJob>(deliveryQueueName(platform), processor, {
    connection: { url: options.redisUrl },
    prefix: options.prefix,
    concurrency: deliveryConcurrency(options.concurrency, options.ratePerSecond),
    limiter: deliveryLimiter(options.ratePerSecond),
    lockDuration: timings.lockDurationMs,
    stalledInterval: timings.stalledIntervalMs,
    maxStalledCount: timings.maxStalledCount,
    ...(options.name ? { name: options.name } : {}),
  });
  worker.on("error", (error) => log.error({ err: error.message, queue: worker.name }, "worker error"));
  worker.on("stalled", (jobId) => log.warn({ jobId, queue: worker.name }, "job stalled (a worker died?); it will run again"));
  worker.on("failed", (job, error) => log.warn({ jobId: job?.id, queue: worker.name, err: error.message }, "job failed"));
  return worker;
}

/**
 * Graceful stop: no new jobs; the running ones may finish within timeoutMs. Resolves true when
 * everything finished in time, false when the caller should exit anyway.
 */
export async function stopWorkers(workers: Worker[], timeoutMs: number, log: Logger): Promise<boolean> {
  const closing = Promise.all(workers.map((w) => w.close()));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((r) => {
    timer = setTimeout(() => r("timeout"), timeoutMs);
    timer.unref();
  });
  const outcome = await Promise.race([closing.then(() => "closed" as const), timeout]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    // BullMQ's close(true) would only return the close already under way: the caller exits instead,
    // and the unfinished jobs stall and run again in another worker (their rows prevent doubles).
    log.warn({ timeoutMs }, "workers did not finish in time; leaving their jobs to run again elsewhere");
    return false;
  }
  return true;
}
