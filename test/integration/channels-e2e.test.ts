// The inbound path end to end over real HTTP: platform fake → adapter → dispatcher → engine →
// PostgreSQL → reply through the adapter. Linking on Telegram and Zalo, duplicate updates,
// blocked users, and webhooks refusing a wrong secret.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import Fastify, { type FastifyInstance } from "fastify";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/fake-telegram.ts";
import { startFakeZalo, type FakeZalo } from "../fakes/fake-zalo.ts";
import { seedDemo } from "../../prisma/seed-demo.ts";
import { createEngine } from "../../src/conversations/create-engine.ts";
import { startInbound } from "../support/inbound.ts";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import { createZaloAdapter } from "../../src/channels/zalo/adapter.ts";
import { registerWebhooks } from "../../src/web/webhooks.ts";
import { createInvite } from "../../src/db/invites.ts";
import { findMembersByName } from "../../src/db/members.ts";
import { silentLogger } from "../../src/log.ts";
import type { ChannelAdapter } from "../../src/channels/types.ts";

let t: TestDb;
const stops: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db, { year: 2026 });
});
afterAll(async () => {
  for (const stop of stops.reverse()) await stop().catch(() => {});
  await t?.drop();
});

// Each platform bot gets its own database: the inbox picks the adapter by platform, as in a deployment.
async function start(adapter: ChannelAdapter, db: TestDb = t) {
  const engine = createEngine({ db: db.db, log: silentLogger, zone: "Asia/Ho_Chi_Minh" });
  const inbox = startInbound({ db: db.db, engine, adapters: [adapter] });
  await adapter.start(inbox.accept);
  stops.push(
    () => inbox.stop(),
    () => adapter.stop(),
  );
}
async function inviteFor(name: string) {
  const [member] = await findMembersByName(t.db, name);
  const { code } = await createInvite(t.db, member!.id, null, new Date());
  return { code, memberId: member!.id };
}
async function waitUntil(check: () => Promise<boolean>, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("Telegram (long polling against the fake Bot API)", () => {
  let tg: FakeTelegram;
  beforeAll(async () => {
    tg = await startFakeTelegram();
    stops.push(() => tg.close());
    await start(createTelegramAdapter({ token: tg.token, apiRoot: tg.apiRoot, pollTimeoutSeconds: 1, requestTimeoutMs: 5000 }));
  });

  it("links through the /start deep-link code and greets the member by given name", async () => {
    const { code, memberId } = await inviteFor("Phạm Thị Hồng Nhung");
    await tg.pushUpdate(tg.textUpdate(5001, `/start ${code}`, { firstName: "Nhung" }));
    // The greeting and then the list of commands.
    const [greeting, help] = await tg.waitForSent(2);
    expect(help!.text).toContain("/dangky");
    expect(greeting!.chatId).toBe("5001");
    expect(greeting!.text).toContain("đồng chí Nhung");
    const identity = await t.db.identity.findFirstOrThrow({ where: { platform: "TELEGRAM", externalUserId: "5001" } });
    expect(identity.memberId).toBe(memberId);
  });

  it("answers a wrong code with what to do next", async () => {
    const before = tg.sent.length;
    await tg.pushUpdate(tg.textUpdate(5002, "/start ACDEF34679"));
    await tg.waitForSent(before + 1);
    expect(tg.sent[before]!.text).toContain("Mã không đúng");
  });

  it("handles the same update once when it arrives twice", async () => {
    const update = tg.textUpdate(5001, "/trogiup");
    const before = tg.sent.length;
    await tg.pushUpdate(update);
    await tg.waitForSent(before + 1);
    await tg.pushUpdate(update);
    // A later, different update proves the duplicate was read and skipped, not still pending.
    await tg.pushUpdate(tg.textUpdate(5001, "/huy"));
    await tg.waitForSent(before + 2);
    await tg.waitFor(() => tg.pendingUpdates === 0, 5000, "updates consumed");
    expect(tg.sent.slice(before).map((s) => s.text?.slice(0, 20))).toEqual([expect.stringContaining("Đồng chí Nhung"), "Không có việc nào đa"]);
    expect(await t.db.inboundUpdate.count({ where: { platform: "TELEGRAM", updateId: String(update.update_id), status: "DONE" } })).toBe(1);
  });

  it("unlinks the cell's group chat when the secretary removes the bot from it, leaving the secretary's account reachable", async () => {
    const { code, memberId } = await inviteFor("Nguyễn Văn Hùng");
    await tg.pushUpdate(tg.textUpdate(5010, `/start ${code}`));
    await waitUntil(async () => tg.sent.filter((s) => s.chatId === "5010").length === 2, "greeting and help");
    const group = { chatType: "supergroup" as const, chatId: -1_005_010 };
    const before = tg.sent.length;
    await tg.pushUpdate(tg.textUpdate(5010, "/nhom", group));
    await tg.waitForSent(before + 1);
    const unit = await t.db.unit.findFirstOrThrow({ where: { members: { some: { id: memberId } } } });
    expect(await t.db.unit.findUniqueOrThrow({ where: { id: unit.id } })).toMatchObject({ groupChatPlatform: "TELEGRAM", groupChatId: "-1005010" });

    await tg.pushUpdate(tg.kickedUpdate(5010, group));
    await waitUntil(async () => (await t.db.unit.findUniqueOrThrow({ where: { id: unit.id } })).groupChatId === null, "group unlinked");
    expect(await t.db.unit.findUniqueOrThrow({ where: { id: unit.id } })).toMatchObject({ groupChatPlatform: null, groupChatId: null });
    expect(await t.db.identity.findFirstOrThrow({ where: { platform: "TELEGRAM", externalUserId: "5010" } })).toMatchObject({
      reachable: true,
      blockedAt: null,
    });
    expect(await t.db.auditLog.findFirst({ where: { action: "unit.group-unlinked", unitId: unit.id } })).toMatchObject({
      actorId: memberId,
      detail: { platform: "TELEGRAM", chatId: "-1005010", reason: "bot-removed" },
    });

    // Blocking the bot in the private chat is still the account's own: it is marked unreachable.
    await tg.pushUpdate(tg.kickedUpdate(5010));
    await waitUntil(async () => !(await t.db.identity.findFirstOrThrow({ where: { externalUserId: "5010" } })).reachable, "unreachable");
  });

  it("marks the identity unreachable when the member blocks the bot (my_chat_member kicked)", async () => {
    await tg.pushUpdate(tg.kickedUpdate(5001));
    await waitUntil(async () => !(await t.db.identity.findFirstOrThrow({ where: { externalUserId: "5001" } })).reachable, "unreachable");
    const identity = await t.db.identity.findFirstOrThrow({ where: { externalUserId: "5001" } });
    expect(identity.blockedAt).not.toBeNull();
  });

  it("marks the identity unreachable when a reply gets 403 blocked, without retrying", async () => {
    const { code } = await inviteFor("Hoàng Minh Tuấn");
    await tg.pushUpdate(tg.textUpdate(5003, `/start ${code}`));
    await waitUntil(async () => (await t.db.identity.count({ where: { externalUserId: "5003" } })) === 1, "linked");
    await waitUntil(async () => tg.sent.filter((s) => s.chatId === "5003").length === 2, "greeting and help");
    tg.blockChat(5003);
    const callsBefore = tg.calls.filter((c) => c.method === "sendMessage").length;
    await tg.pushUpdate(tg.textUpdate(5003, "/trogiup"));
    await waitUntil(async () => !(await t.db.identity.findFirstOrThrow({ where: { externalUserId: "5003" } })).reachable, "unreachable");
    expect(tg.calls.filter((c) => c.method === "sendMessage").length - callsBefore).toBe(1);
  });
});

describe("Zalo (long polling against the fake Bot API)", () => {
  let zalo: FakeZalo;
  beforeAll(async () => {
    zalo = await startFakeZalo();
    stops.push(() => zalo.close());
    await start(createZaloAdapter({ token: zalo.token, apiBase: zalo.apiBase, pollTimeoutSeconds: 1, requestTimeoutMs: 5000 }));
  });

  it("links with the code sent as plain text", async () => {
    const { code, memberId } = await inviteFor("Võ Thị Thu Hà");
    await zalo.pushText("zalo-ha", code);
    const [greeting] = await zalo.waitForSent(2);
    expect(greeting!.text).toContain("đồng chí Hà");
    expect(greeting!.text).toContain("Zalo");
    expect((await t.db.identity.findFirstOrThrow({ where: { platform: "ZALO", externalUserId: "zalo-ha" } })).memberId).toBe(memberId);
  });

  it("explains linking to someone unlinked, without counting chatter as wrong codes", async () => {
    const before = zalo.sent.length;
    await zalo.pushText("zalo-stranger", "chào bot");
    await zalo.waitForSent(before + 1);
    expect(zalo.sent[before]!.text).toContain("chưa được liên kết");
    expect(await t.db.linkAttempt.count({ where: { platform: "ZALO" } })).toBe(0);
  });

  it("lets a member with Zalo and Telegram choose the preferred channel by number (/kenh)", async () => {
    const member = (await findMembersByName(t.db, "Võ Thị Thu Hà"))[0]!;
    await t.db.identity.create({ data: { platform: "TELEGRAM", externalUserId: "7777", chatId: "7777", memberId: member.id } });
    const before = zalo.sent.length;
    await zalo.pushText("zalo-ha", "/kenh");
    await zalo.waitForSent(before + 1);
    const menu = zalo.sent[before]!.text!;
    expect(menu).toMatch(/1\. (Telegram|Zalo)\n2\. (Telegram|Zalo)/);
    const zaloNumber = menu.includes("1. Zalo") ? "1" : "2";
    await zalo.pushText("zalo-ha", zaloNumber);
    await zalo.waitForSent(before + 2);
    expect(zalo.sent[before + 1]!.text).toContain("Zalo");
    expect((await t.db.member.findUniqueOrThrow({ where: { id: member.id } })).preferredPlatform).toBe("ZALO");
  });
});

describe("webhooks", () => {
  let app: FastifyInstance;
  let tg: FakeTelegram;
  let zalo: FakeZalo;
  let base: string;
  let w: TestDb;
  const secret = "s3cret-token-for-tests";
  beforeAll(async () => {
    w = await createTestDb();
    await seedDemo(w.db, { year: 2026 });
    stops.push(() => w.drop());
    tg = await startFakeTelegram({ token: "999:webhook-bot" });
    zalo = await startFakeZalo({ token: "998877:webhook-zalo" });
    stops.push(
      () => tg.close(),
      () => zalo.close(),
    );
    app = Fastify();
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    stops.push(() => app.close());
  });

  it("processes a Telegram update with the right secret, once even when posted twice at the same time, and refuses a wrong one with 401", async () => {
    // Routes must be registered before listen in Fastify; use a second app for the mounted adapters.
    const telegram = createTelegramAdapter({ token: tg.token, apiRoot: tg.apiRoot, webhookUrl: `${base}/unused`, webhookSecret: secret });
    const zaloAdapter = createZaloAdapter({ token: zalo.token, apiBase: zalo.apiBase, webhookUrl: `${base}/webhooks/zalo`, webhookSecret: secret });
    const hooks = Fastify();
    registerWebhooks(hooks, [telegram, zaloAdapter]);
    await hooks.listen({ port: 0, host: "127.0.0.1" });
    stops.push(() => hooks.close());
    const port = (hooks.server.address() as { port: number }).port;
    await start(telegram, w);
    await start(zaloAdapter, w);
    const tgUrl = `http://127.0.0.1:${port}${telegram.webhookPath}`;
    const zaloUrl = `http://127.0.0.1:${port}${zaloAdapter.webhookPath}`;

    const storedBefore = await w.db.inboundUpdate.count();
    // Update ids are per bot; this fake bot counts from 1 again, so keep clear of the polling bot's ids.
    const update = { ...tg.textUpdate(6001, "hello"), update_id: 900_001 };
    const post = (url: string, body: unknown, headers: Record<string, string>) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

    expect((await post(tgUrl, update, { "x-telegram-bot-api-secret-token": "wrong-secret-123" })).status).toBe(401);
    expect((await post(tgUrl, update, {})).status).toBe(401);
    const zaloBody = {
      ok: true,
      result: {
        event_name: "message.text.received",
        message: { message_id: "z-1", text: "hi", date: Date.now(), from: { id: "zu-1" }, chat: { id: "zu-1", chat_type: "PRIVATE" } },
      },
    };
    expect((await post(zaloUrl, zaloBody, { "x-bot-api-secret-token": "nope-nope-nope" })).status).toBe(401);
    expect(await w.db.inboundUpdate.count()).toBe(storedBefore);

    const [a, b] = await Promise.all([
      post(tgUrl, update, { "x-telegram-bot-api-secret-token": secret }),
      post(tgUrl, update, { "x-telegram-bot-api-secret-token": secret }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await waitUntil(async () => tg.sent.some((s) => s.chatId === "6001"), "reply");
    expect(await w.db.inboundUpdate.count({ where: { platform: "TELEGRAM", updateId: String(update.update_id) } })).toBe(1);
    // Give a wrongly processed duplicate time to show up before counting replies.
    await new Promise((r) => setTimeout(r, 300));
    expect(tg.sent.filter((s) => s.chatId === "6001")).toHaveLength(1);

    expect((await post(zaloUrl, zaloBody, { "x-bot-api-secret-token": secret })).status).toBe(200);
    await waitUntil(async () => zalo.sent.some((s) => s.chatId === "zu-1"), "zalo reply");
  });
});
