// /lich, /doilich, /huylich, /nhac and /nhom through the local channel with the real engine.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness, DEMO_CELLS, type Harness } from "../support/harness.ts";
import { at } from "../support/planned.ts";
import { findUnitByName } from "../../src/db/units.ts";
import type { CliContext } from "../../src/cli/context.ts";
import { run as meetingsCli } from "../../src/cli/commands/meetings.ts";
import { testConfig } from "../support/planned.ts";

let h: Harness;
let officeId: string;
let secretary: string;
let member: string;
let tuanId: string;
let nhungId: string;
let hungId: string;

beforeAll(async () => {
  h = await createHarness({ now: at("20/11/2026 10:00") });
  officeId = (await findUnitByName(h.t.db, DEMO_CELLS[0]))!.id;
  secretary = await h.link("Nguyễn Văn Hùng", "hung");
  member = await h.link("Phạm Thị Hồng Nhung", "nhung");
  // A member on Telegram; Nhung chats in the terminal, which shows her the notices too.
  await h.link("Hoàng Minh Tuấn", "tuan-tg", "TELEGRAM");
  tuanId = await h.memberId("Hoàng Minh Tuấn");
  nhungId = await h.memberId("Phạm Thị Hồng Nhung");
  hungId = await h.memberId("Nguyễn Văn Hùng");
  await h.link("Ngô Văn Bảy", "bay-tg", "TELEGRAM"); // EXEMPT
});

afterAll(async () => {
  await h?.close();
});

const groupSay = async (userId: string, text: string) => {
  const before = h.local.transcript.length;
  await h.local.say(userId, text, { chatType: "group", chatId: "group-1" });
  return h.local.transcript.slice(before);
};

describe("/lich", () => {
  it("shows a member the cell's next meetings with weekday, date, time, place, kind and the theme", async () => {
    const [text] = await h.say(member, "/lich");
    expect(text).toContain("Lịch sinh hoạt Chi bộ Văn phòng UBND phường (demo):");
    expect(text).toContain("1. Thứ Bảy, 05/12/2026, 14:00 — Sinh hoạt chi bộ cuối năm, kiểm điểm và đánh giá năm");
    expect(text).toContain("Địa điểm: Hội trường UBND phường");
    expect(text).toContain("2. Thứ Ba, 05/01/2027, 14:00 — Sinh hoạt chi bộ định kỳ");
    expect(text).toContain("Chuyên đề năm 2026: Học tập và làm theo tư tưởng");
    // Members do not see the secretary's commands.
    expect(text).not.toContain("/doilich");
    // Works without diacritics and as words.
    expect((await h.say(member, "lich hop"))[0]).toContain("05/12/2026");
  });

  it("lets the secretary add a manual meeting; a member may not", async () => {
    expect((await h.say(member, "/lich them 27/11/2026 14:00 Phòng họp 2"))[0]).toContain("Chỉ bí thư");
    const [added] = await h.say(secretary, "/lich them chuyên đề 27/11/2026 14:00 Phòng họp số 2");
    expect(added).toContain("Đã thêm buổi sinh hoạt: Thứ Sáu, 27/11/2026, 14:00 — Sinh hoạt chuyên đề.");
    // Only those with an account are reminded: not promised for the others.
    expect(added).toContain("Đảng viên đã liên kết Zalo/Telegram sẽ được nhắc như các buổi khác.");
    expect(added).toContain("Địa điểm: Phòng họp số 2");
    const manual = await h.t.db.meeting.findFirstOrThrow({ where: { unitId: officeId, ruleId: null } });
    expect(manual).toMatchObject({ kind: "THEMATIC", status: "SCHEDULED", place: "Phòng họp số 2", occurrenceKey: null });
    expect(manual.startsAt.toISOString()).toBe("2026-11-27T07:00:00.000Z");
    expect(await h.t.db.auditLog.count({ where: { action: "meeting.created", targetId: manual.id } })).toBe(1);
    // Step by step, with a wrong date first.
    expect((await h.say(secretary, "/lich them"))[0]).toContain("ví dụ");
    expect((await h.say(secretary, "hôm nay"))[0]).toContain("Chưa hiểu ngày giờ");
    expect((await h.say(secretary, "01/11/2026 14:00"))[0]).toContain("đã qua");
    // December already has its monthly (year-end) meeting: a second one is added only after a "yes".
    const [ask] = await h.say(secretary, "02/12/2026 8h30");
    // Named by the month of the meeting being added (it is November now): never "tháng này".
    expect(ask).toContain("Trong tháng 12/2026 chi bộ đã có buổi Thứ Bảy, 05/12/2026, 14:00 — Sinh hoạt chi bộ cuối năm");
    expect(ask).not.toContain("Tháng này");
    expect(ask).toContain("vẫn thêm một buổi sinh hoạt định kỳ nữa vào Thứ Tư, 02/12/2026, 08:30?");
    expect((await h.say(secretary, "2"))[0]).toContain("Đã không thêm buổi mới");
    expect(await h.t.db.meeting.count({ where: { unitId: officeId, ruleId: null } })).toBe(1);
    await h.say(secretary, "/lich them 02/12/2026 8h30");
    expect((await h.say(secretary, "Vẫn thêm"))[0]).toContain("Thứ Tư, 02/12/2026, 08:30 — Sinh hoạt chi bộ định kỳ");
    expect(await h.t.db.meeting.count({ where: { unitId: officeId, ruleId: null } })).toBe(2);
    const [list] = await h.say(member, "/lich");
    expect(list).toContain("1. Thứ Sáu, 27/11/2026, 14:00 — Sinh hoạt chuyên đề");
    expect(list).toContain("2. Thứ Tư, 02/12/2026, 08:30");
    expect(list).toContain("Địa điểm: chi ủy sẽ thông báo sau");
    expect((await h.say(secretary, "/lich"))[0]).toContain("/doilich");
  });
});

