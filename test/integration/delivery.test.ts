// The delivery path for real: PostgreSQL rows, BullMQ on Redis, two Telegram workers built like the
// worker role builds them (createDeliveryWorker), the real Telegram and Zalo adapters against the
// fake platform APIs over HTTP. Exactly-once, claims, 429 pauses across workers, blocked users and
// the fallback account, 5xx retries, per-chat spacing, and what Redis may hold.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { TEST_REDIS_URL, uniquePrefix } from "../support/redis.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/fake-telegram.ts";
import { startFakeZalo, type FakeZalo } from "../fakes/fake-zalo.ts";
import { createRedis } from "../../src/redis.ts";
import { silentLogger } from "../../src/log.ts";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import { createZaloAdapter } from "../../src/channels/zalo/adapter.ts";
import type { ChannelAdapter, Platform } from "../../src/channels/types.ts";
import { createDelivery } from "../../src/db/deliveries.ts";
import { createDeliveryQueues, type DeliveryJob } from "../../jobs/queues.ts";
import { addDeliveryJob, queueDelivery, type DeliveryQueues } from "../../jobs/delivery/enqueue.ts";
import { createDeliveryWorker, type DeliveryWorkerOptions } from "../../jobs/delivery/worker.ts";
import { platformPauseKey, reservePlatformInstant } from "../../jobs/delivery/processor.ts";

const STALE_CLAIM_MS = 3000;

let t: TestDb;
let tg: FakeTelegram;
let zalo: FakeZalo;
let redis: Redis;
let queues: DeliveryQueues;
let unitId: string;
const prefix = uniquePrefix("delivery");
const workers: Worker<DeliveryJob>[] = [];
/** Jobs each Telegram worker completed: [worker index, delivery id, attemptsMade]. */
const completed: Array<{ worker: number; deliveryId: string; attemptsMade: number; at: number }> = [];
/** Every name, phone and text this file creates: none may ever be found in Redis. */
const personal: string[] = [];
let nextChat = 810_000;
let common: Omit<DeliveryWorkerOptions, "platform">;

async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function member(label: string, accounts: { telegram?: boolean; zalo?: boolean; preferred?: Platform } = { telegram: true }) {
  const n = nextChat++;
  const fullName = `Trần Thị ${label} ${n}`;
  const phone = `09${String(n).padStart(8, "0")}`;
  personal.push(fullName, phone);
  const m = await t.db.member.create({
    data: { unitId, fullName, searchName: fullName.toLowerCase(), phone, preferredPlatform: accounts.preferred ?? (accounts.telegram ? "TELEGRAM" : "ZALO") },
  });
  const telegramChat = String(n);
  const zaloChat = `z${n}`;
  if (accounts.telegram) {
    await t.db.identity.create({ data: { platform: "TELEGRAM", externalUserId: telegramChat, chatId: telegramChat, memberId: m.id } });
  }
  if (accounts.zalo) {
    await t.db.identity.create({ data: { platform: "ZALO", externalUserId: zaloChat, chatId: zaloChat, memberId: m.id } });
  }
  return { id: m.id, fullName, phone, telegramChat, zaloChat };
}

function text(label: string): string {
  const value = `Thông báo ${label}: họp chi bộ lúc 14:00, mang sổ tự tu dưỡng ${Math.random().toString(36).slice(2, 8)}`;
  personal.push(value);
  return value;
}

async function deliver(memberId: string, label: string, dedupeKey = `test:${label}:${memberId}`) {
  return queueDelivery(t.db, queues, { purpose: "test", dedupeKey, memberId, message: { kind: "text", text: text(label) } }, new Date());
}

