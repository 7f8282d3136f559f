// A broadcast whose Delivery rows fail to be written between two chunks, after the Broadcast row
// is committed: the sender is not told it failed (sending it again would send it twice), the
// failure is logged, and the planner (after its grace) writes the missing rows; every member gets
// the notice once. Real PostgreSQL (a trigger on "Delivery" raises once, for one member of the
// second chunk, as a lost connection would), BullMQ on Redis, the delivery worker the worker role
// builds, and the Telegram adapter against the fake Bot API over HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { LOG_ERROR, capturedLog } from "../support/captured-log.ts";
import { telegramCell } from "../support/broadcast-cell.ts";
import { TEST_REDIS_URL, uniquePrefix } from "../support/redis.ts";
import { flushPrefix, testConfig } from "../support/planned.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/fake-telegram.ts";
import { createRedis } from "../../src/redis.ts";
import { silentLogger } from "../../src/log.ts";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import { broadcast } from "../../src/usecases/broadcast.ts";
import { createJobServices, type JobServices } from "../../jobs/services.ts";
import { createDeliveryWorker } from "../../jobs/delivery/worker.ts";
import type { DeliveryJob } from "../../jobs/queues.ts";
import { BROADCAST_WRITE_GRACE_MS, runPlanner } from "../../jobs/planner.ts";

// Three chunks: 25, 250, then the last 25.
const MEMBERS = 300;
/** In the second chunk (members 26–275 in id order). */
const VICTIM_INDEX = 100;
const RATE = 100;
const FAILURE = "test: connection lost while writing a broadcast chunk";

let t: TestDb;
let tg: FakeTelegram;
let redis: Redis;
let jobs: JobServices;
let worker: Worker<DeliveryJob>;
const prefix = uniquePrefix("chunkfail");
const config = testConfig(prefix);
const { log, lines: logLines } = capturedLog();
let unitId: string;
let authorId: string;
let chatOfMember: Map<string, string>;

