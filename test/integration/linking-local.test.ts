// Linking end to end on the local channel: codes, wrong/used/expired codes, the lockout, and
// what an unlinked person sees.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.ts";
import { createInvite } from "../../src/db/invites.ts";
import { formatInviteCode, hashInviteCode } from "../../src/domain/invite-code.ts";
import { linkMsg } from "../../src/messages/linking.ts";

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

  it("finds the code inside a sentence, and answers a wrong one there like any wrong code", async () => {
    const memberId = await h.memberId("Võ Thị Thu Hà");
    const { code } = await createInvite(h.t.db, memberId, null, h.clock.now);
    const wrong = await h.say("ha-sentence", "ma cua toi la ACDEF 34678");
    expect(wrong).toEqual([linkMsg.invalid()]);
    expect(await h.t.db.linkAttempt.count({ where: { chatId: "ha-sentence" } })).toBe(1);
    const [code1, code2] = [code.slice(0, 5), code.slice(5)];
    const replies = await h.say("ha-sentence", `ma cua toi la ${code1} ${code2}`);
    expect(replies[0]).toContain("đồng chí Hà");
    expect((await h.t.db.identity.findFirstOrThrow({ where: { externalUserId: "ha-sentence" } })).memberId).toBe(memberId);
    await h.t.db.identity.deleteMany({ where: { memberId } });
  });

  it("reads a code after 'ma moi' as the code, not as /moi, and calls an unknown one a wrong code", async () => {
    const memberId = await h.memberId("Võ Thị Thu Hà");
    // "ma moi …" is also the words of /moi (a secretary's command): from someone unlinked it is a code.
    const wrong = await h.say("ha-mamoi", "ma moi XUVVN-XAJHE");
    expect(wrong).toEqual([linkMsg.invalid()]);
    expect(await h.say("ha-mamoi", "ma moi la xuvvn xajhe")).toEqual([linkMsg.invalid()]);
    // A letter missed: still a code that was not recognised, not "ask the secretary for a code".
    expect(await h.say("ha-mamoi", "ma moi xuvvn-xajh")).toEqual([linkMsg.invalid()]);
    const { code } = await createInvite(h.t.db, memberId, null, h.clock.now);
    const replies = await h.say("ha-mamoi", `Mã mời: ${formatInviteCode(code)}`);
    expect(replies[0]).toContain("đồng chí Hà");
    await h.t.db.identity.deleteMany({ where: { memberId } });
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
    // The fifth wrong code locks, and the message counts what happened: 5, not "more than 5".
    const locked = (await h.say(user, "ACDEF34677"))[0]!;
    expect(locked).toContain("1 giờ");
    expect(locked).toContain("đã nhập sai mã 5 lần");
    expect(locked).not.toContain("quá 5");
    const memberId = await h.memberId("Đặng Văn Lợi");
    const { code } = await createInvite(h.t.db, memberId, null, h.clock.now);
    expect((await h.say(user, code))[0]).toContain("1 giờ");
    expect(await h.t.db.identity.count({ where: { memberId } })).toBe(0);
    // An hour later the same code works.
    h.clock.now = new Date(h.clock.now.getTime() + 61 * 60_000);
    expect((await h.say(user, code))[0]).toContain("đồng chí Lợi");
  });

  it("gives every wrong code the same answer whatever its shape, and counts each one", async () => {
    const shapes = ["ACDEF34678", "acdefghjkb", "ACDEFGHJKB", "ACDE-F346", "ACDEF346791", "mã: QWERT12345", "BBBBBBBBBB"];
    for (const [i, attempt] of shapes.entries()) {
      const user = `shape-${i}`;
      const replies = await h.say(user, attempt);
      expect(replies, attempt).toEqual([linkMsg.invalid()]);
      expect(await h.t.db.linkAttempt.count({ where: { chatId: user } }), attempt).toBe(1);
    }
    // Ordinary words are not codes: explained, not counted.
    for (const words of ["xin chào", "cam on nhieu", "xinchao", "tôi muốn đăng ký"]) {
      expect((await h.say("chatty", words))[0], words).toContain("chưa được liên kết");
    }
    expect(await h.t.db.linkAttempt.count({ where: { chatId: "chatty" } })).toBe(0);
  });

  it("revokes a member's older unused codes when a new one is made, and all of them on linking", async () => {
    const memberId = await h.memberId("Trần Thị Mai");
    const first = await createInvite(h.t.db, memberId, null, h.clock.now);
    const second = await createInvite(h.t.db, memberId, null, h.clock.now);
    expect((await h.say("mai-old", first.code))[0]).toContain("mã mới");
    expect(await h.t.db.identity.count({ where: { memberId } })).toBe(0);
    // Two codes made for two channels: linking with one retires the other.
    const third = await createInvite(h.t.db, memberId, null, h.clock.now);
    await h.t.db.inviteCode.create({ data: { codeHash: "spare", memberId, expiresAt: new Date(h.clock.now.getTime() + 86_400_000) } });
    expect((await h.say("mai-phone", third.code))[0]).toContain("đồng chí Mai");
    const open = await h.t.db.inviteCode.count({ where: { memberId, usedAt: null, expiresAt: { gt: h.clock.now } } });
    expect(open).toBe(0);
    expect((await h.say("mai-other", second.code))[0]).toContain("hết hạn");
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

  it("tells someone already linked who pastes 'ma moi <code>' that the account is linked, changing nothing; /moi <name> still invites", async () => {
    const { code } = await createInvite(h.t.db, await h.memberId("Đặng Văn Lợi"), null, h.clock.now);
    const invitesBefore = await h.t.db.inviteCode.count();
    const identitiesBefore = await h.t.db.identity.count();
    const linked = linkMsg.alreadyLinked("Nguyễn Văn Hùng");
    for (const typed of [
      `ma moi ${formatInviteCode(code)}`,
      `mã mời ${formatInviteCode(code)}`,
      `Mã mời ${code.toLowerCase()}`,
      "ma moi XUVVN-XAJH7",
      `/moi ${formatInviteCode(code)}`,
    ]) {
      expect(await h.say("hung", typed), typed).toEqual([linked]);
    }
    // A plain member pasting one is told the same, not that /moi is the secretary's.
    expect(await h.say("nhung-2", `ma moi ${formatInviteCode(code)}`)).toEqual([linkMsg.alreadyLinked("Phạm Thị Hồng Nhung")]);
    // Nothing changed: no code made or used, no account linked or unlinked, no attempt counted.
    expect(await h.t.db.inviteCode.count()).toBe(invitesBefore);
    expect((await h.t.db.inviteCode.findFirstOrThrow({ where: { codeHash: hashInviteCode(code) } })).usedAt).toBeNull();
    expect(await h.t.db.identity.count()).toBe(identitiesBefore);
    expect(await h.t.db.linkAttempt.count({ where: { chatId: "hung" } })).toBe(0);
    // The secretary's /moi and its words with a name still search the cell.
    expect((await h.say("hung", "ma moi dang van loi"))[0]).toMatch(/Mã mời cho Đặng Văn Lợi: [A-Z0-9]{5}-[A-Z0-9]{5}/);
    expect((await h.say("hung", "/moi Tuấn"))[0]).toContain("Mã mời cho Hoàng Minh Tuấn");
  });

  it("finds members by whole words: /moi Hà is Võ Thị Thu Hà, not Phạm …; 'trùng tên' only for equal names", async () => {
    const [created] = await h.say("hung", "/moi Hà");
    expect(created).toContain("Mã mời cho Võ Thị Thu Hà");
    const [several] = await h.say("hung", "/moi thi");
    expect(several).toContain("Có nhiều đảng viên có tên khớp");
    expect(several).not.toContain("trùng tên");
    expect(several).toContain("Võ Thị Thu Hà");
    await h.say("hung", "/huy");
    const unitId = (await h.t.db.member.findUniqueOrThrow({ where: { id: await h.memberId("Đặng Văn Lợi") } })).unitId;
    await h.t.db.member.create({ data: { unitId, fullName: "Đặng Văn Lợi", searchName: "dang van loi", role: "MEMBER", status: "ACTIVE" } });
    const [namesakes] = await h.say("hung", "/moi dang van loi");
    expect(namesakes).toContain("Có nhiều đảng viên trùng tên");
    await h.say("hung", "/huy");
  });

  it("does not let a secretary invite a member of another cell", async () => {
    const replies = await h.say("hung", "/moi Lý Thị Hoa");
    expect(replies[0]).toContain("Không tìm thấy");
  });

  it("counts a member linked only here as reachable: the secretary's preview does not call them unlinked", async () => {
    // Nhung, Tuấn and Mai linked above through this chat with a code; Hà's code had expired.
    const [preview] = await h.say("hung", "/thongbao Họp chi bộ chiều thứ Sáu.");
    const unlinked = /Chưa liên kết Zalo\/Telegram nên không nhận được: ([^\n]*)\./.exec(preview!)?.[1] ?? "";
    expect(unlinked).toContain("Võ Thị Thu Hà");
    for (const linked of ["Phạm Thị Hồng Nhung", "Hoàng Minh Tuấn", "Trần Thị Mai", "Nguyễn Văn Hùng"]) expect(unlinked).not.toContain(linked);
    expect(await h.say("hung", "2")).toEqual(["Đã hủy, thông báo chưa được gửi."]);
  });

  it("a Telegram-style button press is accepted only for an offered choice", async () => {
    const replies = await h.choose("hung", "approve:somebody");
    expect(replies[0]).toContain("Lựa chọn này đã cũ");
  });
});
