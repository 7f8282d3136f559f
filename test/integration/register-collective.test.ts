// /dangky chibo: the cell's collective items through the same entry sub-flow as a member's items.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ now: new Date("2026-03-10T03:00:00Z") });
});
afterAll(async () => {
  await h?.close();
});

const YEAR = 2026;
async function run(user: string, lines: readonly string[]): Promise<string[][]> {
  const out: string[][] = [];
  for (const line of lines) out.push(await h.say(user, line));
  return out;
}
const lastOf = (answers: string[][]) => (answers[answers.length - 1] ?? []).join("\n---\n");

describe("/dangky chibo: the cell's collective items", () => {
  it("is refused to a plain member and to a committee member who is not a secretary", async () => {
    await h.link("Phạm Thị Hồng Nhung", "nhung");
    await h.link("Lê Quang Vinh", "vinh");
    expect((await h.say("nhung", "/dangky chibo")).join("\n")).toContain("chỉ chi ủy mới làm được");
    expect((await h.say("vinh", "/dangky chibo")).join("\n")).toContain("chỉ bí thư hoặc phó bí thư");
    expect(await h.t.db.collectiveCommitment.count()).toBe(0);
  });

  it("lets the secretary register two items in one message, coaches the vague one at once, and writes audit rows", async () => {
    const hung = await h.link("Nguyễn Văn Hùng", "hung");
    const first = await run(hung, [
      "/dangky chibo",
      "1. Số hóa 2.000 hồ sơ hộ tịch lưu trữ của phường trước 30/9/2026\n2. Nâng cao chất lượng sinh hoạt chi bộ",
    ]);
    expect(first[0]?.join("\n")).toContain("1–2 việc trọng tâm");
    const coach = lastOf(first);
    expect(coach).toContain("Bot hiểu đồng chí đăng ký 2 việc:");
    expect(coach).toContain("Việc 2: “Nâng cao chất lượng sinh hoạt chi bộ”");
    expect(coach).toContain("Giữ nguyên");
    const kept = (await h.say(hung, "giu nguyen")).join("\n");
    expect(kept).toContain("đánh dấu để chi ủy xem");
    expect(kept).toContain("Đã lưu việc 1, việc 2 của chi bộ.");
    expect(kept).toContain("1. Số hóa 2.000 hồ sơ hộ tịch");
    expect(kept).toContain("2. Nâng cao chất lượng sinh hoạt chi bộ");
    expect(kept).toContain("⚠️ Chung chung");
    expect(kept).not.toContain("Thêm một việc");
    expect((await h.say(hung, "xong")).join("\n")).toContain("Đã lưu đăng ký của chi bộ");

    const unitId = (await h.t.db.member.findUniqueOrThrow({ where: { id: await h.memberId("Nguyễn Văn Hùng") } })).unitId;
    const rows = await h.t.db.collectiveCommitment.findMany({ where: { unitId, year: YEAR }, orderBy: { position: "asc" } });
    expect(rows.map((r) => [r.position, r.status, r.vagueVerdict, r.vagueKept])).toEqual([
      [1, "SUBMITTED", "concrete", false],
      [2, "SUBMITTED", "vague", true],
    ]);
    expect(rows[0]?.timeframe).toBe("trước 30/9/2026");
    const audits = await h.t.db.auditLog.findMany({ where: { action: "collective.created", unitId } });
    expect(audits).toHaveLength(2);
    expect(audits.every((a) => a.actorId === rows[0]?.createdById)).toBe(true);
  });

  it("lets the deputy secretary change and delete a collective item", async () => {
    const mai = await h.link("Trần Thị Mai", "mai");
    const menu = await h.say(mai, "/dangky chibo");
    expect(menu.join("\n")).toContain("Việc chi bộ đã đăng ký năm 2026:");
    const edited = await run(mai, ["sua mot viec", "2", "Mỗi buổi sinh hoạt chi bộ hằng tháng có 1 chuyên đề do một đảng viên trình bày 15 phút"]);
    expect(lastOf(edited)).toContain("Đã lưu việc 2 của chi bộ.");
    expect(lastOf(edited)).not.toContain("⚠️");
    const deleted = await run(mai, ["xoa mot viec", "1"]);
    expect(lastOf(deleted)).toContain("Đã xóa việc 1 của chi bộ.");
    expect(lastOf(deleted)).toContain("1. Mỗi buổi sinh hoạt chi bộ");
    await h.say(mai, "/huy");
    const actions = (await h.t.db.auditLog.findMany({ where: { action: { startsWith: "collective." } }, orderBy: { createdAt: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["collective.created", "collective.created", "collective.updated", "collective.deleted"]);
  });

  it("keeps each option's number in the menu while 'Thêm một việc' comes and goes", async () => {
    const one = (await h.say("mai", "/dangky chibo")).join("\n");
    expect(one).toContain("1. Thêm một việc\n2. Sửa một việc\n3. Xóa một việc\n4. Xong\nĐồng chí trả lời bằng số (1–4).");
    expect((await h.say("mai", "1")).join("\n")).toContain("Việc 2 của chi bộ");
    const full = (await h.say("mai", "Tổ chức 2 buổi tuyên truyền pháp luật về hộ tịch cho 6 tổ dân phố trước 30/10/2026")).join("\n");
    expect(full).toContain("Đã lưu việc 2 của chi bộ.");
    // Full: "Thêm" is gone, and "4" is still "Xong".
    expect(full).toContain("2. Sửa một việc\n3. Xóa một việc\n4. Xong\nĐồng chí trả lời bằng số (2, 3 hoặc 4).");
    expect((await h.say("mai", "4")).join("\n")).toContain("Đã lưu đăng ký của chi bộ");
  });
});
