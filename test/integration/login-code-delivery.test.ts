// Dashboard login codes on their way out, for real: the web server queues them, a delivery worker
// sends them to the fake Telegram over HTTP. Whatever the outcome (sent, failed, skipped), the
// Delivery row keeps what happened and never the code. A member who only chats in the terminal
// (`npm run chat`, a LOCAL identity) gets the code there and reaches the dashboard.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Worker } from "bullmq";
import { Browser, csrfOf, NAMES, START, startDashboard, type DashHarness } from "./dashboard-harness.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/fake-telegram.ts";
import { TEST_REDIS_URL } from "../support/redis.ts";
import { silentLogger } from "../../src/log.ts";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import { createDeliveryWorker } from "../../jobs/delivery/worker.ts";
import type { DeliveryJob } from "../../jobs/queues.ts";
import { takeLocalMessages } from "../../src/db/deliveries.ts";

let h: DashHarness;
let tg: FakeTelegram;
let worker: Worker<DeliveryJob>;

beforeAll(async () => {
  h = await startDashboard();
  tg = await startFakeTelegram();
  const adapter = createTelegramAdapter({ token: tg.token, apiRoot: tg.apiRoot, requestTimeoutMs: 2000 });
  worker = createDeliveryWorker({
    platform: "TELEGRAM",
    db: h.t.db,
    redisUrl: TEST_REDIS_URL,
    redis: h.redis,
    prefix: h.config.QUEUE_PREFIX,
    log: silentLogger,
    adapter: (p) => (p === "TELEGRAM" ? adapter : undefined),
    queues: h.jobs.deliveryQueues,
    ratePerSecond: 30,
    concurrency: 2,
    groupPerMinute: 20,
    timings: { perChatIntervalMs: 0 },
  });
  await worker.waitUntilReady();
});

afterAll(async () => {
  await worker?.close(true).catch(() => undefined);
  await tg?.close();
  await h?.close();
});

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function askCode(input: string): Promise<Browser> {
  const b = new Browser(h.app);
  const form = await b.get("/dashboard/login");
  expect((await b.post("/dashboard/login", { _csrf: csrfOf(form.body), who: input })).status).toBe(303);
  return b;
}

const codeRow = (memberId: string) => h.t.db.delivery.findFirst({ where: { purpose: "login-code", memberId }, orderBy: { createdAt: "desc" } });
const sixDigits = /\b\d{6}\b/;

describe("login codes leave no trace in Delivery rows", () => {
  it("a sent code: the member got it, the row keeps only that it was sent", async () => {
    h.clock.now = new Date(START);
    await askCode(NAMES.hung);
    const row = await waitFor("the code sent", async () => {
      const r = await codeRow(h.ids.hung);
      return r?.status === "SENT" ? r : null;
    });
    expect(tg.sent.some((s) => s.chatId === "tg-hung" && sixDigits.test(s.text ?? ""))).toBe(true);
    expect(JSON.stringify(row.payload)).not.toMatch(sixDigits);
  });

  it("a failed code (the member blocked the bot): the row is FAILED and holds no code", async () => {
    h.clock.now = new Date(START.getTime() + 3600_000);
    tg.blockChat("tg-vinh");
    await askCode(NAMES.vinh);
    const row = await waitFor("the code to fail", async () => {
      const r = await codeRow(h.ids.vinh);
      return r?.status === "FAILED" ? r : null;
    });
    expect(row.lastError).toMatch(/blocked/);
    expect(JSON.stringify(row.payload)).not.toMatch(sixDigits);
    expect(JSON.stringify(row.payload)).toContain("mã đăng nhập đã xoá");
  });

  it("a skipped code (no account left by the time it is queued): the row is SKIPPED and holds no code", async () => {
    const row = await h.jobs.deliver({
      purpose: "login-code",
      dedupeKey: "login-code:skip-test",
      memberId: h.ids.mai,
      message: { kind: "text", text: "mã đăng nhập là 123456" },
    });
    expect(row.status).toBe("SKIPPED");
    const stored = await h.t.db.delivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(JSON.stringify(stored.payload)).not.toContain("123456");
  });
});

describe("a member who only chats in the terminal", () => {
  it("reads the login code in the terminal chat and reaches the dashboard", async () => {
    h.clock.now = new Date(START.getTime() + 2 * 3600_000);
    // Mai (deputy secretary) has no Zalo or Telegram: only `npm run chat`.
    await h.t.db.identity.create({ data: { platform: "LOCAL", externalUserId: "local-mai", chatId: "local-mai", memberId: h.ids.mai } });
    const b = await askCode(NAMES.mai);
    const row = await codeRow(h.ids.mai);
    expect(row).toMatchObject({ platform: "LOCAL", chatId: "local-mai", status: "PENDING" });

    const messages = await takeLocalMessages(h.t.db, "local-mai", h.clock.now);
    expect(messages).toHaveLength(1);
    const text = messages[0]!.kind === "text" ? messages[0]!.text : "";
    const code = sixDigits.exec(text)?.[0];
    expect(code).toBeDefined();
    expect(await takeLocalMessages(h.t.db, "local-mai", h.clock.now)).toEqual([]);

    const page = await b.get("/dashboard/login/code");
    const done = await b.post("/dashboard/login/code", { _csrf: csrfOf(page.body), code: code! });
    expect(done.status).toBe(303);
    expect((await b.get(`/dashboard/cells/${h.officeId}`)).status).toBe(200);
    const after = await h.t.db.delivery.findUniqueOrThrow({ where: { id: row!.id } });
    expect(after.status).toBe("SENT");
    expect(JSON.stringify(after.payload)).not.toMatch(sixDigits);
  });

  it("a member with Telegram still gets the code on Telegram, not in the terminal", async () => {
    h.clock.now = new Date(START.getTime() + 3 * 3600_000);
    await h.t.db.identity.create({ data: { platform: "LOCAL", externalUserId: "local-hoa", chatId: "local-hoa", memberId: h.ids.hoa } });
    await askCode(NAMES.hoa);
    expect(await codeRow(h.ids.hoa)).toMatchObject({ platform: "TELEGRAM" });
    expect(await takeLocalMessages(h.t.db, "local-hoa", h.clock.now)).toEqual([]);
  });
});
