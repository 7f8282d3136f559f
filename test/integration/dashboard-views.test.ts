// What the dashboard shows at a glance, over fastify inject against the real web server and a
// seeded database: who owes what on the overview (by name, exempt members apart), counts with
// percentages rounded normally, charts with fixed text sizes and "no data" instead of flat zeros,
// the roll-up's newest months first and a card per cell, the details of registrations,
// assessments and the notebook, the meeting rule edited through its use case, a moved meeting's
// old date, and date/time fields typed on a numeric keypad.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDashboard, csrfOf, login, type Browser, type DashHarness } from "./dashboard-harness.ts";
import { changeMeetingRule } from "../../src/usecases/change-meeting-rule.ts";

let h: DashHarness;
let hung: Browser; // secretary, office cell
let vinh: Browser; // chi ủy member, office cell
let khanh: Browser; // supervisor of the committee

beforeAll(async () => {
  ({
    h,
    browsers: [hung, vinh, khanh],
  } = await openDashboard("hung", "vinh", "khanh"));
});
afterAll(() => h?.close());

const office = (rest = "") => `/dashboard/cells/${h.officeId}${rest}`;

/** The text of the element that starts at the first match of `start`, up to its closing tag. */
function block(body: string, start: RegExp, end: string): string {
  const m = start.exec(body);
  if (!m) return "";
  const from = m.index;
  const to = body.indexOf(end, from + m[0].length);
  return body.slice(from, to < 0 ? undefined : to);
}

