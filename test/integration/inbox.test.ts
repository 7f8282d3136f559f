// The durable inbox on a real database: updates left pending by a crash are handled after a
// restart, in order; an update that failed (or killed the process) too often is given up without
// holding up its conversation; different conversations are handled at once, one conversation in order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "../../prisma/seed-demo.ts";
import { createTelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import type { InboundEvent } from "../../src/channels/types.ts";
import { inboxHandling, type Engine } from "../../src/channels/dispatcher.ts";
import { createInbox } from "../../src/channels/inbox/inbox.ts";
import { hotQuery } from "../../src/db/client.ts";
import { createEngine } from "../../src/conversations/create-engine.ts";
import { loadSpeaker, saveConversation } from "../../src/db/conversations.ts";
import { conversationOf, lockFirstInboundMany, storeInboundMany } from "../../src/db/inbox.ts";
import { inTransaction } from "../../src/db/transaction.ts";
import { startFakeTelegram, type FakeTelegram } from "../fakes/fake-telegram.ts";
import { startInbound, telegramText } from "../support/inbound.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { silentLogger } from "../../src/log.ts";
import { msg } from "../../src/messages/common.ts";

let t: TestDb;
let tg: FakeTelegram;

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db, { year: 2026 });
  tg = await startFakeTelegram({ token: "6161:inbox-bot", ratePerSecond: 100_000, perChatPerSecond: 100_000 });
});
afterAll(async () => {
  await tg?.close();
  await t?.drop();
});

