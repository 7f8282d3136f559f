// The channel edge: poison updates on both webhooks (answered 200, logged, counted in /metrics,
// never 500, never holding up the next update), NUL and control characters removed, the 256 KB
// body limit with a bare error body, and Zalo as documented (wrapped and bare webhook bodies,
// voice, the bot's own messages, 403/404/quota/blocked mapping).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Fastify, { type FastifyInstance } from "fastify";
import type { Update } from "telegraf/types";
import { seedDemo } from "../../prisma/seed-demo.ts";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import { createZaloAdapter } from "../../src/channels/zalo/adapter.ts";
import { normalizeZaloUpdate } from "../../src/channels/zalo/normalize.ts";
import { ChannelError, type ChannelObserver } from "../../src/channels/types.ts";
import { createEngine } from "../../src/conversations/create-engine.ts";
import { silentLogger } from "../../src/log.ts";
import { channelMsg } from "../../src/messages/channels.ts";
import { createMetrics } from "../../src/web/metrics.ts";
import { registerWebhooks } from "../../src/web/webhooks.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/fake-telegram.ts";
import { startFakeZalo, type FakeZalo } from "../fakes/fake-zalo.ts";
import { startInbound } from "../support/inbound.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

const SECRET = "edge-secret_0123456789";
let t: TestDb;
let tg: FakeTelegram;
let zalo: FakeZalo;
let hooks: FastifyInstance;
let base: string;
const metrics = createMetrics();
const observer: ChannelObserver = {
  rejected: (platform, reason) => metrics.inboundRejected.inc({ platform, reason }),
  rateLimited: (platform) => metrics.rateLimited.inc({ platform }),
};
const stops: Array<() => Promise<unknown>> = [];

async function counter(name: string, labels: string): Promise<number> {
  const text = await metrics.registry.metrics();
  const line = text.split("\n").find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(" ").pop()) : 0;
}
async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db, { year: 2026 });
  tg = await startFakeTelegram({ token: "5151:edge-bot" });
  zalo = await startFakeZalo({ token: "515151:edge-zalo" });
  hooks = Fastify();
  // The URL is needed before the routes exist: listen on a fixed free port found first.
  const probe = Fastify();
  await probe.listen({ port: 0, host: "127.0.0.1" });
  const port = (probe.server.address() as { port: number }).port;
  await probe.close();
  base = `http://127.0.0.1:${port}`;
  const telegram = createTelegramAdapter({ token: tg.token, apiRoot: tg.apiRoot, webhookUrl: `${base}/webhooks/telegram`, webhookSecret: SECRET, observer });
  const zaloAdapter = createZaloAdapter({ token: zalo.token, apiBase: zalo.apiBase, webhookUrl: `${base}/webhooks/zalo`, webhookSecret: SECRET, observer });
  registerWebhooks(hooks, [telegram, zaloAdapter]);
  await hooks.listen({ port, host: "127.0.0.1" });
  const engine = createEngine({ db: t.db, log: silentLogger, zone: "Asia/Ho_Chi_Minh" });
  const inbox = startInbound({ db: t.db, engine, adapters: [telegram, zaloAdapter] });
  await telegram.start(inbox.accept);
  await zaloAdapter.start(inbox.accept);
  stops.push(
    () => zaloAdapter.stop(),
    () => telegram.stop(),
    () => inbox.stop(),
    () => hooks.close(),
    () => tg.close(),
    () => zalo.close(),
  );
});
afterAll(async () => {
  for (const stop of stops) await stop().catch(() => undefined);
  await t?.drop();
});

describe("poison updates", () => {
  it("Telegram: odd shapes are answered 200, counted, and the next update is handled", async () => {
    const message = { message_id: 1, date: 1_780_000_000, chat: { id: 8101, type: "private" }, from: { id: 8101, is_bot: false, first_name: "A" } };
    const shapes: unknown[] = [
      { update_id: 700_001, message: {} },
      { update_id: 700_002, message: { ...message, text: 123 } },
      { update_id: 700_003, message: { ...message, chat: null } },
      { update_id: 700_004, message: { ...message, photo: "not-an-array" } },
      { update_id: "x" },
    ];
    const before = await counter("chibo_inbound_rejected_total", 'platform="TELEGRAM",reason="malformed"');
    for (const shape of shapes) {
      expect((await post("/webhooks/telegram", JSON.stringify(shape), { "x-telegram-bot-api-secret-token": SECRET })).status).toBe(200);
    }
    const notJson = await post("/webhooks/telegram", "{not json", { "x-telegram-bot-api-secret-token": SECRET });
    expect(notJson.status).toBe(200);
    expect(await counter("chibo_inbound_rejected_total", 'platform="TELEGRAM",reason="malformed"')).toBe(before + shapes.length + 1);
    expect(await t.db.inboundUpdate.count({ where: { platform: "TELEGRAM" } })).toBe(0);

    // A NUL (and other controls) in the text: removed at the edge, the member gets an answer.
    const good = { update_id: 700_010, message: { ...message, text: "/trogiup\u0000\u0007" } } as unknown as Update;
    // Through the fake's own webhook delivery, as Telegram would send it.
    expect(await tg.pushUpdate(good)).toBe(200);
    await waitUntil(() => tg.sent.some((s) => s.chatId === "8101"), "a reply after the poison updates");
    const row = await t.db.inboundUpdate.findFirstOrThrow({ where: { platform: "TELEGRAM", updateId: "700010" } });
    expect((row.event as { text: string }).text).toBe("/trogiup");
  });

  it("Zalo: odd shapes (wrapped or bare) are answered 200 and counted", async () => {
    const msg = { message_id: "m-1", date: Date.now(), from: { id: "zp-1" }, chat: { id: "zp-1", chat_type: "PRIVATE" } };
    const shapes: unknown[] = [
      { event_name: "message.text.received", message: {} },
      { ok: true, result: { event_name: "message.text.received", message: { ...msg, text: 123 } } },
      { event_name: "message.text.received", message: { ...msg, chat: null } },
      { ok: true, result: { event_name: "message.image.received", message: { ...msg, photo_url: ["x"] } } },
      [1, 2, 3],
    ];
    const before = await counter("chibo_inbound_rejected_total", 'platform="ZALO",reason="malformed"');
    for (const shape of shapes) {
      expect((await post("/webhooks/zalo", JSON.stringify(shape), { "x-bot-api-secret-token": SECRET })).status).toBe(200);
    }
    expect(await counter("chibo_inbound_rejected_total", 'platform="ZALO",reason="malformed"')).toBe(before + shapes.length);
    expect(await t.db.inboundUpdate.count({ where: { platform: "ZALO", updateId: "m-1" } })).toBe(0);
  });

  it("refuses a body over 256 KB with 413 and a bare body, and a wrong secret before reading it", async () => {
    const big = JSON.stringify({ update_id: 1, message: { text: "x".repeat(300 * 1024) } });
    const tooLarge = await post("/webhooks/telegram", big, { "x-telegram-bot-api-secret-token": SECRET });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({ ok: false });
    const wrong = await post("/webhooks/zalo", big, { "x-bot-api-secret-token": "wrong-secret-000" });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ ok: false });
  });
});

