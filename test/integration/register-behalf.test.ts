// `/dangky <name>`: the secretary enters the registration of a member without a phone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
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
  it("walks the flow for the member, submits, and marks it as entered by the secretary", async () => {
    const hung = await h.link("Nguyễn Văn Hùng", "hung");
    const out = await run(hung, [
      "/dangky Ngô Văn Bảy",
      "1",
      "ca hai",
      "Mỗi tháng đọc một bài viết của Bác và kể lại cho 2 cháu nội nghe vào tối Chủ nhật",
      "số buổi kể chuyện ghi vào sổ tay",
      "Mỗi tháng",
      "bo qua",
      "2", // Xong
      "1", // Đồng ý (the pledge, accepted by the secretary with the member)
      "gui chi uy",
    ]);
    if (process.env.SHOW) console.log(out.join("\n=======\n"));
    expect(out[0]).toContain("thay cho Ngô Văn Bảy");
    const reg = await h.t.db.registration.findFirstOrThrow({ where: { member: { fullName: "Ngô Văn Bảy" } }, include: { items: true } });
    expect(reg.enteredById).toBe(await h.memberId("Nguyễn Văn Hùng"));
    expect(reg.items).toHaveLength(1);
    expect(reg.status).toBe("SUBMITTED");
    expect(out[out.length - 1]).toContain("Đã gửi bản đăng ký");
    expect(await h.t.db.registration.count({ where: { member: { fullName: "Nguyễn Văn Hùng" } } })).toBe(0);
    expect(await h.t.db.auditLog.count({ where: { action: "registration.entered_on_behalf" } })).toBe(1);
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
});