describe("/doilich and /huylich", () => {
  it("moves a meeting: status MOVED, audit row, members told", async () => {
    const [offer] = await h.say(secretary, "/doilich");
    expect(offer).toContain("Đồng chí muốn dời buổi sinh hoạt nào?");
    expect(offer).toContain("3. Thứ Bảy, 05/12/2026, 14:00 — Sinh hoạt chi bộ cuối năm");
    expect((await h.say(secretary, "9"))[0]).toContain("chọn");
    expect((await h.say(secretary, "3"))[0]).toContain("dời sang lúc nào");
    expect((await h.say(secretary, "ngày mai"))[0]).toContain("Chưa hiểu ngày giờ");
    expect((await h.say(secretary, "05/12/2026 14:00"))[0]).toContain("giờ cũ");
    // The reason is asked once the new time is known to be acceptable; it goes into the notice.
    const [why] = await h.say(secretary, "10/12/2026 14:00 Hội trường tầng 3");
    expect(why).toContain("Lý do dời lịch là gì?");
    expect(why).toContain("Không nêu lý do");
    expect(await h.t.db.meeting.count({ where: { status: "MOVED" } })).toBe(0);
    expect((await h.say(secretary, "/"))[0]).toContain("lý do");
    const [done] = await h.say(secretary, "Trùng lịch tiếp công dân của phường");
    expect(done).toContain("Đã dời buổi sinh hoạt Thứ Bảy, 05/12/2026, 14:00 sang Thứ Năm, 10/12/2026, 14:00.");
    expect(done).toContain("Địa điểm: Hội trường tầng 3");

    const meeting = await h.t.db.meeting.findFirstOrThrow({ where: { unitId: officeId, occurrenceKey: "2026-12" } });
    expect(meeting).toMatchObject({ status: "MOVED", place: "Hội trường tầng 3" });
    expect(meeting.startsAt.toISOString()).toBe("2026-12-10T07:00:00.000Z");
    const log = await h.t.db.auditLog.findFirstOrThrow({ where: { action: "meeting.moved", targetId: meeting.id } });
    expect(log.detail).toMatchObject({ from: "2026-12-05T07:00:00.000Z", to: "2026-12-10T07:00:00.000Z" });
    // Told: Tuấn on Telegram and Nhung in the terminal chat (Bảy is EXEMPT; Hùng made the move).
    const notices = await h.t.db.delivery.findMany({ where: { purpose: "meeting-moved", memberId: tuanId } });
    const all = await h.t.db.delivery.findMany({ where: { purpose: "meeting-moved" } });
    expect(Object.fromEntries(all.map((n) => [n.memberId, n.platform]))).toEqual({ [tuanId]: "TELEGRAM", [nhungId]: "LOCAL" });
    expect(all.map((n) => n.memberId)).not.toContain(hungId);
    expect((notices[0]!.payload as { text: string }).text).toContain("được dời sang Thứ Năm, 10/12/2026, 14:00");
    expect((notices[0]!.payload as { text: string }).text).toContain("Lý do: Trùng lịch tiếp công dân của phường");
    expect(log.detail).toMatchObject({ reason: "Trùng lịch tiếp công dân của phường" });
    expect(notices[0]!.dedupeKey).toBe(`move:${meeting.id}:${meeting.startsAt.getTime()}:${tuanId}`);
    // The secretary is told honestly: two reached, the members without any account named (not Nhung, not himself).
    expect(done).toContain("Bot gửi tin tới 2 đồng chí (lần lượt trong ít phút).");
    expect(done).toMatch(/Chưa liên kết Zalo\/Telegram nên không nhận được: .*Đặng Văn Lợi/);
    expect(done).not.toContain("Phạm Thị Hồng Nhung");
    expect(done).not.toContain("Nguyễn Văn Hùng");
    expect(done).not.toContain("Ngô Văn Bảy"); // EXEMPT: not told, not missing
    expect(done).toContain("/moi <họ tên>");
    // Re-planning keeps the move: the listing shows the new time.
    const [list] = await h.say(member, "/lich");
    expect(list).toContain("Thứ Năm, 10/12/2026, 14:00 — Sinh hoạt chi bộ cuối năm, kiểm điểm và đánh giá năm (đã dời lịch)");
    expect(list).not.toContain("05/12/2026");
  });

  it("cancels a meeting after confirmation: CANCELLED, audit row, members told", async () => {
    const [offer] = await h.say(secretary, "/huylich");
    expect(offer).toContain("Đồng chí muốn hủy buổi sinh hoạt nào?");
    const [confirm] = await h.say(secretary, "1");
    expect(confirm).toContain("Hủy buổi Thứ Sáu, 27/11/2026, 14:00 — Sinh hoạt chuyên đề?");
    // "Giữ lịch" keeps it.
    expect((await h.say(secretary, "2"))[0]).toContain("Đã giữ nguyên lịch");
    expect(await h.t.db.meeting.count({ where: { status: "CANCELLED" } })).toBe(0);

    await h.say(secretary, "/huylich");
    await h.say(secretary, "1");
    const [done] = await h.say(secretary, "1");
    expect(done).toContain("Đã hủy buổi sinh hoạt Thứ Sáu, 27/11/2026, 14:00.");
    const meeting = await h.t.db.meeting.findFirstOrThrow({ where: { status: "CANCELLED" } });
    expect(meeting.kind).toBe("THEMATIC");
    expect(await h.t.db.auditLog.count({ where: { action: "meeting.cancelled", targetId: meeting.id } })).toBe(1);
    const notices = await h.t.db.delivery.findMany({ where: { purpose: "meeting-cancelled" }, orderBy: { dedupeKey: "asc" } });
    expect(notices.map((n) => n.dedupeKey).sort()).toEqual([`cancel:${meeting.id}:${nhungId}`, `cancel:${meeting.id}:${tuanId}`].sort());
    expect((notices[0]!.payload as { text: string }).text).toContain("Thứ Sáu, 27/11/2026, 14:00 đã được hủy");
    expect(done).toContain("Bot gửi tin tới 2 đồng chí");
    expect(done).toContain("Chưa liên kết Zalo/Telegram nên không nhận được:");
    const [list] = await h.say(member, "/lich");
    expect(list).not.toContain("27/11/2026");
  });

  it("never cancels a meeting on a plain 'ok' or 'đồng ý': the question is asked again with its two options", async () => {
    const cancelled = await h.t.db.meeting.count({ where: { status: "CANCELLED" } });
    await h.say(secretary, "/huylich");
    expect((await h.say(secretary, "1"))[0]).toContain("1. Đồng ý hủy\n2. Giữ lịch");
    const again =
      "Bot chưa rõ đồng chí chọn gì. Đồng chí chọn một trong hai lựa chọn, hoặc gõ /huy để dừng.\n1. Đồng ý hủy\n2. Giữ lịch\nĐồng chí trả lời bằng số (1–2).";
    for (const yes of ["ok", "đồng ý", "vâng", "có"]) expect(await h.say(secretary, yes), yes).toEqual([again]);
    expect(await h.t.db.meeting.count({ where: { status: "CANCELLED" } })).toBe(cancelled);
    expect((await h.say(secretary, "2"))[0]).toContain("Đã giữ nguyên lịch");
    expect(await h.t.db.meeting.count({ where: { status: "CANCELLED" } })).toBe(cancelled);
  });

  it("is for the secretary only", async () => {
    expect((await h.say(member, "/doilich"))[0]).toContain("chỉ bí thư");
    expect((await h.say(member, "/huylich"))[0]).toContain("chỉ bí thư");
  });
});

