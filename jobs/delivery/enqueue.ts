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

/**
 * A broadcast's jobs go in growing batches (20, 200, then 1,000 at a time): a worker starts
 * sending while the rest are added (adding 1,000 jobs takes a few hundred ms, during which nothing
 * went out), and a batch ten times larger takes about as long to add as the one before takes to send.
 */
const FIRST_JOB_BATCH = 20;
const MAX_JOB_BATCH = 1000;

/** Many jobs in few round trips (broadcasts), in the order given, each platform's side by side; ids as in addDeliveryJob. */
export async function addDeliveryJobs(queues: DeliveryQueues, rows: { id: string; platform: DeliveryPlatform }[]): Promise<void> {
  await Promise.all(
    (Object.keys(queues) as DeliveryPlatform[]).map(async (platform) => {
      const jobs = rows.filter((r) => r.platform === platform).map((r) => ({ name: "deliver", data: { deliveryId: r.id }, opts: { jobId: r.id } }));
      for (let i = 0, size = FIRST_JOB_BATCH; i < jobs.length; i += size, size = Math.min(MAX_JOB_BATCH, size * 10)) {
        const batch = jobs.slice(i, i + size);
        // The first batch one job at a time: BullMQ's addBulk wakes an idle worker for its first job
        // only, and the worker took the rest about a second later (a broadcast's first second lost).
        if (i === 0) await Promise.all(batch.map((j) => queues[platform].add(j.name, j.data, j.opts)));
        else await queues[platform].addBulk(batch);
      }
    }),
  );
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
