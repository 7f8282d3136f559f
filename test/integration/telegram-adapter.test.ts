// The Telegram adapter over real HTTP against the fake Bot API (test/fakes/fake-telegram.ts).
import http from "node:http";
import type { AddressInfo } from "node:net";
import Fastify, { type FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTelegramAdapter, type TelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import { withRetry } from "../../src/channels/retry.ts";
import { TELEGRAM_POLICY } from "../../src/channels/core/policy.ts";
import { ChannelError, type InboundEvent } from "../../src/channels/types.ts";
import { registerWebhooks } from "../../src/web/webhooks.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/fake-telegram.ts";

/** Collects inbound events; waitFor resolves as soon as the wanted event has arrived. */
function inbox(onEvent?: (event: InboundEvent) => void) {
  const events: InboundEvent[] = [];
  const waiters = new Set<() => void>();
  return {
    events,
    async handler(event: InboundEvent): Promise<void> {
      events.push(event);
      for (const wake of waiters) wake();
      onEvent?.(event);
    },
    waitFor(predicate: (event: InboundEvent) => boolean, timeoutMs = 5000): Promise<InboundEvent> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(predicate);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error("timed out waiting for an inbound event"));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}

async function sendError(promise: Promise<unknown>): Promise<ChannelError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ChannelError);
    return error as ChannelError;
  }
  throw new Error("expected the send to fail");
}

function lines(count: number, width = 90): string {
  return Array.from({ length: count }, (_, i) => `${String(i).padStart(4, "0")} ${"đảng viên ".repeat(20)}`.slice(0, width)).join("\n");
}