describe("/nhac", () => {
  it("explains and asks before turning the optional reminders off; turns them on at once", async () => {
    const nhung = await h.memberId("Phạm Thị Hồng Nhung");
    const isOff = async () => (await h.t.db.member.findUniqueOrThrow({ where: { id: nhung } })).optionalRemindersOff;
    const ask = (await h.say(member, "/nhac"))[0]!;
    expect(ask).toContain("nhắc 3 ngày và 2 giờ trước buổi sinh hoạt");
    expect(ask).toContain("vẫn nhận nhắc 1 ngày trước buổi sinh hoạt");
    expect(ask).toContain("có muốn tắt");
    expect(await isOff()).toBe(false);
    expect((await h.say(member, "Giữ nguyên"))[0]).toContain("Đã giữ nguyên");
    expect(await isOff()).toBe(false);

    expect((await h.say(member, "/nhac"))[0]).toContain("có muốn tắt");
    const off = (await h.say(member, "1"))[0]!;
    expect(off).toContain("đã tắt các nhắc không bắt buộc (3 ngày và 2 giờ trước buổi sinh hoạt)");
    expect(off).toContain("Nhắc 1 ngày trước buổi sinh hoạt");
    expect(off).toContain("/nhac bat");
    expect(await isOff()).toBe(true);
    expect((await h.say(member, "/nhac tat"))[0]).toContain("đã tắt từ trước");
    expect((await h.say(member, "/nhac"))[0]).toContain("đã bật các nhắc");
    expect(await isOff()).toBe(false);
    // "/nhac tat" as words asks too.
    expect((await h.say(member, "nhắc nhở tắt"))[0]).toContain("có muốn tắt");
    expect(await isOff()).toBe(false);
    expect((await h.say(member, "tat nhac khong bat buoc"))[0]).toContain("đã tắt");
    expect(await isOff()).toBe(true);
  });
});

