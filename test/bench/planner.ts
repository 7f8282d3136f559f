// Benchmark: the planner (jobs/planner.ts runPlanner) over 100,000 members in 4,000 cells under
// 40 committees: every cell has a meeting rule ("day 5 each month, 14:00"), every committee a
// supervisor (so it gets a monthly roll-up), every member a linked account. The first run
// materializes the meetings of the horizon and adds their jobs (reminders, nudge, digest) and the
// roll-ups; the second run must add nothing.
//   npm run bench -- planner [--cells=4000] [--members=100000] [--committees=40]
import { loadConfig } from "../../src/config.ts";
import { createRedis } from "../../src/redis.ts";
import { createJobServices } from "../../jobs/services.ts";
import { runPlanner } from "../../jobs/planner.ts";
import { createPlannedQueue } from "../../jobs/planned/queue.ts";
import { TEST_REDIS_URL, uniquePrefix } from "../support/redis.ts";
import { generateParty, type CommitteeSpec } from "./data.ts";
import { intArg, openBenchDb, seconds } from "./support.ts";

export async function run(args: Record<string, string>): Promise<string> {
  const cells = intArg(args, "cells", 4000);
  const totalMembers = intArg(args, "members", 100_000);
  const committeeCount = intArg(args, "committees", 40);
  const membersPerCell = Math.max(1, Math.round(totalMembers / cells));
  const prefix = uniquePrefix("bench_planner");
  const bench = await openBenchDb();
  const redis = createRedis(TEST_REDIS_URL);
  const config = loadConfig({ DATABASE_URL: bench.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix });
  const now = new Date();
  const ctx = { db: bench.db, redis, config, now: () => now };
  const jobs = createJobServices(ctx);
  const plannedQueue = createPlannedQueue(redis, prefix);
  try {
    const started = Date.now();
    const committees: CommitteeSpec[] = Array.from({ length: committeeCount }, (_, i) => ({
      key: `d${i}`,
      name: `Đảng bộ số ${i + 1}`,
      cells: Math.floor(cells / committeeCount) + (i < cells % committeeCount ? 1 : 0),
      membersPerCell,
    }));
    const party = await generateParty(bench.sql, { now, committees, meetingRules: true, supervisors: true });
    console.log(`planner: generated in ${seconds(Date.now() - started)} s: ${JSON.stringify(party.rows)}`);

    const firstStarted = performance.now();
    const first = await runPlanner(ctx, jobs, { plannedQueue });
    const firstMs = performance.now() - firstStarted;
    const afterFirst = await plannedQueue.getJobCounts("delayed", "waiting", "prioritized");
    console.log(`  first run: ${(firstMs / 1000).toFixed(2)} s ${JSON.stringify(first)}; queue ${JSON.stringify(afterFirst)}`);

    const secondStarted = performance.now();
    const second = await runPlanner(ctx, jobs, { plannedQueue });
    const secondMs = performance.now() - secondStarted;
    const afterSecond = await plannedQueue.getJobCounts("delayed", "waiting", "prioritized");
    console.log(`  second run: ${(secondMs / 1000).toFixed(2)} s ${JSON.stringify(second)}; queue ${JSON.stringify(afterSecond)}`);
    const queued = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
    const added2 = queued(afterSecond) - queued(afterFirst);
    return `planner: members=${party.members} cells=${cells} meetings=${first.meetingsCreated} jobs=${first.jobsAdded} first=${seconds(firstMs)}s second=${seconds(secondMs)}s second_added=${second.jobsAdded} (queue +${added2})`;
  } finally {
    await plannedQueue.obliterate({ force: true }).catch(() => undefined);
    await plannedQueue.close().catch(() => undefined);
    for (const q of Object.values(jobs.deliveryQueues)) await q.obliterate({ force: true }).catch(() => undefined);
    await jobs.close().catch(() => undefined);
    const keys = await redis.keys(`${prefix}:*`).catch(() => [] as string[]);
    if (keys.length > 0) await redis.del(...keys).catch(() => undefined);
    redis.disconnect();
    await bench.drop();
  }
}
