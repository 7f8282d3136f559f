// Benchmark: a broadcast (thông báo) to N members through the real delivery path — the engine's
// broadcast service (the broadcast row, then one Delivery per member in growing chunks, each chunk
// queued once committed), BullMQ workers
// built like the worker role's, the real Telegram adapter — against the fake Bot API enforcing
// `rate` messages/s overall and 1/s per chat, answering 429 with retry_after beyond that.
// The workers are configured at the same rate. Efficiency = (N / rate) / elapsed, elapsed running
// from the broadcast call to the last message reaching the platform: the time to write and queue
// the rows counts, and so does every gap in sending. Also printed: when the first message went out
// and the rate from the first to the last.
// By default it runs at Telegram's default rate (25/s, 1,000 members: 40 s of sending) and at
// 200/s (5,000 members: 25 s), one after the other, and prints both; --rate picks one or more.
// The workers run as separate processes, as in production (ROLES=worker); --inprocess runs them in
// this process instead (like `npm start` with every role in one process).
//   npm run bench -- broadcast [--rate=25,200] [--n=…] [--workers=1] [--concurrency=10] [--inprocess]
import type { Worker } from "bullmq";
import { loadConfig } from "../../src/config.ts";
import { silentLogger } from "../../src/log.ts";
import { createRedis } from "../../src/redis.ts";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import { createJobServices } from "../../jobs/services.ts";
import { createDeliveryWorker, deliveryConcurrency } from "../../jobs/delivery/worker.ts";
import { startFakeTelegram } from "../fakes/fake-telegram.ts";
import { TEST_REDIS_URL, uniquePrefix } from "../support/redis.ts";
import { spawnDeliveryWorker, type WorkerProcess } from "../support/delivery-worker-process.ts";
import { bulkInsert, fullNameOf, idOf, intArg, intListArg, openBenchDb, searchNameOf, seconds } from "./support.ts";

/** Members for a run at `rate`: 40 s of sending, between 1,000 and 5,000. */
const defaultCount = (rate: number) => Math.min(5000, Math.max(1000, rate * 40));

export async function run(args: Record<string, string>): Promise<string> {
  const lines: string[] = [];
  for (const rate of intListArg(args, "rate", [25, 200])) lines.push(await runAt(rate, intArg(args, "n", defaultCount(rate)), args));
  return `broadcast: ${lines.join(" | ")}`;
}