describe("Telegram adapter, long polling", () => {
  let fake: FakeTelegram;
  let adapter: TelegramAdapter;
  const box = inbox();

  beforeAll(async () => {
    fake = await startFakeTelegram();
    // A webhook left from an earlier deployment: start() must delete it before polling.
    await fetch(`${fake.apiRoot}/bot${fake.token}/setWebhook?url=${encodeURIComponent("http://127.0.0.1:9/old")}`);
    adapter = createTelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, requestTimeoutMs: 2000, pollTimeoutSeconds: 5 });
    await adapter.start(box.handler);
  });
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  it("deletes an old webhook and receives a text command", async () => {
    expect(fake.webhook).toBeNull();
    const update = fake.textUpdate(111, "/start ABCD2345", { date: 1_780_000_000 });
    await fake.pushUpdate(update);
    const event = await box.waitFor((e) => e.updateId === String(update.update_id));
    expect(event).toMatchObject({
      platform: "TELEGRAM",
      kind: "message",
      text: "/start ABCD2345",
      userId: "111",
      chatId: "111",
      chatType: "private",
      displayName: "Hùng Nguyễn Văn",
    });
    expect(event.at.getTime()).toBe(1_780_000_000_000);
  });

  it("turns a button press into a choice and answers the callback query", async () => {
    const update = fake.callbackUpdate(111, "c:item-2");
    await fake.pushUpdate(update);
    const event = await box.waitFor((e) => e.updateId === String(update.update_id));
    expect(event).toMatchObject({ kind: "choice", choice: "item-2", userId: "111", chatId: "111" });
    const id = (update as { callback_query: { id: string } }).callback_query.id;
    await fake.waitFor(() => fake.answeredCallbacks.some((a) => a.id === id), 5000, "the callback answer");
  });

  it("normalizes photos (largest size), stickers, group messages and other messages", async () => {
    const photo = fake.photoUpdate(112, { caption: "Minh chứng buổi trực" });
    const sticker = fake.stickerUpdate(112);
    const group = fake.textUpdate(113, "/digest", { chatType: "supergroup", chatId: -100555 });
    const voice = {
      update_id: group.update_id + 1,
      message: {
        message_id: 9,
        date: 1_780_000_000,
        chat: { id: 114, type: "private", first_name: "Lan" },
        from: { id: 114, is_bot: false, first_name: "Lan" },
        voice: { file_id: "v", file_unique_id: "v", duration: 3 },
      },
    };
    for (const update of [photo, sticker, group, voice as never]) await fake.pushUpdate(update);
    const photoEvent = await box.waitFor((e) => e.updateId === String(photo.update_id));
    expect(photoEvent).toMatchObject({ kind: "image", image: { ref: `AgAD-large-${photo.update_id}`, caption: "Minh chứng buổi trực" } });
    expect(await box.waitFor((e) => e.updateId === String(sticker.update_id))).toMatchObject({ kind: "sticker" });
    expect(await box.waitFor((e) => e.updateId === String(group.update_id))).toMatchObject({
      kind: "message",
      chatType: "group",
      chatId: "-100555",
      userId: "113",
    });
    expect(await box.waitFor((e) => e.updateId === String(voice.update_id))).toMatchObject({ kind: "unsupported", userId: "114" });
  });

  it("turns my_chat_member → kicked into a blocked event", async () => {
    const update = fake.kickedUpdate(115);
    await fake.pushUpdate(update);
    expect(await box.waitFor((e) => e.updateId === String(update.update_id))).toMatchObject({
      kind: "blocked",
      userId: "115",
      chatId: "115",
      chatType: "private",
    });
  });

  it("turns the bot's removal from a group (kicked from a supergroup, left from a basic group) into a group blocked event", async () => {
    const supergroup = fake.kickedUpdate(117, { chatType: "supergroup", chatId: -100556 });
    const basic = fake.kickedUpdate(117, { chatType: "group", chatId: -557, status: "left" });
    // In a private chat "left" is not the user blocking the bot: ignored, so the next event is the marker.
    const privateLeft = fake.kickedUpdate(118, { status: "left" });
    const marker = fake.textUpdate(118, "sau");
    for (const update of [supergroup, basic, privateLeft, marker]) await fake.pushUpdate(update);
    expect(await box.waitFor((e) => e.updateId === String(supergroup.update_id))).toMatchObject({
      kind: "blocked",
      userId: "117",
      chatId: "-100556",
      chatType: "group",
    });
    expect(await box.waitFor((e) => e.updateId === String(basic.update_id))).toMatchObject({ kind: "blocked", chatId: "-557", chatType: "group" });
    await box.waitFor((e) => e.updateId === String(marker.update_id));
    expect(box.events.some((e) => e.updateId === String(privateLeft.update_id))).toBe(false);
  });

  it("keeps polling after getUpdates fails", async () => {
    fake.failNext(1, { status: 500, description: "Internal Server Error" }, "getUpdates");
    const first = fake.textUpdate(116, "một");
    await fake.pushUpdate(first); // answers the poll in flight; the next poll gets the 500
    await box.waitFor((e) => e.updateId === String(first.update_id));
    const second = fake.textUpdate(116, "hai");
    await fake.pushUpdate(second);
    await box.waitFor((e) => e.updateId === String(second.update_id));
    expect(fake.calls.some((c) => c.method === "getUpdates" && c.status === 500)).toBe(true);
  });

  it("answers the bot's username", async () => {
    expect(await adapter.botUsername()).toBe("chibo_fake_bot");
  });
});

