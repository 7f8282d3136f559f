// `/dangky <name>`: the secretary enters the registration of a member without a phone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addFormerNamesakes, createHarness, type Harness } from "../support/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: new Date("2026-03-10T03:00:00Z") });
});
afterAll(async () => {
  await h?.close();
});

async function run(user: string, lines: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const line of lines) out.push((await h.say(user, line)).join("\n---\n"));
  return out;
}

describe("registration entered by the secretary", () => {
  it("runs the flow for the member (the subject in the engine's envelope), submits, and marks it as entered by the secretary", async () => {
    const hung = await h.link("Nguyễn Văn Hùng", "hung");
    const bay = await h.memberId("Ngô Văn Bảy");
    const first = await run(hung, ["/dangky Ngô Văn Bảy"]);
    expect(first[0]).toContain("thay cho Ngô Văn Bảy");
    expect(first[0]).toContain("Đồng chí Bảy");
    const state = await h.t.db.conversationState.findFirstOrThrow({ where: { userId: hung } });
    expect(state.data).toMatchObject({ v: 1, meta: { subjectId: bay } });
    expect(JSON.stringify(state.data)).not.toContain("__subject");

    const out = await run(hung, [
      "Mỗi tháng đọc một bài viết của Bác và kể lại cho 2 cháu nội nghe vào tối Chủ nhật",
      "1", // covers làm theo too
      "1", // and nêu gương
      "dung, gui chi uy",
    ]);
    expect(out[out.length - 1]).toContain("Đã gửi bản đăng ký");
    const reg = await h.t.db.registration.findFirstOrThrow({ where: { memberId: bay }, include: { items: true } });
    expect(reg.enteredById).toBe(await h.memberId("Nguyễn Văn Hùng"));
    expect(reg.items).toHaveLength(1);
    expect(reg.status).toBe("SUBMITTED");
    expect(reg.pledgeAccepted).toBe(true);
    expect(await h.t.db.registration.count({ where: { member: { fullName: "Nguyễn Văn Hùng" } } })).toBe(0);
    expect(await h.t.db.auditLog.count({ where: { action: "registration.entered_on_behalf" } })).toBe(1);
    // The secretary who pressed "gửi" is not told of it; the deputy is.
    const notices = await h.t.db.delivery.findMany({ where: { purpose: "registration-submitted" }, include: { member: true } });
    expect(notices.map((d) => d.member?.fullName)).toEqual(["Trần Thị Mai"]);
  });

  it("/huy while an item is coached keeps the member's accepted items, entered by the secretary", async () => {
    const unitId = (await h.t.db.member.findUniqueOrThrow({ where: { id: await h.memberId("Nguyễn Văn Hùng") } })).unitId;
    const tam = await h.t.db.member.create({ data: { unitId, fullName: "Kiều Văn Tám", searchName: "kieu van tam", role: "MEMBER" } });
    try {
      const out = await run("hung", ["/dangky Kiều Văn Tám", "từng bước", "Không dùng xe công vào việc riêng", "Nâng cao chất lượng công tác chuyên môn"]);
      expect(out[3]).toContain("Giữ nguyên");
      expect(await h.say("hung", "/huy")).toEqual([
        "Đã dừng. Bot đã lưu việc 1 vào bản nháp, chưa gửi chi ủy. Việc 2 (đang nhập dở) chưa được lưu. Khi cần, đồng chí gõ /dangky <họ tên> để làm tiếp.",
      ]);
      const reg = await h.t.db.registration.findFirstOrThrow({ where: { memberId: tam.id }, include: { items: true } });
      expect(reg.items.map((i) => i.text)).toEqual(["Không dùng xe công vào việc riêng"]);
      expect(reg.enteredById).toBe(await h.memberId("Nguyễn Văn Hùng"));
      expect(await h.t.db.registration.count({ where: { member: { fullName: "Nguyễn Văn Hùng" } } })).toBe(0);
    } finally {
      await h.t.db.member.update({ where: { id: tam.id }, data: { status: "LEFT" } });
    }
  });

  it("'Để sau' tells the secretary to type /dangky with the member's name (plain /dangky opens their own), draft or returned", async () => {
    const hung = await h.link("Nguyễn Văn Hùng", "hung");
    const unitId = (await h.t.db.member.findUniqueOrThrow({ where: { id: await h.memberId("Nguyễn Văn Hùng") } })).unitId;
    const sau = await h.t.db.member.create({ data: { unitId, fullName: "Kiều Văn Sáu", searchName: "kieu van sau", role: "MEMBER" } });
    try {
      const asked = await run(hung, ["/dangky Kiều Văn Sáu", "Mỗi tháng đọc 1 cuốn sách về Bác, viết 1 trang thu hoạch vào sổ tay"]);
      expect(asked[1]).toContain("Việc nào gồm cả");
      // At the contents question.
      const later = (await h.choose(hung, "later")).join("\n");
      expect(later).toContain("Bản nháp đã được lưu. Khi tiện, đồng chí gõ /dangky Kiều Văn Sáu để làm tiếp.");
      // At the menu of the member's draft.
      expect((await run(hung, ["/dangky Kiều Văn Sáu", "để sau"]))[1]).toContain("đồng chí gõ /dangky Kiều Văn Sáu để làm tiếp.");
      // At the menu of the registration the chi ủy returned.
      await h.t.db.registration.updateMany({ where: { memberId: sau.id }, data: { status: "RETURNED" } });
      const returned = (await run(hung, ["/dangky Kiều Văn Sáu", "để sau"]))[1];
      expect(returned).toContain("đồng chí gõ /dangky Kiều Văn Sáu rồi chọn “Gửi chi ủy”.");
      expect(returned).not.toContain("gõ /dangky rồi");
      const reg = await h.t.db.registration.findFirstOrThrow({ where: { memberId: sau.id }, include: { items: true } });
      expect([reg.status, reg.items.length, reg.enteredById]).toEqual(["RETURNED", 1, await h.memberId("Nguyễn Văn Hùng")]);
    } finally {
      await h.t.db.member.update({ where: { id: sau.id }, data: { status: "LEFT" } });
    }
  });

  it("stops when the secretary is no longer a secretary mid-way", async () => {
    const hung = "hung";
    await run(hung, ["/dangky Ngô Văn Bảy", "sua ban dang ky"]);
    const hungId = await h.memberId("Nguyễn Văn Hùng");
    const before = await h.t.db.member.findUniqueOrThrow({ where: { id: hungId } });
    await h.t.db.member.update({ where: { id: hungId }, data: { role: "MEMBER" } });
    try {
      const refused = await run(hung, ["1"]);
      expect(refused[0]).toContain("Chỉ bí thư hoặc phó bí thư");
    } finally {
      await h.t.db.member.update({ where: { id: hungId }, data: { role: before.role } });
    }
  });

  it("gives a plain member their own registration when they add a name, and never another cell's member", async () => {
    const tuan = await h.link("Hoàng Minh Tuấn", "tuan");
    const own = await h.say(tuan, "/dangky Đặng Văn Lợi");
    expect(own.join("\n")).not.toContain("thay cho");
    expect(own.join("\n")).toContain("Đồng chí Tuấn");
    await h.say(tuan, "/huy");
    const other = await h.say("hung", "/dangky Lý Thị Hoa");
    expect(other[0]).toContain("Không tìm thấy");
  });

  it("finds a current member whose name many former (LEFT) members of the cell share", async () => {
    const bay = await h.memberId("Ngô Văn Bảy");
    const removeFormer = await addFormerNamesakes(h, bay, "Trần Văn Bảy", "tran van bay");
    try {
      const start = await h.say("hung", "/dangky bay");
      expect(start[0]).toContain("thay cho Ngô Văn Bảy");
      await h.say("hung", "/huy");
    } finally {
      await removeFormer();
    }
  });
});