async function waitUntil(check: () => Promise<boolean> | boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const statusCount = (broadcastId: string, status: "SENT" | "PENDING") => t.db.delivery.count({ where: { broadcastId, status } });

beforeAll(async () => {
  t = await createTestDb();
  tg = await startFakeTelegram({ ratePerSecond: RATE, perChatPerSecond: 1 });
  redis = createRedis(TEST_REDIS_URL);
  jobs = createJobServices({ db: t.db, redis, config, now: () => new Date(), log });
  ({ unitId, authorId, chatOfMember } = await telegramCell(t.db, {
    unit: "Chi bộ Thử ghi dở",
    size: MEMBERS,
    idPrefix: "chunk_m",
    name: "Phan Văn Ghi Dở",
    searchName: "phan van ghi do",
    firstChat: 700_000,
    secretary: "Phan Văn Bí Thư",
    secretarySearch: "phan van bi thu",
  }));

  const adapter = createTelegramAdapter({ token: tg.token, apiRoot: tg.apiRoot, requestTimeoutMs: 2000 });
  worker = createDeliveryWorker({
    platform: "TELEGRAM",
    db: t.db,
    redisUrl: TEST_REDIS_URL,
    redis,
    prefix,
    log: silentLogger,
    adapter: (p) => (p === "TELEGRAM" ? adapter : undefined),
    queues: jobs.deliveryQueues,
    ratePerSecond: RATE,
    concurrency: 8,
    groupPerMinute: 20,
  });
  await worker.waitUntilReady();
}, 60_000);

afterAll(async () => {
  await worker?.close(true).catch(() => undefined);
  for (const q of Object.values(jobs?.deliveryQueues ?? {})) await q.obliterate({ force: true }).catch(() => undefined);
  await jobs?.close().catch(() => undefined);
  if (redis) {
    await flushPrefix(redis, prefix).catch(() => 0);
    await redis.quit().catch(() => redis.disconnect());
  }
  await tg?.close();
  await t?.drop();
});

describe("a broadcast that fails between two chunks of rows", () => {
  it("is not a failure for the sender; it is logged, and the planner writes the rest after its grace: each member gets it once", async () => {
    const audience = await jobs.notifier.audience(unitId, authorId);
    expect(audience).toHaveLength(MEMBERS);
    const victim = audience[VICTIM_INDEX]!.memberId;
    // Raises once (a sequence is not rolled back with the failing statement), for one member's row:
    // the whole second chunk (one INSERT) fails, the first is committed and queued already.
    await t.db.$executeRawUnsafe(`CREATE SEQUENCE test_chunk_failures`);
    await t.db.$executeRawUnsafe(`
      CREATE FUNCTION test_fail_chunk() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW."memberId" = '${victim}' AND nextval('test_chunk_failures') = 1 THEN
          RAISE EXCEPTION '${FAILURE}';
        END IF;
        RETURN NEW;
      END $$`);
    await t.db.$executeRawUnsafe(`CREATE TRIGGER test_fail_chunk BEFORE INSERT ON "Delivery" FOR EACH ROW EXECUTE FUNCTION test_fail_chunk()`);

    const text = `Thông báo (ghi dở): họp chi bộ lúc 14:00 Thứ Sáu ${prefix}.`;
    const result = await broadcast({ db: t.db, notifier: jobs.notifier, now: new Date() }, { unitId, authorId, text, via: "chat" });
    if (result.kind !== "done") throw new Error(`broadcast refused: ${result.kind}`);
    const { broadcastId, report } = result;
    // The sender is told the notice goes to everyone (the planner writes the rest); only the first
    // chunk's rows were written now.
    expect(report.reachable).toHaveLength(MEMBERS);
    expect(report.unreachable).toEqual([]);
    expect(report.created).toBe(25);
    expect(await t.db.auditLog.count({ where: { action: "broadcast.sent", targetId: broadcastId } })).toBe(1);
    // The trigger really fired, and the failure was logged with the broadcast's id.
    expect((await t.db.$queryRawUnsafe<Array<{ last_value: bigint }>>(`SELECT last_value FROM test_chunk_failures`))[0]!.last_value).toBe(1n);
    const logged = logLines.filter((l) => l.broadcastId === broadcastId && l.level === LOG_ERROR);
    expect(logged.map((l) => l.msg)).toEqual(["broadcast: not every row written now; the planner writes and sends the rest"]);
    expect(JSON.stringify(logged[0]!.err)).toContain(FAILURE);

    const row = await t.db.broadcast.findUniqueOrThrow({ where: { id: broadcastId } });
    expect(row.rowsWrittenAt).toBeNull();
    expect(row.recipientIds).toHaveLength(MEMBERS);
    const written = await t.db.delivery.findMany({ where: { broadcastId }, select: { memberId: true } });
    expect(written.map((d) => d.memberId).sort()).toEqual(
      audience
        .slice(0, 25)
        .map((m) => m.memberId)
        .sort(),
    );
    // The first chunk was queued and goes out now.
    await waitUntil(async () => (await statusCount(broadcastId, "SENT")) === 25, "the first chunk SENT", 20_000);

    // Within the grace the writer may still be at work: the planner leaves the broadcast alone.
    const within = await runPlanner({ db: t.db, redis, config, now: () => new Date() }, jobs, { log });
    expect(within.broadcastsCompleted).toBe(0);
    expect(await t.db.delivery.count({ where: { broadcastId } })).toBe(25);

    // Past it, the missing rows (second and third chunks) are written and queued.
    const later = { db: t.db, redis, config, now: () => new Date(Date.now() + BROADCAST_WRITE_GRACE_MS + 1000) };
    const repair = await runPlanner(later, jobs, { log });
    expect(repair.broadcastsCompleted).toBe(1);
    expect(repair.requeued).toBeGreaterThanOrEqual(MEMBERS - 25);
    expect((await t.db.broadcast.findUniqueOrThrow({ where: { id: broadcastId } })).rowsWrittenAt).not.toBeNull();
    await waitUntil(async () => (await statusCount(broadcastId, "SENT")) === MEMBERS, "every row SENT", 30_000);

    const received = new Map<string, number>();
    for (const s of tg.sent) if (s.text?.endsWith(text)) received.set(s.chatId, (received.get(s.chatId) ?? 0) + 1);
    expect([...chatOfMember.values()].filter((chat) => !received.has(chat))).toEqual([]);
    expect([...received.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(received.size).toBe(MEMBERS);
    // Nothing left to complete, no row twice.
    expect((await runPlanner(later, jobs, { log })).broadcastsCompleted).toBe(0);
    expect(await t.db.delivery.count({ where: { broadcastId } })).toBe(MEMBERS);
    expect(logLines.filter((l) => l.level === LOG_ERROR && l.broadcastId === broadcastId)).toHaveLength(1);
  }, 90_000);
});
