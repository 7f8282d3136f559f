// Self-assessment (/danhgia) end to end: the local channel through the real engine and database,
// and one run through the Telegram adapter against the fake Bot API pressing inline buttons.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addFormerNamesakes, createHarness, DEMO_CELLS, type Harness } from "../support/harness.ts";
import { startFakeTelegram, type FakeTelegram, type SentRecord } from "../fakes/fake-telegram.ts";
import { createTelegramAdapter, type TelegramAdapter } from "../../src/channels/telegram/adapter.ts";
import { createInboundHandler } from "../../src/channels/dispatcher.ts";
import { createEngine } from "../../src/conversations/create-engine.ts";
import { silentLogger } from "../../src/log.ts";
import { assessOnTrack } from "../../src/usecases/assess-on-track.ts";

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

/** Replaces the unit's meetings with these (its meeting rule off, or /danhgia would plan the rule's own again). */
async function setMeetings(unit: string, meetings: Array<{ startsAt: Date; kind?: Kind; status?: "SCHEDULED" | "MOVED" | "CANCELLED" | "HELD" }>) {
  const id = await unitId(unit);
  await h.t.db.meetingRule.updateMany({ where: { unitId: id }, data: { active: false } });
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

/** A registration of the year with its items (an item's third element: every content it covers); returns the item ids in order. */
async function register(
  name: string,
  options: { year?: number; status?: "DRAFT" | "SUBMITTED" | "APPROVED" | "RETURNED"; items?: Array<[Category, string, Category[]?]> } = {},
) {
  const memberId = await h.memberId(name);
  const registration = await h.t.db.registration.create({
    data: {
      memberId,
      year: options.year ?? 2026,
      status: options.status ?? "SUBMITTED",
      pledgeAccepted: true,
      items: { create: (options.items ?? DEFAULT_ITEMS).map(([category, text, categories], position) => ({ position, category, categories, text })) },
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
  const row = () =>
    h.t.db.assessment.findUniqueOrThrow({ where: { memberId_period: { memberId: reg.memberId, period: "2026-11" } }, include: { items: true } });
  const drafts = () => h.t.db.assessmentDraft.count({ where: { memberId: reg.memberId } });

  beforeAll(async () => {
    h.clock.now = NOV_20;
    await setMeetings(OFFICE, [{ startsAt: NOV_25_MEETING }]);
    reg = await register("Phạm Thị Hồng Nhung", { status: "APPROVED" });
    nhung = await h.link("Phạm Thị Hồng Nhung", "nhung");
  });

  it("all on track: two member messages, /danhgia and the one tap", async () => {
    const sent: string[] = [];
    const say = async (line: string) => {
      sent.push(line);
      return h.say(nhung, line);
    };
    const start = await say("/danhgia");
    expect(start).toHaveLength(1);
    expect(start[0]).toContain("Tự đánh giá tháng 11/2026 của đồng chí Nhung: 3 việc.");
    expect(start[0]).toContain("1. Học tập — Đọc và ghi chép 2 chuyên đề về phong cách Hồ Chí Minh\n");
    expect(start[0]).toContain("14:00 Thứ Tư, 25/11/2026");
    expect(start[0]).toContain("Nếu cả 3 việc đều đúng tiến độ");
    expect(start[0]).not.toContain("nội dung");
    // One choice per item, numbered as the items are, then the one tap (the benchmark's member
    // picks it by its words).
    expect(start[0]).toContain(
      "\n1. Việc 1: Đọc và ghi chép 2 chuyên đề về phong…\n2. Việc 2: Giải quyết hồ sơ một cửa đúng hạn 100%\n3. Việc 3: Đi làm đúng giờ, không dùng điện thoại…\n4. Tất cả đúng tiến độ",
    );
    const saved = await say("Tất cả đúng tiến độ");
    expect(saved[0]).toContain("Đã ghi nhận tự đánh giá tháng 11/2026 của đồng chí Nhung.");
    expect(sent).toHaveLength(2);
    expect(await conversation(nhung)).toBeNull();

    const a = await row();
    expect(a).toMatchObject({ kind: "MONTHLY", period: "2026-11", year: 2026, enteredById: null, overallNote: null, selfRating: null });
    expect(a.submittedAt).toEqual(NOV_20);
    expect(a.items.map((i) => [i.itemId, i.progress, i.note, i.evidence]).sort()).toEqual(reg.itemIds.map((id) => [id, "ON_TRACK", null, null]).sort());
    expect(await h.t.db.auditLog.count({ where: { action: "assessment.submitted", targetId: a.id } })).toBe(1);
    expect(await drafts()).toBe(0);
  });

  it("exceptions: one tap per item plus an optional line; evidence as a line or a photo; the rest on track", async () => {
    const first = await row();
    h.clock.now = new Date("2026-11-21T02:00:00Z");
    const shown = await h.say(nhung, "/danhgia");
    expect(shown).toHaveLength(1);
    expect(shown[0]).toContain("Đồng chí đã gửi tự đánh giá kỳ này.");
    expect(shown[0]).toContain("1. Sửa từng phần\n2. Làm lại từ đầu\n3. Giữ nguyên");
    const overview = await h.say(nhung, "2"); // redo
    expect(overview[0]).toContain("4. Tất cả đúng tiến độ");
    // A line before any item is picked is the overall note.
    expect((await h.say(nhung, "Tháng này bận tiếp dân nhiều nhưng vẫn giữ tiến độ"))[0]).toContain("Đã ghi nhận xét chung.");

    const q1 = await h.say(nhung, "1"); // Việc 1
    expect(q1[0]).toContain("Việc 1/3 — Học tập:");
    expect(q1[0]).toContain("(lần trước: Đúng tiến độ)");
    expect(q1[0]).toContain("1. Đã hoàn thành\n2. Đúng tiến độ\n3. Chậm tiến độ\n4. Chưa bắt đầu");
    // In words, as older members answer: "xong rồi" can only mean done.
    const marked = await h.say(nhung, "xong roi a");
    expect(marked[0]).toContain("1. Học tập — Đọc và ghi chép 2 chuyên đề về phong cách Hồ Chí Minh: Đã hoàn thành");
    expect(marked[0]).toContain("gõ một dòng ghi chú cho việc 1");
    expect(marked[0]).toContain("\n4. Gửi, các việc còn lại đúng tiến độ\n");
    expect((await h.say(nhung, "Đã đọc xong chuyên đề 1"))[0]).toBe("Đã ghi chú cho việc 1. Xong thì chọn Gửi.");
    expect((await h.say(nhung, "Minh chứng: Bài thu hoạch nộp ngày 15/11"))[0]).toBe("Đã nhận minh chứng cho việc 1. Xong thì chọn Gửi.");

    // By words without diacritics.
    expect((await h.say(nhung, "viec 3"))[0]).toContain("Việc 3/3 — Nêu gương:");
    // Something that is no option: asked again, the options still stand.
    const unclear = (await h.say(nhung, "không rõ")).join("\n");
    expect(unclear).toContain("chọn một mức tiến độ");
    expect(unclear).toContain("1. Đã hoàn thành\n2. Đúng tiến độ\n3. Chậm tiến độ\n4. Chưa bắt đầu");
    // "đang làm" could be on track or behind: asked again, not guessed.
    expect((await h.say(nhung, "dang lam"))[0]).toContain("chọn một mức tiến độ");
    expect((await h.say(nhung, "cham"))[0]).toContain(": Chậm tiến độ");
    expect(await photo(h, nhung, "zalo-photo-001", "Ảnh buổi trực")).toEqual(["Đã nhận minh chứng cho việc 3. Xong thì chọn Gửi."]);
    // Not yet submitted: the row is as it was.
    expect((await row()).updatedAt).toEqual(first.updatedAt);

    const saved = await h.say(nhung, "gui");
    expect(saved[0]).toContain("Đã cập nhật tự đánh giá tháng 11/2026 của đồng chí Nhung.");
    expect(saved[0]).toContain("trước buổi sinh hoạt chi bộ lúc 14:00 Thứ Tư, 25/11/2026");
    const a = await row();
    expect(a.id).toBe(first.id);
    expect(a.overallNote).toBe("Tháng này bận tiếp dân nhiều nhưng vẫn giữ tiến độ");
    const byItem = (i: number) => a.items.find((x) => x.itemId === reg.itemIds[i]);
    expect(byItem(0)).toMatchObject({ progress: "DONE", note: "Đã đọc xong chuyên đề 1", evidence: "Bài thu hoạch nộp ngày 15/11" });
    expect(byItem(1)).toMatchObject({ progress: "ON_TRACK", note: null, evidence: null });
    expect(byItem(2)).toMatchObject({ progress: "BEHIND", note: null, evidence: "photo:zalo-photo-001 Ảnh buổi trực" });
    expect(a.submittedAt).toEqual(h.clock.now);
    expect(await drafts()).toBe(0);
  });

  it("'hủy' in the middle keeps the answers as a draft that /danhgia resumes", async () => {
    const before = await row();
    await h.say(nhung, "/danhgia");
    await h.say(nhung, "sua tung phan");
    await h.say(nhung, "Việc 2");
    await h.say(nhung, "chua bat dau");
    await h.say(nhung, "Chờ phần mềm mới");
    // Said, not left to guess: a bare "Đã dừng" read as if the answers were lost.
    expect((await h.say(nhung, "hủy"))[0]).toBe("Đã dừng. Các câu trả lời đã được lưu; khi tiện, đồng chí gõ /danhgia để làm tiếp.");
    expect(await conversation(nhung)).toBeNull();
    expect((await row()).updatedAt).toEqual(before.updatedAt);
    expect(await drafts()).toBe(1);

    const resumed = await h.say(nhung, "/danhgia");
    expect(resumed[0]).toContain("Đồng chí đang làm dở tự đánh giá tháng 11/2026");
    expect(resumed[1]).toContain("2. Làm theo — Giải quyết hồ sơ một cửa đúng hạn 100%: Chưa bắt đầu\n   Ghi chú: Chờ phần mềm mới");
    // The earlier answers given in the same round are there too.
    expect(resumed[1]).toContain(": Đã hoàn thành\n   Ghi chú: Đã đọc xong chuyên đề 1");
    expect(resumed[1]).toContain("5. Giữ nguyên bản cũ");
    // Giving up the draft keeps what was submitted.
    expect((await h.say(nhung, "giu nguyen"))[0]).toBe("Đã bỏ phần đang làm dở và giữ nguyên tự đánh giá đã gửi.");
    expect(await drafts()).toBe(0);
    expect((await row()).updatedAt).toEqual(before.updatedAt);

    // Again, and this time sent after resuming.
    await h.say(nhung, "/danhgia");
    await h.say(nhung, "sua tung phan");
    await h.say(nhung, "Việc 2");
    await h.say(nhung, "4");
    await h.say(nhung, "/huy");
    await h.say(nhung, "/danhgia");
    expect((await h.say(nhung, "4"))[0]).toContain("Đã cập nhật tự đánh giá tháng 11/2026");
    expect((await row()).items.find((x) => x.itemId === reg.itemIds[1])).toMatchObject({ progress: "NOT_STARTED" });
    expect(await drafts()).toBe(0);

    await h.say(nhung, "/danhgia");
    expect((await h.say(nhung, "giu nguyen"))[0]).toContain("Đã giữ nguyên");
    expect(await conversation(nhung)).toBeNull();
  });

  it("a plain member who names someone else gets their own assessment", async () => {
    const replies = await h.say(nhung, "/danhgia Đặng Văn Lợi");
    expect(replies[0]).toContain("Chỉ bí thư, phó bí thư chi bộ mới nhập tự đánh giá thay");
    expect(replies[1]).toContain("Tự đánh giá tháng 11/2026 của đồng chí Nhung");
    expect(replies[1]).toContain("Đồng chí đã gửi tự đánh giá kỳ này.");
    expect((await h.say(nhung, "lam lai tu dau"))[0]).toContain("4. Tất cả đúng tiến độ");
    // Typed in words rather than picked, "all on track" is still the one answer (not an overall note).
    expect((await h.say(nhung, "Đều đúng tiến độ ạ"))[0]).toContain("Đã cập nhật tự đánh giá tháng 11/2026 của đồng chí Nhung.");
    const a = await row();
    expect(a.overallNote).toBeNull();
    expect(a.items.every((i) => i.progress === "ON_TRACK")).toBe(true);
  });

  it("after the meeting starts the period is closed and the next one opens", async () => {
    // The secretary moved the meeting to today 14:00 (07:00Z). Fake clocks stay within a day of the
    // real one: the engine's idle expiry compares them with ConversationState.updatedAt.
    const today = new Date("2026-11-20T07:00:00Z");
    await setMeetings(OFFICE, [{ startsAt: today, status: "MOVED" }]);
    // A flow begun before the meeting cannot submit after it started.
    h.clock.now = new Date("2026-11-20T06:30:00Z");
    await h.say(nhung, "/danhgia");
    expect((await h.say(nhung, "sua tung phan"))[0]).toContain("\n4. Gửi tự đánh giá\n");
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
    // A draft of the closed month is not resumable: the first answer of the new month drops it.
    await h.t.db.assessmentDraft.create({
      data: {
        memberId: reg.memberId,
        period: "2026-11",
        authorId: reg.memberId,
        data: { answers: {}, overallNote: "cũ", selfRating: null, shortcomings: null },
        updatedAt: h.clock.now,
      },
    });
    await h.say(nhung, "1");
    await h.say(nhung, "1");
    expect((await h.t.db.assessmentDraft.findMany({ where: { memberId: reg.memberId } })).map((d) => d.period)).toEqual(["2026-12"]);
    await h.say(nhung, "/huy");
    await h.t.db.assessmentDraft.deleteMany({ where: { memberId: reg.memberId } });

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
    // 20 November: plain /dangky opens next year's now, so this year's is named with its year.
    const none = await h.say(ha, "/danhgia");
    expect(none).toEqual([
      "Đồng chí chưa có bản đăng ký học tập và làm theo Bác năm 2026. Đồng chí gõ /dangky 2026 để đăng ký trước, rồi tự đánh giá sau nhé. Còn năm 2027, đồng chí gõ /dangky 2027 để đăng ký.",
    ]);
    // Both pointers are true: each opens its own year.
    expect((await h.say(ha, "/dangky 2026")).join("\n")).toContain("mình cùng đăng ký học tập và làm theo Bác năm 2026");
    await h.say(ha, "/huy");
    expect((await h.say(ha, "/dangky 2027")).join("\n")).toContain("mình cùng đăng ký học tập và làm theo Bác năm 2027");
    await h.say(ha, "/huy");
    expect(await conversation(ha)).toBeNull();

    // Registered for next year only (offered first from November): this year's is still pointed
    // to first, then where next year's stands.
    const next = await register("Võ Thị Thu Hà", { year: 2027 });
    expect(await h.say(ha, "/danhgia")).toEqual([
      "Đồng chí chưa có bản đăng ký học tập và làm theo Bác năm 2026. Đồng chí gõ /dangky 2026 để đăng ký trước, rồi tự đánh giá sau nhé. Bản đăng ký năm 2027 của đồng chí đã được lưu (đã gửi, chờ chi ủy duyệt).",
    ]);
    expect(await conversation(ha)).toBeNull();
    await h.t.db.registration.delete({ where: { id: next.registrationId } });

    await register("Trần Thị Mai", { status: "DRAFT" });
    const mai = await h.link("Trần Thị Mai", "mai");
    expect((await h.say(mai, "danh gia"))[0]).toContain("Bản đăng ký năm 2026 của đồng chí chưa gửi. Đồng chí gõ /dangky");
  });

  it("in December, a member without this year's registration is pointed to /dangky 2026 first, then told where next year's stands", async () => {
    const ha = await h.link("Võ Thị Thu Hà", "ha-december");
    const next = await register("Võ Thị Thu Hà", { year: 2027, status: "DRAFT" });
    try {
      // 3 December, the year-end meeting ahead: the assessment is 2026's, and so is the registration it reviews.
      h.clock.now = new Date("2026-12-03T03:00:00Z");
      await setMeetings(OFFICE, [{ startsAt: new Date("2026-12-18T07:00:00Z"), kind: "YEAR_END" }]);
      const draft = await h.say(ha, "/danhgia");
      expect(draft).toEqual([
        "Đồng chí chưa có bản đăng ký học tập và làm theo Bác năm 2026. Đồng chí gõ /dangky 2026 để đăng ký trước, rồi tự đánh giá sau nhé. Bản đăng ký năm 2027 của đồng chí đã được lưu (bản nháp, chưa gửi chi ủy). Khi tiện, đồng chí gõ /dangky 2027 để gửi chi ủy.",
      ]);
      expect(await conversation(ha)).toBeNull();
      // The pointers are true: /dangky 2026 opens this year's entry, /dangky 2027 next year's draft.
      expect((await h.say(ha, "/dangky 2026")).join("\n")).toContain("mình cùng đăng ký học tập và làm theo Bác năm 2026");
      await h.say(ha, "/huy");
      const opened = (await h.say(ha, "/dangky 2027")).join("\n");
      expect(opened).toContain("Bản đăng ký năm 2027: bản nháp, chưa gửi chi ủy.");
      expect(opened).toContain("Gửi chi ủy");
      await h.say(ha, "/huy");

      await h.t.db.registration.update({ where: { id: next.registrationId }, data: { status: "APPROVED" } });
      expect(await h.say(ha, "/danhgia")).toEqual([
        "Đồng chí chưa có bản đăng ký học tập và làm theo Bác năm 2026. Đồng chí gõ /dangky 2026 để đăng ký trước, rồi tự đánh giá sau nhé. Bản đăng ký năm 2027 của đồng chí đã được lưu (chi ủy đã duyệt).",
      ]);

      // The secretary's own /danhgia takes the same path: 2026 first, then 2027.
      const hung = await h.link("Nguyễn Văn Hùng", "hung-december");
      expect(await h.say(hung, "/danhgia")).toEqual([
        "Đồng chí chưa có bản đăng ký học tập và làm theo Bác năm 2026. Đồng chí gõ /dangky 2026 để đăng ký trước, rồi tự đánh giá sau nhé. Còn năm 2027, đồng chí gõ /dangky 2027 để đăng ký.",
      ]);

      // After the year-end meeting (January), /dangky no longer takes 2026: no errand is made up.
      h.clock.now = new Date("2027-01-05T03:00:00Z");
      await setMeetings(OFFICE, [{ startsAt: new Date("2027-01-08T07:00:00Z"), kind: "YEAR_END" }]);
      expect(await h.say(ha, "/danhgia")).toEqual([
        "Đồng chí không có bản đăng ký năm 2026 nên không có việc nào cần tự đánh giá cho năm 2026. Bản đăng ký năm 2027 của đồng chí đã được lưu (chi ủy đã duyệt).",
      ]);

      // Before November (next year's typed as /dangky 2027), this year's is still the one to make.
      h.clock.now = new Date("2026-03-10T03:00:00Z");
      await setMeetings(OFFICE, []);
      const early = await h.say(ha, "/danhgia");
      expect(early[0]).toContain("Đồng chí gõ /dangky để đăng ký năm 2026, rồi tự đánh giá sau nhé.");
      expect((await h.say(ha, "/dangky")).join("\n")).toContain("mình cùng đăng ký học tập và làm theo Bác năm 2026");
      await h.say(ha, "/huy");
      expect(await h.t.db.registration.count({ where: { memberId: next.memberId, year: 2026 } })).toBe(0);
    } finally {
      h.clock.now = NOV_20;
      await setMeetings(OFFICE, [{ startsAt: NOV_25_MEETING }]);
      await h.t.db.registration.delete({ where: { id: next.registrationId } });
    }
  });

  it("an exempt member is told politely that no self-assessment is needed", async () => {
    await register("Ngô Văn Bảy");
    const bay = await h.link("Ngô Văn Bảy", "bay");
    const replies = await h.say(bay, "/danhgia");
    expect(replies).toEqual(["Đồng chí Bảy đang được miễn sinh hoạt chi bộ nên không cần tự đánh giá. Cảm ơn đồng chí đã quan tâm!"]);
    expect(await conversation(bay)).toBeNull();
  });

  it("the reminder's one tap says why for a member now exempt, and tells a member without a registration to register", async () => {
    const office = await unitId(OFFICE);
    const tap = async (name: string) =>
      assessOnTrack(
        { db: h.t.db, now: h.clock.now },
        { actor: { memberId: await h.memberId(name), unitId: office, role: "MEMBER" }, period: "2026-11", zone: "Asia/Ho_Chi_Minh" },
      );
    const exempt = await tap("Ngô Văn Bảy");
    expect(exempt).toMatchObject({ kind: "refused", code: "not-allowed" });
    expect(exempt.kind === "refused" && exempt.reason).toContain("miễn sinh hoạt");
    const none = await tap("Võ Thị Thu Hà");
    expect(none).toMatchObject({ kind: "refused", code: "not-approved" });
    expect(none.kind === "refused" && none.reason).toContain("chưa có bản đăng ký học tập và làm theo Bác năm 2026");
    expect(await h.t.db.assessment.count({ where: { member: { fullName: { in: ["Ngô Văn Bảy", "Võ Thị Thu Hà"] } }, period: "2026-11" } })).toBe(0);
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
    // Submitted, not approved yet: said, with what to do.
    expect(start[0]).toBe("Lưu ý: bản đăng ký năm 2026 của đồng chí Lợi chưa được chi ủy duyệt (duyệt bằng /duyet). Vẫn tự đánh giá được.");
    expect(start[1]).toContain("Đồng chí đang nhập tự đánh giá tháng 11/2026 thay cho đồng chí Lợi (Đặng Văn Lợi): 1 việc.");
    expect(start[1]).toContain("1. Làm theo — Lưu trữ văn bản đến, đi đầy đủ, đúng hạn");
    const hungId = await h.memberId("Nguyễn Văn Hùng");
    // The member acted for is the engine's subject, not part of the flow's data.
    const state = await conversation(hung);
    expect((state?.data as { meta?: { subjectId?: string } }).meta?.subjectId).toBe(loi.memberId);
    expect(JSON.stringify((state?.data as { data?: unknown }).data)).not.toContain(loi.memberId);
    expect((await h.say(hung, "1"))[0]).toContain("Việc 1/1 — Làm theo:");
    await h.say(hung, "4"); // Chưa bắt đầu
    expect((await h.say(hung, "Đồng chí Lợi báo qua điện thoại"))[0]).toBe("Đã ghi chú cho việc 1. Xong thì chọn Gửi.");
    const saved = await h.say(hung, "gui");
    expect(saved[0]).toContain("Đã ghi nhận tự đánh giá tháng 11/2026 của đồng chí Lợi (bí thư nhập thay).");

    const row = await h.t.db.assessment.findUniqueOrThrow({
      where: { memberId_period: { memberId: loi.memberId, period: "2026-11" } },
      include: { items: true },
    });
    expect(row.enteredById).toBe(hungId);
    expect(row.items).toEqual([
      expect.objectContaining({ itemId: loi.itemIds[0], progress: "NOT_STARTED", note: "Đồng chí Lợi báo qua điện thoại", evidence: null }),
    ]);
    expect(await h.t.db.assessment.count({ where: { memberId: hungId } })).toBe(0);
    expect(await h.t.db.auditLog.count({ where: { action: "assessment.entered_for_member", actorId: hungId, targetId: row.id } })).toBe(1);
  });

  it("asks which member when the name fits several (by number, ids stay on the server)", async () => {
    const list = await h.say(hung, "/danhgia thi");
    // Different names that share a word: several matches, not namesakes.
    expect(list[0]).toContain("Có nhiều đảng viên có tên khớp");
    expect(list[0]).not.toContain("trùng tên");
    expect(list[0]).not.toContain("Lý Thị Hoa"); // another cell
    // A long position is cut at a word to keep the option on one line.
    expect(list[0]).toContain("Trần Thị Mai (Phó bí thư chi bộ; Phó chủ…)");
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

  it("finds a current member whose name many former (LEFT) members of the cell share", async () => {
    const loi = await h.memberId("Đặng Văn Lợi");
    const removeFormer = await addFormerNamesakes(h, loi, "Trần Văn Lợi", "tran van loi");
    try {
      const start = await h.say(hung, "/danhgia loi");
      expect(start.join("\n")).not.toContain("Không tìm thấy");
      expect(start.join("\n")).not.toContain("Trần Văn Lợi");
      const state = await conversation(hung);
      expect((state?.data as { meta?: { subjectId?: string } }).meta?.subjectId).toBe(loi);
      await h.say(hung, "/huy");
    } finally {
      await removeFormer();
    }
  });
});

describe("quarterly and year-end self-assessments", () => {
  it("at a quarterly meeting the quarter is assessed", async () => {
    h.clock.now = NOV_20;
    await setMeetings(RESIDENTIAL, [{ startsAt: new Date("2026-12-27T01:00:00Z"), kind: "QUARTERLY" }]);
    // An item covering two contents is shown with both, as /dangky and /camket show it.
    const reg = await register("Cao Thị Yến", { items: [["FOLLOW", "Dạy phụ đạo miễn phí cho học sinh khó khăn mỗi tuần 2 buổi", ["FOLLOW", "EXAMPLE"]]] });
    const yen = await h.link("Cao Thị Yến", "yen");
    const start = (await h.say(yen, "/danhgia")).slice(1); // after the "not approved yet" note
    expect(start[0]).toContain("Tự đánh giá quý IV/2026 của đồng chí Yến: 1 việc.");
    expect(start[1]).toContain("Việc 1/1 — Làm theo + Nêu gương:");
    expect(start[1]).toContain("Tiến độ trong quý IV/2026?");
    await h.say(yen, "da hoan thanh");
    await h.say(yen, "Đã dạy 24 buổi");
    const overall = await h.say(yen, "https://truong.example.edu.vn/tin-tuc/phu-dao");
    expect(overall[0]).toContain("Nhận xét chung của đồng chí về quý IV/2026");
    await h.say(yen, "1");
    expect((await h.say(yen, "gui tu danh gia"))[0]).toContain("Đã ghi nhận tự đánh giá quý IV/2026");
    const row = await h.t.db.assessment.findUniqueOrThrow({
      where: { memberId_period: { memberId: reg.memberId, period: "2026-Q4" } },
      include: { items: true },
    });
    expect(row).toMatchObject({ kind: "QUARTERLY", year: 2026, overallNote: null });
    expect(row.items[0]).toMatchObject({ progress: "DONE", note: "Đã dạy 24 buổi", evidence: "https://truong.example.edu.vn/tin-tuc/phu-dao" });

    // Editing one item keeps its note and evidence on request; "hủy" halfway keeps a draft.
    const shown = await h.say(yen, "/danhgia");
    expect(shown[shown.length - 1]).toContain("Đồng chí đã gửi tự đánh giá kỳ này.");
    expect((await h.say(yen, "sua tung phan"))[0]).toContain("2. Sửa việc 1");
    expect((await h.say(yen, "sua viec 1"))[0]).toContain("(lần trước: Đã hoàn thành)");
    const note = await h.say(yen, "cham");
    expect(note[0]).toContain("Ghi chú cũ: Đã dạy 24 buổi");
    const evidence = await h.say(yen, "giu nhu cu");
    expect(evidence[0]).toContain("Minh chứng cũ: https://truong.example.edu.vn/tin-tuc/phu-dao");
    expect((await h.say(yen, "giu nhu cu"))[0]).toContain("1. Làm theo + Nêu gương — Dạy phụ đạo miễn phí cho học sinh khó khăn mỗi tuần 2 buổi: Chậm tiến độ");
    await h.say(yen, "hủy");
    const resumed = await h.say(yen, "/danhgia");
    expect(resumed.some((r) => r.includes("Đồng chí đang làm dở tự đánh giá quý IV/2026"))).toBe(true);
    expect(resumed[resumed.length - 1]).toContain(": Chậm tiến độ\n   Ghi chú: Đã dạy 24 buổi\n   Minh chứng: https://truong.example.edu.vn/tin-tuc/phu-dao");
    expect((await h.say(yen, "gui"))[0]).toContain("Đã cập nhật tự đánh giá quý IV/2026");
    const after = await h.t.db.assessment.findUniqueOrThrow({ where: { id: row.id }, include: { items: true } });
    expect(after.items[0]).toMatchObject({ progress: "BEHIND", note: "Đã dạy 24 buổi", evidence: "https://truong.example.edu.vn/tin-tuc/phu-dao" });
    expect(await h.t.db.assessmentDraft.count({ where: { memberId: reg.memberId } })).toBe(0);
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
          // The member's overall note on a month: not a thing achieved.
          ...(m === 5 ? { overallNote: "Tháng này bận tiếp dân dịp bầu cử, ít thời gian đọc tài liệu" } : {}),
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
    // A comment on the registration (why it was once returned) is about its wording, not the year's work: not in the draft.
    await h.t.db.review.create({
      data: { authorId: hungId, registrationId: reg.registrationId, text: "Việc nêu gương cần cụ thể hơn, có con số và thời hạn" },
    });
    const tuan = await h.link("Hoàng Minh Tuấn", "tuan");
    const reply = await h.say(tuan, "/danhgia");
    expect(reply[0]).toContain("đang chờ chi ủy duyệt");
    expect(reply[0]).toContain("/dangky");
    const start = reply.slice(1);
    expect(start[0]).toContain("Tự đánh giá năm 2026 của đồng chí Tuấn: 2 việc.");
    expect(start[0]).toContain("08:00 Chủ Nhật, 20/12/2026");
    expect(start[1]).toContain("Tiến độ trong năm 2026?");
    await h.say(tuan, "da hoan thanh");
    await h.say(tuan, "bo qua");
    await h.say(tuan, "bo qua");
    await h.say(tuan, "dung tien do");
    // Said in this conversation: it goes into the draft at once.
    await h.say(tuan, "Đã cấp 120 giấy chứng nhận, không hồ sơ nào trễ hạn");
    const draft = await h.say(tuan, "bo qua");
    expect(draft[0]).toContain("Bản nháp tự đánh giá năm 2026, bot ghép từ các kỳ đồng chí đã tự đánh giá, các câu trả lời vừa rồi và nhận xét của chi ủy:");
    expect(draft[0]).toContain("(1) Năm 2026, bản thân đăng ký 2 việc");
    expect(draft[0]).toContain("đã tự đánh giá 11/12 tháng");
    expect(draft[0]).toContain("hoàn thành 3 tháng, đúng tiến độ 8 tháng; cuối năm đã hoàn thành.");
    // The member's own words of a moment ago, as written: no "(cuối năm)" tacked on.
    expect(draft[0]).toContain("Đã cấp 120 giấy chứng nhận, không hồ sơ nào trễ hạn.");
    expect(draft[0]).not.toContain("(cuối năm)");
    expect(draft[0]).toContain("Nộp bài thu hoạch cho chi bộ (tháng 9)");
    expect(draft[0]).toContain("Máy đo hỏng hai tuần (tháng 4)");
    // A month's overall note stays with the record of the months, as written, never among the things achieved.
    const parts = draft[0]!.split("\n");
    expect(parts.find((l) => l.startsWith("(1) "))).toContain(
      "Nhận xét chung các tháng: Tháng này bận tiếp dân dịp bầu cử, ít thời gian đọc tài liệu (tháng 5).",
    );
    expect(parts.find((l) => l.includes("Những việc đã làm được"))).not.toContain("bầu cử");
    // A praise is quoted; the member is not made to answer it ("tiếp thu và tiếp tục khắc phục").
    expect(draft[0]).toContain("(4) Chi ủy đã nhận xét: “Đồng chí tiến bộ rõ, cần giữ vững”.\n");
    expect(draft[0]).not.toContain("con số và thời hạn");
    expect(draft[0]).not.toContain("khắc phục");
    // The parts' numbers are the menu's: 1–4 edit parts (1)–(4), the whole draft comes after them.
    expect(draft[0]).toContain(
      "Muốn sửa phần nào, đồng chí chọn số của phần đó (1–4). Dùng cả bản nháp thì chọn “Dùng bản nháp này”. Muốn viết bản khác, đồng chí gõ luôn vào đây.\n1. Sửa phần 1\n2. Sửa phần 2\n3. Sửa phần 3\n4. Sửa phần 4\n5. Dùng bản nháp này",
    );

    const rating = await h.say(tuan, "dung ban nhap");
    expect(rating[0]).toContain("Đồng chí tự xếp loại chất lượng năm 2026:");
    expect(rating[0]).toContain("1. Hoàn thành xuất sắc nhiệm vụ\n2. Hoàn thành tốt nhiệm vụ\n3. Hoàn thành nhiệm vụ\n4. Không hoàn thành nhiệm vụ");
    // "hoan thanh" alone fits three ratings: asked again.
    expect((await h.say(tuan, "hoan thanh"))[0]).toContain("chọn một mức xếp loại");
    const shortcomings = await h.say(tuan, "tot");
    expect(shortcomings[0]).toContain("Hạn chế, khuyết điểm đồng chí cần khắc phục trong năm tới?");
    // A number alone is no shortcoming (the question offers no option here).
    expect(await h.say(tuan, "2")).toEqual(["Bot chưa ghi số “2” vì chỉ có một con số. Đồng chí gõ nội dung bằng chữ giúp bot, hoặc gõ /huy để dừng."]);
    const review = await h.say(tuan, "Còn chậm cập nhật hồ sơ địa chính lên hệ thống");
    expect(review[0]).toContain("Tự xếp loại: Hoàn thành tốt nhiệm vụ");
    expect(review[0]).toContain("Hạn chế cần khắc phục năm tới: Còn chậm cập nhật hồ sơ địa chính lên hệ thống");
    expect(review[0]).toContain("Sửa xếp loại");
    expect((await h.say(tuan, "gui"))[0]).toContain("Đã ghi nhận tự đánh giá năm 2026 của đồng chí Tuấn.");

    const row = await h.t.db.assessment.findUniqueOrThrow({ where: { memberId_period: { memberId: reg.memberId, period: "2026" } }, include: { items: true } });
    expect(row).toMatchObject({ kind: "YEARLY", year: 2026, selfRating: "GOOD", shortcomingsNextYear: "Còn chậm cập nhật hồ sơ địa chính lên hệ thống" });
    expect(row.overallNote).toContain("Năm 2026, bản thân đăng ký 2 việc");
    expect(row.overallNote).toContain("Đồng chí tiến bộ rõ, cần giữ vững");
    // The draft's sections, one per line, exactly as shown.
    for (const line of row.overallNote?.split("\n") ?? []) expect(draft[0]).toContain(line);
    expect(row.overallNote?.split("\n")).toHaveLength(4);
    expect(row.items.map((i) => i.progress).sort()).toEqual(["DONE", "ON_TRACK"]);
    // The monthly rows are untouched.
    expect(await h.t.db.assessment.count({ where: { memberId: reg.memberId, kind: "MONTHLY" } })).toBe(11);
  });

  it("the year-end draft is editable section by section", async () => {
    const tuan = "tuan";
    await h.say(tuan, "/danhgia");
    await h.say(tuan, "sua tung phan");
    const draft = await h.say(tuan, "sua nhan xet chung");
    expect(draft[0]).toContain("(3) Còn khó khăn, chậm tiến độ: Máy đo hỏng hai tuần (tháng 4).");
    // A number the menu does not offer is asked again, not taken as the year's note.
    const stray = await h.say(tuan, "9");
    expect(stray[0]).toContain("Không có lựa chọn số 9.");
    expect(stray[0]).toContain("\n1. Sửa phần 1\n");
    // "3" is part (3), as the text numbers it.
    const section = await h.say(tuan, "3");
    expect(section[0]).toContain("Phần 3 hiện là:\nCòn khó khăn, chậm tiến độ: Máy đo hỏng hai tuần (tháng 4).");
    const edited = await h.say(tuan, "Còn khó khăn: máy đo hỏng hai tuần trong tháng 4, đã khắc phục bằng máy mượn.");
    expect(edited[0]).toContain("(3) Còn khó khăn: máy đo hỏng hai tuần trong tháng 4, đã khắc phục bằng máy mượn.");
    expect(edited[0]).toContain("(1) Năm 2026");
    // Dropping a section; a stray number at the part is asked again.
    await h.say(tuan, "sua phan 4");
    expect((await h.say(tuan, "7"))[0]).toContain("Không có lựa chọn số 7.");
    const dropped = await h.say(tuan, "bo phan nay");
    expect(dropped[0]).not.toContain("(4)");
    expect(dropped[0]).not.toContain("Chi ủy đã nhận xét");
    // "Dùng bản nháp này" keeps its number 5 with one part fewer.
    expect(dropped[0]).toContain("(1–3)");
    expect(dropped[0]).toContain("\n1. Sửa phần 1\n2. Sửa phần 2\n3. Sửa phần 3\n5. Dùng bản nháp này\n");
    const review = await h.say(tuan, "5");
    expect(review[0]).toContain("đã khắc phục bằng máy mượn.");
    await h.say(tuan, "gui");
    const row = await h.t.db.assessment.findFirstOrThrow({ where: { member: { fullName: "Hoàng Minh Tuấn" }, period: "2026" } });
    expect(row.overallNote?.split("\n")).toHaveLength(3);
    expect(row.overallNote).toContain("Còn khó khăn: máy đo hỏng hai tuần trong tháng 4, đã khắc phục bằng máy mượn.");
  });

  it("a member may write their own year-end text instead of the draft", async () => {
    const tuan = "tuan";
    await h.say(tuan, "/danhgia");
    await h.say(tuan, "sua tung phan");
    const draft = await h.say(tuan, "sua nhan xet chung");
    expect(draft[0]).toContain("Bản nháp tự đánh giá năm 2026");
    expect(draft[0]).toContain("6. Giữ như cũ");
    const review = await h.say(tuan, "Năm 2026 tôi hoàn thành các nội dung đã đăng ký.");
    expect(review[0]).toContain("Nhận xét chung: Năm 2026 tôi hoàn thành các nội dung đã đăng ký.");
    expect(review[0]).toContain("Tự xếp loại: Hoàn thành tốt nhiệm vụ");
    await h.say(tuan, "gui");
    const row = await h.t.db.assessment.findFirstOrThrow({ where: { member: { fullName: "Hoàng Minh Tuấn" }, period: "2026" } });
    expect(row).toMatchObject({ overallNote: "Năm 2026 tôi hoàn thành các nội dung đã đăng ký.", selfRating: "GOOD" });
  });
});

describe("a year that went as planned", () => {
  it("one choice answers every item at year end: six member messages from /danhgia to submitted", async () => {
    h.clock.now = NOV_20;
    await setMeetings(RESIDENTIAL, [{ startsAt: new Date("2026-12-27T01:00:00Z"), kind: "YEAR_END" }]);
    const reg = await register("Trương Văn Phúc", {
      status: "APPROVED",
      items: [
        ["STUDY", "Đọc 2 cuốn sách về Bác trước 30/6/2026"],
        ["FOLLOW", "Tổ chức 4 buổi dọn vệ sinh khu phố mỗi quý"],
        ["EXAMPLE", "Không đi họp muộn"],
      ],
    });
    const phuc = await h.link("Trương Văn Phúc", "phuc");
    let messages = 0;
    const say = async (text: string) => {
      messages++;
      return h.say(phuc, text);
    };
    const start = await say("/danhgia");
    const first = start[start.length - 1]!;
    expect(first).toContain("Việc 1/3");
    // The progress numbers stay 1–4 as for every item; the whole-year answer comes after them.
    expect(first).toContain("1. Đã hoàn thành\n2. Đúng tiến độ\n3. Chậm tiến độ\n4. Chưa bắt đầu\n5. Cả 3 việc đã hoàn thành");
    const draft = await say("5");
    expect(draft[0]).toContain("Đã ghi cả 3 việc: đã hoàn thành.");
    // Nothing on record before: the draft names only the answers just given as its source.
    // Each thing said once, and the question offers what the menu shows (one part: no "từng phần").
    expect(draft[draft.length - 1]).toBe(
      [
        "Bản nháp tự đánh giá năm 2026, bot ghép từ các câu trả lời vừa rồi:",
        "",
        "Năm 2026, bản thân đăng ký 3 việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh. Cả 3 việc đã hoàn thành.",
        "",
        "Đồng chí chọn “Sửa bản nháp” để sửa, hoặc “Dùng bản nháp này”. Muốn viết bản khác, đồng chí gõ luôn vào đây.",
        "1. Sửa bản nháp",
        "2. Dùng bản nháp này",
        "Đồng chí trả lời bằng số (1–2).",
      ].join("\n"),
    );
    expect((await say("dung ban nhap"))[0]).toContain("Đồng chí tự xếp loại chất lượng năm 2026:");
    await say("hoan thanh tot nhiem vu");
    const review = await say("Đôi lúc còn chậm trả lời tin nhắn của bà con");
    expect(review[0]).toContain("Đã hoàn thành");
    // The review lists each item once: the note does not repeat them.
    for (const text of ["Đọc 2 cuốn sách về Bác trước 30/6/2026", "Tổ chức 4 buổi dọn vệ sinh khu phố mỗi quý", "Không đi họp muộn"]) {
      expect(review[0]!.split(text)).toHaveLength(2);
    }
    expect(review[0]).toContain(
      "Nhận xét chung: Năm 2026, bản thân đăng ký 3 việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh. Cả 3 việc đã hoàn thành.\n",
    );
    expect((await say("gui"))[0]).toContain("Đã ghi nhận tự đánh giá năm 2026 của đồng chí Phúc.");
    expect(messages).toBe(6);
    const row = await h.t.db.assessment.findUniqueOrThrow({ where: { memberId_period: { memberId: reg.memberId, period: "2026" } }, include: { items: true } });
    expect(row.items.map((i) => [i.progress, i.note, i.evidence])).toEqual([
      ["DONE", null, null],
      ["DONE", null, null],
      ["DONE", null, null],
    ]);
    expect(row).toMatchObject({ selfRating: "GOOD", shortcomingsNextYear: "Đôi lúc còn chậm trả lời tin nhắn của bà con" });
  });

  it("the whole-year choice is offered only at the first item of a fresh form, and an item picked alone still walks note and evidence", async () => {
    const phuc = "phuc";
    await h.say(phuc, "/danhgia");
    const edit = await h.say(phuc, "sua tung phan");
    expect(edit[0]).toContain("Sửa việc 1");
    const item = await h.say(phuc, "sua viec 1");
    expect(item[0]).toContain("Việc 1/3");
    expect(item[0]).not.toContain("Cả 3 việc");
    expect((await h.say(phuc, "5"))[0]).toContain("chọn một mức tiến độ");
    await h.say(phuc, "/huy");
    // Redoing a submitted form: one tap would wipe what was written before, so it is not offered.
    await h.say(phuc, "/danhgia");
    const redo = await h.say(phuc, "lam lai tu dau");
    expect(redo[redo.length - 1]).toContain("Việc 1/3");
    expect(redo[redo.length - 1]).not.toContain("Cả 3 việc");
    await h.say(phuc, "/huy");
  });
});

describe("a year-end draft of one part", () => {
  it("is edited whole, and the question offers keeping the note given before", async () => {
    const phuc = "phuc";
    await h.say(phuc, "/danhgia");
    await h.say(phuc, "sua tung phan");
    const draft = (await h.say(phuc, "sua nhan xet chung")).join("\n");
    expect(draft).toContain(
      "Đồng chí chọn “Sửa bản nháp” để sửa, hoặc “Dùng bản nháp này” hoặc “Giữ như cũ”. Muốn viết bản khác, đồng chí gõ luôn vào đây.\n1. Sửa bản nháp\n2. Dùng bản nháp này\n3. Giữ như cũ",
    );
    const asked = await h.say(phuc, "sua ban nhap");
    expect(asked).toEqual([
      "Bản nháp hiện là:\nNăm 2026, bản thân đăng ký 3 việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh. Cả 3 việc đã hoàn thành.\n\nĐồng chí gõ lại bản nháp.",
    ]);
    const edited = (await h.say(phuc, "Năm 2026 bản thân hoàn thành cả 3 việc đã đăng ký, tham gia đầy đủ sinh hoạt chi bộ.")).join("\n");
    expect(edited).toContain("Bản nháp tự đánh giá năm 2026:\n\nNăm 2026 bản thân hoàn thành cả 3 việc đã đăng ký, tham gia đầy đủ sinh hoạt chi bộ.\n\n");
    await h.say(phuc, "/huy");
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
    await h.say(lan, "2"); // Việc 2
    await h.say(lan, "1"); // Đã hoàn thành

    const restarted = await createHarness({ reuse: h.t, now: h.clock.now });
    try {
      expect(await restarted.say(lan, "Đã học xong, kể chuyện Bác ở chi hội tháng 10")).toEqual(["Đã ghi chú cho việc 2. Xong thì chọn Gửi."]);
      expect((await restarted.say(lan, "gui"))[0]).toContain("Đã ghi nhận tự đánh giá tháng 11/2026 của đồng chí Lan.");
    } finally {
      await restarted.close();
    }
    const row = await h.t.db.assessment.findUniqueOrThrow({
      where: { memberId_period: { memberId: reg.memberId, period: "2026-11" } },
      include: { items: true },
    });
    expect(row.items.find((i) => i.itemId === reg.itemIds[0])).toMatchObject({ progress: "ON_TRACK", note: null, evidence: null });
    expect(row.items.find((i) => i.itemId === reg.itemIds[1])).toMatchObject({
      progress: "DONE",
      note: "Đã học xong, kể chuyện Bác ở chi hội tháng 10",
      evidence: null,
    });
    // The first harness's database is still there and usable.
    expect(await h.t.db.member.count()).toBeGreaterThan(0);
  });
});

describe("a number typed alone at a question that also takes text", () => {
  it("quarter: a stray number at the note, evidence and overall questions is asked again with the options, never saved", async () => {
    h.clock.now = NOV_20;
    await setMeetings(RESIDENTIAL, [{ startsAt: new Date("2026-12-27T01:00:00Z"), kind: "QUARTERLY" }]);
    const reg = await register("Lý Thị Hoa", {
      status: "APPROVED",
      items: [
        ["STUDY", "Học chuyên đề năm và viết thu hoạch"],
        ["FOLLOW", "Vận động khu phố giữ vệ sinh chung"],
      ],
    });
    const hoa = await h.link("Lý Thị Hoa", "hoa");
    await h.say(hoa, "/danhgia");
    await h.say(hoa, "1"); // Đã hoàn thành
    const note = await h.say(hoa, "7");
    expect(note).toEqual(["Không có lựa chọn số 7. Đồng chí chọn một số dưới đây, hoặc gõ nội dung bằng chữ.\n1. Bỏ qua\nĐồng chí trả lời 1 để chọn."]);
    const evidence = await h.say(hoa, "Đã nộp bài thu hoạch");
    expect(evidence[0]).toContain("Minh chứng (nếu có)");
    // The tester's case: "2" at "Minh chứng (nếu có)… 1. Bỏ qua".
    const again = await h.say(hoa, "2");
    expect(again[0]).toContain("Không có lựa chọn số 2.");
    expect(again[0]).toContain("\n1. Bỏ qua");
    expect((await h.say(hoa, "1"))[0]).toContain("Việc 2/2");
    await h.say(hoa, "2"); // Đúng tiến độ
    await h.say(hoa, "khong co"); // no note, typed as a member says it
    await h.say(hoa, "ko co"); // no evidence: never "Minh chứng: ko co" for the chi ủy to read
    const overall = await h.say(hoa, "3.");
    expect(overall[0]).toContain("Không có lựa chọn số 3.");
    const review = await h.say(hoa, "1");
    expect(review[0]).not.toContain("Minh chứng");
    expect(review[0]).not.toContain("Nhận xét chung");
    expect((await h.say(hoa, "gui"))[0]).toContain("Đã ghi nhận tự đánh giá quý IV/2026");
    const row = await h.t.db.assessment.findUniqueOrThrow({
      where: { memberId_period: { memberId: reg.memberId, period: "2026-Q4" } },
      include: { items: true },
    });
    expect(row.overallNote).toBeNull();
    expect(row.items.find((i) => i.itemId === reg.itemIds[0])).toMatchObject({ progress: "DONE", note: "Đã nộp bài thu hoạch", evidence: null });
    expect(row.items.find((i) => i.itemId === reg.itemIds[1])).toMatchObject({ progress: "ON_TRACK", note: null, evidence: null });

    // Editing: with "Giữ như cũ" offered as 2, a 3 is still no note.
    await h.say(hoa, "/danhgia");
    await h.say(hoa, "sua tung phan");
    await h.say(hoa, "sua viec 1");
    await h.say(hoa, "1");
    const kept = await h.say(hoa, "3");
    expect(kept[0]).toContain("Không có lựa chọn số 3.");
    expect(kept[0]).toContain("\n1. Bỏ qua\n2. Giữ như cũ");
    await h.say(hoa, "/huy");
  });

  it("month: a number that is no item is asked again, not kept as the item's note", async () => {
    h.clock.now = NOV_20;
    await setMeetings(RESIDENTIAL, [{ startsAt: new Date("2026-11-29T01:00:00Z") }]);
    const hoa = "hoa";
    await h.say(hoa, "/danhgia");
    await h.say(hoa, "1"); // Việc 1
    await h.say(hoa, "3"); // Chậm tiến độ
    const again = await h.say(hoa, "9");
    expect(again[0]).toContain("Không có lựa chọn số 9.");
    expect(again[0]).toContain("\n1. Việc 1:");
    expect((await h.say(hoa, "Máy tính hỏng, chưa viết xong"))[0]).toBe("Đã ghi chú cho việc 1. Xong thì chọn Gửi.");
    expect((await h.say(hoa, "gui"))[0]).toContain("Đã ghi nhận tự đánh giá tháng 11/2026");
    const row = await h.t.db.assessment.findFirstOrThrow({ where: { member: { fullName: "Lý Thị Hoa" }, period: "2026-11" }, include: { items: true } });
    expect(row.overallNote).toBeNull();
    expect(row.items.map((i) => i.note).sort()).toEqual(["Máy tính hỏng, chưa viết xong", null]);
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

  it("answers with buttons: the one tap, an item, a photo as evidence, and saves", async () => {
    h.clock.now = NOV_20;
    await setMeetings(OFFICE, [{ startsAt: NOV_25_MEETING }]);
    const reg = await register("Lê Quang Vinh", {
      status: "APPROVED",
      items: [
        ["FOLLOW", "Tiếp công dân đúng lịch, trả lời đơn thư đúng hạn"],
        ["STUDY", "Học Nghị quyết Đại hội"],
      ],
    });
    await h.link("Lê Quang Vinh", "7001", "TELEGRAM");
    const userId = 7001;

    const start = await exchange(fake.textUpdate(userId, "/danhgia"), 1);
    expect(start[0]?.text).toContain("Tự đánh giá tháng 11/2026 của đồng chí Vinh: 2 việc.");
    expect(button(start[0], "Tất cả đúng tiến độ")).toBe("c:all");

    const q = await exchange(fake.callbackUpdate(userId, button(start[0], "Việc 1: Tiếp công dân đúng lịch, trả lời đơn…")), 1);
    expect(q[0]?.text).toContain("Việc 1/2 — Làm theo:");
    const overview = await exchange(fake.callbackUpdate(userId, button(q[0], "Chậm tiến độ")), 1);
    expect(overview[0]?.text).toContain(": Chậm tiến độ");
    // A button of an earlier message is stale.
    const stale = await exchange(fake.callbackUpdate(userId, button(q[0], "Đã hoàn thành")), 1);
    expect(stale[0]?.text).toContain("Lựa chọn này đã cũ");

    const photoUpdate = fake.photoUpdate(userId, { caption: "Sổ tiếp công dân" });
    const afterPhoto = await exchange(photoUpdate, 1);
    expect(afterPhoto[0]?.text).toBe("Đã nhận minh chứng cho việc 1. Xong thì chọn Gửi.");
    const saved = await exchange(fake.callbackUpdate(userId, button(overview[0], "Gửi, các việc còn lại đúng tiến độ")), 1);
    expect(saved[0]?.text).toContain("Đã ghi nhận tự đánh giá tháng 11/2026 của đồng chí Vinh.");
    await fake.waitFor(() => fake.answeredCallbacks.length >= 4, 5000, "the callback answers");

    const row = await h.t.db.assessment.findUniqueOrThrow({
      where: { memberId_period: { memberId: reg.memberId, period: "2026-11" } },
      include: { items: true },
    });
    expect(row.items.find((i) => i.itemId === reg.itemIds[0])).toMatchObject({
      progress: "BEHIND",
      note: null,
      evidence: `photo:AgAD-large-${photoUpdate.update_id} Sổ tiếp công dân`,
    });
    expect(row.items.find((i) => i.itemId === reg.itemIds[1])).toMatchObject({ progress: "ON_TRACK", note: null, evidence: null });
  });
});

// What an older member typed in a trial: nods, progress in words, questions, second lines.
describe("answers typed in words, as an older member typed them", () => {
  const SON_ITEMS: Array<[Category, string]> = [
    ["STUDY", "Đọc 2 cuốn sách về Bác trước 30/6/2026"],
    ["FOLLOW", "Giúp 2 hộ khó khăn trong khu phố"],
    ["EXAMPLE", "Không đi họp muộn"],
  ];

  it("year end: 'ok' at the draft is 'Dùng bản nháp này', and 'ok' at a part keeps the part", async () => {
    h.clock.now = NOV_20;
    await setMeetings(RESIDENTIAL, [{ startsAt: new Date("2026-12-27T01:00:00Z"), kind: "YEAR_END" }]);
    // Sơn's registration of an earlier test (submitted, one item) gives way to an approved one.
    await h.t.db.registration.deleteMany({ where: { member: { fullName: "Mai Văn Sơn" } } });
    const reg = await register("Mai Văn Sơn", { status: "APPROVED", items: SON_ITEMS });
    const son = await h.link("Mai Văn Sơn", "son");
    await h.say(son, "/danhgia");
    const draft = await h.say(son, "5"); // all three done
    const text = "Năm 2026, bản thân đăng ký 3 việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh. Cả 3 việc đã hoàn thành.";
    expect(draft.join("\n")).toContain("2. Dùng bản nháp này");
    // A nod at the part being edited leaves the part as it was.
    await h.say(son, "sua ban nhap");
    const again = await h.say(son, "ok");
    expect(again.join("\n")).toContain(`Bản nháp tự đánh giá năm 2026:\n\n${text}\n`);
    expect((await h.say(son, "ok"))[0]).toContain("Đồng chí tự xếp loại chất lượng năm 2026:");
    await h.say(son, "hoan thanh tot nhiem vu");
    const review = await h.say(son, "Đôi lúc còn chậm trả lời tin nhắn");
    expect(review[0]).toContain(`Nhận xét chung: ${text}\n`);
    await h.say(son, "gui");
    const row = await h.t.db.assessment.findUniqueOrThrow({ where: { memberId_period: { memberId: reg.memberId, period: "2026" } } });
    expect(row.overallNote).toBe(text);
  });
  it("year end: a progress told in words is taken with the line as its note; words that give none keep the line and ask the list", async () => {
    const son = "son";
    await h.say(son, "/danhgia");
    const first = await h.say(son, "lam lai tu dau");
    expect(first[first.length - 1]).toContain("Việc 1/3");
    // Words that start with a progress: taken, the line is the note, no note question.
    const evidence = await h.say(son, "xong rồi, đã đọc cả 2 cuốn");
    expect(evidence[0]).toBe("Đã ghi: đã hoàn thành; câu đồng chí gõ là ghi chú của việc này.");
    expect(evidence[1]).toContain("Minh chứng (nếu có)");
    await h.say(son, "bo qua");
    // Words that give no progress: the list again, on the local chat without "bấm nút", the line kept.
    const again = await h.say(son, "moi giup duoc 1 ho, con 1 ho chua");
    expect(again[0]).toContain("Bot giữ câu đồng chí vừa gõ làm ghi chú cho việc này. Đồng chí chọn mức tiến độ (gõ số):");
    expect(again.join("\n")).not.toContain("bấm nút");
    expect(again.join("\n")).toContain("3. Chậm tiến độ");
    expect((await h.say(son, "3"))[0]).toContain("Minh chứng (nếu có)");
    await h.say(son, "bo qua");
    await h.say(son, "1");
    await h.say(son, "bo qua");
    await h.say(son, "bo qua");
    await h.say(son, "ok"); // the draft
    await h.say(son, "hoan thanh nhiem vu");
    const review = await h.say(son, "ok"); // the shortcomings kept as before
    expect(review[0]).toContain("Ghi chú: moi giup duoc 1 ho, con 1 ho chua");
    await h.say(son, "gui");
    const row = await h.t.db.assessment.findFirstOrThrow({ where: { member: { fullName: "Mai Văn Sơn" }, period: "2026" }, include: { items: true } });
    expect(row.items.map((i) => [i.progress, i.note]).sort()).toEqual([
      ["BEHIND", "moi giup duoc 1 ho, con 1 ho chua"],
      ["DONE", null],
      ["DONE", "xong rồi, đã đọc cả 2 cuốn"],
    ]);
    expect(row.shortcomingsNextYear).toBe("Đôi lúc còn chậm trả lời tin nhắn");
  });
});

describe("a month told in words, as an older member typed it", () => {
  const LOI_ITEMS: Array<[Category, string]> = [
    ["STUDY", "Đọc 2 cuốn sách về Bác"],
    ["FOLLOW", "Lưu trữ hồ sơ đúng hạn"],
    ["EXAMPLE", "Không đi họp muộn"],
  ];
  const rowOf = (memberId: string) =>
    h.t.db.assessment.findUniqueOrThrow({ where: { memberId_period: { memberId, period: "2026-11" } }, include: { items: true } });

  it("'việc 2 chậm, còn lại đúng tiến độ' is each item's progress, and 'ok' keeps item 2 behind", async () => {
    h.clock.now = NOV_20;
    await setMeetings(OFFICE, [{ startsAt: NOV_25_MEETING }]);
    // Lợi's registration and month entered by the secretary in an earlier test give way.
    await h.t.db.assessment.deleteMany({ where: { member: { fullName: "Đặng Văn Lợi" } } });
    await h.t.db.registration.deleteMany({ where: { member: { fullName: "Đặng Văn Lợi" } } });
    const reg = await register("Đặng Văn Lợi", { status: "APPROVED", items: LOI_ITEMS });
    const loi = await h.link("Đặng Văn Lợi", "loi");
    await h.say(loi, "/danhgia");
    const read = await h.say(loi, "viec 2 cham, con lai dung tien do");
    expect(read[0]).toBe("Bot đã ghi: việc 2 chậm tiến độ, các việc còn lại đúng tiến độ. Câu đồng chí gõ cũng được giữ trong nhận xét chung.");
    expect(read[1]).toContain("2. Làm theo — Lưu trữ hồ sơ đúng hạn: Chậm tiến độ");
    expect(read[1]).toContain("4. Gửi tự đánh giá");
    expect((await h.say(loi, "ok"))[0]).toContain("Đã ghi nhận tự đánh giá tháng 11/2026");
    const row = await rowOf(reg.memberId);
    const progress = Object.fromEntries(row.items.map((i) => [i.itemId, i.progress]));
    expect(reg.itemIds.map((id) => progress[id])).toEqual(["ON_TRACK", "BEHIND", "ON_TRACK"]);
    expect(row.overallNote).toBe("viec 2 cham, con lai dung tien do");
  });

  it("a line the words do not settle is asked about; a question is no note; a second line adds to the first", async () => {
    h.clock.now = new Date("2026-11-21T02:00:00Z");
    const loi = "loi";
    await h.say(loi, "/danhgia");
    await h.say(loi, "lam lai tu dau");
    const question = await h.say(loi, "viec 1 moi doc duoc 1 cuon thi chon so may?");
    expect(question[0]).toContain("Bot không ghi câu hỏi vào tự đánh giá.");
    expect(question.join("\n")).not.toContain("Nhận xét chung:");
    await h.say(loi, "Tháng này bận tiếp dân");
    const second = await h.say(loi, "Có đi tập huấn 2 ngày");
    expect(second[0]).toBe("Đã ghi thêm vào nhận xét chung. Xong thì chọn Gửi hoặc chọn một việc để báo.");
    // Item 1 named without a progress the words settle: its progress is asked, nothing guessed.
    const unclear = await h.say(loi, "viec 1 moi doc duoc 1 cuon");
    expect(unclear.join("\n")).toMatch(/^Bot chưa rõ việc 1 đúng tiến độ hay chậm.*\nViệc 1\/3/);
    await h.say(loi, "3"); // Chậm tiến độ
    expect((await h.say(loi, "gui"))[0]).toContain("Đã cập nhật tự đánh giá tháng 11/2026");
    const row = await h.t.db.assessment.findFirstOrThrow({ where: { member: { fullName: "Đặng Văn Lợi" }, period: "2026-11" }, include: { items: true } });
    expect(row.overallNote).toBe("Tháng này bận tiếp dân\nCó đi tập huấn 2 ngày\nviec 1 moi doc duoc 1 cuon");
    expect(row.items.map((i) => i.progress).sort()).toEqual(["BEHIND", "ON_TRACK", "ON_TRACK"]);
  });
});
