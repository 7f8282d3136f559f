// Typed, versioned flows: the engine keeps its metadata beside the flow's data, checks stored data
// against the flow's schema and version, and ends a conversation that no longer fits with a note.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { ConversationEngine } from "../../src/conversations/engine.ts";
import { defineFlow, type RegisteredFlow } from "../../src/conversations/flow.ts";
import { msg } from "../../src/messages/common.ts";
import type { InboundEvent } from "../../src/channels/types.ts";
import { silentLogger } from "../../src/log.ts";
import { createTestDb, type TestDb } from "../support/test-db.ts";

// The unlinked user's first text goes to the flow named "start" (access "anyone").
function counter(version: number): RegisteredFlow {
  return defineFlow({
    name: "start",
    access: "anyone",
    version,
    data: z.object({ count: z.number().int() }),
    start: async () => ({
      replies: [
        {
          kind: "choices",
          text: "1",
          choices: [
            { value: "more", label: "Thêm" },
            { value: "stop", label: "Dừng" },
          ],
        },
      ],
      next: { step: "count", data: { count: 1 } },
    }),
    steps: {
      count: async (_ctx, data, input) => {
        if (input.choice === "stop") return { replies: [{ kind: "text", text: `hết ${data.count}` }] };
        const count = data.count + 1;
        return { replies: [{ kind: "text", text: String(count) }], next: { step: "count", data: { count } } };
      },
    },
  });
}

let t: TestDb;
const now = new Date("2026-10-01T03:00:00Z");
const event = (text: string): InboundEvent => ({
  platform: "LOCAL",
  chatId: "u1",
  userId: "u1",
  chatType: "private",
  kind: "message",
  text,
  updateId: text,
  at: now,
});
const engine = (flow: RegisteredFlow) => new ConversationEngine({ db: t.db, log: silentLogger, zone: "Asia/Ho_Chi_Minh", flows: [flow], now: () => now });
const texts = async (e: ConversationEngine, text: string) => (await e.handle(event(text))).map((m) => ("text" in m ? m.text : ""));
const stored = () => t.db.conversationState.findFirst({ where: { userId: "u1" } });

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.drop();
});

describe("typed flows", () => {
  it("stores the flow's data with its version, and the offered choices in their own envelope", async () => {
    const e = engine(counter(1));
    expect(await texts(e, "xin chào")).toEqual(["1"]);
    const row = await stored();
    expect(row?.step).toBe("count");
    expect(row?.data).toEqual({
      v: 1,
      data: { count: 1 },
      meta: {
        choices: [
          { value: "more", label: "Thêm" },
          { value: "stop", label: "Dừng" },
        ],
      },
    });
    // Asked again at the same step without new buttons: the earlier choices stand, so "2" still means "Dừng".
    expect(await texts(e, "1")).toEqual(["2"]);
    expect(await texts(e, "2")).toEqual(["hết 2"]);
    expect(await stored()).toBeNull();
  });

  it("ends a conversation saved under another version with a note, instead of reading it", async () => {
    await texts(engine(counter(1)), "bắt đầu");
    expect(await texts(engine(counter(2)), "thêm")).toEqual([msg.flowChanged()]);
    expect(await stored()).toBeNull();
  });

  it("ends a conversation whose stored step no longer exists or whose data no longer fits the schema", async () => {
    const e = engine(counter(1));
    await texts(e, "bắt đầu");
    await t.db.conversationState.updateMany({ where: { userId: "u1" }, data: { step: "renamed" } });
    expect(await texts(e, "thêm")).toEqual([msg.flowChanged()]);
    expect(await stored()).toBeNull();

    await texts(e, "bắt đầu");
    await t.db.conversationState.updateMany({ where: { userId: "u1" }, data: { data: { v: 1, data: { count: "một" }, meta: {} } } });
    expect(await texts(e, "thêm")).toEqual([msg.flowChanged()]);
    expect(await stored()).toBeNull();
  });

  it("ends a conversation stored in the first, untyped format (engine keys mixed into the data)", async () => {
    const e = engine(counter(1));
    await texts(e, "bắt đầu");
    await t.db.conversationState.updateMany({ where: { userId: "u1" }, data: { data: { count: 1, __choices: [] } } });
    expect(await texts(e, "thêm")).toEqual([msg.flowChanged()]);
    expect(await stored()).toBeNull();
  });

  it("checks step names at compile time", () => {
    const flow = defineFlow({
      name: "x",
      access: "member",
      version: 1,
      data: z.object({}),
      start: async (ctx) => ({ replies: [{ kind: "text", text: ctx.actor.member.fullName }], next: { step: "a", data: {} } }),
      steps: {
        // @ts-expect-error "b" is not a step of this flow
        a: async () => ({ replies: [], next: { step: "b", data: {} } }),
      },
    });
    expect(flow.hasStep("a")).toBe(true);
    expect(flow.hasStep("b")).toBe(false);
  });
});