describe("overview", () => {
  it("lists by name who has not registered or assessed, exempt members apart, with counts and rounded percentages", async () => {
    const body = (await hung.get(office())).body;
    // Office: 8 members, Bảy exempt → 7 active; Nhung, Tuấn and Lợi registered → 3/7 = 43%, not 42%.
    expect(body).toContain("Đã đăng ký: 3/7 (43%)");
    const notRegistered = block(body, /<div class="owing">\s*<h3><a [^>]*>Chưa đăng ký<\/a>/, "</div>");
    expect(notRegistered).toContain("4/7 (57%)");
    for (const name of ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Quang Vinh", "Võ Thị Thu Hà"]) expect(notRegistered).toContain(`<li>${name}</li>`);
    expect(notRegistered).not.toContain("Ngô Văn Bảy");
    expect(notRegistered).not.toContain("Hoàng Minh Tuấn");
    const notAssessed = block(body, /<div class="owing">\s*<h3><a [^>]*>Chưa tự đánh giá/, "</div>");
    expect(notAssessed).toContain("<li>Nguyễn Văn Hùng</li>");
    expect(notAssessed).not.toContain("Ngô Văn Bảy");
    expect(body).toContain("Không tính 1 đồng chí miễn sinh hoạt.");
    // No developer note in the footer.
    expect(body).not.toContain("dd/MM/yyyy");
  });

  it("draws the trend at the card's width with fixed-size text, the last value written and no legend for one line", async () => {
    const body = (await hung.get(office())).body;
    const chart = block(body, /<figure class="trend">/, "</figure>");
    expect(chart).toContain('<svg class="chart" width="100%" height="210"');
    expect(chart).not.toContain("viewBox");
    expect(chart).toMatch(/font-size="1[24]"/);
    // Office, 11/2026: only Tuấn of 7 → 14%, written next to the newest point.
    expect(chart).toMatch(/<text class="last" x="100\.00%"[^>]*>14%<\/text>/);
    expect(chart).not.toContain('class="legend"');
  });

  it("shows 'chưa có dữ liệu' instead of a flat 0% line for a cell without assessments", async () => {
    const hoa = await login(h, "hoa");
    const residential = `/dashboard/cells/${h.residentialId}`;
    expect((await hoa.get(residential)).body).toContain('<text class="last"');
    await h.t.db.assessment.deleteMany({ where: { member: { unitId: h.residentialId } } });
    const body = (await hoa.get(residential)).body;
    expect(body).toContain("Chưa có dữ liệu trong 6 tháng này.");
    expect(body).not.toContain('<figure class="trend">');
  });
});

describe("roll-up", () => {
  it("shows counts with percentages, the newest six months first and a card per cell for phones", async () => {
    const body = (await khanh.get(`/dashboard/committees/${h.committeeId}`)).body;
    // 12 active members; 3 registered in the office and Sơn in the residential cell → 4/12 = 33%.
    expect(body).toContain("<b>4/12 (33%)</b><span>đã đăng ký</span>");
    const months = /<table class="months">\s*<thead><tr><th>Chi bộ<\/th>(.*?)<\/tr>/.exec(body)?.[1] ?? "";
    expect([...months.matchAll(/<th class="n">([^<]+)<\/th>/g)].map((m) => m[1])).toEqual(["11/2026", "10/2026", "09/2026", "08/2026", "07/2026", "06/2026"]);
    const cards = block(body, /<ul class="cells phone-only">/, "</ul>\n");
    expect(cards.match(/<li class="cell-card/g)).toHaveLength(2);
    expect(cards).toContain("Chi bộ Văn phòng UBND phường (demo)");
    expect(cards).toContain("3/7 (43%)");
    expect(cards).toContain("Tự đánh giá theo tháng: 11/2026");
  });
});

describe("details", () => {
  it("shows registrations without 'không' as a measure, without answered flags, categories in one order and the return box closed", async () => {
    const ha = await h.t.db.registration.create({
      data: {
        memberId: h.ids.ha,
        year: 2026,
        status: "SUBMITTED",
        pledgeAccepted: true,
        submittedAt: new Date("2026-11-16T02:00:00Z"),
        items: {
          create: [
            {
              position: 1,
              category: "FOLLOW",
              categories: ["FOLLOW", "STUDY"],
              text: "Hướng dẫn người dân làm thủ tục trực tuyến",
              measure: "không",
              timeframe: "mỗi tuần 2 buổi",
              vagueVerdict: "vague",
              vagueReasons: [{ code: "NO_TIMEFRAME" }, { code: "NO_MEASURE" }],
            },
          ],
        },
      },
    });
    const body = (await hung.get(office("/registrations"))).body;
    const card = block(body, new RegExp(`<li class="reg" id="r-${ha.id}">`), "</li>\n");
    expect(card).toContain("Học tập + Làm theo");
    expect(card).not.toContain("Làm theo + Học tập");
    expect(card).toContain("Thời hạn: mỗi tuần 2 buổi");
    expect(card).not.toContain("Đo bằng: không");
    expect(card).not.toContain("chưa có thời hạn");
    expect(card).toContain("Chung chung: chưa có số đo");
    expect(card).toMatch(/<details class="return"><summary>Trả lại kèm nhận xét<\/summary>/);
    expect(body).not.toMatch(/<details class="return" open/);
    // The exempt member is not among "chưa đăng ký".
    const none = block(body, /<h2>Chưa đăng ký \(\d+\)<\/h2>/, "</section>");
    expect(none).toContain("Nguyễn Văn Hùng");
    expect(none).not.toContain("Ngô Văn Bảy");
    expect(block(body, /<h2>Miễn sinh hoạt \(không tính\) \(1\)<\/h2>/, "</section>")).toContain("Ngô Văn Bảy");
  });

  it("shows an assessment's evidence and year-end shortcomings, and lists non-submitters apart", async () => {
    const oct = await h.t.db.assessment.findFirstOrThrow({ where: { memberId: h.ids.tuan, period: "2026-10" }, include: { items: true } });
    await h.t.db.assessmentItem.update({ where: { id: oct.items[0]!.id }, data: { evidence: "Biên bản kiểm tra số 12/BB" } });
    await h.t.db.assessment.update({ where: { id: oct.id }, data: { shortcomingsNextYear: "Còn chậm cập nhật hồ sơ cuối tháng" } });
    const body = (await hung.get(office("/assessments?period=2026-10"))).body;
    const done = block(body, /<h2>Đã nộp \(\d+\)<\/h2>/, "</section>");
    expect(done).toContain("Minh chứng: Biên bản kiểm tra số 12/BB");
    expect(done).toContain("Hạn chế, khuyết điểm và hướng khắc phục: Còn chậm cập nhật hồ sơ cuối tháng");
    expect(done).toContain("<b>Hoàng Minh Tuấn</b>");
    expect(done).not.toContain("<b>Nguyễn Văn Hùng</b>");
    const missing = block(body, /<h2>Chưa nộp \(\d+\)<\/h2>/, "</section>");
    expect(missing).toContain("Nguyễn Văn Hùng");
    expect(missing).not.toContain("Hoàng Minh Tuấn");
    expect(body.indexOf("<h2>Đã nộp")).toBeLessThan(body.indexOf("<h2>Chưa nộp"));
  });

  it("names the notebook's columns and puts the rating under its own header", async () => {
    await h.t.db.assessment.updateMany({ where: { memberId: h.ids.tuan, period: "2026-11" }, data: { selfRating: "GOOD" } });
    const body = (await hung.get(office(`/members/${h.ids.tuan}`))).body;
    const head = block(body, /<table class="progress-table"><thead>/, "</thead>");
    expect(head).toContain("Nội dung 1 · Làm theo");
    expect(head).not.toContain("ND 1");
    expect(head).toMatch(/<th>Ngày nộp<\/th><th>Tự xếp loại<\/th>/);
    const row = /<tr><td>tháng 11\/2026<\/td>(.*?)<\/tr>/i.exec(body)?.[1] ?? "";
    expect(row).toMatch(/<td>25\/11\/2026<\/td><td>[^<]+<\/td>$/);
  });

  it("shows digests and notices in the body font, not a monospace one", async () => {
    const css = (await hung.get("/dashboard/static/style.css")).body;
    const rule = /pre\.digest \{[^}]*\}/.exec(css)?.[0] ?? "";
    expect(rule).toContain("font: inherit");
    expect(rule).not.toMatch(/monospace/);
  });
});

describe("meeting rule and moved meetings", () => {
  it("shows the rule and lets the secretary change it; untouched meetings follow, one audit row", async () => {
    const page = await hung.get(office("/meetings"));
    expect(page.body).toContain("Ngày 5 hằng tháng, 14:00");
    const token = csrfOf(page.body);

    const bad = await hung.post(office("/meetings/rule"), { _csrf: token, kind: "DAY_OF_MONTH", dayOfMonth: "40", time: "1400" });
    expect(bad.location).toContain("err=rule-bad-day");
    const badTime = await hung.post(office("/meetings/rule"), { _csrf: token, kind: "DAY_OF_MONTH", dayOfMonth: "5", time: "2560" });
    expect(badTime.location).toContain("err=rule-bad-time");
    const same = await hung.post(office("/meetings/rule"), {
      _csrf: token,
      kind: "DAY_OF_MONTH",
      dayOfMonth: "5",
      time: "14:00",
      place: "Hội trường UBND phường",
    });
    expect(same.location).toContain("err=rule-unchanged");
    expect(await h.t.db.meetingRule.count({ where: { unitId: h.officeId } })).toBe(1);
    // The use case the form calls refuses like every other one: a code, and a reason a person reads.
    const deps = { db: h.t.db, now: h.clock.now };
    const office5 = { unitId: h.officeId, place: "Hội trường UBND phường", actorId: h.ids.hung };
    expect(await changeMeetingRule(deps, { ...office5, rule: { kind: "DAY_OF_MONTH", dayOfMonth: 40, time: "14:00" } })).toEqual({
      kind: "refused",
      code: "invalid",
      reason: "Ngày họp phải là một số từ 1 đến 31. Ví dụ: ngày 5 hằng tháng.",
    });
    expect(await changeMeetingRule(deps, { ...office5, rule: { kind: "DAY_OF_MONTH", dayOfMonth: 5, time: "14:00" } })).toEqual({
      kind: "refused",
      code: "unchanged",
      reason: "Lịch định kỳ này đang được áp dụng rồi, không có gì thay đổi.",
    });

    // Only the secretary or deputy.
    const denied = await vinh.post(office("/meetings/rule"), {
      _csrf: csrfOf((await vinh.get(office("/meetings"))).body),
      kind: "DAY_OF_MONTH",
      dayOfMonth: "6",
      time: "14:00",
    });
    expect(denied.status).toBe(403);
    expect((await vinh.get(office("/meetings"))).body).not.toContain("Đổi lịch định kỳ");

    const saved = await hung.post(office("/meetings/rule"), {
      _csrf: token,
      kind: "NTH_WEEKDAY",
      weekday: "5",
      nth: "1",
      time: "0800",
      place: "Phòng họp tầng 2",
    });
    expect(saved.location).toContain("ok=rule-saved");
    const rules = await h.t.db.meetingRule.findMany({ where: { unitId: h.officeId }, orderBy: { createdAt: "asc" } });
    expect(rules.map((r) => r.active)).toEqual([false, true]);
    expect(rules[1]).toMatchObject({ kind: "NTH_WEEKDAY", weekday: 5, nth: 1, time: "08:00", place: "Phòng họp tầng 2" });
    expect(await h.t.db.auditLog.count({ where: { action: "meeting-rule.changed", actorId: h.ids.hung } })).toBe(1);
    // December's meeting (nobody touched it) now falls on the first Friday, 04/12/2026 08:00.
    const dec = await h.t.db.meeting.findFirstOrThrow({ where: { unitId: h.officeId, occurrenceKey: "2026-12" } });
    expect(dec.startsAt.toISOString()).toBe("2026-12-04T01:00:00.000Z");
    expect(dec.place).toBe("Phòng họp tầng 2");
    const after = (await hung.get(office("/meetings?ok=rule-saved"))).body;
    expect(after).toContain("Thứ Sáu đầu tiên hằng tháng, 08:00");
    expect(after).toContain("Đã lưu lịch sinh hoạt định kỳ");
  });

  it("moves a meeting with digits typed on a keypad and then shows its old date", async () => {
    const dec = await h.t.db.meeting.findFirstOrThrow({ where: { unitId: h.officeId, occurrenceKey: "2026-12" } });
    const token = csrfOf((await hung.get(office("/meetings"))).body);
    const moved = await hung.post(office(`/meetings/${dec.id}/move`), { _csrf: token, date: "07122026", time: "0830", place: "Phòng họp tầng 2" });
    expect(moved.location).toContain("ok=meeting-moved");
    const row = await h.t.db.meeting.findUniqueOrThrow({ where: { id: dec.id } });
    expect(row.startsAt.toISOString()).toBe("2026-12-07T01:30:00.000Z");
    const card = block((await hung.get(office("/meetings"))).body, new RegExp(`<li class="meeting" id="mt-${dec.id}">`), "</li>");
    expect(card).toContain("Thứ Hai, 07/12/2026, 08:30");
    expect(card).toContain("Lịch cũ: <s>Thứ Sáu, 04/12/2026, 08:00</s>");
    // A typo is refused and changes nothing.
    const typo = await hung.post(office(`/meetings/${dec.id}/move`), { _csrf: token, date: "3112202", time: "0830" });
    expect(typo.location).toContain("err=meeting-bad-time");
    expect((await h.t.db.meeting.findUniqueOrThrow({ where: { id: dec.id } })).startsAt.toISOString()).toBe("2026-12-07T01:30:00.000Z");
  });
});
