// A chi ủy conversation stopped in the middle, by /huy or by another command, on the local channel:
// what was decided stays decided and is reported, and a decision not yet sent is said in one line
// not to be recorded (the "Đã dừng." line the engine says in place of the plain one).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.ts";
import { msg } from "../../src/messages/common.ts";
import { submittedRegistration } from "../support/registrations.ts";

let h: Harness;
const ids: Record<string, string> = {};

const submitted = (name: string, text: string) => submittedRegistration(h.t.db, ids[name]!, [text]);

const statusOf = async (id: string) => (await h.t.db.registration.findUniqueOrThrow({ where: { id } })).status;

beforeAll(async () => {
  h = await createHarness();
  for (const name of ["Nguyễn Văn Hùng", "Lê Quang Vinh", "Đặng Văn Lợi", "Phạm Thị Hồng Nhung", "Hoàng Minh Tuấn"]) ids[name] = await h.memberId(name);
  await h.link("Nguyễn Văn Hùng", "hung");
  await h.link("Lê Quang Vinh", "vinh");
});
afterAll(async () => {
  await h?.close();
});

describe("stopping /duyet", () => {
  it("keeps the approvals made, says the decision waiting for its comment is not recorded and what is left", async () => {
    const loi = await submitted("Đặng Văn Lợi", "Đọc 4 bài viết của Bác về văn hóa công sở");
    const nhung = await submitted("Phạm Thị Hồng Nhung", "Học 4 chuyên đề về phong cách làm việc của Bác");
    const tuan = await submitted("Hoàng Minh Tuấn", "Viết 4 bài thu hoạch về tấm gương đạo đức của Bác");

    expect((await h.say("vinh", "/duyet"))[0]).toContain("Đặng Văn Lợi");
    expect((await h.say("vinh", "1"))[1]).toContain("Phạm Thị Hồng Nhung");
    expect((await h.say("vinh", "3"))[0]).toContain("gõ nhận xét");
    expect(await h.say("vinh", "/huy")).toEqual([
      "Đã dừng. Bản đăng ký của đồng chí Nhung chưa được trả lại. Đã duyệt 1 bản đăng ký. Còn 2 bản chờ duyệt, gõ /duyet khi đồng chí muốn tiếp tục.",
    ]);
    expect(await statusOf(loi)).toBe("APPROVED");
    expect(await statusOf(nhung)).toBe("SUBMITTED");

    // Another command in the middle stops it the same way, then answers the command.
    expect((await h.say("vinh", "/duyet"))[0]).toContain("Phạm Thị Hồng Nhung");
    expect((await h.say("vinh", "2"))[0]).toContain("gõ nhận xét gửi kèm");
    const other = await h.say("vinh", "/camket");
    expect(other[0]).toBe("Đã dừng. Bản đăng ký của đồng chí Nhung chưa được duyệt. Còn 2 bản chờ duyệt, gõ /duyet khi đồng chí muốn tiếp tục.");
    expect(other.length).toBeGreaterThan(1);
    expect(await statusOf(nhung)).toBe("SUBMITTED");

    // Nothing decided nor asked: the plain line. /duyet again shows the list itself: nothing above it.
    await h.say("vinh", "/duyet");
    expect(await h.say("vinh", "/huy")).toEqual([msg.cancelled()]);
    await h.say("vinh", "/duyet");
    await h.say("vinh", "3");
    const again = await h.say("vinh", "/duyet");
    expect(again).toHaveLength(1);
    expect(again[0]).toContain("Phạm Thị Hồng Nhung");
    await h.say("vinh", "/huy");
    expect(await statusOf(tuan)).toBe("SUBMITTED");
  });
});

describe("stopping /nhanxet, /dienhinh and /thongbao", () => {
  it("says a year-end comment waiting for its rating is not saved", async () => {
    const yearly = await h.t.db.assessment.create({
      data: { memberId: ids["Đặng Văn Lợi"]!, kind: "YEARLY", period: "2026", year: 2026, selfRating: "GOOD", submittedAt: new Date("2026-11-20T01:00:00Z") },
    });
    await h.say("hung", "/nhanxet Đặng Văn Lợi");
    expect((await h.say("hung", "Đồng chí hoàn thành tốt các việc đã đăng ký."))[0]).toContain("đề xuất xếp loại");
    expect(await h.say("hung", "/huy")).toEqual(["Đã dừng. Nhận xét cho đồng chí Lợi chưa được lưu vì chưa chọn xếp loại."]);
    expect(await h.t.db.review.count({ where: { assessmentId: yearly.id } })).toBe(0);
    // Before a comment is typed nothing is lost: the plain line.
    await h.say("hung", "/nhanxet Đặng Văn Lợi");
    expect(await h.say("hung", "/huy")).toEqual([msg.cancelled()]);
  });

  it("says a nomination waiting for its reason is not recorded", async () => {
    expect((await h.say("hung", "/dienhinh Hoàng Minh Tuấn"))[0]).toContain("lý do đề xuất");
    const other = await h.say("hung", "/lich");
    expect(other[0]).toBe("Đã dừng. Chưa ghi đề xuất đồng chí Tuấn là điển hình năm 2026.");
    expect(other.length).toBeGreaterThan(1);
    expect(await h.t.db.exemplar.count()).toBe(0);
  });

  it("says a notice stopped at its preview was not sent", async () => {
    expect((await h.say("hung", "/thongbao Họp chi bộ 14:00 Thứ Sáu."))[0]).toContain("Xem trước thông báo");
    expect(await h.say("hung", "/huy")).toEqual(["Đã dừng. Thông báo chưa được gửi."]);
    expect(await h.t.db.broadcast.count()).toBe(0);
    await h.say("hung", "/thongbao");
    expect(await h.say("hung", "/huy")).toEqual([msg.cancelled()]);
  });
});

describe("stopping /lich them, /doilich and /huylich", () => {
  it("says the meeting was not added, moved or cancelled, and changes nothing", async () => {
    const meetings = () => h.t.db.meeting.findMany({ orderBy: { id: "asc" }, select: { id: true, startsAt: true, status: true } });
    // December has its meeting already: a second one waits for a "yes".
    expect((await h.say("hung", "/lich them 02/12/2026 8h30"))[0]).toContain("chi bộ đã có buổi");
    expect(await h.say("hung", "/huy")).toEqual(["Đã dừng. Buổi họp mới chưa được thêm, lịch giữ nguyên."]);
    expect(await h.t.db.meeting.count({ where: { ruleId: null } })).toBe(0);
    expect((await h.say("hung", "/huylich"))[0]).toContain("muốn hủy buổi sinh hoạt nào");
    const before = await meetings();
    expect((await h.say("hung", "1"))[0]).toContain("Đảng viên sẽ được báo tin hủy");
    expect(await h.say("hung", "/huy")).toEqual(["Đã dừng. Buổi họp chưa bị hủy, lịch giữ nguyên."]);

    await h.say("hung", "/doilich");
    await h.say("hung", "1");
    expect((await h.say("hung", "10/12/2026 14:00"))[0]).toContain("Lý do dời lịch");
    expect((await h.say("hung", "/camket"))[0]).toBe("Đã dừng. Buổi họp chưa được dời, lịch giữ nguyên.");
    expect(await meetings()).toEqual(before);
  });
});