describe("Telegram adapter, polling lifecycle", () => {
  it("long-polls without busy looping, stops promptly and confirms handled updates", async () => {
    const fake = await startFakeTelegram();
    const box = inbox();
    const adapter = createTelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, pollTimeoutSeconds: 1 });
    try {
      const started = Date.now();
      await adapter.start(box.handler);
      const okPolls = () => fake.calls.filter((c) => c.method === "getUpdates" && c.status === 200).length;
      // Two empty polls take two poll timeouts: the fake blocks and the adapter waits for it.
      await fake.waitFor(() => okPolls() >= 2, 5000, "two long polls");
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
      expect(fake.calls.filter((c) => c.method === "getUpdates").length).toBeLessThanOrEqual(3);

      const update = fake.textUpdate(120, "xin chào");
      await fake.pushUpdate(update);
      await box.waitFor((e) => e.updateId === String(update.update_id));
      const stopping = Date.now();
      await adapter.stop();
      expect(Date.now() - stopping).toBeLessThan(1000);
      expect(fake.pendingUpdates).toBe(0); // confirmed on the way out: a restart does not see it again
    } finally {
      await adapter.stop();
      await fake.close();
    }
  });

  it("under a steady stream polls at most every busyPollIntervalMs, so updates come in batches, in order", async () => {
    const fake = await startFakeTelegram();
    const box = inbox();
    const adapter = createTelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, pollTimeoutSeconds: 5 });
    try {
      await adapter.start(box.handler);
      const polls = () => fake.calls.filter((c) => c.method === "getUpdates").length;
      const before = polls();
      const started = Date.now();
      // One update every 2 ms: polled the moment the last batch was stored, each poll brought one.
      const sent: string[] = [];
      for (let i = 0; i < 30; i++) {
        const update = fake.textUpdate(121, `tin ${i}`);
        sent.push(String(update.update_id));
        await fake.pushUpdate(update);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      await box.waitFor((e) => e.updateId === sent[sent.length - 1]);
      const elapsed = Date.now() - started;
      expect(box.events.filter((e) => e.chatId === "121").map((e) => e.updateId)).toEqual(sent);
      expect(polls() - before).toBeLessThanOrEqual(Math.ceil(elapsed / TELEGRAM_POLICY.busyPollIntervalMs) + 2);
      expect(polls() - before).toBeLessThan(30);
    } finally {
      await adapter.stop();
      await fake.close();
    }
  });

  it("fails start() with PERMANENT on a wrong token", async () => {
    const fake = await startFakeTelegram();
    try {
      const adapter = createTelegramAdapter({ token: "42:wrong-token", apiRoot: fake.apiRoot });
      const error = await sendError(adapter.start(async () => undefined));
      expect(error.kind).toBe("PERMANENT");
      expect(error.status).toBe(401);
      expect(error.message).not.toContain("wrong-token");
    } finally {
      await fake.close();
    }
  });

  it("answers the fake's long poll early when the fake closes", async () => {
    const fake = await startFakeTelegram();
    const started = Date.now();
    const polling = fetch(`${fake.apiRoot}/bot${fake.token}/getUpdates?timeout=30`).then((r) => r.json());
    await fake.waitFor(() => fake.requests >= 1, 2000, "the poll to arrive");
    await fake.close();
    expect(await polling).toEqual({ ok: true, result: [] });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("Telegram adapter, webhook", () => {
  const secret = "chibo_Webhook-secret_0123456789";
  let fake: FakeTelegram;
  let adapter: TelegramAdapter;
  let app: FastifyInstance;
  let server: http.Server;
  let baseUrl: string;
  const box = inbox((event) => {
    if (event.choice === "boom") throw new Error("handler failed");
  });

  beforeAll(async () => {
    fake = await startFakeTelegram();
    // The webhook URL must be known when the adapter is created, before routes are mounted: listen
    // on a port first and hand that server to fastify.
    server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    adapter = createTelegramAdapter({
      token: fake.token,
      apiRoot: fake.apiRoot,
      webhookUrl: `${baseUrl}/webhooks/telegram`,
      webhookSecret: secret,
      requestTimeoutMs: 2000,
    });
    app = Fastify({
      serverFactory: (handler) => {
        server.on("request", handler);
        return server;
      },
    });
    registerWebhooks(app, [adapter]);
    await app.ready();
    await adapter.start(box.handler);
  });
  afterAll(async () => {
    await adapter?.stop();
    await app?.close();
    if (server?.listening) await new Promise((resolve) => server.close(resolve));
    await fake?.close();
  });

  it("sets the webhook with the secret token and the needed update types", () => {
    expect(adapter.webhookPath).toBe("/webhooks/telegram");
    expect(fake.webhook?.url).toBe(`${baseUrl}/webhooks/telegram`);
    expect(fake.webhook?.secretToken).toBe(secret);
    expect(fake.webhook?.allowedUpdates).toEqual(expect.arrayContaining(["message", "callback_query", "my_chat_member"]));
  });

  it("handles an update Telegram POSTs with the right secret", async () => {
    const update = fake.textUpdate(211, "dang ky");
    expect(await fake.pushUpdate(update)).toBe(200);
    expect(box.events.find((e) => e.updateId === String(update.update_id))).toMatchObject({ kind: "message", text: "dang ky" });
  });

  it("answers 401 to a wrong or missing secret and does not call the handler", async () => {
    const before = box.events.length;
    const update = fake.textUpdate(212, "giả mạo");
    const post = (headers: Record<string, string>) =>
      fetch(`${baseUrl}/webhooks/telegram`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(update) });
    expect((await post({ "x-telegram-bot-api-secret-token": "wrong" })).status).toBe(401);
    expect((await post({ "x-telegram-bot-api-secret-token": `${secret}x` })).status).toBe(401);
    expect((await post({})).status).toBe(401);
    expect(box.events.length).toBe(before);
    expect(await adapter.handleWebhook?.({ headers: {}, body: update })).toBe(401);
    expect(box.events.length).toBe(before);
    expect(fake.calls.filter((c) => c.method === "answerCallbackQuery")).toHaveLength(0);
  });

  it("answers the callback query even when storing fails, and asks Telegram to redeliver (503, never 500)", async () => {
    const update = fake.callbackUpdate(213, "c:boom");
    expect(await fake.pushUpdate(update)).toBe(503);
    const id = (update as { callback_query: { id: string } }).callback_query.id;
    // Answered beside the webhook's reply, not before it.
    await vi.waitFor(() => expect(fake.answeredCallbacks.map((a) => a.id)).toContain(id), { timeout: 2000 });
  });

  it("answers 200 to a body that is not an update (a retry would not mend it) without calling the handler", async () => {
    const before = box.events.length;
    const status = await adapter.handleWebhook?.({ headers: { "X-Telegram-Bot-Api-Secret-Token": secret }, body: { hello: 1 } });
    expect(status).toBe(200);
    expect(box.events.length).toBe(before);
  });
});

describe("Telegram adapter, sending", () => {
  let fake: FakeTelegram;
  let adapter: TelegramAdapter;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    adapter = createTelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, requestTimeoutMs: 300 });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("splits a text over 4096 characters on line boundaries", async () => {
    const text = lines(120); // ≈ 10,900 characters
    const before = fake.sent.length;
    const result = await adapter.send("301", { kind: "text", text });
    const parts = fake.sent.slice(before);
    expect(parts.length).toBe(3);
    for (const part of parts) {
      expect(part.text!.length).toBeLessThanOrEqual(4096);
      expect(part.chatId).toBe("301");
    }
    expect(parts.map((p) => p.text).join("\n")).toBe(text);
    expect(result.messageId).toBe(String(parts.at(-1)!.messageId));
  });

  it("sends choices as an inline keyboard, one button per row, callback data ≤ 64 bytes", async () => {
    const choices = [
      { value: "study", label: "Học tập" },
      { value: "follow", label: "Làm theo" },
      { value: "x".repeat(62), label: "Giá trị dài nhất" },
      { value: "đồng-ý", label: "Đồng ý" },
    ];
    await adapter.send("302", { kind: "choices", text: "Đồng chí chọn nội dung:", choices });
    const sent = fake.sent.at(-1)!;
    const keyboard = (sent.replyMarkup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard;
    expect(keyboard.map((row) => row.length)).toEqual([1, 1, 1, 1]);
    expect(keyboard.map((row) => row[0]!.text)).toEqual(choices.map((c) => c.label));
    for (const [row] of keyboard) expect(Buffer.byteLength(row!.callback_data)).toBeLessThanOrEqual(64);
    expect(keyboard[0]![0]!.callback_data).toBe("c:study");
  });

  it("refuses a choice value too long for callback data without sending anything", async () => {
    const before = fake.requests;
    const error = await sendError(adapter.send("302", { kind: "choices", text: "Chọn", choices: [{ value: "đ".repeat(32), label: "Quá dài" }] }));
    expect(error.kind).toBe("PERMANENT");
    expect(fake.requests).toBe(before);
  });

  it("puts the keyboard on the last part of a long choices text", async () => {
    const before = fake.sent.length;
    await adapter.send("303", { kind: "choices", text: lines(60), choices: [{ value: "ok", label: "Xong" }] });
    const parts = fake.sent.slice(before);
    expect(parts).toHaveLength(2);
    expect(parts[0]!.replyMarkup).toBeUndefined();
    expect(parts[1]!.replyMarkup).toBeDefined();
  });

  it("delivers user text with <, >, & and Markdown characters intact (plain text, no parse mode)", async () => {
    const text = 'Mục tiêu: <b>giảm 20%</b> & "đúng hạn" > cam kết < 5 ngày *_[x](y)_* &amp;';
    await adapter.send("304", { kind: "text", text });
    const sent = fake.sent.at(-1)!;
    expect(sent.text).toBe(text);
    expect(sent.parseMode).toBeUndefined();
  });

  it("fake: parses HTML like Telegram and rejects unescaped markup", async () => {
    const call = (body: object) =>
      fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    const good = await call({ chat_id: 399, text: "<b>Chú ý</b> &lt;1&gt; &amp; 2", parse_mode: "HTML" });
    expect(good.status).toBe(200);
    expect(fake.sent.at(-1)).toMatchObject({ text: "Chú ý <1> & 2", parseMode: "HTML" });
    const bad = await call({ chat_id: 399, text: "a < b", parse_mode: "HTML" });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error_code: 400, description: expect.stringContaining("can't parse entities") });
  });

  it("sends a document as multipart with its filename", async () => {
    const content = Buffer.from("STT,Họ tên\n1,Nguyễn Văn Hùng\n", "utf8");
    await adapter.send("305", { kind: "document", filename: "Bao-cao-thang-5.csv", content, caption: "Báo cáo tháng 5" });
    const sent = fake.sent.at(-1)!;
    expect(sent).toMatchObject({
      method: "sendDocument",
      chatId: "305",
      text: "Báo cáo tháng 5",
      document: { filename: "Bao-cao-thang-5.csv", size: content.length },
    });
  });

  it("sends a caption over 1024 characters as text before the document", async () => {
    const before = fake.sent.length;
    await adapter.send("306", { kind: "document", filename: "so-tu-tu-duong.pdf", content: Buffer.from("%PDF-1.4"), caption: lines(15) });
    expect(fake.sent.slice(before).map((s) => s.method)).toEqual(["sendMessage", "sendDocument"]);
  });

  it("maps 429 to RATE_LIMITED with retry_after", async () => {
    fake.failNext(1, { status: 429, description: "Too Many Requests: retry after 7", retryAfter: 7 }, "sendMessage");
    const error = await sendError(adapter.send("307", { kind: "text", text: "nhắc họp" }));
    expect(error.kind).toBe("RATE_LIMITED");
    expect(error.retryAfterSeconds).toBe(7);
    expect(error.status).toBe(429);
  });

  it("withRetry waits retry_after before the next request, then succeeds", async () => {
    fake.failNext(1, { status: 429, description: "Too Many Requests: retry after 1", retryAfter: 1 }, "sendMessage");
    const before = fake.calls.length;
    await withRetry(() => adapter.send("308", { kind: "text", text: "nhắc họp chi bộ" }));
    const attempts = fake.calls.slice(before).filter((c) => c.method === "sendMessage");
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(995);
    expect(fake.sent.at(-1)).toMatchObject({ chatId: "308", text: "nhắc họp chi bộ" });
  });

  it("maps blocked, deactivated and unknown chats to BLOCKED", async () => {
    fake.blockChat("309");
    const blocked = await sendError(adapter.send("309", { kind: "text", text: "a" }));
    expect(blocked).toMatchObject({ kind: "BLOCKED", status: 403 });
    fake.failNext(1, { status: 403, description: "Forbidden: user is deactivated" }, "sendMessage");
    expect((await sendError(adapter.send("310", { kind: "text", text: "a" }))).kind).toBe("BLOCKED");
    fake.failNext(1, { status: 400, description: "Bad Request: chat not found" }, "sendMessage");
    expect((await sendError(adapter.send("311", { kind: "text", text: "a" }))).kind).toBe("BLOCKED");
  });

  it("maps other 4xx to PERMANENT and 5xx to TRANSIENT", async () => {
    fake.failNext(1, { status: 400, description: "Bad Request: message text is empty" }, "sendMessage");
    expect((await sendError(adapter.send("312", { kind: "text", text: "a" }))).kind).toBe("PERMANENT");
    fake.failNext(1, { status: 500, description: "Internal Server Error" }, "sendMessage");
    expect(await sendError(adapter.send("312", { kind: "text", text: "a" }))).toMatchObject({ kind: "TRANSIENT", status: 500 });
    fake.failNext(1, { status: 502, description: "Bad Gateway" });
    expect((await sendError(adapter.send("312", { kind: "document", filename: "a.txt", content: Buffer.from("a") }))).kind).toBe("TRANSIENT");
  });

  it("maps a request that gets no answer to TRANSIENT within requestTimeoutMs", async () => {
    const before = fake.sent.length;
    fake.hangNext(1, 3000, "sendMessage");
    const started = Date.now();
    const error = await sendError(adapter.send("313", { kind: "text", text: "treo" }));
    const elapsed = Date.now() - started;
    expect(error.kind).toBe("TRANSIENT");
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(1500);
    expect(fake.sent.length).toBe(before);
  });

  it("maps a refused connection to TRANSIENT", async () => {
    const gone = await startFakeTelegram();
    await gone.close();
    const offline = createTelegramAdapter({ token: gone.token, apiRoot: gone.apiRoot, requestTimeoutMs: 2000 });
    const error = await sendError(offline.send("314", { kind: "text", text: "a" }));
    expect(error.kind).toBe("TRANSIENT");
    expect(error.message).not.toContain(gone.token);
  });
});

