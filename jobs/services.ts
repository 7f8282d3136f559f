// Queues and the engine's proactive side effects, shared by every role of a process.
import type { AppContext } from "../src/app.ts";
import type { EngineServices } from "../src/conversations/types.ts";
import { createBroadcast } from "../src/db/broadcasts.ts";
import type { NewDelivery } from "../src/db/deliveries.ts";
import { createDeliveryQueues, isDeliveryPlatform, type DeliveryPlatform } from "./queues.ts";
import type { Platform } from "../src/channels/types.ts";
import { addDeliveryJobs, queueDelivery, type DeliveryQueues } from "./delivery/enqueue.ts";

export interface JobServices {
  deliveryQueues: DeliveryQueues;
  deliver(input: NewDelivery): Promise<{ id: string; created: boolean; status: string }>;
  engineServices: EngineServices;
  close(): Promise<void>;
}

export function createJobServices(ctx: Pick<AppContext, "db" | "redis" | "config" | "now">): JobServices {
  const deliveryQueues = createDeliveryQueues(ctx.redis, ctx.config.QUEUE_PREFIX);
  const deliver = (input: NewDelivery) => queueDelivery(ctx.db, deliveryQueues, input, ctx.now());
  return {
    deliveryQueues,
    deliver,
    engineServices: {
      async broadcast({ unitId, authorId, text }) {
        const { deliveries } = await createBroadcast(ctx.db, { unitId, authorId, text, message: { kind: "text", text } });
        const pending = deliveries.flatMap((d) => (d.status === "PENDING" && isDeliveryPlatform(d.platform as Platform | null) ? [{ id: d.id, platform: d.platform as DeliveryPlatform }] : []));
        await addDeliveryJobs(deliveryQueues, pending);
        return deliveries.length;
      },
      async notifyMember({ memberId, purpose, dedupeKey, message }) {
        await deliver({ purpose, dedupeKey, memberId, message });
      },
    },
    async close() {
      await Promise.all(Object.values(deliveryQueues).map((q) => q.close()));
    },
  };
}
