// Statements that change "this row" refuse a missing key instead of changing every row: Prisma
// drops an undefined filter, so markReachable(db, undefined) was an UPDATE of every blocked
// identity, and a member-import job without an importId claimed every queued import.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Queue, QueueEvents } from "bullmq";
import { createTestDb, type TestDb } from "../support/test-db.ts";
import { TEST_REDIS_URL, uniquePrefix } from "../support/redis.ts";
import { seedDemo } from "../../prisma/seed-demo.ts";
import { findMembersByName } from "../../src/db/members.ts";
import { markReachable, markUnreachable } from "../../src/db/identities.ts";
import { clearConversation } from "../../src/db/conversations.ts";
import { lastSentChoices } from "../../src/db/deliveries.ts";
import { claimStagedImport, failStagedImport, recordImportProgress } from "../../src/db/member-imports.ts";
import { createMemberImportWorker, MEMBER_IMPORT_QUEUE, type MemberImportJob } from "../../jobs/member-import.ts";
import { silentLogger } from "../../src/log.ts";

let t: TestDb;
let memberIds: string[];
let unitId: string;
const lost = undefined as unknown as string;

beforeAll(async () => {
  t = await createTestDb();
  await seedDemo(t.db, { year: 2026 });
  const members = await Promise.all(["Nguyễn Văn Hùng", "Trần Thị Mai", "Phạm Thị Hồng Nhung"].map(async (name) => (await findMembersByName(t.db, name))[0]!));
  memberIds = members.map((m) => m.id);
  unitId = members[0]!.unitId;
  const blockedAt = new Date("2026-03-01T00:00:00Z");
  await t.db.identity.createMany({
    data: [
      { platform: "TELEGRAM", externalUserId: "g-1", chatId: "g-1", memberId: memberIds[0]! },
      { platform: "TELEGRAM", externalUserId: "g-2", chatId: "g-2", memberId: memberIds[1]!, reachable: false, blockedAt },
      { platform: "TELEGRAM", externalUserId: "g-3", chatId: "g-3", memberId: memberIds[2]!, reachable: false, blockedAt },
    ],
  });
});
afterAll(async () => {
  await t?.drop();
});

async function identities() {
  return t.db.identity.findMany({ orderBy: { externalUserId: "asc" }, select: { externalUserId: true, reachable: true, blockedAt: true } });
}

describe("identities", () => {
  it("markReachable refuses a missing identity id and changes no row", async () => {
    const before = await identities();
    await expect(markReachable(t.db, lost)).rejects.toThrow(/^markReachable: identityId/);
    await expect(markReachable(t.db, "")).rejects.toThrow(/^markReachable: identityId/);
    expect(await identities()).toEqual(before);
  });

  it("markUnreachable refuses a missing user or chat id and changes no row", async () => {
    const before = await identities();
    await expect(markUnreachable(t.db, "TELEGRAM", lost, new Date())).rejects.toThrow(/^markUnreachable: externalUserIdOrChatId/);
    await expect(markUnreachable(t.db, "TELEGRAM", "", new Date())).rejects.toThrow(/^markUnreachable: externalUserIdOrChatId/);
    await expect(markUnreachable(t.db, lost as never, "g-1", new Date())).rejects.toThrow(/^markUnreachable: platform/);
    expect(await identities()).toEqual(before);
    // With its key each still changes its one row.
    expect(await markUnreachable(t.db, "TELEGRAM", "g-1", new Date())).toBe(1);
    const blocked = await t.db.identity.findFirstOrThrow({ where: { externalUserId: "g-2" } });
    await markReachable(t.db, blocked.id);
    expect((await identities()).map((i) => [i.externalUserId, i.reachable])).toEqual([
      ["g-1", false],
      ["g-2", true],
      ["g-3", false],
    ]);
  });
});