describe("Telegram adapter against the fake's rate limits", () => {
  let fake: FakeTelegram;
  let adapter: TelegramAdapter;

  beforeAll(async () => {
    fake = await startFakeTelegram({ ratePerSecond: 5, perChatPerSecond: 1 });
    adapter = createTelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, requestTimeoutMs: 2000 });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("answers 429 with retry_after when one chat gets more than 1 message/s", async () => {
    await adapter.send("401", { kind: "text", text: "một" });
    const error = await sendError(adapter.send("401", { kind: "text", text: "hai" }));
    expect(error).toMatchObject({ kind: "RATE_LIMITED", retryAfterSeconds: 1 });
    expect(fake.count429).toBeGreaterThanOrEqual(1);
  });

  it("answers 429 when the bot exceeds its overall rate", async () => {
    const before = fake.count429;
    const results = await Promise.allSettled(Array.from({ length: 12 }, (_, i) => adapter.send(String(500 + i), { kind: "text", text: "tin nhắn" })));
    const refused = results.filter((r) => r.status === "rejected");
    expect(refused.length).toBeGreaterThan(0);
    expect(results.length - refused.length).toBeLessThanOrEqual(6);
    for (const r of refused) expect(r.reason).toMatchObject({ kind: "RATE_LIMITED" });
    expect(fake.count429 - before).toBe(refused.length);
  });

  it("resumes a split message after a 429 instead of sending parts twice", async () => {
    const text = lines(100); // three parts to one chat at 1 message/s: parts 2 and 3 hit 429 first
    const before = fake.sent.length;
    await withRetry(() => adapter.send("402", { kind: "text", text }) as Promise<unknown>, { maxRateLimitWaitMs: 10_000 }).then(() => undefined);
    const parts = fake.sent.slice(before).filter((s) => s.chatId === "402");
    expect(parts).toHaveLength(3);
    expect(parts.map((p) => p.text).join("\n")).toBe(text);
  });
});
