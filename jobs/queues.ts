// BullMQ queue names and options. Payloads carry ids only: no names, phones or texts in Redis.
import { Queue, type ConnectionOptions, type JobsOptions } from "bullmq";
import type { Platform } from "../src/channels/types.ts";

export const DELIVERY_PLATFORMS = ["TELEGRAM", "ZALO"] as const satisfies readonly Platform[];
export type DeliveryPlatform = (typeof DELIVERY_PLATFORMS)[number];

export const deliveryQueueName = (platform: DeliveryPlatform) => `delivery-${platform.toLowerCase()}`;
export const PLANNED_QUEUE = "planned";

export interface DeliveryJob {
  deliveryId: string;
}

export const DELIVERY_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2000, jitter: 0.5 },
  // Trim finished jobs: the Delivery rows in PostgreSQL are the record.
  removeOnComplete: { age: 3600, count: 1000 },
  removeOnFail: { age: 24 * 3600, count: 5000 },
};

export function createDeliveryQueues(connection: ConnectionOptions, prefix: string): Record<DeliveryPlatform, Queue<DeliveryJob>> {
  return {
    TELEGRAM: new Queue<DeliveryJob>(deliveryQueueName("TELEGRAM"), { connection, prefix, defaultJobOptions: DELIVERY_JOB_OPTIONS }),
    ZALO: new Queue<DeliveryJob>(deliveryQueueName("ZALO"), { connection, prefix, defaultJobOptions: DELIVERY_JOB_OPTIONS }),
  };
}

export function isDeliveryPlatform(p: Platform | null | undefined): p is DeliveryPlatform {
  return p === "TELEGRAM" || p === "ZALO";
}
