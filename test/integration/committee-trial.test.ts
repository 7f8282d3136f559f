// What a trial by chi ủy members found, end to end on the local channel: a question typed where the
// member's comment goes is held back (not sent, nothing decided); the decision and its comment in
// one message, "ok", "thôi để mai" at /duyet and "ok gửi đi" at the /thongbao preview are understood.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, type Harness } from "../support/harness.ts";
import type { OutgoingMessage } from "../../src/channels/types.ts";
import { submittedRegistration } from "../support/registrations.ts";
import { calendarMsg } from "../../src/messages/calendar.ts";

let h: Harness;
const ids: Record<string, string> = {};
const regs: Record<string, string> = {};

const textOf = (m: unknown) => ((m as OutgoingMessage).kind === "document" ? "" : (m as { text: string }).text);

async function told(name: string, purpose: string): Promise<string[]> {
  const rows = await h.t.db.delivery.findMany({ where: { memberId: ids[name]!, purpose }, orderBy: { createdAt: "asc" } });
  return rows.map((r) => textOf(r.payload));
}
const status = async (name: string) => (await h.t.db.registration.findUniqueOrThrow({ where: { id: regs[name]! } })).status;

const registration = (name: string) => submittedRegistration(h.t.db, ids[name]!, ["Học 4 chuyên đề, viết thu hoạch", "Vận động 30 hộ phân loại rác"]);

beforeAll(async () => {
  h = await createHarness();
  for (const name of ["Lý Thị Hoa", "Trương Văn Phúc", "Đinh Thị Lan", "Mai Văn Sơn", "Cao Thị Yến"]) ids[name] = await h.memberId(name);
  await h.link("Lý Thị Hoa", "hoa");
  await h.link("Đinh Thị Lan", "lan");
  await h.link("Mai Văn Sơn", "son");
  await h.link("Cao Thị Yến", "yen");
  for (const name of ["Lý Thị Hoa", "Trương Văn Phúc", "Mai Văn Sơn", "Cao Thị Yến"]) regs[name] = await registration(name);
});

afterAll(async () => {
  await h?.close();
});

