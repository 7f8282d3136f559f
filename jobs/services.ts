// Queues and the Notifier's delivery port, shared by every role of a process.
import type { AppContext } from "../src/app.ts";
import type { EngineServices } from "../src/conversations/types.ts";
import type { NewDelivery } from "../src/db/deliveries.ts";
import { createDeliveryQueues, isDeliveryPlatform } from "./queues.ts";
import { addDeliveryJobs, queueDelivery, type DeliveryQueues } from "./delivery/enqueue.ts";
import { createNotifier, type DeliveryPort, type Notifier } from "../src/usecases/notifier.ts";
import type { QuietHours } from "../src/domain/reminders.ts";
import { silentLogger, type Logger } from "../src/log.ts";

export interface JobServices {
  deliveryQueues: DeliveryQueues;
  deliver: (input: NewDelivery) => Promise<{ id: string; created: boolean; status: string }>;
  /** What the Notifier queues through. */
  port: DeliveryPort;
  /** The Notifier for code that runs outside a conversation (the planner's summaries). */
  notifier: Notifier;
  engineServices: EngineServices;
  close(): Promise<void>;
}

export function createJobServices(ctx: Pick<AppContext, "db" | "redis" | "config" | "now"> & { log?: Logger }): JobServices {
  const deliveryQueues = createDeliveryQueues(ctx.redis, ctx.config.QUEUE_PREFIX);
  const deliver = (input: NewDelivery) => queueDelivery(ctx.db, deliveryQueues, input, ctx.now());
  const quietHours: QuietHours = { start: ctx.config.quietHoursStart, end: ctx.config.quietHoursEnd };
  const port: DeliveryPort = {
    deliver,
    async queueMany(rows) {
      await addDeliveryJobs(
        deliveryQueues,
        rows.flatMap((r) => (isDeliveryPlatform(r.platform) ? [{ id: r.id, platform: r.platform }] : [])),
      );
    },
  };
  return {
    deliveryQueues,
    deliver,
    port,
    notifier: createNotifier({ db: ctx.db, log: ctx.log ?? silentLogger, quietHours, port }),
    engineServices: { delivery: port, quietHours },
    async close() {
      await Promise.all(Object.values(deliveryQueues).map((q) => q.close()));
    },
  };
}
