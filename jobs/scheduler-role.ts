// The scheduler role: node-cron runs the planner every few minutes. A Redis lock makes sure only
// one planner acts at a time even when two scheduler processes run.
import cron from "node-cron";
import type { AppContext } from "../src/app.ts";
import type { JobServices } from "./services.ts";
import { runPlanner } from "./planner.ts";
import { createPlannedQueue } from "./planned/queue.ts";

export async function startSchedulerRole(ctx: AppContext, jobs: JobServices): Promise<{ stop(): Promise<void> }> {
  let running: Promise<unknown> | undefined;
  const plannedQueue = createPlannedQueue(ctx.redis, ctx.config.QUEUE_PREFIX);
  const tick = () => {
    if (running) return;
    running = runPlanner(ctx, jobs, { plannedQueue, log: ctx.log })
      .then((summary) => ctx.log.debug({ summary }, "planner run"))
      .catch((error: unknown) => ctx.log.error({ err: error }, "planner run failed"))
      .finally(() => (running = undefined));
  };
  const task = cron.schedule(ctx.config.PLANNER_CRON, tick, { timezone: ctx.config.DEFAULT_TIME_ZONE });
  tick(); // at start too: catch up after downtime
  return {
    async stop() {
      await task.stop();
      await running;
      await plannedQueue.close();
    },
  };
}
