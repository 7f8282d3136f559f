// The planner: PostgreSQL holds what is due; this makes sure a BullMQ job exists for it.
// Running it again adds nothing (deterministic job ids; existing ids are ignored by BullMQ).
import { randomUUID } from "node:crypto";
import type { AppContext } from "../src/app.ts";
import { duePendingDeliveries } from "../src/db/deliveries.ts";
import type { JobServices } from "./services.ts";
import { isDeliveryPlatform } from "./queues.ts";
import { addDeliveryJob } from "./delivery/enqueue.ts";

export interface PlannerSummary {
  skipped?: "locked";
  requeued: number;
}

const LOCK_TTL_MS = 5 * 60_000;

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

export async function runPlanner(ctx: Pick<AppContext, "db" | "redis" | "config" | "now">, jobs: JobServices): Promise<PlannerSummary> {
  const result = await withLock(ctx, async () => {
    const now = ctx.now();
    // Deliveries whose job was lost (Redis restarted or flushed, a crash between insert and add).
    let requeued = 0;
    for (const d of await duePendingDeliveries(ctx.db, now)) {
      if (!isDeliveryPlatform(d.platform)) continue;
      await addDeliveryJob(jobs.deliveryQueues, d.id, d.platform, null, now);
      requeued += 1;
    }
    return { requeued };
  });
  return result === "locked" ? { skipped: "locked", requeued: 0 } : result;
}