async function runAt(rate: number, n: number, args: Record<string, string>): Promise<string> {
  const workerCount = intArg(args, "workers", 1);
  const concurrency = intArg(args, "concurrency", 10);
  const prefix = uniquePrefix("bench");
  const bench = await openBenchDb({ poolSize: Math.max(10, concurrency * workerCount + 2) });
  const tg = await startFakeTelegram({ ratePerSecond: rate, perChatPerSecond: 1 });
  const config = loadConfig({
    DATABASE_URL: bench.url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: prefix,
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_RATE_PER_SECOND: String(rate),
    WORKER_CONCURRENCY: String(concurrency),
  });
  const redis = createRedis(config.REDIS_URL);
  const ctx = { db: bench.db, redis, config, now: () => new Date() };
  const jobs = createJobServices(ctx);
  const workers: Worker[] = [];
  const processes: WorkerProcess[] = [];
  try {
    // N members of one cell, each with a Telegram account (own chat).
    const unitId = "bench_unit";
    await bench.db.unit.create({ data: { id: unitId, name: "Chi bộ Thử tải", kind: "CELL" } });
    const now = new Date().toISOString();
    const members = Array.from({ length: n }, (_, i) => {
      const fullName = fullNameOf(i);
      return [idOf("m", i), unitId, fullName, searchNameOf(fullName), i === 0 ? "SECRETARY" : "MEMBER", "TELEGRAM", now];
    });
    await bulkInsert(
      bench.sql,
      "Member",
      [
        ["id", "text"],
        ["unitId", "text"],
        ["fullName", "text"],
        ["searchName", "text"],
        ["role", '"MemberRole"'],
        ["preferredPlatform", '"Platform"'],
        ["updatedAt", "timestamp"],
      ],
      members,
    );
    const chatOf = (i: number) => String(7_000_000 + i);
    const identities = Array.from({ length: n }, (_, i) => [idOf("i", i), "TELEGRAM", chatOf(i), chatOf(i), idOf("m", i), now]);
    await bulkInsert(
      bench.sql,
      "Identity",
      [
        ["id", "text"],
        ["platform", '"Platform"'],
        ["externalUserId", "text"],
        ["chatId", "text"],
        ["memberId", "text"],
        ["updatedAt", "timestamp"],
      ],
      identities,
    );

    const inProcess = args.inprocess === "true";
    if (inProcess) {
      const adapter = createTelegramAdapter({ token: tg.token, apiRoot: tg.apiRoot });
      for (let w = 0; w < workerCount; w++) {
        workers.push(
          createDeliveryWorker({
            platform: "TELEGRAM",
            db: bench.db,
            redisUrl: config.REDIS_URL,
            redis,
            prefix,
            log: silentLogger,
            adapter: (p) => (p === "TELEGRAM" ? adapter : undefined),
            queues: jobs.deliveryQueues,
            ratePerSecond: config.TELEGRAM_RATE_PER_SECOND,
            concurrency: config.WORKER_CONCURRENCY,
            groupPerMinute: config.TELEGRAM_GROUP_PER_MINUTE,
          }),
        );
      }
      await Promise.all(workers.map((w) => w.waitUntilReady()));
    } else {
      // Worker processes, as production runs them (ROLES=worker): the same createDeliveryWorker.
      const env = {
        DATABASE_URL: bench.url,
        REDIS_URL: config.REDIS_URL,
        QUEUE_PREFIX: prefix,
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.apiRoot,
        TELEGRAM_RATE_PER_SECOND: String(rate),
        WORKER_CONCURRENCY: String(concurrency),
      };
      const started = await Promise.all(Array.from({ length: workerCount }, () => spawnDeliveryWorker(env)));
      processes.push(...started);
    }
    console.log(
      `broadcast: ${n} members, fake Bot API at ${rate}/s overall and 1/s per chat, ${workerCount} worker ${inProcess ? "(in this process)" : "process(es)"} × concurrency ${deliveryConcurrency(concurrency, rate)} (configured ${concurrency}, raised to the rate's floor)`,
    );

    // The author is not a recipient of their own notice: a secretary apart from the n members.
    const authorId = (await bench.db.member.create({ data: { unitId, fullName: "Bí thư Thử tải", searchName: "bi thu thu tai", role: "SECRETARY" } })).id;
    const started = Date.now();
    const audience = await jobs.notifier.audience(unitId, authorId);
    const { report } = await jobs.notifier.broadcast({
      unitId,
      authorId,
      audience,
      text: "Thông báo: sinh hoạt chi bộ định kỳ lúc 14:00 Thứ Sáu, 05/12/2026 tại hội trường.",
    });
    const count = report.reachable.length + report.unreachable.length;
    const queued = Date.now();
    console.log(`  ${count} deliveries created and queued in ${seconds(queued - started)} s`);

    const ideal = (n / rate) * 1000;
    const deadline = started + ideal * 3 + 30_000;
    let lastReport = Date.now();
    const chats = new Set<string>();
    let seen = 0;
    while (Date.now() < deadline) {
      for (; seen < tg.sent.length; seen++) chats.add(tg.sent[seen]!.chatId);
      if (chats.size >= n) break;
      if (Date.now() - lastReport >= 5000) {
        lastReport = Date.now();
        console.log(`  ${seconds(Date.now() - started)} s: ${chats.size} delivered, ${tg.count429} 429s`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    const finished = tg.sent.length > 0 ? Math.max(...tg.sent.slice(-200).map((s) => s.at)) : Date.now();
    // Let the last rows be marked SENT, then compare the platform's view with the database's.
    await new Promise((r) => setTimeout(r, 500));
    const rows = await bench.db.delivery.groupBy({ by: ["status"], _count: { _all: true } });
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, r._count._all]));
    const perChat = new Map<string, number>();
    for (const s of tg.sent) perChat.set(s.chatId, (perChat.get(s.chatId) ?? 0) + 1);
    let duplicates = 0;
    for (const c of perChat.values()) duplicates += c - 1;
    let lost = 0;
    for (let i = 0; i < n; i++) if (!perChat.has(chatOf(i))) lost += 1;
    const elapsed = finished - started;
    const first = tg.sent.length > 0 ? Math.min(...tg.sent.slice(0, 200).map((s) => s.at)) : finished;
    console.log(`  delivery rows: ${JSON.stringify(byStatus)}`);
    console.log(
      `  first message after ${seconds(first - started)} s; from the first to the last ${((tg.sent.length - 1) / ((finished - first) / 1000)).toFixed(1)}/s`,
    );
    return `rate=${rate} n=${n} sent=${tg.sent.length} duplicates=${duplicates} lost=${lost} 429s=${tg.count429} first=${seconds(first - started)}s elapsed=${seconds(elapsed)}s efficiency=${(ideal / elapsed).toFixed(2)}`;
  } finally {
    await Promise.all(workers.map((w) => w.close(true).catch(() => undefined)));
    await Promise.all(processes.map((p) => p.kill()));
    for (const q of Object.values(jobs.deliveryQueues)) await q.obliterate({ force: true }).catch(() => undefined);
    await jobs.close().catch(() => undefined);
    const keys = await redis.keys(`${prefix}:*`).catch(() => [] as string[]);
    if (keys.length > 0) await redis.del(...keys).catch(() => undefined);
    redis.disconnect();
    await tg.close();
    await bench.drop();
  }
}
