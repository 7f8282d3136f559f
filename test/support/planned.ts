// Helpers for the planner and reminder tests: a planner context on a test database and a unique
// Redis prefix, running due planned jobs at a chosen "now", and wiping the prefix's Redis keys.
import type { Redis } from "ioredis";
import type { Db } from "../../src/db/client.ts";
import { loadConfig, type Config } from "../../src/config.ts";
import { createRedis } from "../../src/redis.ts";
import { silentLogger } from "../../src/log.ts";
import { findMembersByName } from "../../src/db/members.ts";
import { parseDateTime } from "../../src/domain/dates.ts";
import { createJobServices, type JobServices } from "../../jobs/services.ts";
import { createPlannedQueue, type PlannedQueue } from "../../jobs/planned/queue.ts";
import { processPlannedJob, type PlannedProcessorDeps } from "../../jobs/planned/processor.ts";
import { runPlanner, type PlannerSummary } from "../../jobs/planner.ts";
import { TEST_REDIS_URL } from "./redis.ts";

export const HCM = "Asia/Ho_Chi_Minh";

/** Local "dd/MM/yyyy HH:mm" in Ho Chi Minh City → Date (throws on a typo). */
export function at(text: string, zone = HCM): Date {
  const d = parseDateTime(text, zone);
  if (!d) throw new Error(`bad test date ${text}`);
  return d;
}

export interface PlannerRig {
  config: Config;
  redis: Redis;
  jobs: JobServices;
  queue: PlannedQueue;
  clock: { now: Date };
  plan(): Promise<PlannerSummary>;
  deps(): PlannedProcessorDeps;
  /** Ids of jobs that have not run (delayed, waiting, prioritized). */
  pendingIds(): Promise<string[]>;
  /** Runs every pending job due at the clock's now, in due order, as a worker would; returns their results. */
  runDue(): Promise<Array<{ id: string; result: string }>>;
  close(): Promise<void>;
}

export function testConfig(prefix: string, extra: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: "test", QUEUE_PREFIX: prefix, REDIS_URL: TEST_REDIS_URL, LOG_LEVEL: "silent", ...extra });
}

export function createPlannerRig(db: Db, prefix: string, clock: { now: Date }, extraEnv: Record<string, string> = {}): PlannerRig {
  const config = testConfig(prefix, extraEnv);
  const redis = createRedis(config.REDIS_URL);
  const ctx = { db, redis, config, now: () => clock.now };
  const jobs = createJobServices(ctx);
  const queue = createPlannedQueue(redis, prefix);
  const deps = (): PlannedProcessorDeps => ({
    db,
    queues: jobs.deliveryQueues,
    now: () => clock.now,
    log: silentLogger,
    quietHours: { start: config.quietHoursStart, end: config.quietHoursEnd },
    reminderOffsets: config.REMINDER_OFFSETS,
  });
  const rig: PlannerRig = {
    config,
    redis,
    jobs,
    queue,
    clock,
    plan: () => runPlanner(ctx, jobs, { plannedQueue: queue }),
    deps,
    pendingIds: () => queue.getRanges(["delayed", "waiting", "prioritized"], 0, -1),
    async runDue() {
      const ids = await rig.pendingIds();
      const found = await Promise.all(ids.map((id) => queue.getJob(id)));
      const due = found
        .filter((j): j is NonNullable<typeof j> => j !== undefined && j.data.dueAtMs <= clock.now.getTime())
        .sort((a, b) => a.data.dueAtMs - b.data.dueAtMs);
      const out: Array<{ id: string; result: string }> = [];
      for (const job of due) out.push({ id: job.id!, result: await processPlannedJob(deps(), job) });
      return out;
    },
    async close() {
      await queue.close();
      await jobs.close();
      await flushPrefix(redis, prefix).catch(() => 0);
      await redis.quit().catch(() => redis.disconnect());
    },
  };
  return rig;
}

/** Deletes every Redis key of the prefix, as if Redis had lost its data. */
export async function flushPrefix(redis: Redis, prefix: string): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== "0");
  return deleted;
}

export async function memberId(db: Db, name: string): Promise<string> {
  const found = await findMembersByName(db, name);
  if (found.length !== 1) throw new Error(`expected one member named ${name}, found ${found.length}`);
  return found[0]!.id;
}

/** Gives the member a Telegram account (what proactive messages need). */
export async function linkTelegram(db: Db, name: string): Promise<string> {
  const id = await memberId(db, name);
  const external = `tg-${id}`;
  await db.identity.create({ data: { platform: "TELEGRAM", externalUserId: external, chatId: external, memberId: id } });
  return id;
}
