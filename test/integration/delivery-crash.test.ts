// Crashes in the middle of a broadcast, with worker processes (test/support/delivery-worker-process.ts:
// the same createDeliveryWorker the worker role starts) against the rate-limiting fake Bot API:
//  - SIGKILL of the worker, then a new one: everything delivered, duplicates only for rows that
//    were SENDING at the kill (at most the worker's concurrency, raised to the rate's floor);
//  - a private Redis stopped without saving and started empty: the planner re-queues, nothing lost;
//  - SIGTERM: the worker stops taking jobs, finishes the running ones within the bound, exits 0;
//  - the broadcast's writer dies between two chunks of rows: the planner completes and queues them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Redis as IORedis } from "ioredis";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { telegramCell } from "../support/broadcast-cell.ts";
import { TEST_REDIS_URL, uniquePrefix } from "../support/redis.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/fake-telegram.ts";
import { spawnDeliveryWorker, type WorkerProcess } from "../support/delivery-worker-process.ts";
import { loadConfig } from "../../src/config.ts";
import { createRedis } from "../../src/redis.ts";
import { createJobServices, type JobServices } from "../../jobs/services.ts";
import { BROADCAST_WRITE_GRACE_MS, runPlanner } from "../../jobs/planner.ts";
import { startBroadcast, writeBroadcastDeliveries } from "../../src/db/broadcasts.ts";
import { deliveryConcurrency } from "../../jobs/delivery/worker.ts";

const MEMBERS = 300;
const CONCURRENCY = 8;
const RATE = 100;
const SHUTDOWN_TIMEOUT_MS = 5000;

let t: TestDb;
let tg: FakeTelegram;
let unitId: string;
let authorId: string;
let chatOfMember: Map<string, string>;
const cleanups: Array<() => Promise<unknown>> = [];
const children: ChildProcess[] = [];
const workerProcesses: WorkerProcess[] = [];

async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs: number, onTimeout?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${onTimeout ? `\n${onTimeout()}` : ""}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A broadcast environment on its own queue prefix (and Redis, when given). */
async function environment(redisUrl: string) {
  const prefix = uniquePrefix("crash");
  const config = loadConfig({ DATABASE_URL: t.url, REDIS_URL: redisUrl, QUEUE_PREFIX: prefix });
  const redis = createRedis(redisUrl);
  redis.on("error", () => {});
  const ctx = { db: t.db, redis, config, now: () => new Date() };
  const jobs = createJobServices(ctx);
  for (const q of Object.values(jobs.deliveryQueues)) q.on("error", () => {});
  cleanups.push(async () => {
    await Promise.all(Object.values(jobs.deliveryQueues).map((q) => q.obliterate({ force: true }).catch(() => undefined)));
    await jobs.close().catch(() => undefined);
    const keys = await redis.keys(`${prefix}:*`).catch(() => [] as string[]);
    if (keys.length > 0) await redis.del(...keys).catch(() => undefined);
    redis.disconnect();
  });
  const workerEnv = {
    DATABASE_URL: t.url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: prefix,
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_RATE_PER_SECOND: String(RATE),
    WORKER_CONCURRENCY: String(CONCURRENCY),
    SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    // Shortened for the test: a dead worker's jobs stall after 2 s, its claims are stale after 5 s
    // (longer than a send may take: requests time out after 2 s).
    LOCK_DURATION_MS: "2000",
    STALLED_INTERVAL_MS: "1000",
    STALE_CLAIM_MS: "5000",
    REQUEST_TIMEOUT_MS: "2000",
  };
  return { prefix, config, redis, ctx, jobs, workerEnv };
}

async function startWorker(env: Record<string, string>): Promise<WorkerProcess> {
  const worker = await spawnDeliveryWorker(env);
  workerProcesses.push(worker);
  return worker;
}

async function broadcast(jobs: JobServices, text: string): Promise<string> {
  const audience = await jobs.notifier.audience(unitId, authorId);
  const { broadcastId, report } = await jobs.notifier.broadcast({ unitId, authorId, audience, text });
  expect(report.reachable.length + report.unreachable.length).toBe(MEMBERS);
  return broadcastId;
}

