// Linking end to end on the local channel: codes, wrong/used/expired codes, the lockout, and
// what an unlinked person sees.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.ts";
import { createInvite } from "../../src/db/invites.ts";
import { formatInviteCode } from "../../src/domain/invite-code.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h?.close();
});

describe("linking on the local channel", () => {
  it("explains how to get a code to someone unlinked, and shows no data", async () => {
    const replies = await h.say("stranger", "xin chào");
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain("chưa được liên kết");
    const camket = await h.say("stranger", "/camket");
    expect(camket[0]).toContain("chưa được liên kết");
    expect(await h.t.db.linkAttempt.count()).toBe(0);
  });

  it("links with a valid code (typed with a dash and in lower case) and greets by given name", async () => {
    const memberId = await h.memberId("Phạm Thị Hồng Nhung");
    const { code } = await createInvite(h.t.db, memberId, null, h.clock.now);
    const replies = await h.say("nhung-phone", formatInviteCode(code).toLowerCase());
    expect(replies[0]).toContain("đồng chí Nhung");
    expect(replies[0]).toContain("Chi bộ Văn phòng UBND phường");
    expect(replies[1]).toContain("/dangky");
    const identity = await h.t.db.identity.findFirstOrThrow({ where: { externalUserId: "nhung-phone" } });
    expect(identity.memberId).toBe(memberId);
    const invite = await h.t.db.inviteCode.findFirstOrThrow({ where: { memberId } });
    expect(invite.usedAt).not.toBeNull();
    expect(invite.codeHash).not.toContain(code);
    expect(await h.t.db.auditLog.count({ where: { action: "identity.linked", actorId: memberId } })).toBe(1);
  });

  it("refuses a used code", async () => {
    const memberId = await h.memberId("Hoàng Minh Tuấn");
    const { code } = await createInvite(h.t.db, memberId, null, h.clock.now);
    await h.say("tuan-1", code);
    const replies = await h.say("someone-else", code);
    expect(replies[0]).toContain("đã được dùng");
    expect(await h.t.db.identity.count({ where: { externalUserId: "someone-else" } })).toBe(0);
  });

  it("refuses an expired code", async () => {
    const memberId = await h.memberId("Võ Thị Thu Hà");
    const { code } = await createInvite(h.t.db, memberId, null, new Date(h.clock.now.getTime() - 8 * 86_400_000));
    const replies = await h.say("ha-1", code);
    expect(replies[0]).toContain("hết hạn");
    expect(await h.t.db.identity.count({ where: { memberId } })).toBe(0);
  });

  it("locks a chat out for an hour after 5 wrong codes, even for a right one", async () => {
    const user = "guesser";
    for (let i = 0; i < 4; i++) expect((await h.say(user, "ACDEF34679"))[0]).toContain("Mã không đúng");
    expect((await h.say(user, "ACDEF34677"))[0]).toContain("1 giờ");
    const memberId = await h.memberId("Đặng Văn Lợi");
    const { code } = await createInvite(h.t.db, memberId, null, h.clock.now);
    expect((await h.say(user, code))[0]).toContain("1 giờ");
    expect(await h.t.db.identity.count({ where: { memberId } })).toBe(0);
    // An hour later the same code works.
    h.clock.now = new Date(h.clock.now.getTime() + 61 * 60_000);
    expect((await h.say(user, code))[0]).toContain("đồng chí Lợi");
  });

  it("lets the secretary create a code with /moi and refuses it to a plain member", async () => {
    const secretary = await h.link("Nguyễn Văn Hùng", "hung");
    const replies = await h.say(secretary, "/moi dang van loi");
    expect(replies[0]).toMatch(/Mã mời cho Đặng Văn Lợi: [A-Z0-9]{5}-[A-Z0-9]{5}/);
    expect(replies[0]).toContain("Zalo:");
    const member = await h.link("Phạm Thị Hồng Nhung", "nhung-2");
    const refused = await h.say(member, "/moi Đặng Văn Lợi");
    expect(refused[0]).toContain("chỉ bí thư");
  });

  it("does not let a secretary invite a member of another cell", async () => {
    const replies = await h.say("hung", "/moi Lý Thị Hoa");
    expect(replies[0]).toContain("Không tìm thấy");
  });

  it("a Telegram-style button press is accepted only for an offered choice", async () => {
    const replies = await h.choose("hung", "approve:somebody");
    expect(replies[0]).toContain("Lựa chọn này đã cũ");
  });
});