describe("/trogiup", () => {
  it("shows the secretary how to add a meeting (/lich them)", async () => {
    const [help] = await h.say(secretary, "/trogiup");
    expect(help).toContain("/lich them");
    expect((await h.say(member, "/trogiup"))[0]).not.toContain("/lich them");
  });
});

describe("/nhom", () => {
  it("links the cell's group chat when the secretary sends /nhom in the group", async () => {
    const refused = await groupSay(member, "/nhom");
    expect(refused.map((o) => o.rendered).join("\n")).toContain("chỉ bí thư");
    expect((await h.t.db.unit.findUniqueOrThrow({ where: { id: officeId } })).groupChatId).toBeNull();

    const replies = await groupSay(secretary, "/nhom");
    expect(replies).toHaveLength(1);
    expect(replies[0]!.chatId).toBe("group-1");
    expect(replies[0]!.rendered).toContain("Đã liên kết nhóm này với Chi bộ Văn phòng UBND phường (demo)");
    const unit = await h.t.db.unit.findUniqueOrThrow({ where: { id: officeId } });
    expect(unit).toMatchObject({ groupChatPlatform: "LOCAL", groupChatId: "group-1" });
    expect(await h.t.db.auditLog.count({ where: { action: "unit.group-linked", unitId: officeId } })).toBe(1);
    // Other group chatter gets no answer.
    expect(await groupSay(member, "/lich")).toEqual([]);
    expect(await groupSay(secretary, "chào các đồng chí")).toEqual([]);
  });

  it("explains that /nhom belongs in the group when sent privately, and unlinks with /nhom tat", async () => {
    expect((await h.say(secretary, "/nhom"))[0]).toContain("trong nhóm");
    const replies = await groupSay(secretary, "/nhom tat");
    expect(replies[0]!.rendered).toContain("Đã bỏ liên kết nhóm này");
    expect(await h.t.db.unit.findUniqueOrThrow({ where: { id: officeId } })).toMatchObject({ groupChatPlatform: null, groupChatId: null });
  });
});

