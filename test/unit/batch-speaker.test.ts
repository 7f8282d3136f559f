// The inbox reads who is talking for a whole batch of updates before handling any of them (one
// transaction). A read is used only while no earlier handling of the batch can have changed it.
import { describe, expect, it } from "vitest";
import { batchSpeaker, type BatchRead } from "../../src/channels/dispatcher.ts";
import type { InboundEvent } from "../../src/channels/types.ts";
import type { Speaker } from "../../src/db/conversations.ts";

function event(userId: string, chatId = userId, platform: InboundEvent["platform"] = "TELEGRAM"): InboundEvent {
  return { platform, updateId: `${userId}-${chatId}`, kind: "message", userId, chatId, chatType: "private", text: "/trogiup", at: new Date() };
}
type Who = "MEMBER" | "SECRETARY" | null | { role: "MEMBER" | "SECRETARY"; memberId: string };
function speakerOf(who: Who, n: number): Speaker {
  if (who === null) return { identity: null, conversation: null };
  const member = typeof who === "string" ? { id: `m${n}`, role: who } : { id: who.memberId, role: who.role };
  return { identity: { member }, conversation: null } as unknown as Speaker;
}
function batch(speakers: Who[]): BatchRead[] {
  const shared = { stale: false, users: new Set<string>() };
  return speakers.map((who, n) => ({ speaker: speakerOf(who, n), batch: shared }));
}

describe("a speaker read with the batch", () => {
  it("is used while the handlings before it were members' or unlinked people's", () => {
    const reads = batch(["MEMBER", null, "MEMBER"]);
    expect(batchSpeaker(event("1"), reads[0])).toBe(reads[0]!.speaker);
    expect(batchSpeaker(event("2"), reads[1])).toBe(reads[1]!.speaker);
    expect(batchSpeaker(event("3"), reads[2])).toBe(reads[2]!.speaker);
  });

  it("is read anew after a committee member's handling, which may change other members", () => {
    const reads = batch(["SECRETARY", "MEMBER", "MEMBER"]);
    expect(batchSpeaker(event("1"), reads[0])).toBe(reads[0]!.speaker);
    expect(batchSpeaker(event("2"), reads[1])).toBeUndefined();
    expect(batchSpeaker(event("3"), reads[2])).toBeUndefined();
  });

  it("is read anew for a person's second chat in the batch (the first may have linked them)", () => {
    const reads = batch([null, null]);
    expect(batchSpeaker(event("1", "1"), reads[0])).toBe(reads[0]!.speaker);
    expect(batchSpeaker(event("1", "-100"), reads[1])).toBeUndefined();
  });

  it("is read anew for a member's second handling from their other platform (the first may have changed the member)", () => {
    const reads = batch([
      { role: "MEMBER", memberId: "lan" },
      { role: "MEMBER", memberId: "lan" },
    ]);
    expect(batchSpeaker(event("501", "501", "TELEGRAM"), reads[0])).toBe(reads[0]!.speaker);
    expect(batchSpeaker(event("zalo-lan", "zalo-lan", "ZALO"), reads[1])).toBeUndefined();
  });

  it("is used for different members on different platforms, and for the same user id on another platform", () => {
    const reads = batch([
      { role: "MEMBER", memberId: "lan" },
      { role: "MEMBER", memberId: "minh" },
      { role: "MEMBER", memberId: "hoa" },
    ]);
    expect(batchSpeaker(event("501", "501", "TELEGRAM"), reads[0])).toBe(reads[0]!.speaker);
    expect(batchSpeaker(event("zalo-minh", "zalo-minh", "ZALO"), reads[1])).toBe(reads[1]!.speaker);
    // A Zalo user whose id happens to equal a Telegram user's is another person.
    expect(batchSpeaker(event("501", "501", "ZALO"), reads[2])).toBe(reads[2]!.speaker);
  });

  it("is not there without a batch read", () => {
    expect(batchSpeaker(event("1"), undefined)).toBeUndefined();
  });
});
