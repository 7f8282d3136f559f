// BullMQ queue names and options. Payloads carry ids only: no names, phones or texts in Redis.
import { Queue, type ConnectionOptions, type JobsOptions } from "bullmq";
import { MESSENGER_PLATFORMS, type Platform } from "../src/domain/vocabulary.ts";

export const DELIVERY_PLATFORMS = MESSENGER_PLATFORMS;
export type DeliveryPlatform = (typeof DELIVERY_PLATFORMS)[number];

export const deliveryQueueName = (platform: DeliveryPlatform) => `delivery-${platform.toLowerCase()}`;
export const PLANNED_QUEUE = "planned";

export interface DeliveryJob {
  deliveryId: string;
}

export const DELIVERY_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2000, jitter: 0.5 },
  // Finished jobs are removed at once: the Delivery rows in PostgreSQL are the record (status,
  // attempts, last error, platform message id) and the logs say why a job failed. A kept job would
  // only get in the way: BullMQ ignores an add whose id exists, so a kept failed job would stop the
  // planner from re-queueing its still-PENDING row. Running a job again is harmless (the row says
  // SENT), which is what makes exactly-once independent of what Redis remembers.
  removeOnComplete: true,
  removeOnFail: true,
};

/**
 * BullMQ's limiter for a delivery queue. The platform's rate itself is kept by the send gate
 * (delivery/processor.ts), which spaces sends evenly; this limiter only caps fetching at twice
 * that rate, in windows of about 250 ms, and is what makes queue.rateLimit (the pause after a 429)
 * hold the queue: BullMQ honours that pause only on a queue with a limiter.
 */
export function deliveryLimiter(ratePerSecond: number): { max: number; duration: number } {
  const rate = 2 * Math.max(1, ratePerSecond);
  const max = Math.max(1, Math.ceil(rate / 4));
  return { max, duration: Math.round((1000 * max) / rate) };
}

export function createDeliveryQueues(connection: ConnectionOptions, prefix: string): Record<DeliveryPlatform, Queue<DeliveryJob>> {
  return {
    TELEGRAM: new Queue<DeliveryJob>(deliveryQueueName("TELEGRAM"), { connection, prefix, defaultJobOptions: DELIVERY_JOB_OPTIONS }),
    ZALO: new Queue<DeliveryJob>(deliveryQueueName("ZALO"), { connection, prefix, defaultJobOptions: DELIVERY_JOB_OPTIONS }),
  };
}

export function isDeliveryPlatform(p: Platform | null | undefined): p is DeliveryPlatform {
  return p === "TELEGRAM" || p === "ZALO";
}
