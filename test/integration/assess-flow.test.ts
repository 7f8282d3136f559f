// Self-assessment (/danhgia) end to end: the local channel through the real engine and database,
// and one run through the Telegram adapter against the fake Bot API pressing inline buttons.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DEMO_CELLS, type Harness } from "../support/harness.ts";
import { startFakeTelegram, type FakeTelegram, type SentRecord } from "../fakes/fake-telegram.ts";
import { createTelegramAdapter, type TelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import { createInboundHandler } from "../../src/channels/dispatcher.ts";
import { createEngine } from "../../src/conversations/create-engine.ts";
import { silentLogger } from "../../src/log.ts";

type Category = "STUDY" | "FOLLOW" | "EXAMPLE";
type Kind = "REGULAR" | "THEMATIC" | "QUARTERLY" | "YEAR_END";

const OFFICE = DEMO_CELLS[0];
const RESIDENTIAL = DEMO_CELLS[1];
const NOV_20 = new Date("2026-11-20T03:00:00Z");
// 14:00 on Wednesday 25/11/2026 in Hồ Chí Minh City.
const NOV_25_MEETING = new Date("2026-11-25T07:00:00Z");

let h: Harness;

beforeAll(async () => {
  h = await createHarness({ now: NOV_20 });
});
afterAll(async () => {
  await h?.close();
});

async function unitId(name: string): Promise<string> {
  return (await h.t.db.unit.findUniqueOrThrow({ where: { name } })).id;
}

/** Replaces the unit's meetings with these. */
async function setMeetings(unit: string, meetings: Array<{ startsAt: Date; kind?: Kind; status?: "SCHEDULED" | "MOVED" | "CANCELLED" | "HELD" }>) {
  const id = await unitId(unit);
  await h.t.db.meeting.deleteMany({ where: { unitId: id } });
  for (const m of meetings) {
    await h.t.db.meeting.create({ data: { unitId: id, startsAt: m.startsAt, kind: m.kind ?? "REGULAR", status: m.status ?? "SCHEDULED" } });
  }
}

const DEFAULT_ITEMS: Array<[Category, string]> = [
  ["STUDY", "Đọc và ghi chép 2 chuyên đề về phong cách Hồ Chí Minh"],
  ["FOLLOW", "Giải quyết hồ sơ một cửa đúng hạn 100%"],
  ["EXAMPLE", "Đi làm đúng giờ, không dùng điện thoại việc riêng khi tiếp dân"],
];

/** A registration of the year with its items; returns the item ids in order. */
async function register(name: string, options: { year?: number; status?: "DRAFT" | "SUBMITTED" | "APPROVED" | "RETURNED"; items?: Array<[Category, string]> } = {}) {
  const memberId = await h.memberId(name);
  const registration = await h.t.db.registration.create({
    data: {
      memberId,
      year: options.year ?? 2026,
      status: options.status ?? "SUBMITTED",
      pledgeAccepted: true,
      items: { create: (options.items ?? DEFAULT_ITEMS).map(([category, text], position) => ({ position, category, text })) },
    },
    include: { items: { orderBy: { position: "asc" } } },
  });
  return { memberId, registrationId: registration.id, itemIds: registration.items.map((i) => i.id) };
}

/** Sends a photo from a local user; returns the bot's answers. */
async function photo(harness: Harness, userId: string, ref: string, caption?: string): Promise<string[]> {
  const before = harness.local.transcript.length;
  await harness.local.say(userId, "", { kind: "image", image: caption ? { ref, caption } : { ref } });
  return harness.local.transcript.slice(before).map((o) => o.rendered);
}

async function conversation(userId: string) {
  return h.t.db.conversationState.findFirst({ where: { userId } });
}

describe("monthly self-assessment on the local channel", () => {
  let nhung: string;
  let reg: Awaited<ReturnType<typeof register>>;

  beforeAll(async () => {
    h.clock.now = NOV_20;
    await setMeetings(OFFICE, [{ startsAt: NOV_25_MEETING }]);
    reg = await register("Phạm Thị Hồng Nhung");
    nhung = await h.link("Phạm Thị Hồng Nhung", "nhung");
  });

  it("walks every item with progress, note and evidence (text and photo), then the overall note, and submits", async () => {
    const start = await h.say(nhung, "/danhgia");
    expect(start).toHaveLength(2);
    expect(start[0]).toContain("Tự đánh giá tháng 11/2026 của đồng chí Nhung: 3 nội dung.");
    expect(start[0]).toContain("14:00 Thứ Tư, 25/11/2026");
    expect(start[1]).toContain("Nội dung 1/3 — Học tập:");
    expect(start[1]).toContain("“Đọc và ghi chép 2 chuyên đề về phong cách Hồ Chí Minh”");
    expect(start[1]).toContain("1. Đã hoàn thành\n2. Đúng tiến độ\n3. Chậm tiến độ\n4. Chưa bắt đầu");

    // By number.
    expect((await h.say(nhung, "1"))[0]).toContain("Ghi chú ngắn cho nội dung này");
    expect((await h.say(nhung, "Đã đọc xong chuyên đề 1"))[0]).toContain("Minh chứng (nếu có)");
    expect((await h.say(nhung, "Bài thu hoạch nộp ngày 15/11"))[0]).toContain("Nội dung 2/3 — Làm theo:");

    // By words without diacritics.
    expect((await h.say(nhung, "dung tien do"))[0]).toContain("Ghi chú ngắn");
    expect((await h.say(nhung, "bo qua"))[0]).toContain("Minh chứng");
    const afterPhoto = await photo(h, nhung, "zalo-photo-001", "Ảnh buổi trực");
    expect(afterPhoto[0]).toBe("Đã nhận ảnh minh chứng.");
    expect(afterPhoto[1]).toContain("Nội dung 3/3 — Nêu gương:");

    // Something that is no option: asked again, the options still stand.
    expect((await h.say(nhung, "không rõ"))[0]).toContain("chọn một mức tiến độ");
    expect((await h.say(nhung, "cham"))[0]).toContain("Ghi chú ngắn");
    await h.say(nhung, "Còn thiếu 2 buổi");
    const overall = await h.say(nhung, "1"); // no evidence
    expect(overall[0]).toContain("Nhận xét chung của đồng chí về tháng 11/2026");

    const review = await h.say(nhung, "Tháng này bận tiếp dân nhiều nhưng vẫn giữ tiến độ");
    expect(review[0]).toContain("Tự đánh giá tháng 11/2026 của đồng chí Nhung:");
    expect(review[0]).toContain("1. Học tập — Đọc và ghi chép 2 chuyên đề về phong cách Hồ Chí Minh: Đã hoàn thành");
    expect(review[0]).toContain("Minh chứng: Bài thu hoạch nộp ngày 15/11");
    expect(review[0]).toContain("2. Làm theo — Giải quyết hồ sơ một cửa đúng hạn 100%: Đúng tiến độ");
    expect(review[0]).toContain("Minh chứng: đã gửi ảnh (Ảnh buổi trực)");
    expect(review[0]).toContain(": Chậm tiến độ\n   Ghi chú: Còn thiếu 2 buổi");
    expect(review[0]).toContain("Nhận xét chung: Tháng này bận tiếp dân nhiều");
    expect(review[0]).toContain("1. Gửi tự đánh giá");
    expect(review[0]).toContain("4. Sửa nội dung 3");
    expect(await h.t.db.assessment.count({ where: { memberId: reg.memberId } })).toBe(0);

    const saved = await h.say(nhung, "gui");
    expect(saved[0]).toContain("Đã ghi nhận tự đánh giá tháng 11/2026 của đồng chí Nhung.");
    expect(saved[0]).toContain("trước buổi sinh hoạt chi bộ lúc 14:00 Thứ Tư, 25/11/2026");
    expect(await conversation(nhung)).toBeNull();

    const rows = await h.t.db.assessment.findMany({ where: { memberId: reg.memberId }, include: { items: true } });
    expect(rows).toHaveLength(1);
    const a = rows[0]!;
    expect(a).toMatchObject({ kind: "MONTHLY", period: "2026-11", year: 2026, enteredById: null, selfRating: null, shortcomingsNextYear: null });
    expect(a.overallNote).toBe("Tháng này bận tiếp dân nhiều nhưng vẫn giữ tiến độ");
    expect(a.submittedAt).toEqual(NOV_20);
    const byItem = (i: number) => a.items.find((x) => x.itemId === reg.itemIds[i]);
    expect(byItem(0)).toMatchObject({ progress: "DONE", note: "Đã đọc xong chuyên đề 1", evidence: "Bài thu hoạch nộp ngày 15/11" });
    expect(byItem(1)).toMatchObject({ progress: "ON_TRACK", note: null, evidence: "photo:zalo-photo-001 Ảnh buổi trực" });
    expect(byItem(2)).toMatchObject({ progress: "BEHIND", note: "Còn thiếu 2 buổi", evidence: null });
    expect(await h.t.db.auditLog.count({ where: { action: "assessment.submitted", targetId: a.id } })).toBe(1);
  });

  it("re-running shows the current answers and edits the same row (one per member and period)", async () => {
    const first = await h.t.db.assessment.findUniqueOrThrow({ where: { memberId_period: { memberId: reg.memberId, period: "2026-11" } } });
    h.clock.now = new Date("2026-11-21T02:00:00Z");
    const shown = await h.say(nhung, "/danhgia");
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain("Đúng tiến độ");
    expect(shown[0]).toContain("Ghi chú: Còn thiếu 2 buổi");
    expect(shown[0]).toContain("Đồng chí đã gửi tự đánh giá kỳ này.");
    expect(shown[0]).toContain("1. Sửa từng phần\n2. Làm lại từ đầu\n3. Giữ nguyên");

    expect((await h.say(nhung, "sua tung phan"))[0]).toContain("Chọn Gửi tự đánh giá để ghi nhận");
    const q3 = await h.say(nhung, "Sửa nội dung 3");
    expect(q3[0]).toContain("Nội dung 3/3");
    expect(q3[0]).toContain("(lần trước: Chậm tiến độ)");
    const note = await h.say(nhung, "chua bat dau");
    expect(note[0]).toContain("Ghi chú cũ: Còn thiếu 2 buổi");
    expect(note[0]).toContain("2. Giữ như cũ");
    // Not started: no evidence asked, straight back to the review.
    const review = await h.say(nhung, "giu nhu cu");
    expect(review[0]).toContain(": Chưa bắt đầu\n   Ghi chú: Còn thiếu 2 buổi");
    const saved = await h.say(nhung, "1");
    expect(saved[0]).toContain("Đã cập nhật tự đánh giá tháng 11/2026");

    const rows = await h.t.db.assessment.findMany({ where: { memberId: reg.memberId }, include: { items: true } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.id).toBe(first.id);
    expect(rows[0]!.items).toHaveLength(3);
    expect(rows[0]!.items.find((x) => x.itemId === reg.itemIds[2])).toMatchObject({ progress: "NOT_STARTED", note: "Còn thiếu 2 buổi", evidence: null });
    // The other answers are untouched.
    expect(rows[0]!.items.find((x) => x.itemId === reg.itemIds[1])?.evidence).toBe("photo:zalo-photo-001 Ảnh buổi trực");
    expect(rows[0]!.overallNote).toBe("Tháng này bận tiếp dân nhiều nhưng vẫn giữ tiến độ");
    expect(rows[0]!.submittedAt).toEqual(h.clock.now);
  });

  it("redo from the start offers the earlier answers to keep, and 'keep as is' changes nothing", async () => {
    await h.say(nhung, "/danhgia");
    const redo = await h.say(nhung, "lam lai tu dau");
    expect(redo[0]).toContain("Tự đánh giá tháng 11/2026");
    expect(redo[1]).toContain("(lần trước: Đã hoàn thành)");
    await h.say(nhung, "1");
    const ev = await h.say(nhung, "giu nhu cu");
    expect(ev[0]).toContain("Minh chứng cũ: Bài thu hoạch nộp ngày 15/11");
    await h.say(nhung, "giu nhu cu");
    // Leaving in the middle saves nothing.
    expect((await h.say(nhung, "/huy"))[0]).toContain("Đã dừng");
    const before = await h.t.db.assessment.findUniqueOrThrow({ where: { memberId_period: { memberId: reg.memberId, period: "2026-11" } } });

    await h.say(nhung, "/danhgia");
    expect((await h.say(nhung, "giu nguyen"))[0]).toContain("Đã giữ nguyên");
    const after = await h.t.db.assessment.findUniqueOrThrow({ where: { memberId_period: { memberId: reg.memberId, period: "2026-11" } } });
    expect(after.updatedAt).toEqual(before.updatedAt);
    expect(await conversation(nhung)).toBeNull();
  });

  it("a plain member who names someone else gets their own assessment", async () => {
    const replies = await h.say(nhung, "/danhgia Đặng Văn Lợi");
    expect(replies[0]).toContain("Chỉ bí thư, phó bí thư chi bộ mới nhập tự đánh giá thay");
    expect(replies[1]).toContain("Tự đánh giá tháng 11/2026 của đồng chí Nhung");
    await h.say(nhung, "/huy");
  });

  it("after the meeting starts the period is closed and the next one opens", async () => {
    // The secretary moved the meeting to today 14:00 (07:00Z). Fake clocks stay within a day of the
    // real one: the engine's idle expiry compares them with ConversationState.updatedAt.
    const today = new Date("2026-11-20T07:00:00Z");
    await setMeetings(OFFICE, [{ startsAt: today, status: "MOVED" }]);
    // A flow begun before the meeting cannot submit after it started.
    h.clock.now = new Date("2026-11-20T06:30:00Z");
    await h.say(nhung, "/danhgia");
    expect((await h.say(nhung, "sua tung phan"))[0]).toContain("Chọn Gửi tự đánh giá để ghi nhận");
    h.clock.now = new Date("2026-11-20T07:05:00Z");
    const late = await h.say(nhung, "gui");
    expect(late[0]).toContain("Kỳ tháng 11/2026 vừa khép lại");
    expect(await conversation(nhung)).toBeNull();
    const row = await h.t.db.assessment.findUniqueOrThrow({ where: { memberId_period: { memberId: reg.memberId, period: "2026-11" } } });
    expect(row.submittedAt).toEqual(new Date("2026-11-21T02:00:00Z"));

    await setMeetings(OFFICE, [{ startsAt: today, status: "HELD" }, { startsAt: new Date("2026-12-05T07:00:00Z") }]);
    h.clock.now = new Date("2026-11-20T09:00:00Z");
    const next = await h.say(nhung, "/danhgia");
    expect(next[0]).toContain("Kỳ tháng 11/2026 đã khép lại khi chi bộ sinh hoạt lúc 14:00 Thứ Sáu, 20/11/2026");
    expect(next[0]).toContain("Bây giờ là tự đánh giá tháng 12/2026.");
    expect(next[1]).toContain("Tự đánh giá tháng 12/2026 của đồng chí Nhung");
    expect(next[1]).toContain("14:00 Thứ Bảy, 05/12/2026");
    await h.say(nhung, "/huy");

    // No meeting planned yet: the closed month is not reopened either.
    await setMeetings(OFFICE, [{ startsAt: today, status: "HELD" }]);
    const noMeeting = await h.say(nhung, "/danhgia");
    expect(noMeeting[0]).toContain("Kỳ tháng 11/2026 đã khép lại");
    expect(noMeeting[1]).toContain("Tự đánh giá tháng 12/2026");
    expect(noMeeting[1]).toContain("sửa được đến hết tháng");
    await h.say(nhung, "/huy");
    expect(await h.t.db.assessment.count({ where: { memberId: reg.memberId } })).toBe(1);
  });
});

describe("who is asked", () => {
  beforeAll(async () => {
    h.clock.now = NOV_20;
    await setMeetings(OFFICE, [{ startsAt: NOV_25_MEETING }]);
  });

  it("without a submitted registration: tells the member to /dangky first", async () => {
    const ha = await h.link("Võ Thị Thu Hà", "ha");
    const none = await h.say(ha, "/danhgia");
    expect(none).toHaveLength(1);
    expect(none[0]).toContain("chưa có bản đăng ký học tập và làm theo Bác năm 2026");
    expect(none[0]).toContain("/dangky");
    expect(await conversation(ha)).toBeNull();

    await register("Trần Thị Mai", { status: "DRAFT" });
    const mai = await h.link("Trần Thị Mai", "mai");
    expect((await h.say(mai, "danh gia"))[0]).toContain("Bản đăng ký năm 2026 của đồng chí chưa gửi. Đồng chí gõ /dangky");
  });

  it("an exempt member is told politely that no self-assessment is needed", async () => {
    await register("Ngô Văn Bảy");
    const bay = await h.link("Ngô Văn Bảy", "bay");
    const replies = await h.say(bay, "/danhgia");
    expect(replies).toEqual(["Đồng chí Bảy đang được miễn sinh hoạt chi bộ nên không cần tự đánh giá. Cảm ơn đồng chí đã quan tâm!"]);
    expect(await conversation(bay)).toBeNull();
  });
});

describe("the secretary enters for a member without a phone", () => {
  let hung: string;

  beforeAll(async () => {
    h.clock.now = NOV_20;
    await setMeetings(OFFICE, [{ startsAt: NOV_25_MEETING }]);
    hung = await h.link("Nguyễn Văn Hùng", "hung");
  });

  it("/danhgia <name> walks the member's items and marks the row as entered by the secretary", async () => {
    const loi = await register("Đặng Văn Lợi", { items: [["FOLLOW", "Lưu trữ văn bản đến, đi đầy đủ, đúng hạn"]] });
    const start = await h.say(hung, "/danhgia dang van loi");
    expect(start[0]).toContain("Đồng chí đang nhập tự đánh giá tháng 11/2026 thay cho đồng chí Lợi (Đặng Văn Lợi): 1 nội dung.");
    expect(start[1]).toContain("“Lưu trữ văn bản đến, đi đầy đủ, đúng hạn”");
    await h.say(hung, "4"); // Chưa bắt đầu
    const overall = await h.say(hung, "bo qua");
    expect(overall[0]).toContain("Nhận xét chung");
    const review = await h.say(hung, "Đồng chí Lợi báo qua điện thoại");
    expect(review[0]).toContain("của đồng chí Lợi (bí thư nhập thay)");
    const saved = await h.say(hung, "gui");
    expect(saved[0]).toContain("Đã ghi nhận tự đánh giá tháng 11/2026 của đồng chí Lợi (bí thư nhập thay).");

    const hungId = await h.memberId("Nguyễn Văn Hùng");
    const row = await h.t.db.assessment.findUniqueOrThrow({ where: { memberId_period: { memberId: loi.memberId, period: "2026-11" } }, include: { items: true } });
    expect(row.enteredById).toBe(hungId);
    expect(row.items).toEqual([expect.objectContaining({ itemId: loi.itemIds[0], progress: "NOT_STARTED", note: null, evidence: null })]);
    expect(await h.t.db.assessment.count({ where: { memberId: hungId } })).toBe(0);
    expect(await h.t.db.auditLog.count({ where: { action: "assessment.entered_for_member", actorId: hungId, targetId: row.id } })).toBe(1);
  });

  it("asks which member when the name fits several (by number, ids stay on the server)", async () => {
    const list = await h.say(hung, "/danhgia thi");
    // Different names that share a word: several matches, not namesakes.
    expect(list[0]).toContain("Có nhiều đảng viên có tên khớp");
    expect(list[0]).not.toContain("trùng tên");
    expect(list[0]).not.toContain("Lý Thị Hoa"); // another cell
    const line = list[0]!.split("\n").find((l) => l.includes("Võ Thị Thu Hà"));
    const number = /^(\d+)\./.exec(line ?? "")?.[1];
    expect(number).toBeDefined();
    const state = await conversation(hung);
    expect(JSON.stringify((state?.data as { meta?: { choices?: unknown } }).meta?.choices)).not.toMatch(/c[a-z0-9]{20,}/);
    const picked = await h.say(hung, number!);
    expect(picked[0]).toBe("Đồng chí Hà chưa có bản đăng ký học tập và làm theo Bác năm 2026 đã gửi. Cần đăng ký trước (/dangky) rồi mới tự đánh giá.");
    expect(await conversation(hung)).toBeNull();
  });

  it("refuses a member of another cell and says an exempt member needs none", async () => {
    await register("Mai Văn Sơn", { items: [["STUDY", "Học chuyên đề năm"]] });
    const other = await h.say(hung, "/danhgia Mai Văn Sơn");
    expect(other[0]).toContain('Không tìm thấy đảng viên "Mai Văn Sơn" trong chi bộ');
    expect(await conversation(hung)).toBeNull();
    expect(await h.t.db.assessment.count({ where: { member: { fullName: "Mai Văn Sơn" } } })).toBe(0);

    expect((await h.say(hung, "/danhgia Ngô Văn Bảy"))[0]).toBe("Đồng chí Bảy đang được miễn sinh hoạt chi bộ nên không cần tự đánh giá.");
  });
});

describe("quarterly and year-end self-assessments", () => {
  it("at a quarterly meeting the quarter is assessed", async () => {
    h.clock.now = NOV_20;
    await setMeetings(RESIDENTIAL, [{ startsAt: new Date("2026-12-27T01:00:00Z"), kind: "QUARTERLY" }]);
    const reg = await register("Cao Thị Yến", { items: [["FOLLOW", "Dạy phụ đạo miễn phí cho học sinh khó khăn mỗi tuần 2 buổi"]] });
    const yen = await h.link("Cao Thị Yến", "yen");
    const start = await h.say(yen, "/danhgia");
    expect(start[0]).toContain("Tự đánh giá quý IV/2026 của đồng chí Yến: 1 nội dung.");
    expect(start[1]).toContain("Tiến độ trong quý IV/2026?");
    await h.say(yen, "da hoan thanh");
    await h.say(yen, "Đã dạy 24 buổi");
    const overall = await h.say(yen, "https://truong.example.edu.vn/tin-tuc/phu-dao");
    expect(overall[0]).toContain("Nhận xét chung của đồng chí về quý IV/2026");
    await h.say(yen, "1");
    expect((await h.say(yen, "gui tu danh gia"))[0]).toContain("Đã ghi nhận tự đánh giá quý IV/2026");
    const row = await h.t.db.assessment.findUniqueOrThrow({ where: { memberId_period: { memberId: reg.memberId, period: "2026-Q4" } }, include: { items: true } });
    expect(row).toMatchObject({ kind: "QUARTERLY", year: 2026, overallNote: null });
    expect(row.items[0]).toMatchObject({ progress: "DONE", note: "Đã dạy 24 buổi", evidence: "https://truong.example.edu.vn/tin-tuc/phu-dao" });
  });

  it("at year end: items, the draft from the twelve months and the chi ủy's comments, self-rating, shortcomings", async () => {
    h.clock.now = NOV_20;
    await setMeetings(OFFICE, [{ startsAt: new Date("2026-12-20T01:00:00Z"), kind: "YEAR_END" }]);
    const reg = await register("Hoàng Minh Tuấn", {
      items: [
        ["STUDY", "Học và viết thu hoạch chuyên đề năm"],
        ["FOLLOW", "Đo đạc, cấp giấy chứng nhận đúng hạn"],
      ],
    });
    const hungId = await h.memberId("Nguyễn Văn Hùng");
    for (let m = 1; m <= 11; m++) {
      const period = `2026-${String(m).padStart(2, "0")}`;
      const a = await h.t.db.assessment.create({
        data: {
          memberId: reg.memberId,
          kind: "MONTHLY",
          period,
          year: 2026,
          submittedAt: new Date(`${period}-20T03:00:00Z`),
          items: {
            create: [
              { itemId: reg.itemIds[0]!, progress: m >= 9 ? "DONE" : "ON_TRACK", ...(m === 9 ? { note: "Nộp bài thu hoạch cho chi bộ" } : {}) },
              { itemId: reg.itemIds[1]!, progress: m === 4 ? "BEHIND" : "ON_TRACK", ...(m === 4 ? { note: "Máy đo hỏng hai tuần" } : {}) },
            ],
          },
        },
      });
      if (m === 10) await h.t.db.review.create({ data: { authorId: hungId, assessmentId: a.id, text: "Đồng chí tiến bộ rõ, cần giữ vững." } });
    }
    const tuan = await h.link("Hoàng Minh Tuấn", "tuan");
    const start = await h.say(tuan, "/danhgia");
    expect(start[0]).toContain("Tự đánh giá năm 2026 của đồng chí Tuấn: 2 nội dung.");
    expect(start[0]).toContain("08:00 Chủ Nhật, 20/12/2026");
    expect(start[1]).toContain("Tiến độ trong năm 2026?");
    await h.say(tuan, "da hoan thanh");
    await h.say(tuan, "bo qua");
    await h.say(tuan, "bo qua");
    await h.say(tuan, "dung tien do");
    await h.say(tuan, "bo qua");
    const draft = await h.say(tuan, "bo qua");
    expect(draft[0]).toContain("Bản nháp tự đánh giá năm 2026");
    expect(draft[0]).toContain("đã tự đánh giá 11/12 tháng");
    expect(draft[0]).toContain("hoàn thành 3 tháng, đúng tiến độ 8 tháng");
    expect(draft[0]).toContain("Nộp bài thu hoạch cho chi bộ (tháng 9)");
    expect(draft[0]).toContain("Máy đo hỏng hai tuần (tháng 4)");
    expect(draft[0]).toContain("“Đồng chí tiến bộ rõ, cần giữ vững”");
    expect(draft[0]).toContain("1. Dùng bản nháp này");

    const rating = await h.say(tuan, "dung ban nhap");
    expect(rating[0]).toContain("Đồng chí tự xếp loại chất lượng năm 2026:");
    expect(rating[0]).toContain("1. Hoàn thành xuất sắc nhiệm vụ\n2. Hoàn thành tốt nhiệm vụ\n3. Hoàn thành nhiệm vụ\n4. Không hoàn thành nhiệm vụ");
    // "hoan thanh" alone fits three ratings: asked again.
    expect((await h.say(tuan, "hoan thanh"))[0]).toContain("chọn một mức xếp loại");
    const shortcomings = await h.say(tuan, "hoan thanh tot nhiem vu");
    expect(shortcomings[0]).toContain("Hạn chế, khuyết điểm đồng chí cần khắc phục trong năm tới?");
    const review = await h.say(tuan, "Còn chậm cập nhật hồ sơ địa chính lên hệ thống");
    expect(review[0]).toContain("Tự xếp loại: Hoàn thành tốt nhiệm vụ");
    expect(review[0]).toContain("Hạn chế cần khắc phục năm tới: Còn chậm cập nhật hồ sơ địa chính lên hệ thống");
    expect(review[0]).toContain("Sửa xếp loại");
    expect((await h.say(tuan, "gui"))[0]).toContain("Đã ghi nhận tự đánh giá năm 2026 của đồng chí Tuấn.");

    const row = await h.t.db.assessment.findUniqueOrThrow({ where: { memberId_period: { memberId: reg.memberId, period: "2026" } }, include: { items: true } });
    expect(row).toMatchObject({ kind: "YEARLY", year: 2026, selfRating: "GOOD", shortcomingsNextYear: "Còn chậm cập nhật hồ sơ địa chính lên hệ thống" });
    expect(row.overallNote).toContain("Năm 2026, bản thân đăng ký 2 nội dung");
    expect(row.overallNote).toContain("Đồng chí tiến bộ rõ, cần giữ vững");
    expect(draft[0]).toContain(row.overallNote!);
    expect(row.items.map((i) => i.progress).sort()).toEqual(["DONE", "ON_TRACK"]);
    // The monthly rows are untouched.
    expect(await h.t.db.assessment.count({ where: { memberId: reg.memberId, kind: "MONTHLY" } })).toBe(11);
  });

  it("a member may write their own year-end text instead of the draft", async () => {
    const tuan = "tuan";
    await h.say(tuan, "/danhgia");
    await h.say(tuan, "sua tung phan");
    const draft = await h.say(tuan, "sua nhan xet chung");
    expect(draft[0]).toContain("Bản nháp tự đánh giá năm 2026");
    expect(draft[0]).toContain("2. Giữ như cũ");
    const review = await h.say(tuan, "Năm 2026 tôi hoàn thành các nội dung đã đăng ký.");
    expect(review[0]).toContain("Nhận xét chung: Năm 2026 tôi hoàn thành các nội dung đã đăng ký.");
    expect(review[0]).toContain("Tự xếp loại: Hoàn thành tốt nhiệm vụ");
    await h.say(tuan, "gui");
    const row = await h.t.db.assessment.findFirstOrThrow({ where: { member: { fullName: "Hoàng Minh Tuấn" }, period: "2026" } });
    expect(row).toMatchObject({ overallNote: "Năm 2026 tôi hoàn thành các nội dung đã đăng ký.", selfRating: "GOOD" });
  });
});

describe("a restart in the middle of the flow", () => {
  it("a new engine on the same database continues where the member was", async () => {
    h.clock.now = NOV_20;
    await setMeetings(RESIDENTIAL, [{ startsAt: new Date("2026-11-29T01:00:00Z") }]);
    const reg = await register("Đinh Thị Lan", {
      items: [
        ["EXAMPLE", "Vận động 100% hội viên phụ nữ phân loại rác tại nguồn"],
        ["STUDY", "Học chuyên đề năm và kể chuyện Bác ở chi hội"],
      ],
    });
    const lan = await h.link("Đinh Thị Lan", "lan");
    await h.say(lan, "/danhgia");
    await h.say(lan, "2");
    await h.say(lan, "Đã vận động được 80%");

    const restarted = await createHarness({ reuse: h.t, now: h.clock.now });
    try {
      const next = await restarted.say(lan, "Danh sách hộ đăng ký của tổ 2");
      expect(next[0]).toContain("Nội dung 2/2 — Học tập:");
      await restarted.say(lan, "1");
      await restarted.say(lan, "bo qua");
      const overall = await restarted.say(lan, "bo qua");
      expect(overall[0]).toContain("Nhận xét chung");
      await restarted.say(lan, "bo qua");
      expect((await restarted.say(lan, "gui"))[0]).toContain("Đã ghi nhận tự đánh giá tháng 11/2026 của đồng chí Lan.");
    } finally {
      await restarted.close();
    }
    const row = await h.t.db.assessment.findUniqueOrThrow({ where: { memberId_period: { memberId: reg.memberId, period: "2026-11" } }, include: { items: true } });
    expect(row.items.find((i) => i.itemId === reg.itemIds[0])).toMatchObject({ progress: "ON_TRACK", note: "Đã vận động được 80%", evidence: "Danh sách hộ đăng ký của tổ 2" });
    expect(row.items.find((i) => i.itemId === reg.itemIds[1])).toMatchObject({ progress: "DONE", note: null, evidence: null });
    // The first harness's database is still there and usable.
    expect(await h.t.db.member.count()).toBeGreaterThan(0);
  });
});

describe("through the Telegram adapter, pressing inline buttons", () => {
  let fake: FakeTelegram;
  let adapter: TelegramAdapter;

  beforeAll(async () => {
    fake = await startFakeTelegram();
    adapter = createTelegramAdapter({ token: fake.token, apiRoot: fake.apiRoot, requestTimeoutMs: 5000, pollTimeoutSeconds: 1 });
    const engine = createEngine({ db: h.t.db, log: silentLogger, zone: "Asia/Ho_Chi_Minh", now: () => h.clock.now });
    await adapter.start(createInboundHandler({ db: h.t.db, engine, adapter, log: silentLogger }));
  });
  afterAll(async () => {
    await adapter?.stop();
    await fake?.close();
  });

  /** Pushes an update and waits for `count` messages from the bot. */
  async function exchange(update: Parameters<FakeTelegram["pushUpdate"]>[0], count: number): Promise<SentRecord[]> {
    const before = fake.sent.length;
    await fake.pushUpdate(update);
    await fake.waitForSent(before + count);
    return fake.sent.slice(before);
  }

  function button(record: SentRecord | undefined, label: string): string {
    const rows = (record?.replyMarkup as { inline_keyboard?: Array<Array<{ text: string; callback_data: string }>> } | undefined)?.inline_keyboard ?? [];
    const found = rows.flat().find((b) => b.text === label);
    if (!found) throw new Error(`no button "${label}" in ${JSON.stringify(rows)}`);
    return found.callback_data;
  }

  it("answers with buttons, takes a photo as evidence and saves", async () => {
    h.clock.now = NOV_20;
    await setMeetings(OFFICE, [{ startsAt: NOV_25_MEETING }]);
    const reg = await register("Lê Quang Vinh", { items: [["FOLLOW", "Tiếp công dân đúng lịch, trả lời đơn thư đúng hạn"]] });
    await h.link("Lê Quang Vinh", "7001", "TELEGRAM");
    const userId = 7001;

    const start = await exchange(fake.textUpdate(userId, "/danhgia"), 2);
    expect(start[0]?.text).toContain("Tự đánh giá tháng 11/2026 của đồng chí Vinh");
    expect(start[1]?.text).toContain("Nội dung 1/1 — Làm theo:");
    expect(button(start[1], "Đúng tiến độ")).toBe("c:ON_TRACK");

    const noteQ = await exchange(fake.callbackUpdate(userId, button(start[1], "Chậm tiến độ")), 1);
    expect(noteQ[0]?.text).toContain("Ghi chú ngắn");
    const evidenceQ = await exchange(fake.callbackUpdate(userId, button(noteQ[0], "Bỏ qua")), 1);
    expect(evidenceQ[0]?.text).toContain("Minh chứng");
    // A button of an earlier message is stale.
    const stale = await exchange(fake.callbackUpdate(userId, button(start[1], "Đã hoàn thành")), 1);
    expect(stale[0]?.text).toContain("Lựa chọn này đã cũ");

    const photoUpdate = fake.photoUpdate(userId, { caption: "Sổ tiếp công dân" });
    const afterPhoto = await exchange(photoUpdate, 2);
    expect(afterPhoto[0]?.text).toBe("Đã nhận ảnh minh chứng.");
    expect(afterPhoto[1]?.text).toContain("Nhận xét chung");
    const review = await exchange(fake.callbackUpdate(userId, button(afterPhoto[1], "Bỏ qua")), 1);
    expect(review[0]?.text).toContain("Minh chứng: đã gửi ảnh (Sổ tiếp công dân)");
    const saved = await exchange(fake.callbackUpdate(userId, button(review[0], "Gửi tự đánh giá")), 1);
    expect(saved[0]?.text).toContain("Đã ghi nhận tự đánh giá tháng 11/2026 của đồng chí Vinh.");
    await fake.waitFor(() => fake.answeredCallbacks.length >= 5, 5000, "the callback answers");

    const row = await h.t.db.assessment.findUniqueOrThrow({ where: { memberId_period: { memberId: reg.memberId, period: "2026-11" } }, include: { items: true } });
    expect(row.items).toEqual([
      expect.objectContaining({ progress: "BEHIND", note: null, evidence: `photo:AgAD-large-${photoUpdate.update_id} Sổ tiếp công dân` }),
    ]);
  });
});