describe("/duyet: what the chi ủy member means", () => {
  it("takes 'ok' for Duyệt and 'duyet, <comment>' for Duyệt kèm nhận xét with that comment", async () => {
    expect((await h.say("lan", "/duyet"))[0]).toContain("Lý Thị Hoa");
    const ok = await h.say("lan", "ok");
    expect(ok[0]).toContain("Đã duyệt bản đăng ký của đồng chí Hoa.");
    expect(await status("Lý Thị Hoa")).toBe("APPROVED");
    expect(ok[1]).toContain("Trương Văn Phúc");

    const withComment = await h.say("lan", "duyet, viec 2 nay da co them noi dung moi, tot");
    expect(withComment[0]).toContain("Đã duyệt bản đăng ký của đồng chí Phúc kèm nhận xét.");
    expect(await status("Trương Văn Phúc")).toBe("APPROVED");
    expect((await h.t.db.review.findMany({ where: { registrationId: regs["Trương Văn Phúc"]! } })).map((r) => r.text)).toEqual([
      "viec 2 nay da co them noi dung moi, tot",
    ]);
    expect(withComment[1]).toContain("Mai Văn Sơn");
  });

  it("holds back a return comment that is a question: nothing returned, nothing sent, the comment asked again", async () => {
    expect((await h.say("lan", "3"))[0]).toContain("gõ nhận xét");
    const question = await h.say("lan", "giong nam truoc thi co duoc khong chi?");
    expect(question).toEqual([
      "Câu này giống câu hỏi nên bot chưa gửi, vì đồng chí Sơn sẽ đọc nguyên văn. Đồng chí gõ nhận xét trong một dòng (gửi lại đúng câu ấy nếu vẫn muốn gửi).",
    ]);
    expect(await status("Mai Văn Sơn")).toBe("SUBMITTED");
    expect(await told("Mai Văn Sơn", "registration-returned")).toEqual([]);

    const returned = await h.say("lan", "Việc 1 ghi rõ chuyên đề nào, như năm trước.");
    expect(returned[0]).toContain("Đã trả lại bản đăng ký của đồng chí Sơn kèm nhận xét.");
    expect(await status("Mai Văn Sơn")).toBe("RETURNED");
    const sent = await told("Mai Văn Sơn", "registration-returned");
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain("Nhận xét của chi ủy: “Việc 1 ghi rõ chuyên đề nào, như năm trước.”");
    expect(returned[1]).toContain("Cao Thị Yến");
  });

  it("takes 'dong y, nhung <comment>' for Duyệt kèm nhận xét, but not with a question after it", async () => {
    const asked = await h.say("lan", "dong y, nhung viec 1 co can ghi ro hoc nghi quyet nao khong?");
    expect(asked[0]).toContain("giống câu hỏi nên bot chưa gửi, vì đồng chí Yến sẽ đọc nguyên văn");
    expect(await status("Cao Thị Yến")).toBe("SUBMITTED");
    // The same question again is the chi ủy's word: sent as typed.
    const again = await h.say("lan", "viec 1 co can ghi ro hoc nghi quyet nao khong?");
    expect(again[0]).toContain("giống câu hỏi");
    const sent = await h.say("lan", "viec 1 co can ghi ro hoc nghi quyet nao khong?");
    expect(sent[0]).toContain("Đã duyệt bản đăng ký của đồng chí Yến kèm nhận xét.");
    expect(await status("Cao Thị Yến")).toBe("APPROVED");

    // Back to waiting, decided in one message with a plain comment.
    await h.t.db.registration.update({ where: { id: regs["Cao Thị Yến"]! }, data: { status: "SUBMITTED", decidedAt: null, decidedById: null } });
    expect((await h.say("lan", "/duyet"))[0]).toContain("Cao Thị Yến");
    const plain = await h.say("lan", "dong y, nhung viec 1 can ghi ro hoc nghi quyet nao");
    expect(plain[0]).toContain("Đã duyệt bản đăng ký của đồng chí Yến kèm nhận xét.");
    const approvals = await told("Cao Thị Yến", "registration-approved");
    expect(approvals.at(-1)).toContain("Nhận xét của chi ủy: “nhung viec 1 can ghi ro hoc nghi quyet nao”");
  });

  it("stops on 'thoi de mai' and says what is left", async () => {
    await h.t.db.registration.update({ where: { id: regs["Mai Văn Sơn"]! }, data: { status: "SUBMITTED", submittedAt: new Date("2026-11-19T02:00:00Z") } });
    expect((await h.say("lan", "/duyet"))[0]).toContain("Mai Văn Sơn");
    expect(await h.say("lan", "thoi de mai")).toEqual(["Đã dừng duyệt. Còn 1 bản chờ duyệt, gõ /duyet khi đồng chí muốn tiếp tục."]);
    expect(await status("Mai Văn Sơn")).toBe("SUBMITTED");
  });
});

describe("/duyet: a return and its comment in one message", () => {
  it("returns on 'tra lai: <comment>' with that comment", async () => {
    expect((await h.say("lan", "/duyet"))[0]).toContain("Mai Văn Sơn");
    expect((await h.say("lan", "tra lai: viec 2 can ghi ro thoi han"))[0]).toContain("Đã trả lại bản đăng ký của đồng chí Sơn kèm nhận xét.");
    expect(await status("Mai Văn Sơn")).toBe("RETURNED");
    expect((await told("Mai Văn Sơn", "registration-returned")).at(-1)).toContain("Nhận xét của chi ủy: “viec 2 can ghi ro thoi han”");
  });
});

describe("/thongbao preview", () => {
  it("sends on 'ok gui di'", async () => {
    const preview = await h.say("hoa", "/thongbao Nhắc các đồng chí nộp tự đánh giá trước Thứ Sáu");
    expect(preview[0]).toMatch(/1\. Gửi\n2\. Hủy/);
    const sent = await h.say("hoa", "ok gui di");
    expect(sent[0]).not.toContain("chọn 1 để gửi");
    expect(await h.t.db.broadcast.count()).toBe(1);
  });
});