const row = (id: string) => t.db.delivery.findUniqueOrThrow({ where: { id } });
const telegramSends = (chatId: string) => tg.calls.filter((c) => c.method === "sendMessage" && String(c.params.chat_id) === chatId);
const delivered = (chatId: string) => tg.sent.filter((s) => s.chatId === chatId);
async function queueIsEmpty(): Promise<boolean> {
  const counts = await queues.TELEGRAM.getJobCounts("waiting", "active", "delayed", "prioritized");
  const zalo = await queues.ZALO.getJobCounts("waiting", "active", "delayed", "prioritized");
  return [...Object.values(counts), ...Object.values(zalo)].every((n) => n === 0);
}

beforeAll(async () => {
  t = await createTestDb();
  // The fake enforces Telegram's 1 message a second per chat (answering 429 beyond it).
  tg = await startFakeTelegram({ perChatPerSecond: 1 });
  zalo = await startFakeZalo();
  redis = createRedis(TEST_REDIS_URL);
  queues = createDeliveryQueues(redis, prefix);
  unitId = (await t.db.unit.create({ data: { name: `Chi bộ Giao nhận ${prefix}`, kind: "CELL" } })).id;

  const adapters = new Map<Platform, ChannelAdapter>([
    ["TELEGRAM", createTelegramAdapter({ token: tg.token, apiRoot: tg.apiRoot, requestTimeoutMs: 1200 })],
    ["ZALO", createZaloAdapter({ token: zalo.token, apiBase: zalo.apiBase, requestTimeoutMs: 1200 })],
  ]);
  common = {
    db: t.db,
    redisUrl: TEST_REDIS_URL,
    redis,
    prefix,
    log: silentLogger,
    adapter: (p: Platform) => adapters.get(p),
    queues,
    ratePerSecond: 30,
    concurrency: 2,
    groupPerMinute: 20,
    timings: { staleClaimMs: STALE_CLAIM_MS, lockDurationMs: 5000, stalledIntervalMs: 5000 },
  };
  // Two workers on the Telegram queue, each with its own Redis connections (like two processes).
  for (const index of [0, 1]) {
    const worker = createDeliveryWorker({ ...common, platform: "TELEGRAM", name: `tg${index}` });
    worker.on("completed", (job, result) => {
      if (result === "sent") completed.push({ worker: index, deliveryId: job.data.deliveryId, attemptsMade: job.attemptsMade, at: Date.now() });
    });
    workers.push(worker);
  }
  workers.push(createDeliveryWorker({ ...common, platform: "ZALO", name: "zalo" }));
  await Promise.all(workers.map((w) => w.waitUntilReady()));
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close(true).catch(() => undefined)));
  for (const q of Object.values(queues ?? {})) {
    await q.obliterate({ force: true }).catch(() => undefined);
    await q.close().catch(() => undefined);
  }
  if (redis) {
    const keys = await redis.keys(`${prefix}:*`).catch(() => [] as string[]);
    if (keys.length > 0) await redis.del(...keys).catch(() => undefined);
    await redis.quit().catch(() => redis.disconnect());
  }
  await tg?.close();
  await zalo?.close();
  await t?.drop();
});

