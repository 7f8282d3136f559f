// The one way a proactive message leaves: a Delivery row first, then a job whose id is the row's id.
import type { Queue } from "bullmq";
import type { Db } from "../../src/db/client.ts";
import { createDelivery, type NewDelivery } from "../../src/db/deliveries.ts";
import { isDeliveryPlatform, type DeliveryJob, type DeliveryPlatform } from "../queues.ts";

export type DeliveryQueues = Record<DeliveryPlatform, Queue<DeliveryJob>>;

export async function queueDelivery(db: Db, queues: DeliveryQueues, input: NewDelivery, now: Date): Promise<{ id: string; created: boolean; status: string }> {
  const row = await createDelivery(db, input);
  if (row.status === "PENDING" && isDeliveryPlatform(row.platform)) await addDeliveryJob(queues, row.id, row.platform, row.notBefore, now);
  return row;
}

/** Many jobs in one round trip per platform (broadcasts); ids as in addDeliveryJob. */
export async function addDeliveryJobs(queues: DeliveryQueues, rows: { id: string; platform: DeliveryPlatform }[]): Promise<void> {
  for (const platform of Object.keys(queues) as DeliveryPlatform[]) {
    const jobs = rows.filter((r) => r.platform === platform).map((r) => ({ name: "deliver", data: { deliveryId: r.id }, opts: { jobId: r.id } }));
    for (let i = 0; i < jobs.length; i += 1000) await queues[platform].addBulk(jobs.slice(i, i + 1000));
  }
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