describe("Zalo as documented", () => {
  it("handles webhooks both wrapped and bare (the fake alternates), and answers a voice message", async () => {
    const first = await zalo.pushText("zd-1", "/trogiup");
    const second = await zalo.pushText("zd-2", "/trogiup");
    expect([first.webhookStatus, second.webhookStatus]).toEqual([200, 200]);
    await waitUntil(() => zalo.sent.some((s) => s.chatId === "zd-1") && zalo.sent.some((s) => s.chatId === "zd-2"), "replies to both forms");
    const voice = await zalo.pushVoice("zd-3");
    expect(voice.webhookStatus).toBe(200);
    await waitUntil(() => zalo.sent.some((s) => s.chatId === "zd-3"), "the voice answer");
    expect(zalo.sent.find((s) => s.chatId === "zd-3")?.text).toBe(channelMsg.voiceNotRead());
  });

  it("drops the bot's own messages and reads an update without event_name", async () => {
    expect(
      normalizeZaloUpdate({ event_name: "message.text.received", message: { message_id: "b1", from: { id: "bot", is_bot: true }, text: "x" } }),
    ).toMatchObject({ kind: "ignored" });
    expect(normalizeZaloUpdate({ event_name: "message.text.received", message: { message_id: "b2", from: { id: "me-1" }, text: "x" } }, "me-1")).toMatchObject({
      kind: "ignored",
    });
    expect(normalizeZaloUpdate({ message: { message_id: "n1", from: { id: "u1" }, text: "chào" } })).toMatchObject({
      kind: "event",
      event: { kind: "message", text: "chào" },
    });
    const own = await zalo.pushRaw({
      event_name: "message.text.received",
      message: { message_id: "own-1", date: Date.now(), from: { id: "zb-1", is_bot: true }, chat: { id: "zb-1", chat_type: "PRIVATE" }, text: "/trogiup" },
    });
    expect(own.webhookStatus).toBe(200);
    expect(await t.db.inboundUpdate.count({ where: { platform: "ZALO", updateId: "own-1" } })).toBe(0);
  });

  it("maps 403 and 5xx to TRANSIENT, 404 to PERMANENT, blocked only when the user is named, quota 429 to a long wait counted in /metrics", async () => {
    const adapter = createZaloAdapter({ token: zalo.token, apiBase: zalo.apiBase, observer });
    const kindOf = async () => {
      const error = await adapter.send("zc-1", { kind: "text", text: "nhắc" }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ChannelError);
      return error as ChannelError;
    };
    zalo.failNext(1, { status: 403, errorCode: 403, description: "Internal server error" }, "sendMessage");
    expect((await kindOf()).kind).toBe("TRANSIENT");
    zalo.failNext(1, { status: 404, errorCode: 404, description: "Not Found" }, "sendMessage");
    expect((await kindOf()).kind).toBe("PERMANENT");
    zalo.failNext(1, { status: 400, errorCode: 400, description: "Tham số không tồn tại" }, "sendMessage");
    expect((await kindOf()).kind).toBe("PERMANENT");
    zalo.blockChat("zc-1");
    expect((await kindOf()).kind).toBe("BLOCKED");
    zalo.unblockChat("zc-1");
    const before = await counter("chibo_platform_rate_limited_total", 'platform="ZALO"');
    zalo.failNext(1, { status: 429, errorCode: 429, description: "Quota exceeded" }, "sendMessage");
    const quota = await kindOf();
    expect(quota).toMatchObject({ kind: "RATE_LIMITED" });
    expect(quota.retryAfterSeconds).toBeGreaterThan(1);
    expect(await counter("chibo_platform_rate_limited_total", 'platform="ZALO"')).toBe(before + 1);
  });
});
