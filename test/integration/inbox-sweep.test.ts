// The inbox's sweep on a real database: it finds the conversations with unfinished updates, a
// bounded number at a time, those waiting longest first.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundEvent, Platform } from "../../src/channels/types.ts";
import { pendingConversations, storeInboundMany } from "../../src/db/inbox.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

let t: TestDb;
let n = 0;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.drop();
});

function event(user: number, platform: Platform = "TELEGRAM"): InboundEvent {
  n += 1;
  const id = String(user);
  return { platform, updateId: `sweep-${n}`, kind: "message", userId: id, chatId: id, chatType: "private", text: "/trogiup", at: new Date() };
}

describe("pendingConversations", () => {
  it("returns exactly the limit of distinct conversations, those with the oldest unfinished update first", async () => {
    // Arrival order differs from the names' order, and each conversation has several rows.
    const users = [9500, 9100, 9800, 9300, 9600, 9200, 9900, 9400];
    await storeInboundMany(t.db, [
      event(9000), // finished below: its later rows are what waits
      event(9050, "ZALO"), // another platform's, not asked for
      ...users.map((u) => event(u)),
      ...users.map((u) => event(u)),
      event(9000),
    ]);
    await t.db.inboundUpdate.updateMany({ where: { updateId: "sweep-1" }, data: { status: "DONE" } });
    // A conversation whose first row is being replied to still waits.
    await t.db.inboundUpdate.updateMany({ where: { updateId: "sweep-3" }, data: { status: "REPLYING" } });

    expect(await pendingConversations(t.db, ["TELEGRAM"], 3)).toEqual(["TELEGRAM:9500:9500", "TELEGRAM:9100:9100", "TELEGRAM:9800:9800"]);
    const all = await pendingConversations(t.db, ["TELEGRAM"], 100);
    expect(all).toEqual([...users.map((u) => `TELEGRAM:${u}:${u}`), "TELEGRAM:9000:9000"]);
    expect(await pendingConversations(t.db, ["ZALO", "TELEGRAM"], 2)).toEqual(["ZALO:9050:9050", "TELEGRAM:9500:9500"]);
    expect(await pendingConversations(t.db, [], 10)).toEqual([]);
  });
});
