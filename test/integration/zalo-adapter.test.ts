// Zalo client + channel adapter against the fake Zalo Bot API, over real HTTP on 127.0.0.1.
import { createServer } from "node:net";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createZaloAdapter, type ZaloChannelAdapter } from "../../src/channels/zalo/adapter.ts";
import { ZaloApiError, ZaloBotClient, ZaloValidationError } from "../../src/channels/zalo/client.ts";
import { withRetry } from "../../src/channels/retry.ts";
import { splitText } from "../../src/channels/split.ts";
import { ChannelError, type InboundEvent } from "../../src/channels/types.ts";
import { registerWebhooks } from "../../src/web/webhooks.ts";
import { startFakeZalo, type FakeZalo } from "../fakes/fake-zalo.ts";

async function waitFor(condition: () => boolean, timeoutMs = 5000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function channelErrorOf(promise: Promise<unknown>): Promise<ChannelError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ChannelError);
    return error as ChannelError;
  }
  throw new Error("expected a ChannelError, the call succeeded");
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

describe("ZaloBotClient", () => {
  let fake: FakeZalo;
  let client: ZaloBotClient;

  beforeAll(async () => {
    fake = await startFakeZalo();
    client = new ZaloBotClient({ token: fake.token, apiBase: fake.apiBase, timeoutMs: 2000 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it("getMe returns the bot's info", async () => {
    const me = await client.getMe();
    expect(me.account_name).toBeTruthy();
    expect(typeof me.id).toBe("string");
    expect(me.can_join_groups).toBe(false);
  });

  it("getUpdates returns ONE update per call, in order", async () => {
    await fake.pushText("u1", "một");
    await fake.pushText("u1", "hai");
    const first = await client.getUpdates(1);
    expect(first?.event_name).toBe("message.text.received");
    expect(first?.message?.text).toBe("một");
    expect(fake.pendingUpdates).toBe(1);
    const second = await client.getUpdates(1);
    expect(second?.message?.text).toBe("hai");
  });

  it("getUpdates long-polls and answers null on error_code 408", async () => {
    const started = Date.now();
    const update = await client.getUpdates(1);
    expect(update).toBeNull();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("getUpdates returns an update pushed while it waits", async () => {
    const polls = fake.requestsByMethod.get("getUpdates") ?? 0;
    const pending = client.getUpdates(5);
    await waitFor(() => (fake.requestsByMethod.get("getUpdates") ?? 0) > polls, 2000, "the poll to arrive");
    await fake.pushImage("u2", "https://example.com/a.jpg");
    const update = await pending;
    expect(update?.event_name).toBe("message.image.received");
    expect(update?.message?.photo_url).toBe("https://example.com/a.jpg");
  });

  it("setWebhook, getWebhookInfo and deleteWebhook", async () => {
    const set = await client.setWebhook("https://example.com/hook", "s3cret-token-123");
    expect(set.url).toBe("https://example.com/hook");
    expect(typeof set.updated_at).toBe("number");
    expect((await client.getWebhookInfo()).url).toBe("https://example.com/hook");
    expect(fake.webhook?.secretToken).toBe("s3cret-token-123");
    const deleted = await client.deleteWebhook();
    expect(deleted.url).toBe("");
    expect((await client.getWebhookInfo()).url).toBe("");
  });

  it("validates secret_token (8–256) and text (1–2000) before any request", async () => {
    const before = fake.requests;
    await expect(client.setWebhook("https://example.com/hook", "short77")).rejects.toThrow(ZaloValidationError);
    await expect(client.setWebhook("https://example.com/hook", "x".repeat(257))).rejects.toThrow(ZaloValidationError);
    await expect(client.sendMessage("u1", "")).rejects.toThrow(ZaloValidationError);
    await expect(client.sendMessage("u1", "x".repeat(2001))).rejects.toThrow(ZaloValidationError);
    await expect(client.sendPhoto("u1", "https://example.com/p.png", "x".repeat(2001))).rejects.toThrow(ZaloValidationError);
    expect(fake.requests).toBe(before);
    // The limits themselves are accepted.
    await client.setWebhook("https://example.com/hook", "x".repeat(8));
    await client.setWebhook("https://example.com/hook", "x".repeat(256));
    await client.deleteWebhook();
    const sent = await client.sendMessage("u1", "x".repeat(2000));
    expect(sent.message_id).toMatch(/^[0-9a-f]{20}$/);
  });

  it("sendPhoto and sendChatAction", async () => {
    fake.reset();
    const photo = await client.sendPhoto("u3", "https://example.com/p.png", "Ảnh minh chứng");
    expect(photo.message_id).toBeTruthy();
    await client.sendChatAction("u3", "typing");
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]).toMatchObject({ method: "sendPhoto", chatId: "u3", photo: "https://example.com/p.png", caption: "Ảnh minh chứng" });
  });

  it("a wrong token is a ZaloApiError 401 and the token is not in the message", async () => {
    const bad = new ZaloBotClient({ token: "999:not-the-token", apiBase: fake.apiBase });
    const error = await bad.getMe().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZaloApiError);
    expect((error as ZaloApiError).errorCode).toBe(401);
    expect(String((error as Error).message)).not.toContain("not-the-token");
  });
});

describe("Zalo adapter: polling", () => {
  let fake: FakeZalo;
  let adapter: ZaloChannelAdapter;
  const events: InboundEvent[] = [];

  beforeAll(async () => {
    fake = await startFakeZalo();
    // A webhook left over from an earlier deployment: start() must remove it or polling gets nothing.
    await new ZaloBotClient({ token: fake.token, apiBase: fake.apiBase }).setWebhook("https://old.example/hook", "old-secret-1");
    adapter = createZaloAdapter({ token: fake.token, apiBase: fake.apiBase, pollTimeoutSeconds: 30, requestTimeoutMs: 2000 });
    expect(adapter.mode).toBe("polling");
    expect(adapter.webhookPath).toBeUndefined();
    let failedOnce = false;
    await adapter.start(async (event) => {
      // Storing fails once (database briefly away): the update must be stored on a retry, not lost.
      if (event.text === "boom" && !failedOnce) {
        failedOnce = true;
        throw new Error("store failed");
      }
      events.push(event);
    });
  });
  afterAll(async () => {
    await adapter.stop();
    await fake.close();
  });
  beforeEach(() => {
    events.length = 0;
  });

  it("removes a leftover webhook and keeps one poll open while idle (no busy loop)", async () => {
    expect(fake.webhook).toBeNull();
    await waitFor(() => fake.requestsByMethod.get("getUpdates") === 1, 2000, "the first poll");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.requestsByMethod.get("getUpdates")).toBe(1);
  });

  it("receives text, image, sticker and unsupported events, normalized", async () => {
    const date = Date.UTC(2026, 4, 5, 7, 0, 0);
    const text = await fake.pushText("user-1", "đăng ký", { displayName: "Nguyễn Văn Hùng", date });
    const image = await fake.pushImage("user-1", "https://example.com/minh-chung.jpg", { caption: "Minh chứng tháng 5" });
    const sticker = await fake.pushSticker("user-2", { chatId: "group-9", chatType: "GROUP" });
    const unsupported = await fake.pushUnsupported("user-3");
    await waitFor(() => events.length >= 4, 5000, "four events");

    const [e1, e2, e3, e4] = events;
    expect(e1).toEqual({
      platform: "ZALO",
      updateId: text.update.message.message_id,
      kind: "message",
      userId: "user-1",
      chatId: "user-1",
      chatType: "private",
      text: "đăng ký",
      displayName: "Nguyễn Văn Hùng",
      at: new Date(date),
    });
    expect(e1?.at.toISOString()).toBe("2026-05-05T07:00:00.000Z");
    expect(e2).toMatchObject({
      kind: "image",
      updateId: image.update.message.message_id,
      image: { ref: "https://example.com/minh-chung.jpg", caption: "Minh chứng tháng 5" },
    });
    expect(e3).toMatchObject({ kind: "sticker", userId: "user-2", chatId: "group-9", chatType: "group" });
    expect(e3?.updateId).toBe(sticker.update.message.message_id);
    expect(e4).toMatchObject({ kind: "unsupported", userId: "user-3", updateId: unsupported.update.message.message_id });
    expect(e4?.at).toBeInstanceOf(Date);
  });

  it("retries storing an update that failed to store, then goes on in order", async () => {
    await fake.pushText("user-1", "boom");
    await fake.pushText("user-1", "sau lỗi");
    await waitFor(() => events.some((e) => e.text === "sau lỗi"), 5000, "the event after the failure");
    expect(events.map((e) => e.text)).toEqual(["boom", "sau lỗi"]);
  });

  it("backs off and recovers after getUpdates fails with 5xx", async () => {
    // Let the current long poll end (pushing answers it), then fail the next polls.
    fake.failNext(2, { status: 502, errorCode: 502, description: "Bad Gateway" }, "getUpdates");
    await fake.pushText("user-1", "đánh thức");
    await waitFor(() => events.some((e) => e.text === "đánh thức"), 5000, "the wake-up event");
    const polls = fake.requestsByMethod.get("getUpdates") ?? 0;
    await fake.pushText("user-1", "sau 502");
    await waitFor(() => events.some((e) => e.text === "sau 502"), 10_000, "the event after the 502s");
    // Two failed polls plus the one that got the update: backing off, not hammering.
    expect((fake.requestsByMethod.get("getUpdates") ?? 0) - polls).toBeLessThanOrEqual(4);
  });

  it("stop() returns promptly even during a 30 s long poll", async () => {
    const local = createZaloAdapter({ token: fake.token, apiBase: fake.apiBase, pollTimeoutSeconds: 30 });
    // Share the fake: stop the suite's adapter first so the updates are not split between two pollers.
    await adapter.stop();
    const polls = fake.requestsByMethod.get("getUpdates") ?? 0;
    await local.start(async () => {});
    await waitFor(() => (fake.requestsByMethod.get("getUpdates") ?? 0) > polls, 2000, "a poll");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await local.stop();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe("Zalo adapter: webhook", () => {
  const secret = "webhook-secret-0123456789";
  let fake: FakeZalo;
  let app: FastifyInstance;
  let adapter: ZaloChannelAdapter;
  let baseUrl: string;
  const events: InboundEvent[] = [];

  beforeAll(async () => {
    fake = await startFakeZalo();
    // The webhook URL must be known when the adapter is created, before the server listens.
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      baseUrl = `http://127.0.0.1:${port}`;
      adapter = createZaloAdapter({
        token: fake.token,
        apiBase: fake.apiBase,
        webhookUrl: `${baseUrl}/webhooks/zalo`,
        webhookSecret: secret,
      });
      app = Fastify();
      registerWebhooks(app, [adapter]);
      try {
        await app.listen({ port, host: "127.0.0.1" });
        break;
      } catch (error) {
        await app.close();
        if (attempt >= 5) throw error;
      }
    }
    await adapter.start(async (event) => {
      events.push(event);
    });
  });
  afterAll(async () => {
    await adapter.stop();
    await app.close();
    await fake.close();
  });
  beforeEach(() => {
    events.length = 0;
  });

  it("start() registers the webhook URL with the secret", async () => {
    expect(adapter.mode).toBe("webhook");
    expect(adapter.webhookPath).toBe("/webhooks/zalo");
    expect(fake.webhook).toMatchObject({ url: `${baseUrl}/webhooks/zalo`, secretToken: secret });
    expect((await adapter.client.getWebhookInfo()).url).toBe(`${baseUrl}/webhooks/zalo`);
  });

  it("the right secret reaches the handler", async () => {
    const pushed = await fake.pushText("user-7", "xin chào", { date: 1766619597466 });
    expect(pushed.webhookStatus).toBe(200);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      platform: "ZALO",
      kind: "message",
      text: "xin chào",
      userId: "user-7",
      updateId: pushed.update.message.message_id,
    });
    expect(events[0]?.at.getTime()).toBe(1766619597466);
    const image = await fake.pushImage("user-7", "https://example.com/anh.jpg");
    expect(image.webhookStatus).toBe(200);
    expect(events[1]).toMatchObject({ kind: "image", image: { ref: "https://example.com/anh.jpg" } });
  });

  it("a wrong or missing secret is 401 and the handler is not called", async () => {
    const body = JSON.stringify({
      ok: true,
      result: {
        event_name: "message.text.received",
        message: { message_id: "abc", from: { id: "x" }, chat: { id: "x", chat_type: "PRIVATE" }, date: Date.now(), text: "giả mạo" },
      },
    });
    const wrong = await fetch(`${baseUrl}/webhooks/zalo`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-bot-api-secret-token": "webhook-secret-0123456788" },
      body,
    });
    expect(wrong.status).toBe(401);
    const missing = await fetch(`${baseUrl}/webhooks/zalo`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(missing.status).toBe(401);
    const shorter = await fetch(`${baseUrl}/webhooks/zalo`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-bot-api-secret-token": "webhook" },
      body,
    });
    expect(shorter.status).toBe(401);
    expect(events).toHaveLength(0);
    // The right secret with a body that is not an update: 200 (a retry would not mend it), no handler call.
    const garbage = await fetch(`${baseUrl}/webhooks/zalo`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-bot-api-secret-token": secret },
      body: JSON.stringify({ hello: "world" }),
    });
    expect(garbage.status).toBe(200);
    expect(events).toHaveLength(0);
  });

  it("rejects a webhook secret outside 8–256 characters at creation", () => {
    const base = { token: fake.token, apiBase: fake.apiBase, webhookUrl: "https://example.com/hook" };
    expect(() => createZaloAdapter({ ...base, webhookSecret: "1234567" })).toThrow(ZaloValidationError);
    expect(() => createZaloAdapter({ ...base, webhookSecret: "x".repeat(257) })).toThrow(ZaloValidationError);
    expect(() => createZaloAdapter(base)).toThrow(/webhookSecret/);
    expect(createZaloAdapter({ ...base, webhookSecret: "12345678" }).webhookPath).toBe("/hook");
  });
});

describe("Zalo adapter: sending", () => {
  let fake: FakeZalo;
  let adapter: ZaloChannelAdapter;

  beforeAll(async () => {
    fake = await startFakeZalo();
    adapter = createZaloAdapter({ token: fake.token, apiBase: fake.apiBase, requestTimeoutMs: 300 });
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => {
    fake.reset();
  });

  it("splits text longer than 2000 on line boundaries, each part ≤ 2000", async () => {
    const lines = Array.from({ length: 160 }, (_, i) => `${i + 1}. Đồng chí Nguyễn Văn Hùng – mục ${i + 1}`);
    const text = lines.join("\n");
    expect(text.length).toBeGreaterThan(4000);
    const result = await adapter.send("chat-1", { kind: "text", text });
    expect(fake.sent.length).toBeGreaterThanOrEqual(3);
    for (const part of fake.sent) {
      expect(part.method).toBe("sendMessage");
      expect(part.chatId).toBe("chat-1");
      expect(part.text!.length).toBeLessThanOrEqual(2000);
      for (const line of part.text!.split("\n")) expect(lines).toContain(line);
    }
    expect(fake.sent.map((p) => p.text).join("\n")).toBe(text);
    expect(result.messageId).toBe(fake.sent.at(-1)?.messageId);
  });

  it("renders choices as a numbered list answered with a number", async () => {
    await adapter.send("chat-2", {
      kind: "choices",
      text: "Đồng chí chọn nội dung:",
      choices: [
        { value: "STUDY", label: "Học tập" },
        { value: "FOLLOW", label: "Làm theo" },
      ],
    });
    expect(fake.sent).toHaveLength(1);
    expect(fake.sent[0]?.text).toBe("Đồng chí chọn nội dung:\n1. Học tập\n2. Làm theo\nĐồng chí trả lời bằng số (1–2).");
  });

  it("sends a document as a text note with the caption (Zalo bots cannot send files)", async () => {
    await adapter.send("chat-3", {
      kind: "document",
      filename: "tong-hop-thang-5.xlsx",
      content: Buffer.from("x"),
      caption: "Tổng hợp tháng 5: https://example.com/t5",
    });
    expect(fake.sent).toHaveLength(1);
    const text = fake.sent[0]?.text ?? "";
    expect(text.startsWith("Tổng hợp tháng 5: https://example.com/t5\n")).toBe(true);
    expect(text).toContain("tong-hop-thang-5.xlsx");
    expect(text).toMatch(/Zalo/);
  });

  it("an empty text is PERMANENT without a request", async () => {
    const before = fake.requests;
    expect((await channelErrorOf(adapter.send("chat-1", { kind: "text", text: "  " }))).kind).toBe("PERMANENT");
    expect(fake.requests).toBe(before);
  });

  it("429 is RATE_LIMITED with retry_after, and withRetry sends nothing before it elapsed", async () => {
    fake.failNext(1, { status: 429, errorCode: 429, description: "Too Many Requests", retryAfter: 1 }, "sendMessage");
    const error = await channelErrorOf(adapter.send("chat-4", { kind: "text", text: "nhắc họp" }));
    expect(error.kind).toBe("RATE_LIMITED");
    expect(error.retryAfterSeconds).toBe(1);

    fake.reset();
    fake.failNext(1, { status: 429, errorCode: 429, description: "Too Many Requests", retryAfter: 1 }, "sendMessage");
    const result = await withRetry(() => adapter.send("chat-4", { kind: "text", text: "nhắc họp" }));
    const sends = fake.calls.filter((c) => c.method === "sendMessage");
    expect(sends.map((c) => c.status)).toEqual([429, 200]);
    // The next request came a full retry_after after the 429 was answered (timer granularity: a few ms).
    expect(sends[1]!.at - sends[0]!.answeredAt!).toBeGreaterThanOrEqual(1000 - 5);
    expect(fake.sent).toHaveLength(1);
    expect(result.messageId).toBe(fake.sent[0]?.messageId);
  });

  it("429 without retry_after defaults to 1 s; the fake's rate limiter answers 429", async () => {
    const limited = await startFakeZalo({ perChatPerSecond: 1 });
    try {
      const local = createZaloAdapter({ token: limited.token, apiBase: limited.apiBase });
      await local.send("chat-5", { kind: "text", text: "một" });
      const error = await channelErrorOf(local.send("chat-5", { kind: "text", text: "hai" }));
      expect(error.kind).toBe("RATE_LIMITED");
      expect(error.retryAfterSeconds).toBe(1);
      expect(limited.count429).toBe(1);
      // Another chat has its own budget.
      await local.send("chat-6", { kind: "text", text: "ba" });
    } finally {
      await limited.close();
    }
  });

  it("a split message interrupted by 429 resumes with the remaining parts only", async () => {
    const limited = await startFakeZalo({ perChatPerSecond: 1 });
    try {
      const local = createZaloAdapter({ token: limited.token, apiBase: limited.apiBase });
      const text = `${"a".repeat(1500)}\n${"b".repeat(1500)}`;
      await withRetry(() => local.send("chat-7", { kind: "text", text }));
      expect(limited.count429).toBe(1);
      expect(limited.sent.map((s) => s.text)).toEqual(splitText(text, 2000));
    } finally {
      await limited.close();
    }
  });

  it("a blocked chat is BLOCKED and is not retried", async () => {
    fake.blockChat("chat-blocked");
    const error = await channelErrorOf(withRetry(() => adapter.send("chat-blocked", { kind: "text", text: "nhắc" })));
    expect(error.kind).toBe("BLOCKED");
    expect(fake.requestsByMethod.get("sendMessage")).toBe(1);
  });

  it("5xx is TRANSIENT and withRetry recovers", async () => {
    fake.failNext(1, { status: 503, errorCode: 503, description: "Service Unavailable" }, "sendMessage");
    const error = await channelErrorOf(adapter.send("chat-8", { kind: "text", text: "thử" }));
    expect(error.kind).toBe("TRANSIENT");
    fake.failNext(2, { status: 500, errorCode: 500, description: "Internal Server Error" }, "sendMessage");
    await withRetry(() => adapter.send("chat-8", { kind: "text", text: "thử lại" }), { baseDelayMs: 10, maxDelayMs: 20 });
    expect(fake.sent.map((s) => s.text)).toEqual(["thử lại"]);
  });

  it("other 4xx are PERMANENT", async () => {
    fake.failNext(1, { status: 400, errorCode: 400, description: "Bad Request" }, "sendMessage");
    expect((await channelErrorOf(adapter.send("chat-9", { kind: "text", text: "x" }))).kind).toBe("PERMANENT");
  });

  it("a hanging request is TRANSIENT within the time-out, and is not delivered", async () => {
    fake.hangNext(1, 5000, "sendMessage");
    const started = Date.now();
    const error = await channelErrorOf(adapter.send("chat-10", { kind: "text", text: "treo" }));
    const elapsed = Date.now() - started;
    expect(error.kind).toBe("TRANSIENT");
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
    expect(fake.sent).toHaveLength(0);
  });

  it("a refused connection is TRANSIENT, named by its code and without the token", async () => {
    const port = await freePort();
    const offline = createZaloAdapter({ token: fake.token, apiBase: `http://127.0.0.1:${port}`, requestTimeoutMs: 1000 });
    const error = await channelErrorOf(offline.send("chat-11", { kind: "text", text: "x" }));
    expect(error.kind).toBe("TRANSIENT");
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).not.toContain(fake.token);
  });
});