/** Messages of one broadcast (by its unique text) per chat, as the platform saw them. */
function receivedPerChat(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const s of tg.sent) if (s.text === text) counts.set(s.chatId, (counts.get(s.chatId) ?? 0) + 1);
  return counts;
}

const statusCount = (broadcastId: string, status: "SENT" | "SENDING" | "PENDING") => t.db.delivery.count({ where: { broadcastId, status } });

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A private, memory-only redis-server: nothing survives its stop. */
async function startPrivateRedis(port: number): Promise<ChildProcess> {
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction"], {
    stdio: "ignore",
  });
  children.push(child);
  const probe = new IORedis(port, "127.0.0.1", { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on("error", () => {});
  try {
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
        try {
          if (probe.status !== "ready") await probe.connect();
          return (await probe.ping()) === "PONG";
        } catch {
          probe.disconnect();
          return false;
        }
      },
      "the private redis-server",
      10_000,
    );
  } finally {
    probe.disconnect();
  }
  return child;
}

async function stopPrivateRedis(port: number, child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
  const admin = new IORedis(port, "127.0.0.1", { maxRetriesPerRequest: 0, retryStrategy: () => null });
  admin.on("error", () => {});
  await admin.call("SHUTDOWN", "NOSAVE").catch(() => undefined); // the connection closes under it
  admin.disconnect();
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

beforeAll(async () => {
  t = await createTestDb();
  tg = await startFakeTelegram({ ratePerSecond: RATE, perChatPerSecond: 1 });
  const cell = await telegramCell(t.db, {
    unit: "Chi bộ Thử sự cố",
    size: MEMBERS,
    idPrefix: "crash_m",
    name: "Lê Văn Sự Cố",
    searchName: "le van su co",
    firstChat: 900_000,
    secretary: "Lê Văn Bí Thư",
    secretarySearch: "le van bi thu",
  });
  ({ unitId, authorId, chatOfMember } = cell);
}, 60_000);

afterAll(async () => {
  await Promise.all(workerProcesses.map((w) => w.kill("SIGKILL")));
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await tg?.close();
  await t?.drop();
});

describe("delivery under crashes", () => {
  it("SIGKILL of a worker mid-broadcast, then a new one: all delivered, duplicates only for rows in flight", async () => {
    const env = await environment(TEST_REDIS_URL);
    const first = await startWorker(env.workerEnv);
    const sentBefore = tg.sent.length;
    const text = "Thông báo (kill): sinh hoạt chi bộ lúc 14:00 Thứ Sáu, 05/12/2026.";
    const broadcastId = await broadcast(env.jobs, text);
    // Killed the moment the 105th message reaches the platform: in the middle of a burst, with
    // sends on the wire and answered sends not yet marked SENT.
    await tg.waitFor(() => tg.sent.length - sentBefore >= 105, 20_000, "105 messages out");
    const killed = await first.kill("SIGKILL");
    expect(killed.signal).toBe("SIGKILL");
    // What was in flight at the kill: claimed, maybe sent, not marked.
    const inFlight = await t.db.delivery.findMany({ where: { broadcastId, status: "SENDING" }, select: { id: true, chatId: true } });
    expect(inFlight.length).toBeLessThanOrEqual(deliveryConcurrency(CONCURRENCY, RATE));
    const sentAtKill = await statusCount(broadcastId, "SENT");
    // Every message that reached the platform was claimed first: its row is SENT or still SENDING
    // (how many are marked by the kill depends on the machine's load, not on the code).
    expect(sentAtKill + inFlight.length).toBeGreaterThanOrEqual(105);
    expect(sentAtKill).toBeLessThan(MEMBERS);

    const second = await startWorker(env.workerEnv);
    await waitUntil(async () => (await statusCount(broadcastId, "SENT")) === MEMBERS, "every row SENT", 40_000, second.output);

    const received = receivedPerChat(text);
    const lost = [...chatOfMember.values()].filter((chat) => !received.has(chat));
    expect(lost).toEqual([]);
    const duplicated = [...received.entries()].filter(([, n]) => n > 1).map(([chat]) => chat);
    expect(duplicated.length).toBeLessThanOrEqual(inFlight.length);
    const inFlightChats = new Set(inFlight.map((d) => d.chatId));
    for (const chat of duplicated) expect(inFlightChats.has(chat)).toBe(true);
    for (const n of received.values()) expect(n).toBeLessThanOrEqual(2);
    // The new worker noticed the dead one's jobs (BullMQ "stalled"), and said so.
    if (inFlight.length > 0) expect(second.output()).toContain("stalled");
    await second.kill("SIGTERM");
  }, 70_000);

  it("Redis stopped without saving and started empty mid-broadcast: the planner re-queues, nothing is lost", async () => {
    const port = await freePort();
    const redisServer = await startPrivateRedis(port);
    const url = `redis://127.0.0.1:${port}`;
    const env = await environment(url);
    const worker = await startWorker(env.workerEnv);
    const sentBefore = tg.sent.length;
    const text = "Thông báo (redis): nộp bản tự đánh giá trước ngày 10/12/2026.";
    const broadcastId = await broadcast(env.jobs, text);
    await tg.waitFor(() => tg.sent.length - sentBefore >= 105, 20_000, "105 messages out");

    await stopPrivateRedis(port, redisServer);
    const sentWhenLost = await statusCount(broadcastId, "SENT");
    expect(sentWhenLost).toBeLessThan(MEMBERS);
    await startPrivateRedis(port); // stopped with the file's other children
    // Every queued job is gone (the worker, reconnected, may already have written its own keys).
    const left = await env.jobs.deliveryQueues.TELEGRAM.getJobCounts("waiting", "delayed", "prioritized");
    expect(left).toEqual({ waiting: 0, delayed: 0, prioritized: 0 });

    // The scheduler's planner runs every few minutes; here every 3 s until all is out.
    let plannerRuns = 0;
    let requeued = 0;
    const deadline = Date.now() + 40_000;
    while ((await statusCount(broadcastId, "SENT")) < MEMBERS) {
      if (Date.now() > deadline) throw new Error(`not all delivered after ${plannerRuns} planner runs\n${worker.output()}`);
      const summary = await runPlanner(env.ctx, env.jobs);
      plannerRuns += 1;
      requeued += summary.requeued;
      await waitUntil(async () => (await statusCount(broadcastId, "SENT")) === MEMBERS, "", 3000).catch(() => undefined);
    }
    expect(requeued).toBeGreaterThan(0);
    const received = receivedPerChat(text);
    const lost = [...chatOfMember.values()].filter((chat) => !received.has(chat));
    expect(lost).toEqual([]);
    // Losing Redis loses no claim (those live in PostgreSQL), so nothing goes out twice either.
    for (const n of received.values()) expect(n).toBe(1);
    await worker.kill("SIGTERM");
  }, 80_000);

  it("SIGTERM mid-broadcast: the worker finishes its running sends within the bound and exits 0", async () => {
    const env = await environment(TEST_REDIS_URL);
    const worker = await startWorker(env.workerEnv);
    const text = "Thông báo (SIGTERM): hội nghị chuyên đề năm 2026.";
    const broadcastId = await broadcast(env.jobs, text);
    await waitUntil(() => receivedPerChat(text).size >= 30, "30 messages out", 20_000, worker.output);

    // The next four sends hang for 1.5 s at the platform: stop the worker while they are running.
    const before = tg.requests;
    tg.hangNext(4, 1500, "sendMessage");
    await waitUntil(() => tg.requests >= before + 4, "four sends in flight", 5000);
    const stoppedAt = Date.now();
    worker.child.kill("SIGTERM");
    const exit = await worker.exited;
    const took = Date.now() - stoppedAt;
    expect(exit.code).toBe(0);
    expect(took).toBeLessThan(SHUTDOWN_TIMEOUT_MS + 2000);
    expect(took).toBeGreaterThanOrEqual(1000); // it waited for the hanging sends
    expect(worker.output()).toContain('"event":"stopped","clean":true');

    // Nothing left half-done: every message the platform got is recorded SENT, none is claimed.
    expect(await statusCount(broadcastId, "SENDING")).toBe(0);
    const received = receivedPerChat(text);
    expect(await statusCount(broadcastId, "SENT")).toBe(received.size);
    expect(received.size).toBeLessThan(MEMBERS); // it really stopped taking jobs

    // A new worker sends the rest, and nothing twice.
    const next = await startWorker(env.workerEnv);
    await waitUntil(async () => (await statusCount(broadcastId, "SENT")) === MEMBERS, "every row SENT", 30_000, next.output);
    const after = receivedPerChat(text);
    expect(after.size).toBe(MEMBERS);
    for (const n of after.values()) expect(n).toBe(1);
    await next.kill("SIGTERM");
  }, 60_000);

  it("the broadcast's writer dies after its first chunk of rows: the planner writes and queues the rest, each member gets it once", async () => {
    const env = await environment(TEST_REDIS_URL);
    const worker = await startWorker(env.workerEnv);
    const text = "Thông báo (writer): họp chi ủy mở rộng ngày 12/12/2026.";
    // What the notifier leaves when its process dies after the first chunk: the broadcast row with
    // every recipient, the first 25 rows written and queued, nothing more.
    const audience = await env.jobs.notifier.audience(unitId, authorId);
    const recipientIds = audience.map((m) => m.memberId);
    // Members receive the text under the sender's line, also from the rows the planner writes.
    const shown = `Thông báo của chi bộ (đ/c Bí thư):\n${text}`;
    const broadcastId = await startBroadcast(t.db, { unitId, authorId, recipientIds, text, message: { kind: "text", text: shown } });
    const firstChunk = await writeBroadcastDeliveries(t.db, broadcastId, recipientIds.slice(0, 25));
    await env.jobs.port.queueMany!(firstChunk.map((d) => ({ id: d.id, platform: d.platform as "TELEGRAM" })));
    await waitUntil(async () => (await statusCount(broadcastId, "SENT")) === 25, "the first chunk SENT", 20_000, worker.output);

    // Within the grace a writer may still be at work: the planner leaves the broadcast alone, and
    // sends no summary although every row written so far is final.
    expect((await runPlanner(env.ctx, env.jobs)).broadcastsCompleted).toBe(0);
    expect(await t.db.delivery.count({ where: { broadcastId } })).toBe(25);
    expect(await t.db.delivery.count({ where: { dedupeKey: `broadcast-summary:${broadcastId}` } })).toBe(0);

    // Past it, the planner writes the missing rows (the same choice of account) and queues them.
    const later = { ...env.ctx, now: () => new Date(Date.now() + BROADCAST_WRITE_GRACE_MS + 1000) };
    const repair = await runPlanner(later, env.jobs);
    expect(repair.broadcastsCompleted).toBe(1);
    expect(repair.requeued).toBeGreaterThanOrEqual(MEMBERS - 25);
    expect((await t.db.broadcast.findUniqueOrThrow({ where: { id: broadcastId } })).rowsWrittenAt).not.toBeNull();
    await waitUntil(async () => (await statusCount(broadcastId, "SENT")) === MEMBERS, "every row SENT", 30_000, worker.output);

    const received = receivedPerChat(shown);
    expect([...chatOfMember.values()].filter((chat) => !received.has(chat))).toEqual([]);
    for (const n of received.values()) expect(n).toBe(1);
    // Running it again finds nothing to complete and writes no row twice.
    expect((await runPlanner(later, env.jobs)).broadcastsCompleted).toBe(0);
    expect(await t.db.delivery.count({ where: { broadcastId } })).toBe(MEMBERS);
    await worker.kill("SIGTERM");
  }, 60_000);
});