describe("delivery queue", () => {
  it("sends once when the same message is queued twice or its job runs twice at once", async () => {
    const a = await member("Hai lần");
    const first = await deliver(a.id, "twice");
    const again = await deliver(a.id, "twice"); // same dedupe key: the existing row, no new job
    expect(again).toMatchObject({ id: first.id, created: false });
    await addDeliveryJob(queues, first.id, "TELEGRAM", null, new Date()); // same job id: ignored

    // Two jobs with different ids for one row, picked up by the two workers at the same time.
    const b = await member("Song song");
    const row2 = await createDelivery(t.db, {
      purpose: "test",
      dedupeKey: `test:parallel:${b.id}`,
      memberId: b.id,
      message: { kind: "text", text: text("parallel") },
    });
    await Promise.all([addDeliveryJob(queues, row2.id, "TELEGRAM", null, new Date()), addDeliveryJob(queues, row2.id, "TELEGRAM", null, new Date(), "-again")]);

    await waitUntil(async () => (await row(first.id)).status === "SENT" && (await row(row2.id)).status === "SENT", "both rows SENT");
    // The job that lost the claim waits until that claim would be stale, then finds the row SENT.
    await waitUntil(queueIsEmpty, "no jobs left", STALE_CLAIM_MS + 3000);
    expect(delivered(a.telegramChat)).toHaveLength(1);
    expect(delivered(b.telegramChat)).toHaveLength(1);
    expect((await row(first.id)).attempts).toBe(1);
    expect((await row(row2.id)).attempts).toBe(1);
    expect((await row(first.id)).platformMessageId).toBe(String(delivered(a.telegramChat)[0]!.messageId));

    // Finished jobs are trimmed: nothing completed or failed is kept in Redis.
    const finished = await queues.TELEGRAM.getJobCounts("completed", "failed");
    expect(finished).toEqual({ completed: 0, failed: 0 });
    expect(await redis.exists(`${prefix}:delivery-telegram:${first.id}`)).toBe(0);
  });

  it("skips a row another worker has claimed, and takes over a claim gone stale", async () => {
    const a = await member("Đã nhận");
    const claimed = await createDelivery(t.db, {
      purpose: "test",
      dedupeKey: `test:claimed:${a.id}`,
      memberId: a.id,
      message: { kind: "text", text: text("claimed") },
    });
    await t.db.delivery.update({ where: { id: claimed.id }, data: { status: "SENDING", claimedAt: new Date(), attempts: 1 } });
    await addDeliveryJob(queues, claimed.id, "TELEGRAM", null, new Date());
    await waitUntil(async () => (await queues.TELEGRAM.getJobState(claimed.id)) === "delayed", "the job to step aside");
    await sleep(500);
    expect(telegramSends(a.telegramChat)).toHaveLength(0);
    // The other worker finishes its send: when the job looks again there is nothing to do.
    await t.db.delivery.update({ where: { id: claimed.id }, data: { status: "SENT", sentAt: new Date(), platformMessageId: "elsewhere" } });
    await waitUntil(queueIsEmpty, "the job to finish", STALE_CLAIM_MS + 3000);
    expect(telegramSends(a.telegramChat)).toHaveLength(0);
    expect((await row(claimed.id)).platformMessageId).toBe("elsewhere");

    // A claim older than the stale limit belongs to a worker that died mid-send: taken over.
    const b = await member("Bỏ dở");
    const stale = await createDelivery(t.db, {
      purpose: "test",
      dedupeKey: `test:stale:${b.id}`,
      memberId: b.id,
      message: { kind: "text", text: text("stale") },
    });
    await t.db.delivery.update({ where: { id: stale.id }, data: { status: "SENDING", claimedAt: new Date(Date.now() - STALE_CLAIM_MS - 1000), attempts: 1 } });
    await addDeliveryJob(queues, stale.id, "TELEGRAM", null, new Date());
    await waitUntil(async () => (await row(stale.id)).status === "SENT", "the stale row to be sent");
    expect(delivered(b.telegramChat)).toHaveLength(1);
  });

  it("a 429 with retry_after=2 stops every worker on the queue for 2 s, without using an attempt", async () => {
    const members = await Promise.all(Array.from({ length: 12 }, (_, i) => member(`Chờ ${i}`)));
    const since = completed.length;
    tg.failNext(1, { status: 429, description: "Too Many Requests: retry after 2", retryAfter: 2 }, "sendMessage");
    // A real round trip keeps each worker's two slots busy, so that the other worker usually takes
    // jobs too.
    tg.delayMs = 100;
    const rows: Array<{ id: string }> = [];
    try {
      for (const m of members) rows.push(await deliver(m.id, "429"));
      await waitUntil(
        async () => (await t.db.delivery.count({ where: { id: { in: rows.map((r) => r.id) }, status: "SENT" } })) === rows.length,
        "all 12 SENT",
        15_000,
      );
    } finally {
      tg.delayMs = 0;
    }

    const limited = tg.calls.find((c) => c.status === 429);
    expect(limited).toBeDefined();
    const pausedAt = limited!.at;
    const limitedChat = String(limited!.params.chat_id);
    // Requests already on their way when the 429 was answered may still land; after that nothing
    // reaches the platform from either worker until retry_after has passed.
    const duringPause = tg.calls.filter((c) => c.method === "sendMessage" && c.at > pausedAt + 250 && c.at < pausedAt + 1950);
    expect(duringPause).toEqual([]);
    const resumed = tg.calls.filter((c) => c.method === "sendMessage" && c.at >= pausedAt + 1950);
    expect(resumed.length).toBeGreaterThan(0);

    // Every message went out exactly once. Which of the two workers took which job is BullMQ's
    // choice (in CI one worker sometimes took all twelve): that the pause holds for every worker is
    // shown by the shared Redis pause key, tested in "spaces a platform's sends … while paused".
    // A row is SENT inside its job; the worker's "completed" event comes after the job returns.
    await waitUntil(() => rows.every((r) => completed.slice(since).some((c) => c.deliveryId === r.id)), "all 12 jobs completed", 5_000);
    const ours = completed.slice(since);
    for (const m of members) expect(delivered(m.telegramChat)).toHaveLength(1);
    // The rate-limited message used no attempt: not on its row, not on its job.
    const limitedMember = members.find((m) => m.telegramChat === limitedChat)!;
    const limitedRow = rows[members.indexOf(limitedMember)]!;
    expect((await row(limitedRow.id)).attempts).toBe(1);
    const normalAttempts = ours.find((c) => c.deliveryId !== limitedRow.id)!.attemptsMade;
    expect(ours.find((c) => c.deliveryId === limitedRow.id)!.attemptsMade).toBe(normalAttempts);
    for (const r of rows) expect((await row(r.id)).attempts).toBe(1);
  });

  it("403 blocked: the account becomes unreachable, the delivery FAILED, and nothing is retried", async () => {
    const a = await member("Chặn");
    tg.blockChat(a.telegramChat);
    const d = await deliver(a.id, "blocked");
    await waitUntil(async () => (await row(d.id)).status === "FAILED", "the row FAILED");
    await sleep(2500); // longer than the first retry's backoff would be
    expect(telegramSends(a.telegramChat)).toHaveLength(1);
    const failed = await row(d.id);
    expect(failed.lastError).toMatch(/blocked/);
    const identity = await t.db.identity.findFirstOrThrow({ where: { memberId: a.id, platform: "TELEGRAM" } });
    expect(identity.reachable).toBe(false);
    expect(identity.blockedAt).not.toBeNull();
    expect(await queueIsEmpty()).toBe(true);
  });

  it("403 blocked with a second account: the message goes out on the other platform", async () => {
    const a = await member("Hai tài khoản", { telegram: true, zalo: true, preferred: "TELEGRAM" });
    tg.blockChat(a.telegramChat);
    const d = await deliver(a.id, "fallback");
    await waitUntil(async () => (await row(d.id)).status === "SENT", "the row SENT via Zalo");
    const sent = await row(d.id);
    expect(sent.platform).toBe("ZALO");
    expect(sent.chatId).toBe(a.zaloChat);
    expect(zalo.sent.filter((s) => s.chatId === a.zaloChat)).toHaveLength(1);
    expect(telegramSends(a.telegramChat)).toHaveLength(1);
    expect((await t.db.identity.findFirstOrThrow({ where: { memberId: a.id, platform: "TELEGRAM" } })).reachable).toBe(false);
    expect((await t.db.identity.findFirstOrThrow({ where: { memberId: a.id, platform: "ZALO" } })).reachable).toBe(true);
  });

  it("5xx: retried with backoff, then delivered", async () => {
    const a = await member("Lỗi máy chủ");
    tg.failNext(1, { status: 502, description: "Bad Gateway" }, "sendMessage");
    const d = await deliver(a.id, "5xx");
    await waitUntil(async () => (await row(d.id)).status === "SENT", "the row SENT", 8000);
    const calls = telegramSends(a.telegramChat);
    expect(calls.map((c) => c.status)).toEqual([502, 200]);
    // Exponential backoff from 2 s with jitter 0.5: the retry waits 1–2 s.
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(900);
    expect(delivered(a.telegramChat)).toHaveLength(1);
    const sent = await row(d.id);
    expect(sent.attempts).toBe(2);
    expect(sent.lastError).toBeNull();
  });

  it("forgets a dashboard login code once it has been sent", async () => {
    const a = await member("Đăng nhập");
    const d = await queueDelivery(
      t.db,
      queues,
      { purpose: "login-code", dedupeKey: `login-code:${a.id}:1`, memberId: a.id, message: { kind: "text", text: "Mã đăng nhập: 482913" } },
      new Date(),
    );
    await waitUntil(async () => (await row(d.id)).status === "SENT", "the row SENT", 8000);
    expect(delivered(a.telegramChat).map((s) => s.text)).toEqual(["Mã đăng nhập: 482913"]);
    expect(JSON.stringify((await row(d.id)).payload)).not.toContain("482913");
  });

  it("spaces a platform's sends at its rate, across workers, and holds them while paused", async () => {
    // Reservations made back to back (as many runs at once would): each instant 1/rate after the last.
    const pacePrefix = uniquePrefix("pace");
    const instants: number[] = [];
    for (let i = 0; i < 6; i++) {
      const answer = await reservePlatformInstant(redis, pacePrefix, "TELEGRAM", 5);
      if (!("go" in answer)) throw new Error(`reservation ${i}: ${JSON.stringify(answer)}`);
      instants.push(Date.now() + answer.go);
    }
    for (let i = 1; i < instants.length; i++) expect(instants[i]! - instants[i - 1]!).toBeGreaterThanOrEqual(150);
    expect(instants[5]! - instants[0]!).toBeGreaterThanOrEqual(950);
    expect(instants[5]! - instants[0]!).toBeLessThan(1300);
    // Zalo's instants are its own.
    expect(await reservePlatformInstant(redis, pacePrefix, "ZALO", 5)).toEqual({ go: 0 });
    // At 1/s, no more than MAX_RESERVE_AHEAD_MS (2 s) ahead: the fourth run is told to come back.
    const slowPrefix = uniquePrefix("pace-slow");
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await reservePlatformInstant(redis, slowPrefix, "TELEGRAM", 1));
    expect(answers.slice(0, 3).every((a) => "go" in a)).toBe(true);
    expect("busy" in answers[3]! && answers[3].busy > 0 && answers[3].busy <= 1000).toBe(true);
    // Paused after a 429: nothing is reserved until the pause ends.
    await redis.set(platformPauseKey(slowPrefix, "ZALO"), "1", "PX", 5000);
    const paused = await reservePlatformInstant(redis, slowPrefix, "ZALO", 1);
    expect("paused" in paused && paused.paused > 4000).toBe(true);
    await redis.del(...(await redis.keys(`${pacePrefix}:*`)), ...(await redis.keys(`${slowPrefix}:*`)));
  });

  it("keeps one chat to one message a second", async () => {
    const a = await member("Một giây");
    const before = tg.count429;
    const first = await deliver(a.id, "chat-1");
    const second = await deliver(a.id, "chat-2");
    await waitUntil(async () => (await row(first.id)).status === "SENT" && (await row(second.id)).status === "SENT", "both SENT", 8000);
    const sends = delivered(a.telegramChat);
    expect(sends).toHaveLength(2);
    expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(tg.count429).toBe(before); // the fake's per-chat limit was never hit
  });

  it("keeps a group chat to its messages a minute (Telegram 20; 2 in this test)", async () => {
    const groupPrefix = uniquePrefix("group");
    const groupQueues = createDeliveryQueues(redis, groupPrefix);
    const worker = createDeliveryWorker({ ...common, prefix: groupPrefix, queues: groupQueues, groupPerMinute: 2, platform: "TELEGRAM" });
    try {
      await worker.waitUntilReady();
      const chat = "-100777001";
      const rows: Array<{ id: string }> = [];
      for (const i of [1, 2, 3]) {
        rows.push(
          await queueDelivery(
            t.db,
            groupQueues,
            {
              purpose: "test",
              dedupeKey: `test:group:${i}`,
              group: { platform: "TELEGRAM", chatId: chat },
              message: { kind: "text", text: text(`group ${i}`) },
            },
            new Date(),
          ),
        );
      }
      await waitUntil(
        async () => (await t.db.delivery.count({ where: { id: { in: rows.map((r) => r.id) }, status: "SENT" } })) === 2,
        "two group messages SENT",
        6000,
      );
      await sleep(300);
      const sends = delivered(chat);
      expect(sends).toHaveLength(2);
      expect(sends[1]!.at - sends[0]!.at).toBeGreaterThanOrEqual(1000);
      // The third waits for the minute to pass, without a request to the platform.
      const waiting = await t.db.delivery.findMany({ where: { id: { in: rows.map((r) => r.id) }, status: "PENDING" } });
      expect(waiting).toHaveLength(1);
      // BullMQ scores a delayed job by its due time × 4096 (+ a counter). First it waits for the
      // chat's 1 s slot, then for the minute.
      const dueAt = async () => Math.floor(Number(await redis.zscore(`${groupPrefix}:delivery-telegram:delayed`, waiting[0]!.id)) / 4096);
      await waitUntil(async () => (await dueAt()) > Date.now() + 30_000, "the third to wait for the minute", 5000);
      expect(delivered(chat)).toHaveLength(2);
      expect(await (await groupQueues.TELEGRAM.getJob(waiting[0]!.id))!.getState()).toBe("delayed");
      expect(await dueAt()).toBeGreaterThanOrEqual(sends[0]!.at + 59_000);
      expect(await dueAt()).toBeLessThanOrEqual(sends[0]!.at + 61_000);
    } finally {
      await worker.close(true).catch(() => undefined);
      for (const q of Object.values(groupQueues)) {
        await q.obliterate({ force: true }).catch(() => undefined);
        await q.close().catch(() => undefined);
      }
      const keys = await redis.keys(`${groupPrefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
  });

  it("holds ids only in Redis: no name, phone or text", async () => {
    const a = await member("Riêng tư");
    const later = new Date(Date.now() + 10 * 60_000);
    const d = await queueDelivery(
      t.db,
      queues,
      { purpose: "test", dedupeKey: `test:private:${a.id}`, memberId: a.id, message: { kind: "text", text: text("private") }, notBefore: later },
      new Date(),
    );
    expect(await queues.TELEGRAM.getJobState(d.id)).toBe("delayed");
    const job = await redis.hgetall(`${prefix}:delivery-telegram:${d.id}`);
    expect(JSON.parse(job.data!)).toEqual({ deliveryId: d.id });

    // Everything under this file's prefix, whatever its type.
    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    let dump = keys.join("\n");
    for (const key of keys) {
      const type = await redis.type(key);
      if (type === "string") dump += `\n${await redis.get(key)}`;
      else if (type === "hash") dump += `\n${JSON.stringify(await redis.hgetall(key))}`;
      else if (type === "list") dump += `\n${(await redis.lrange(key, 0, -1)).join("\n")}`;
      else if (type === "set") dump += `\n${(await redis.smembers(key)).join("\n")}`;
      else if (type === "zset") dump += `\n${(await redis.zrange(key, "0", "-1")).join("\n")}`;
      else if (type === "stream") dump += `\n${JSON.stringify(await redis.xrange(key, "-", "+"))}`;
    }
    expect(personal.length).toBeGreaterThan(20);
    for (const value of personal) expect(dump).not.toContain(value);
    await queues.TELEGRAM.remove(d.id);
  });
});
