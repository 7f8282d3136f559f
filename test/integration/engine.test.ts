// Engine-wide rules: idle flows expire after 24 hours, /huy leaves any flow, ID numbers are masked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: new Date("2026-10-01T03:00:00Z") });
});
afterAll(async () => {
  await h?.close();
});

describe("conversation engine", () => {
  it("expires a flow idle for more than 24 hours with a short note", async () => {
    const hung = await h.link("Nguyễn Văn Hùng", "hung");
    expect((await h.say(hung, "/moi"))[0]).toContain("cho ai");
    const state = await h.t.db.conversationState.findFirstOrThrow({ where: { userId: hung } });
    expect(state.flow).toBe("invite");
    h.clock.now = new Date(h.clock.now.getTime() + 25 * 3600_000);
    const replies = await h.say(hung, "Đặng Văn Lợi");
    expect(replies[0]).toContain("quá 24 giờ");
    expect(await h.t.db.conversationState.count({ where: { userId: hung } })).toBe(0);
    expect(await h.t.db.inviteCode.count()).toBe(1); // only the one link() made
  });

  it("keeps a flow that was idle for less than 24 hours", async () => {
    await h.say("hung", "/moi");
    h.clock.now = new Date(h.clock.now.getTime() + 23 * 3600_000);
    const replies = await h.say("hung", "Đặng Văn Lợi");
    expect(replies[0]).toContain("Mã mời cho Đặng Văn Lợi");
  });

  it("leaves a flow with /huy or the word hủy, and says when there is nothing to leave", async () => {
    await h.say("hung", "/moi");
    expect((await h.say("hung", "huỷ"))[0]).toContain("Đã dừng");
    expect(await h.t.db.conversationState.count({ where: { userId: "hung" } })).toBe(0);
    expect((await h.say("hung", "/huy"))[0]).toContain("Không có việc nào");
  });

  it("masks a citizen ID number, warns, and never stores it", async () => {
    await h.say("hung", "/moi");
    const replies = await h.say("hung", "CCCD của tôi là 079123456789");
    expect(replies[0]).toContain("CCCD");
    const rows = await h.t.db.conversationState.findMany();
    expect(JSON.stringify(rows)).not.toContain("079123456789");
    const audit = await h.t.db.auditLog.findMany();
    expect(JSON.stringify(audit)).not.toContain("079123456789");
  });

  it("understands commands written as words, with or without diacritics, outside a flow", async () => {
    await h.say("hung", "/huy");
    expect((await h.say("hung", "tro giup"))[0]).toContain("/dangky");
    expect((await h.say("hung", "Trợ giúp"))[0]).toContain("/dangky");
  });

  /** `typed`, from a fresh start, answers as `command` does. */
  const same = async (typed: string, command: string) => {
    await h.say("hung", "/huy");
    const expected = await h.say("hung", command);
    await h.say("hung", "/huy");
    expect(await h.say("hung", typed), typed).toEqual(expected);
  };

  it("takes a command's name typed without the slash, in any case, with or without diacritics, and kí for ký", async () => {
    for (const typed of ["dangky", "DangKy", "đăngký", "Đăng Ký", "dangki", "dang ki", "đăng kí"]) await same(typed, "/dangky");
    for (const typed of ["camket", "danhgia", "lich", "baocao", "trogiup"]) await same(typed, `/${typed}`);
    await same("Cam Kết", "/camket");
    await same("dangky chibo", "/dangky chibo");
    // /nhom belongs in the cell's group chat: the bare word in a private chat is no command.
    await h.say("hung", "/huy");
    expect((await h.say("hung", "nhom"))[0]).toContain("Bot chưa hiểu ý đồng chí");
  });

  it("takes a slash command typed as members type it: '/dangki', '/danh gia', '/Cam Kết'", async () => {
    await same("/dangki", "/dangky");
    await same("/danh gia", "/danhgia");
    await same("/Cam Kết", "/camket");
    await same("/dang ky chibo", "/dangky chibo");
    await h.say("hung", "/huy");
    expect((await h.say("hung", "/khongco"))[0]).toContain("Bot chưa hiểu lệnh này");
  });

  it("inside a conversation takes the one-word name as an answer, as it does the words", async () => {
    await h.say("hung", "/huy");
    await h.say("hung", "/moi");
    expect(await h.say("hung", "cam ket")).toEqual(['Không tìm thấy đảng viên "cam ket" trong chi bộ. Đồng chí kiểm tra lại họ tên, hoặc gõ /huy để dừng.']);
    expect(await h.say("hung", "camket")).toEqual(['Không tìm thấy đảng viên "camket" trong chi bộ. Đồng chí kiểm tra lại họ tên, hoặc gõ /huy để dừng.']);
    expect((await h.t.db.conversationState.findFirstOrThrow({ where: { userId: "hung" } })).flow).toBe("invite");
    // The slash command still leaves the conversation for its own.
    expect((await h.say("hung", "/camket"))[0]).toContain("Sổ tự tu dưỡng năm");
  });

  it("answers a nod outside a conversation with one friendly line and no list of commands", async () => {
    await h.say("hung", "/huy");
    for (const nod of ["ok", "OK", "vâng", "Vâng ạ", "dạ", "👍", "🙏🙏👍", "đồng ý"]) expect(await h.say("hung", nod), nod).toEqual(["Dạ, cảm ơn đồng chí."]);
    for (const thanks of ["cảm ơn", "cam on"]) {
      expect(await h.say("hung", thanks), thanks).toEqual(["Không có gì ạ. Đồng chí Hùng cần gì cứ nhắn, hoặc gõ /trogiup để xem các việc có thể làm."]);
    }
    expect(await h.t.db.conversationState.count({ where: { userId: "hung" } })).toBe(0);
  });

  it("answers plain questions outside a flow, with or without diacritics", async () => {
    await h.say("hung", "/huy");
    for (const q of ["khi nào họp", "Lịch họp tháng này?", "khi nao hop chi bo"]) {
      expect((await h.say("hung", q))[0], q).toContain("Lịch sinh hoạt Chi bộ Văn phòng UBND phường");
    }
    for (const q of ["tôi đăng ký chưa", "toi dang ky chua", "đăng ký chưa?", "xem nhận xét"]) {
      const [answer] = await h.say("hung", q);
      expect(answer, q).toContain("Sổ tự tu dưỡng năm");
    }
    // Nothing was started: the questions did not open the registration flow.
    expect(await h.t.db.conversationState.count({ where: { userId: "hung" } })).toBe(0);
    expect(await h.t.db.registration.count()).toBe(0);
    expect((await h.say("hung", "xin chào"))[0]).toContain("Chào đồng chí Hùng!");
    expect((await h.say("hung", "Cảm ơn"))[0]).toContain("Không có gì");
  });

  it("says it passes nothing on to the secretary when a member asks to be excused or says they will come", async () => {
    for (const text of ["chi Hoa oi mai em bi om xin vang buoi hop a", "da nhan thong bao, mai toi co mat", "Tôi xin phép vắng buổi họp tối nay"]) {
      const [answer] = await h.say("hung", text);
      expect(answer, text).toBe(
        "Bot không chuyển tin nhắn này tới bí thư. Việc xin vắng hay báo có mặt, đồng chí báo trực tiếp cho bí thư chi bộ (gọi điện hoặc nhắn riêng) nhé.",
      );
    }
    expect(await h.t.db.conversationState.count({ where: { userId: "hung" } })).toBe(0);
  });

  it("offers the two or three likeliest commands for text it does not understand", async () => {
    const [answer] = await h.say("hung", "nộp việc năm nay thế nào nhỉ");
    expect(answer).toContain("Bot chưa hiểu ý đồng chí");
    const offered = answer!.split("\n").filter((l) => l.startsWith("/") && !l.startsWith("/trogiup"));
    expect(offered.length).toBeGreaterThanOrEqual(2);
    expect(offered.length).toBeLessThanOrEqual(3);
    expect(offered[0]).toMatch(/^\/dangky — /);
  });

  it("names the year /dangky registers for in the help, the greeting and the suggestions: next year's from November", async () => {
    const saved = h.clock.now;
    const dangkyLine = (text: string | undefined) => text?.split("\n").find((l) => l.startsWith("/dangky —"));
    try {
      h.clock.now = new Date("2026-10-20T03:00:00Z");
      expect(dangkyLine((await h.say("hung", "/trogiup"))[0])).toBe("/dangky — đăng ký học tập và làm theo Bác năm 2026");
      // 3 December: the registration being made is 2027's, the one /dangky offers first.
      h.clock.now = new Date("2026-12-03T03:00:00Z");
      expect(dangkyLine((await h.say("hung", "/trogiup"))[0])).toBe("/dangky — đăng ký học tập và làm theo Bác năm 2027");
      expect(dangkyLine((await h.say("hung", "xin chào"))[0])).toBe("/dangky — đăng ký học tập và làm theo Bác năm 2027");
      expect(dangkyLine((await h.say("hung", "nộp việc thế nào nhỉ"))[0])).toBe("/dangky — đăng ký học tập và làm theo Bác năm 2027");
      expect((await h.say("hung", "/trogiup"))[0]).not.toContain("năm nay");
    } finally {
      h.clock.now = saved;
    }
  });
});