describe("/nhanxet: a question is not a comment", () => {
  it("holds back a comment that asks something, and saves the plain one", async () => {
    const reg = await h.t.db.registration.findFirstOrThrow({ where: { memberId: ids["Trương Văn Phúc"]! }, include: { items: true } });
    await h.t.db.assessment.create({
      data: {
        memberId: ids["Trương Văn Phúc"]!,
        kind: "MONTHLY",
        period: "2026-11",
        year: 2026,
        submittedAt: new Date("2026-11-18T02:00:00Z"),
        items: { create: reg.items.map((i) => ({ itemId: i.id, progress: "ON_TRACK" as const })) },
      },
    });
    expect((await h.say("lan", "/nhanxet Trương Văn Phúc")).join("\n")).toContain("gõ nhận xét");
    expect(await h.say("lan", "lam the nao de dong chi ay nop dung han a")).toEqual([
      "Câu này giống câu hỏi nên bot chưa gửi, vì đồng chí Phúc sẽ đọc nguyên văn. Đồng chí gõ nhận xét trong một dòng (gửi lại đúng câu ấy nếu vẫn muốn gửi).",
    ]);
    expect(await h.t.db.review.count({ where: { assessment: { memberId: ids["Trương Văn Phúc"]! } } })).toBe(0);
    expect((await h.say("lan", "Đúng tiến độ, đồng chí giữ nhịp này."))[0]).toContain("Đã lưu nhận xét");
    expect(await h.t.db.review.count({ where: { assessment: { memberId: ids["Trương Văn Phúc"]! } } })).toBe(1);
  });
});

describe("/nhanxet reaches what the digest lists as waiting", () => {
  it("lists and opens a year-end self-assessment sent before the month's one that has its comment", async () => {
    const member = ids["Cao Thị Yến"]!;
    const yearly = await h.t.db.assessment.create({
      data: { memberId: member, kind: "YEARLY", period: "2026", year: 2026, selfRating: "GOOD", submittedAt: new Date("2026-11-10T02:00:00Z") },
    });
    const monthly = await h.t.db.assessment.create({
      data: { memberId: member, kind: "MONTHLY", period: "2026-11", year: 2026, submittedAt: new Date("2026-11-18T02:00:00Z") },
    });
    await h.t.db.review.create({ data: { authorId: ids["Đinh Thị Lan"]!, assessmentId: monthly.id, text: "Tốt." } });

    const digest = (await h.say("lan", "/baocao")).join("\n");
    expect(digest).toContain("Tự đánh giá chờ chi ủy nhận xét (1 bản): Cao Thị Yến (năm 2026)");

    const list = (await h.say("lan", "/nhanxet")).join("\n");
    expect(list).not.toContain("Không có bản tự đánh giá nào");
    expect(list).toContain("1. Cao Thị Yến — năm 2026");
    expect((await h.say("lan", "1"))[0]).toContain("Tự đánh giá năm 2026 — Cao Thị Yến");
    expect(await h.say("lan", "/huy")).toBeTruthy();

    // By name: the one still waiting, not the month's with its comment.
    expect((await h.say("lan", "/nhanxet Cao Thị Yến"))[0]).toContain("Tự đánh giá năm 2026 — Cao Thị Yến");
    await h.say("lan", "Đồng chí hoàn thành tốt các việc đã đăng ký.");
    await h.say("lan", "2");
    expect(await h.t.db.review.count({ where: { assessmentId: yearly.id } })).toBe(1);
    expect((await h.say("lan", "/nhanxet")).join("\n")).toContain("Không có bản tự đánh giá nào đang chờ nhận xét");
  });
});

describe("a chi ủy member who may not send a notice", () => {
  it("is told to ask the secretary, and a notice's text starting with 'Nhắc' does not open the reminder settings", async () => {
    const refused = await h.say("lan", "/thongbao");
    expect(refused).toEqual(["Việc này chỉ bí thư hoặc phó bí thư chi bộ mới làm được. Đồng chí nhờ bí thư làm giúp nhé."]);
    const notice = (await h.say("lan", "Nhac cac dong chi nop tu danh gia truoc thu 6")).join("\n");
    expect(notice).not.toContain(calendarMsg.remindersAskOff("Đinh Thị Lan"));
    expect(notice).not.toContain("nhắc không bắt buộc");
    expect(await h.t.db.conversationState.count({ where: { userId: "lan" } })).toBe(0);
    // The command word alone, or with a settings word, still opens them.
    expect((await h.say("lan", "nhac tat")).join("\n")).toContain(calendarMsg.remindersAskOff("Đinh Thị Lan"));
    await h.say("lan", "/huy");
  });
});