describe("conversations and sent choices", () => {
  it("clearConversation refuses a key with a missing part and deletes nothing", async () => {
    const key = { platform: "TELEGRAM" as const, chatId: "g-1", userId: "g-1" };
    await t.db.conversationState.createMany({
      data: [
        { ...key, flow: "register", step: "items", data: {} },
        { platform: "TELEGRAM", chatId: "g-3", userId: "g-3", flow: "register", step: "items", data: {} },
      ],
    });
    await expect(clearConversation(t.db, { ...key, chatId: lost })).rejects.toThrow(/^clearConversation: chatId/);
    await expect(clearConversation(t.db, { ...key, userId: "" })).rejects.toThrow(/^clearConversation: userId/);
    expect(await t.db.conversationState.count()).toBe(2);
    await clearConversation(t.db, key);
    expect(await t.db.conversationState.findMany({ select: { chatId: true } })).toEqual([{ chatId: "g-3" }]);
  });

  it("lastSentChoices refuses a missing member or chat instead of reading another member's list", async () => {
    const choices = [{ value: "yes", label: "Có" }];
    await t.db.delivery.create({
      data: {
        purpose: "reminder",
        dedupeKey: "guard-choices",
        memberId: memberIds[2]!,
        platform: "TELEGRAM",
        chatId: "g-3",
        payload: { kind: "choices", text: "Đồng chí dự họp chứ?", choices },
        status: "SENT",
        sentAt: new Date(),
      },
    });
    const since = new Date(Date.now() - 60_000);
    await expect(lastSentChoices(t.db, { memberId: lost, platform: "TELEGRAM", chatId: "g-3", since })).rejects.toThrow(/^lastSentChoices: memberId/);
    await expect(lastSentChoices(t.db, { memberId: memberIds[2]!, platform: "TELEGRAM", chatId: lost, since })).rejects.toThrow(/^lastSentChoices: chatId/);
    expect(await lastSentChoices(t.db, { memberId: memberIds[2]!, platform: "TELEGRAM", chatId: "g-3", since })).toEqual(choices);
  });
});

describe("member imports", () => {
  async function staged(status: "QUEUED" | "RUNNING", processed: number) {
    const row = await t.db.memberImport.create({
      data: { unitId, fileName: "ds.csv", encoding: "utf-8", status, rows: [], preview: {}, planHash: "h", total: 10, processed },
    });
    return row.id;
  }
  async function imports() {
    return t.db.memberImport.findMany({ orderBy: { id: "asc" }, select: { id: true, status: true, processed: true, error: true } });
  }

  it("claim, progress and fail refuse a missing import id and change no import", async () => {
    await staged("QUEUED", 0);
    await staged("RUNNING", 4);
    const before = await imports();
    await expect(claimStagedImport(t.db, lost)).rejects.toThrow(/^claimStagedImport: id/);
    await expect(recordImportProgress(t.db, lost, 7)).rejects.toThrow(/^recordImportProgress: id/);
    await expect(failStagedImport(t.db, "", "lỗi", new Date())).rejects.toThrow(/^failStagedImport: id/);
    expect(await imports()).toEqual(before);
  });

  it("a job whose data has no importId fails in the worker without touching any import", async () => {
    const before = await imports();
    const prefix = uniquePrefix("guard");
    const connection = { url: TEST_REDIS_URL };
    const queue = new Queue<MemberImportJob>(MEMBER_IMPORT_QUEUE, { connection, prefix });
    const events = new QueueEvents(MEMBER_IMPORT_QUEUE, { connection, prefix });
    const worker = createMemberImportWorker({ db: t.db, log: silentLogger, redisUrl: TEST_REDIS_URL, prefix });
    try {
      await events.waitUntilReady();
      const outcome = new Promise<string>((resolve) => {
        events.on("failed", ({ jobId, failedReason }) => {
          if (jobId === "no-import-id") resolve(failedReason);
        });
        events.on("completed", ({ jobId, returnvalue }) => {
          if (jobId === "no-import-id") resolve(`completed: ${String(returnvalue)}`);
        });
      });
      await queue.add("apply", {} as MemberImportJob, { attempts: 1, jobId: "no-import-id" });
      expect(await outcome).toMatch(/^claimStagedImport: id/);
      expect(await imports()).toEqual(before);
    } finally {
      await worker.close();
      await events.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });
});