const event = (user: number, text: string): InboundEvent => telegramText(user, text, "inbox");
const engine = () => createEngine({ db: t.db, log: silentLogger, zone: "Asia/Ho_Chi_Minh" });
const adapter = () => createTelegramAdapter({ token: tg.token, apiRoot: tg.apiRoot });
async function until(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("durable inbox", () => {
  it("handles updates stored before a crash after the restart, once each and in order", async () => {
    const crashed = startInbound({ db: t.db, engine: engine(), adapters: [adapter()] });
    await crashed.stop(); // the process died right after storing: nothing was handled
    const events = [event(9101, "/trogiup"), event(9101, "/huy"), event(9101, "/trogiup")];
    for (const e of events) await crashed.accept(e);
    await crashed.accept(events[0]!); // a redelivery is stored once
    expect(await t.db.inboundUpdate.count({ where: { conversation: "TELEGRAM:9101:9101", status: "PENDING" } })).toBe(3);

    const restarted = startInbound({ db: t.db, engine: engine(), adapters: [adapter()], sweepMs: 100 });
    try {
      await until(async () => (await t.db.inboundUpdate.count({ where: { conversation: "TELEGRAM:9101:9101", status: "DONE" } })) === 3, "handled");
      const rows = await t.db.inboundUpdate.findMany({ where: { conversation: "TELEGRAM:9101:9101" }, orderBy: { seq: "asc" } });
      expect(rows.map((r) => r.updateId)).toEqual(events.map((e) => e.updateId));
      expect(rows.map((r) => r.attempts)).toEqual([1, 1, 1]);
      const handled = rows.map((r) => r.handledAt!.getTime());
      expect([...handled].sort((a, b) => a - b)).toEqual(handled);
      const replies = tg.sent.filter((s) => s.chatId === "9101").map((s) => s.text ?? "");
      // One answer per update (an unlinked chat gets the linking explanation each time): none twice.
      expect(replies).toHaveLength(3);
    } finally {
      await restarted.stop();
    }
  });

  it("gives up an update that killed the process three times, and goes on with the next", async () => {
    const stopped = startInbound({ db: t.db, engine: engine(), adapters: [adapter()] });
    await stopped.stop();
    const poison = event(9102, "/trogiup");
    const next = event(9102, "/huy");
    await stopped.accept(poison);
    await stopped.accept(next);
    await t.db.inboundUpdate.updateMany({ where: { updateId: poison.updateId }, data: { attempts: 3 } });
    const inbox = startInbound({ db: t.db, engine: engine(), adapters: [adapter()], sweepMs: 100 });
    try {
      await until(async () => (await t.db.inboundUpdate.count({ where: { updateId: next.updateId, status: "DONE" } })) === 1, "the next update");
      expect((await t.db.inboundUpdate.findFirstOrThrow({ where: { updateId: poison.updateId } })).status).toBe("FAILED");
      expect(tg.sent.filter((s) => s.chatId === "9102")).toHaveLength(1);
    } finally {
      await inbox.stop();
    }
  });

  it("handles different conversations at once and one conversation in order", async () => {
    tg.delayMs = 200;
    const inbox = startInbound({ db: t.db, dbUrl: t.url, engine: engine(), adapters: [adapter()], concurrency: 32 });
    try {
      const users = Array.from({ length: 8 }, (_, i) => 9200 + i);
      const firsts = users.map((u) => event(u, "/trogiup"));
      const seconds = users.map((u) => event(u, "/huy"));
      await Promise.all(firsts.map((e) => inbox.accept(e)));
      await Promise.all(seconds.map((e) => inbox.accept(e)));
      await until(
        async () => (await t.db.inboundUpdate.count({ where: { updateId: { in: [...firsts, ...seconds].map((e) => e.updateId) }, status: "DONE" } })) === 16,
        "all handled",
        30_000,
      );
      const sends = tg.calls.filter((c) => c.method === "sendMessage" && users.map(String).includes(String(c.params.chat_id)));
      // Each send takes ≥ 200 ms at the fake: one after another, the 8 first replies would span
      // ≥ 1.4 s; handled at once they arrive together.
      const firstReplyAt = users.map((u) => Math.min(...sends.filter((s) => String(s.params.chat_id) === String(u)).map((s) => s.at)));
      expect(Math.max(...firstReplyAt) - Math.min(...firstReplyAt)).toBeLessThan(1400);
      // Within one conversation: handled in arrival order, one answer each.
      for (const [i, u] of users.entries()) {
        expect(tg.sent.filter((s) => s.chatId === String(u))).toHaveLength(2);
        const [a, b] = await Promise.all([firsts[i]!, seconds[i]!].map((e) => t.db.inboundUpdate.findFirstOrThrow({ where: { updateId: e.updateId } })));
        expect(a!.seq < b!.seq && a!.handledAt!.getTime() <= b!.handledAt!.getTime()).toBe(true);
      }
    } finally {
      await inbox.stop();
      tg.delayMs = 0;
    }
  });

  it("a conversation whose reply is held up at the platform holds no handling slot; handlings stay within the bound", async () => {
    const real = engine();
    let inFlight = 0;
    let most = 0;
    const counting: Engine = {
      async handle(e, scope) {
        inFlight += 1;
        most = Math.max(most, inFlight);
        try {
          await new Promise((r) => setTimeout(r, 20));
          return await real.handle(e, scope);
        } finally {
          inFlight -= 1;
        }
      },
    };
    const inbox = startInbound({ db: t.db, engine: counting, adapters: [adapter()], concurrency: 1 });
    const statusOf = async (e: InboundEvent) => (await t.db.inboundUpdate.findFirstOrThrow({ where: { updateId: e.updateId } })).status;
    try {
      tg.hangNext(1, 4000, "sendMessage");
      const slow = event(9450, "/trogiup");
      await inbox.accept(slow);
      await until(async () => (await statusOf(slow)) === "REPLYING", "the first reply on its way");
      const others = [event(9451, "/trogiup"), event(9452, "/trogiup"), event(9453, "/trogiup")];
      for (const e of others) await inbox.accept(e);
      // Handled and answered one at a time (the bound is 1) while the first reply still hangs.
      await until(async () => (await Promise.all(others.map(statusOf))).every((s) => s === "DONE"), "the others answered", 3500);
      expect(await statusOf(slow)).toBe("REPLYING");
      expect(most).toBe(1);
      await until(async () => (await statusOf(slow)) === "DONE", "the first reply sent", 10_000);
      for (const e of [slow, ...others]) expect(tg.sent.filter((m) => m.chatId === e.chatId)).toHaveLength(1);
    } finally {
      await inbox.stop();
    }
  });

  it("handles conversations that arrive together in one transaction; one failing handling rolls back none of the others' effects twice", async () => {
    await t.db.$executeRawUnsafe(`CREATE TABLE IF NOT EXISTS "BatchProbe" ("userId" text NOT NULL, "tx" bigint NOT NULL)`);
    const real = engine();
    // An engine that writes one probe row per handling in the handling's transaction, and fails
    // (after writing) for one member: a stand-in for a flow whose write or check throws.
    const probing: Engine = {
      async handle(e, scope) {
        await scope!.db.$executeRaw`INSERT INTO "BatchProbe" ("userId", "tx") VALUES (${e.userId}, txid_current())`;
        if (e.text === "/loi") throw new Error("a flow failed");
        return real.handle(e, scope);
      },
    };
    const inbox = startInbound({ db: t.db, engine: probing, adapters: [adapter()] });
    try {
      const together = Array.from({ length: 6 }, (_, i) => event(9400 + i, "/trogiup"));
      // As a poll stores them: one batch, all scheduled at once.
      await inbox.accept.many!(together);
      await inbox.idle();
      const probes = await t.db.$queryRaw<{ userId: string; tx: bigint }[]>`SELECT "userId", "tx" FROM "BatchProbe" WHERE "userId" LIKE '940%'`;
      expect(probes.map((p) => p.userId).sort()).toEqual(together.map((e) => e.userId).sort());
      // Shared transactions: fewer than one per conversation.
      expect(new Set(probes.map((p) => p.tx)).size).toBeLessThan(together.length);

      const withFailure = [...Array.from({ length: 5 }, (_, i) => event(9410 + i, "/trogiup")), event(9415, "/loi")];
      await inbox.accept.many!(withFailure);
      await inbox.idle();
      await until(
        async () => (await t.db.inboundUpdate.count({ where: { updateId: { in: withFailure.map((e) => e.updateId) }, status: "DONE" } })) === 6,
        "all six done",
      );
      const after = await t.db.$queryRaw<{ userId: string }[]>`SELECT "userId" FROM "BatchProbe" WHERE "userId" LIKE '941%' ORDER BY "userId"`;
      // The others' effects stay once each; the failed handling's write is rolled back.
      expect(after.map((p) => p.userId)).toEqual(["9410", "9411", "9412", "9413", "9414"]);
      for (const e of withFailure) expect(tg.sent.filter((m) => m.chatId === e.chatId)).toHaveLength(1);
      expect(tg.sent.find((m) => m.chatId === "9415")?.text).toContain("trục trặc");
      const failed = await t.db.inboundUpdate.findFirstOrThrow({ where: { updateId: withFailure[5]!.updateId } });
      expect(failed.lastError).toContain("a flow failed");

      // Who is talking is read for the whole batch at once: linked members are answered as
      // themselves, an unlinked chat is asked to link, each in the same shared transaction.
      const members = await t.db.member.findMany({ where: { status: "ACTIVE" }, take: 2, orderBy: { fullName: "asc" } });
      for (const [i, m] of members.entries()) {
        await t.db.identity.create({ data: { platform: "TELEGRAM", externalUserId: String(9420 + i), chatId: String(9420 + i), memberId: m.id } });
      }
      const mixed = [event(9420, "/camket"), event(9422, "/camket"), event(9421, "/camket")];
      await inbox.accept.many!(mixed);
      await inbox.idle();
      await until(async () => (await t.db.inboundUpdate.count({ where: { updateId: { in: mixed.map((e) => e.updateId) }, status: "DONE" } })) === 3, "mixed");
      const replyTo = (chat: string) =>
        tg.sent
          .filter((m) => m.chatId === chat)
          .map((m) => m.text ?? "")
          .join("\n");
      expect(replyTo("9422")).toBe(msg.notLinked());
      for (const chat of ["9420", "9421"]) {
        expect(replyTo(chat)).not.toBe("");
        expect(replyTo(chat)).not.toContain(msg.notLinked());
      }
    } finally {
      await inbox.stop();
    }
  });

  it("reads each speaker of a batch whole: a blocked member who writes again is reachable, one who did not write stays blocked", async () => {
    const members = await t.db.member.findMany({ where: { status: "ACTIVE" }, skip: 2, take: 3, orderBy: { fullName: "asc" } });
    const blockedAt = new Date("2026-11-20T03:00:00Z");
    const [back, silent] = await Promise.all(
      members.map((m, i) =>
        t.db.identity.create({
          data: {
            platform: "TELEGRAM",
            externalUserId: String(9430 + i),
            chatId: String(9430 + i),
            memberId: m.id,
            ...(i < 2 ? { reachable: false, blockedAt } : {}),
          },
        }),
      ),
    );

    const inbox = startInbound({ db: t.db, engine: engine(), adapters: [adapter()] });
    try {
      const together = [event(9430, "/camket"), event(9432, "/camket")];
      await inbox.accept.many!(together);
      await inbox.idle();
      await until(async () => (await t.db.inboundUpdate.count({ where: { updateId: { in: together.map((e) => e.updateId) }, status: "DONE" } })) === 2, "both");
    } finally {
      await inbox.stop();
    }
    const after = await t.db.identity.findMany({ where: { id: { in: [back!.id, silent!.id] } } });
    expect(after.find((i) => i.id === back!.id)).toMatchObject({ reachable: true, blockedAt: null });
    expect(after.find((i) => i.id === silent!.id)).toMatchObject({ reachable: false, blockedAt });
  });

  it("reads who is talking with the lock, as loadSpeaker reads it: a linked member mid-flow, a linked member, a stranger", async () => {
    const [member, other] = await t.db.member.findMany({ where: { status: "ACTIVE" }, skip: 6, take: 2, orderBy: { fullName: "asc" } });
    for (const [i, m] of [member!, other!].entries())
      await t.db.identity.create({ data: { platform: "TELEGRAM", externalUserId: String(9450 + i), chatId: String(9450 + i), memberId: m.id } });
    const at = new Date("2026-11-20T03:04:05.678Z");
    await saveConversation(
      t.db,
      { platform: "TELEGRAM", chatId: "9450", userId: "9450" },
      { flow: "register", step: "items", data: { v: 1, items: ["a"] } },
      at,
    );
    const events = [event(9450, "/camket"), event(9451, "/trogiup"), event(9459, "/trogiup")];
    await storeInboundMany(t.db, events);
    const conversations = events.map(conversationOf);
    const locked = await inTransaction(t.db, (tx) => lockFirstInboundMany(tx, conversations, { speakers: true }));
    for (const e of events) {
      const row = locked.get(conversationOf(e));
      if (!row || row === "busy") throw new Error(`not locked: ${conversationOf(e)}`);
      expect(row.event.updateId).toBe(e.updateId);
      expect(row.speaker).toEqual(await loadSpeaker(t.db, { platform: e.platform, chatId: e.chatId, userId: e.userId }));
    }
    const [midFlow, linked, stranger] = events.map((e) => (locked.get(conversationOf(e)) as { speaker: unknown }).speaker) as Array<
      Awaited<ReturnType<typeof loadSpeaker>>
    >;
    expect(midFlow!.identity?.member.id).toBe(member!.id);
    expect(midFlow!.conversation).toEqual({ flow: "register", step: "items", data: { v: 1, items: ["a"] }, updatedAt: at });
    expect(linked!.identity?.member.id).toBe(other!.id);
    expect(linked!.conversation).toBeNull();
    expect(stranger).toEqual({ identity: null, conversation: null });
    // Without `speakers` the lock reads none.
    const plain = await inTransaction(t.db, (tx) => lockFirstInboundMany(tx, conversations));
    expect([...plain.values()].every((r) => r !== "busy" && r.speaker === undefined)).toBe(true);
    await t.db.inboundUpdate.updateMany({ where: { conversation: { in: conversations } }, data: { status: "DONE" } });
  });

  it("handles in transactions that plan their statements generically, alone and together", async () => {
    const handling = inboxHandling({ db: t.db, engine: engine(), log: silentLogger });
    const modes: string[] = [];
    const inbox = createInbox({
      db: t.db,
      log: silentLogger,
      ...handling,
      async answer(tx, e, prepared) {
        modes.push((await hotQuery<{ mode: string }>(tx, `SELECT current_setting('plan_cache_mode') AS "mode"`, []))[0]!.mode);
        return handling.answer(tx, e, prepared);
      },
      adapters: () => [adapter()],
      concurrency: 4,
      sweepMs: 60_000,
    });
    inbox.start();
    try {
      const alone = event(9461, "/trogiup");
      await inbox.accept(alone);
      const together = [event(9462, "/trogiup"), event(9463, "/trogiup")];
      await inbox.accept.many!(together);
      const ids = [alone, ...together].map((e) => e.updateId);
      await until(async () => (await t.db.inboundUpdate.count({ where: { updateId: { in: ids }, status: "DONE" } })) === 3, "handled");
    } finally {
      await inbox.stop();
    }
    expect(modes).toEqual(["force_generic_plan", "force_generic_plan", "force_generic_plan"]);
    // The pooled connections are given back as they were.
    expect((await hotQuery<{ mode: string }>(t.db, `SELECT current_setting('plan_cache_mode') AS "mode"`, []))[0]!.mode).toBe("auto");
  });

  it("stores a polled batch with one statement, each conversation in arrival order, and a redelivered batch once", async () => {
    const poll = await startFakeTelegram({ token: "6262:inbox-batch-bot", ratePerSecond: 100_000, perChatPerSecond: 100_000 });
    const texts = [
      [9301, "/trogiup"],
      [9302, "/trogiup"],
      [9301, "/huy"],
      [9302, "/huy"],
      [9301, "/camket"],
    ] as const;
    // Queued before polling starts: the first getUpdates returns them as one batch.
    const updates = texts.map(([user, text]) => poll.textUpdate(user, text));
    for (const u of updates) await poll.pushUpdate(u);
    const batches: number[] = [];
    const polled = createTelegramAdapter({ token: poll.token, apiRoot: poll.apiRoot, pollTimeoutSeconds: 1 });
    const inbox = startInbound({ db: t.db, engine: engine(), adapters: [polled] });
    const many = inbox.accept.many!;
    // The same batch once more, as after a restart before the offset was confirmed: nothing new.
    const accept = Object.assign((e: InboundEvent) => inbox.accept(e), {
      many: async (events: InboundEvent[]) => {
        batches.push(events.length);
        await many(events);
        await many(events);
      },
    });
    await polled.start(accept);
    try {
      const ids = updates.map((u) => String(u.update_id));
      await until(
        async () => (await t.db.inboundUpdate.count({ where: { platform: "TELEGRAM", updateId: { in: ids }, status: "DONE" } })) === 5,
        "the batch handled",
      );
      expect(batches[0]).toBe(5);
      const rows = await t.db.inboundUpdate.findMany({ where: { platform: "TELEGRAM", updateId: { in: ids } }, orderBy: { seq: "asc" } });
      expect(rows.map((r) => r.updateId)).toEqual(ids);
      const sentTo = (chat: string) => poll.sent.filter((s) => s.chatId === chat).map((s) => s.text ?? "");
      expect(sentTo("9301")).toHaveLength(3);
      expect(sentTo("9302")).toHaveLength(2);
    } finally {
      await polled.stop();
      await inbox.stop();
      await poll.close();
    }
  });
});
