// The one way a proactive message leaves: a Delivery row first, then a job whose id is the row's id.
import type { Queue } from "bullmq";
import type { Db } from "../../src/db/client.ts";
import { createDelivery, type NewDelivery } from "../../src/db/deliveries.ts";
import { isDeliveryPlatform, type DeliveryJob, type DeliveryPlatform } from "../queues.ts";

export type DeliveryQueues = Record<DeliveryPlatform, Queue<DeliveryJob>>;

export async function queueDelivery(
  db: Db,
  queues: DeliveryQueues,
  input: NewDelivery,
  now: Date,
): Promise<{ id: string; created: boolean; status: string }> {
  const row = await createDelivery(db, input);
  if (row.status === "PENDING" && isDeliveryPlatform(row.platform)) await addDeliveryJob(queues, row.id, row.platform, row.notBefore, now);
  return row;
}

/** Idempotent: BullMQ ignores an add whose job id already exists. */
export async function addDeliveryJob(
  queues: DeliveryQueues,
  deliveryId: string,
  platform: DeliveryPlatform,
  notBefore: Date | null,
  now: Date,
  jobIdSuffix = "",
): Promise<void> {
  const delay = notBefore ? Math.max(0, notBefore.getTime() - now.getTime()) : 0;
  await queues[platform].add("deliver", { deliveryId }, { jobId: `${deliveryId}${jobIdSuffix}`, delay });
}