describe("npm run cli -- meetings", () => {
  function cli() {
    const out: string[] = [];
    const err: string[] = [];
    const ctx: CliContext = {
      config: testConfig("unused"),
      db: async () => h.t.db,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      now: () => h.clock.now,
      stdin: process.stdin,
      stdout: process.stdout,
    };
    return { ctx, out, err };
  }
  type Row = { id: string; local: string; kind: string; status: string; place: string | null; manual: boolean };

  it("lists the upcoming meetings as JSON, adds, moves and cancels", async () => {
    const list = cli();
    expect(await meetingsCli(["--unit", DEMO_CELLS[0], "--json"], list.ctx)).toBe(0);
    const rows = JSON.parse(list.out.join("\n")) as Row[];
    expect(rows.map((r) => [r.local, r.kind, r.status])).toEqual([
      ["Thứ Tư, 02/12/2026, 08:30", "REGULAR", "SCHEDULED"],
      ["Thứ Năm, 10/12/2026, 14:00", "YEAR_END", "MOVED"],
      ["Thứ Ba, 05/01/2027, 14:00", "REGULAR", "SCHEDULED"],
    ]);

    const add = cli();
    expect(
      await meetingsCli(["add", "--unit", DEMO_CELLS[0], "--at", "15/12/2026 08:00", "--place", "Nhà văn hóa", "--kind", "thematic", "--json"], add.ctx),
    ).toBe(0);
    const [added] = JSON.parse(add.out.join("\n")) as Row[];
    expect(added).toMatchObject({ local: "Thứ Ba, 15/12/2026, 08:00", kind: "THEMATIC", place: "Nhà văn hóa", manual: true });

    const move = cli();
    expect(await meetingsCli(["move", "--unit", DEMO_CELLS[0], "--id", added!.id, "--at", "16/12/2026 08:00", "--json"], move.ctx)).toBe(0);
    expect(JSON.parse(move.out.join("\n"))[0]).toMatchObject({ status: "MOVED", local: "Thứ Tư, 16/12/2026, 08:00" });
    // The CLI acts as no member, so Hùng is told too: Hùng and Nhung in the terminal, Tuấn on Telegram.
    expect(await h.t.db.delivery.count({ where: { purpose: "meeting-moved", dedupeKey: { startsWith: `move:${added!.id}:` } } })).toBe(3);

    const cancel = cli();
    expect(await meetingsCli(["cancel", "--unit", DEMO_CELLS[0], "--id", added!.id], cancel.ctx)).toBe(0);
    // Plain output reads like list-members: Vietnamese labels, dd/MM/yyyy HH:mm, the id last.
    const cancelled = cancel.out.find((l) => l.includes(added!.id)) ?? "";
    expect(cancelled).toMatch(/^16\/12\/2026 08:00 +Sinh hoạt chuyên đề +Đã hủy +Nhà văn hóa +\S+$/);
    expect(cancel.out.join("\n")).not.toMatch(/CANCELLED|THEMATIC/);
    expect(cancel.out[0]).toContain("Ngày giờ");
    expect(await h.t.db.delivery.count({ where: { dedupeKey: `cancel:${added!.id}:${tuanId}` } })).toBe(1);
    // Cancelled twice, or a bad unit / date: a clear error.
    const again = cli();
    expect(await meetingsCli(["cancel", "--unit", DEMO_CELLS[0], "--id", added!.id], again.ctx)).toBe(1);
    expect(again.err[0]).toContain("đã hủy");
    const bad = cli();
    expect(await meetingsCli(["add", "--unit", DEMO_CELLS[0], "--at", "31/02/2027 08:00"], bad.ctx)).toBe(2);
    expect(await meetingsCli(["--unit", "Không có"], bad.ctx)).toBe(1);
  });
});

describe("/lich them: dates as typed", () => {
  it("takes a date without a year as the next such date in the unit's zone, and names a date not on the calendar", async () => {
    // The clock is 20/11/2026 10:00: 15/01 is next January; 20/11 at 08:00 has passed, so next year's.
    const [january] = await h.say(secretary, "/lich them chuyên đề 15/01 19h30 nha van hoa");
    expect(january).toContain("Thứ Sáu, 15/01/2027, 19:30");
    const meeting = await h.t.db.meeting.findFirst({ where: { unitId: officeId, startsAt: new Date("2027-01-15T12:30:00Z") } });
    if (!meeting) expect((await h.say(secretary, "Vẫn thêm"))[0]).toContain("Thứ Sáu, 15/01/2027, 19:30");
    expect(await h.t.db.meeting.findFirstOrThrow({ where: { unitId: officeId, startsAt: new Date("2027-01-15T12:30:00Z") } })).toMatchObject({
      place: "nha van hoa",
    });
    const [today] = await h.say(secretary, "/lich them 20/11 8h Hội trường");
    expect(today).toContain("20/11/2027, 08:00");
    await h.say(secretary, "/huy");
    const [none] = await h.say(secretary, "/lich them 31/02/2027 8h");
    expect(none).toContain("Ngày 31/02/2027 không có trên lịch");
    expect(none).not.toContain("Chưa hiểu ngày giờ");
    const [noYear] = await h.say(secretary, "31/02 8h");
    expect(noYear).toContain("Ngày 31/02 không có trên lịch");
    await h.say(secretary, "/huy");
  });
});
