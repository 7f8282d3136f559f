// Dashboard pages, actions and exports over fastify inject against the real web server: every
// page answers for the session's own cell and 404 for any other (pages and exports alike); the
// supervisor gets numbers only; approve/return, comments, meetings, notices, invites and imports
// go through the shared repositories, tell the member through the delivery path and write exactly
// one audit row. The exported files: dashboard-exports.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { Browser, csrfOf, NAMES, openDashboard, readXlsx as xlsx, sheetText, START, type DashHarness } from "./dashboard-harness.ts";
import { hashInviteCode, normalizeInviteCode } from "../../src/domain/invite-code.ts";

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
const residential = (rest = "") => `/dashboard/cells/${h.residentialId}${rest}`;

async function audits(action: string): Promise<number> {
  return h.t.db.auditLog.count({ where: { action } });
}

/** Changes other than logging in. */
async function changeAudits(): Promise<number> {
  return h.t.db.auditLog.count({
    where: { action: { notIn: ["dashboard.login", "dashboard.login-code", "dashboard.logout"] }, NOT: { action: { startsWith: "export." } } },
  });
}

describe("pages of the own cell", () => {
  it("shows every page of the cell to its secretary, in Vietnamese", async () => {
    const pages: Array<[string, string[]]> = [
      [office(), ["Tổng quan", "Buổi sinh hoạt tới", "Đã đăng ký", "Không liên lạc được qua bot", "Võ Thị Thu Hà", "Chưa kết nối Zalo/Telegram", "<svg"]],
      [office("/members"), ["Danh sách đảng viên", "Phạm Thị Hồng Nhung", "Telegram ✓", "Zalo: không nhận được tin", "Chưa liên kết bot", "Nhập danh sách"]],
      [office("/registrations"), ["Chờ duyệt", "Tích cực học tập và làm theo Bác", "Chung chung", "đảng viên giữ nguyên", "Duyệt", "Trả lại", "Đã duyệt"]],
      [
        office("/assessments?period=2026-10"),
        ["tháng 10/2026", "Hoàng Minh Tuấn", "Đúng tiến độ", "Chậm tiến độ", "Đồng chí làm tốt, cần giữ tiến độ.", "Lưu nhận xét"],
      ],
      [office("/meetings"), ["Sắp tới", "Dời buổi này", "Hủy buổi này", "Thêm buổi sinh hoạt", "05/12/2026"]],
      [office("/digests"), ["Đã gửi trước các buổi sinh hoạt", "Báo cáo nhanh Chi bộ Văn phòng: 5/7 đã đăng ký.", "04/11/2026"]],
      [office("/broadcasts"), ["Soạn thông báo", "Gửi thông báo"]],
      [
        office(`/members/${h.ids.tuan}`),
        ["Sổ tự tu dưỡng — Hoàng Minh Tuấn", "Đo đạc, cập nhật 200 thửa đất biến động", "Đã hoàn thành", "Nhận xét của chi ủy"],
      ],
    ];
    for (const [url, texts] of pages) {
      const res = await hung.get(url);
      expect(res.status, url).toBe(200);
      expect(res.headers["content-type"]).toContain("text/html");
      for (const text of texts) expect(res.body, `${url} should contain ${text}`).toContain(text);
      // Hidden inputs carry random base64url values (the session's token, each form's one-time value,
      // a notice's audience key), which can spell "NaN": none of them is shown.
      const shown = res.body.replace(/<input type="hidden"[^>]*>/g, "");
      expect(shown).not.toMatch(/undefined|\[object Object\]|NaN/);
      expect(res.body).not.toMatch(/value="(undefined|NaN|\[object Object\])"/);
    }
  });

  it("lists people the Vietnamese way (by given name)", async () => {
    const body = (await hung.get(office("/members"))).body;
    const order = ["Ngô Văn Bảy", "Võ Thị Thu Hà", "Nguyễn Văn Hùng", "Đặng Văn Lợi", "Trần Thị Mai", "Phạm Thị Hồng Nhung", "Hoàng Minh Tuấn", "Lê Quang Vinh"]
      .filter((n) => n !== "Ngô Văn Bảy") // exempt members come after active ones
      .map((n) => body.indexOf(`>${n}</a>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("escapes what members typed", async () => {
    await h.t.db.commitmentItem.updateMany({ where: { registrationId: h.regs.loi }, data: { measure: '<script>alert("x")</script>' } });
    const body = (await hung.get(office("/registrations"))).body;
    expect(body).not.toContain("<script>alert");
    expect(body).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });
});

describe("nobody sees another cell", () => {
  it("answers 404 for another cell's pages and exports, and for its members under the own cell", async () => {
    const urls = [
      residential(),
      residential("/members"),
      residential(`/members/${h.ids.son}`),
      residential("/registrations"),
      residential("/assessments"),
      residential("/meetings"),
      residential("/digests"),
      residential("/broadcasts"),
      residential("/export/digest.xlsx"),
      residential("/export/registrations.xlsx?year=2026"),
      residential("/export/assessments.xlsx?year=2026"),
      residential(`/members/${h.ids.son}/notebook.docx?year=2026`),
      residential(`/members/${h.ids.son}/registration.docx?year=2026`),
      residential(`/members/${h.ids.son}/year-end.docx?year=2026`),
      office(`/members/${h.ids.son}`),
      office(`/members/${h.ids.son}/notebook.docx`),
      office(`/members/${h.ids.son}/registration.docx`),
      office(`/members/${h.ids.son}/year-end.docx`),
      `/dashboard/committees/${h.committeeId}`,
      `/dashboard/committees/${h.committeeId}/export/rollup.xlsx`,
      "/dashboard/cells/does-not-exist",
    ];
    for (const url of urls) {
      const res = await hung.get(url);
      expect(res.status, url).toBe(404);
      expect(res.body).not.toContain("Mai Văn Sơn");
    }
  });

  it("answers 404 to actions on another cell's rows, and changes nothing", async () => {
    const before = await changeAudits();
    const token = csrfOf((await hung.get(office())).body);
    const meeting = await h.t.db.meeting.findFirstOrThrow({ where: { unitId: h.residentialId, status: "SCHEDULED", startsAt: { gt: START } } });
    const assessment = await h.t.db.assessment.findFirstOrThrow({ where: { memberId: h.ids.son } });
    const attempts: Array<[string, Record<string, string>]> = [
      [residential(`/registrations/${h.regs.son}/approve`), {}],
      [office(`/registrations/${h.regs.son}/approve`), {}],
      [office(`/registrations/${h.regs.son}/return`), { comment: "Sửa lại" }],
      [office(`/meetings/${meeting.id}/move`), { date: "10/12/2026", time: "08:00" }],
      [office(`/meetings/${meeting.id}/cancel`), {}],
      [office(`/assessments/${assessment.id}/review`), { text: "Tốt" }],
      [office(`/members/${h.ids.son}/invite`), {}],
      [residential("/broadcasts"), { text: "Họp" }],
    ];
    for (const [url, form] of attempts) {
      const res = await hung.post(url, { _csrf: token, ...form });
      expect([303, 404], url).toContain(res.status);
      if (res.status === 303) expect(res.location, url).toContain("err=");
    }
    expect((await h.t.db.registration.findUniqueOrThrow({ where: { id: h.regs.son } })).status).toBe("SUBMITTED");
    expect((await h.t.db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).status).toBe("SCHEDULED");
    expect(await changeAudits()).toBe(before);
  });

  it("gives the supervisor the roll-up with numbers per cell and no member names, and no cell pages", async () => {
    const home = await khanh.get("/dashboard");
    expect(home.status).toBe(303);
    expect(home.location).toBe(`/dashboard/committees/${h.committeeId}`);
    const res = await khanh.get(home.location);
    expect(res.status).toBe(200);
    for (const text of ["Chi bộ Văn phòng UBND phường (demo)", "Chi bộ Khu phố 4 (demo)", "Toàn đảng bộ", "Từng chi bộ", "việc cá nhân", "<svg", "10/2026"]) {
      expect(res.body).toContain(text);
    }
    const everyoneElse = Object.values(NAMES).filter((n) => n !== NAMES.khanh);
    for (const name of everyoneElse) expect(res.body).not.toContain(name);
    for (const url of [
      office(),
      office("/members"),
      office("/registrations"),
      office("/export/registrations.xlsx"),
      office(`/members/${h.ids.tuan}/notebook.docx`),
    ]) {
      expect((await khanh.get(url)).status, url).toBe(404);
    }
    const file = await khanh.get(`/dashboard/committees/${h.committeeId}/export/rollup.xlsx`);
    expect(file.status).toBe(200);
    const wb = await xlsx(file.raw);
    expect(sheetText(wb.getWorksheet("Các chi bộ"))).toContain("Chi bộ Khu phố 4 (demo)");
  });

  it("shows the trend from the stored monthly assessments", async () => {
    const body = (await khanh.get(`/dashboard/committees/${h.committeeId}`)).body;
    // Office: 7 active members; Tuấn assessed Sep–Nov, Nhung Oct → Oct 2/7 = 29% (rounded, not cut). Residential: Sơn Oct → 1/5 = 20%. Together 3/12 = 25%.
    const row = (name: string) => new RegExp(`<tr><td>${name}</td>(.*?)</tr>`).exec(body)?.[1] ?? "";
    expect(row("Chi bộ Văn phòng UBND phường \\(demo\\)")).toContain(">29%<");
    expect(row("Chi bộ Khu phố 4 \\(demo\\)")).toContain(">20%<");
    expect(/<tr class="total"><td>Toàn đảng bộ<\/td>(.*?)<\/tr>/.exec(body)?.[1]).toContain(">25%<");
  });
});

describe("registrations", () => {
  it("approves through the chat's repository, tells the member and writes one audit row", async () => {
    const before = await changeAudits();
    const page = await vinh.get(office("/registrations"));
    const res = await vinh.post(office(`/registrations/${h.regs.loi}/approve`), { _csrf: csrfOf(page.body) });
    expect(res.status).toBe(303);
    // Lợi has no Zalo/Telegram: the page says he was not told, and what to do.
    expect(res.location).toContain("ok=approved.0.1");
    const shown = await vinh.get(res.location);
    expect(shown.body).toContain("Đã duyệt bản đăng ký, nhưng chưa báo được cho đảng viên qua bot");
    expect(shown.body).toContain("tạo mã mời ở trang Đảng viên");
    const reg = await h.t.db.registration.findUniqueOrThrow({ where: { id: h.regs.loi } });
    expect(reg.status).toBe("APPROVED");
    expect(reg.decidedById).toBe(h.ids.vinh);
    expect(await changeAudits()).toBe(before + 1);
    expect(await h.t.db.auditLog.count({ where: { action: "registration.approved", targetId: h.regs.loi, actorId: h.ids.vinh } })).toBe(1);
    const notice = await h.t.db.delivery.findFirstOrThrow({ where: { purpose: "registration-approved", memberId: h.ids.loi } });
    expect((notice.payload as { text: string }).text).toContain("chi ủy đã duyệt bản đăng ký");
    // Decided already: a second click changes nothing.
    const again = await vinh.post(office(`/registrations/${h.regs.loi}/approve`), { _csrf: csrfOf(page.body) });
    expect(again.location).toContain("err=already-handled");
    expect(await changeAudits()).toBe(before + 1);
  });

  it("returns with a required comment that the member receives", async () => {
    const before = await changeAudits();
    const token = csrfOf((await hung.get(office("/registrations"))).body);
    const empty = await hung.post(office(`/registrations/${h.regs.nhung}/return`), { _csrf: token, comment: "  " });
    expect(empty.location).toContain("err=comment-required");
    expect((await h.t.db.registration.findUniqueOrThrow({ where: { id: h.regs.nhung } })).status).toBe("SUBMITTED");

    const comment = "Nội dung 2 cần có con số và thời hạn cụ thể";
    const res = await hung.post(office(`/registrations/${h.regs.nhung}/return`), { _csrf: token, comment });
    expect(res.location).toContain("ok=returned.1.0");
    expect((await hung.get(res.location)).body).toContain("Đã trả lại bản đăng ký kèm nhận xét; bot đang gửi tin báo cho đảng viên.");
    const reg = await h.t.db.registration.findUniqueOrThrow({ where: { id: h.regs.nhung }, include: { reviews: true } });
    expect(reg.status).toBe("RETURNED");
    expect(reg.reviews.map((r) => r.text)).toEqual([comment]);
    const notice = await h.t.db.delivery.findUniqueOrThrow({ where: { dedupeKey: `registration-returned:${h.regs.nhung}:${reg.reviews[0]!.id}` } });
    expect(notice.memberId).toBe(h.ids.nhung);
    expect(notice.status).toBe("PENDING");
    expect((notice.payload as { text: string }).text).toContain(comment);
    expect(await h.jobs.deliveryQueues.TELEGRAM.getJob(notice.id)).toBeTruthy();
    expect(await changeAudits()).toBe(before + 1);
    expect(await audits("registration.returned")).toBe(1);
  });
});

describe("assessments", () => {
  it("saves the chi ủy's comment and tells the member", async () => {
    const assessment = await h.t.db.assessment.findFirstOrThrow({ where: { memberId: h.ids.nhung, period: "2026-10" } });
    const before = await changeAudits();
    const token = csrfOf((await vinh.get(office("/assessments?period=2026-10"))).body);
    const res = await vinh.post(office(`/assessments/${assessment.id}/review`), { _csrf: token, text: "Nội dung 2 còn chậm, đồng chí cố gắng." });
    expect(res.status).toBe(303);
    expect(res.location).toContain("ok=review-saved.1.0");
    expect(await h.t.db.review.count({ where: { assessmentId: assessment.id } })).toBe(1);
    expect(await changeAudits()).toBe(before + 1);
    expect(await audits("review.created")).toBe(1);
    const notice = await h.t.db.delivery.findFirstOrThrow({ where: { purpose: "assessment-reviewed", memberId: h.ids.nhung } });
    expect((notice.payload as { text: string }).text).toContain("Nội dung 2 còn chậm");
  });
});

describe("meeting calendar", () => {
  it("lets only the secretary or deputy change the calendar", async () => {
    const token = csrfOf((await vinh.get(office("/meetings"))).body);
    const res = await vinh.post(office("/meetings"), { _csrf: token, date: "15/12/2026", time: "14:00", place: "Hội trường" });
    expect(res.status).toBe(403);
    expect(res.body).toContain("chỉ bí thư hoặc phó bí thư");
    expect((await vinh.get(office("/meetings"))).body).not.toContain("Dời buổi này");
  });

  it("adds, moves (members told, planner's row updated) and cancels, one audit row each", async () => {
    const token = csrfOf((await hung.get(office("/meetings"))).body);
    const before = await changeAudits();

    const bad = await hung.post(office("/meetings"), { _csrf: token, date: "31/02/2026", time: "14:00" });
    expect(bad.location).toContain("err=meeting-bad-time");
    const past = await hung.post(office("/meetings"), { _csrf: token, date: "01/11/2026", time: "14:00" });
    expect(past.location).toContain("err=meeting-past");
    expect(await changeAudits()).toBe(before);

    const added = await hung.post(office("/meetings"), { _csrf: token, date: "15/12/2026", time: "14:00", place: "Phòng họp số 2", kind: "THEMATIC" });
    expect(added.location).toContain("ok=meeting-added");
    const meeting = await h.t.db.meeting.findFirstOrThrow({ where: { unitId: h.officeId, place: "Phòng họp số 2" } });
    expect(meeting.startsAt.toISOString()).toBe("2026-12-15T07:00:00.000Z");
    expect(meeting.kind).toBe("THEMATIC");
    expect(await changeAudits()).toBe(before + 1);

    const rule = await h.t.db.meeting.findFirstOrThrow({
      where: { unitId: h.officeId, occurrenceKey: { not: null }, startsAt: { gt: START } },
      orderBy: { startsAt: "asc" },
    });
    const moved = await hung.post(office(`/meetings/${rule.id}/move`), { _csrf: token, date: "2026-12-07", time: "8:30", place: "Hội trường UBND phường" });
    // Reached: Vinh, Nhung, Tuấn on Telegram (Hùng moved it: not told); not: Hà (blocked), Mai and Lợi (not linked).
    expect(moved.location).toContain("ok=meeting-moved.3.3");
    const movedPage = (await hung.get(moved.location)).body;
    expect(movedPage).toContain("Đã dời buổi sinh hoạt; bot gửi tin tới 3 đảng viên. 3 đảng viên chưa nhận được");
    const after = await h.t.db.meeting.findUniqueOrThrow({ where: { id: rule.id } });
    expect(after.status).toBe("MOVED");
    expect(after.startsAt.toISOString()).toBe("2026-12-07T01:30:00.000Z");
    expect(await audits("meeting.moved")).toBe(1);
    const notices = await h.t.db.delivery.findMany({ where: { purpose: "meeting-moved" } });
    // ACTIVE linked members of the office cell but the sender: Vinh, Nhung, Tuấn, Hà (unreachable → SKIPPED).
    expect(notices.map((n) => n.memberId).sort()).toEqual([h.ids.vinh, h.ids.nhung, h.ids.tuan, h.ids.ha].sort());
    expect((notices[0]!.payload as { text: string }).text).toContain("07/12/2026");
    expect(await changeAudits()).toBe(before + 2);

    const cancelled = await hung.post(office(`/meetings/${meeting.id}/cancel`), { _csrf: token, reason: "Trùng lịch tiếp dân" });
    expect(cancelled.location).toMatch(/ok=meeting-cancelled\.\d+\.\d+/);
    expect((await h.t.db.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).status).toBe("CANCELLED");
    expect(await h.t.db.delivery.count({ where: { purpose: "meeting-cancelled" } })).toBeGreaterThan(0);
    expect(await changeAudits()).toBe(before + 3);
    const again = await hung.post(office(`/meetings/${meeting.id}/cancel`), { _csrf: token });
    expect(again.location).toContain("err=meeting-gone");
    expect(await changeAudits()).toBe(before + 3);
  });
});

describe("notices, invites and imports", () => {
  it("sends a broadcast and shows each recipient's status", async () => {
    const before = await changeAudits();
    const composer = (await hung.get(office("/broadcasts"))).body;
    // Before sending: who the bot reaches, as the chat's preview counts it: Hùng sends it and is no
    // recipient; the exempt member out of reach is counted, not named.
    expect(composer).toContain("Gửi tới 7 đảng viên của chi bộ (không kể đồng chí): 3 nhận qua bot, 3 chưa nhận được, 1 miễn sinh hoạt chưa nhận được.");
    expect(composer).toMatch(/Chưa liên kết Zalo\/Telegram nên không nhận được: .*Trần Thị Mai/);
    expect(composer).toMatch(/Đã chặn bot hoặc tài khoản không còn nhận tin: Võ Thị Thu Hà/);
    const token = csrfOf(composer);
    const stamp = /name="audience" value="([^"]+)"/.exec(composer)?.[1];
    expect(stamp).toBeTruthy();
    const text = "Chi bộ họp bất thường lúc 14:00 Thứ Sáu, 04/12/2026.";

    // The composer was read before the cell changed: nothing is sent, the text comes back with why.
    const stale = await hung.post(office("/broadcasts"), { _csrf: token, text, audience: "read-before-a-change" });
    expect(stale.status).toBe(409);
    expect(stale.body).toContain("Danh sách người nhận trong chi bộ đã thay đổi từ lúc xem trước, nên bot chưa gửi thông báo.");
    expect(stale.body).toContain(`>${text}</textarea>`);
    expect(await h.t.db.broadcast.count({ where: { unitId: h.officeId } })).toBe(0);

    const res = await hung.post(office("/broadcasts"), { _csrf: token, text, audience: stamp! });
    expect(res.status).toBe(303);
    const broadcast = await h.t.db.broadcast.findFirstOrThrow({ where: { unitId: h.officeId } });
    expect(res.location).toBe(office(`/broadcasts/${broadcast.id}?ok=broadcast-sent.3.3`));
    const rows = await h.t.db.delivery.findMany({ where: { broadcastId: broadcast.id } });
    expect(rows).toHaveLength(7);
    expect(rows.map((r) => r.memberId)).not.toContain(h.ids.hung);
    for (const row of rows.filter((r) => r.status === "PENDING")) expect(await h.jobs.deliveryQueues.TELEGRAM.getJob(row.id)).toBeTruthy();
    expect(await changeAudits()).toBe(before + 1);
    expect(await audits("broadcast.sent")).toBe(1);
    const detail = await hung.get(res.location);
    expect(detail.body).toContain("Trạng thái từng người (7)");
    expect(detail.body).toContain("Đã ghi thông báo; bot gửi tin tới 3 đảng viên. 3 đảng viên chưa nhận được");
    expect(detail.body).not.toContain("Đã gửi thông báo");
    expect(detail.body).toContain("Đang chờ gửi");
    expect(detail.body).toContain("Chưa liên kết bot");
    await h.t.db.delivery.updateMany({ where: { broadcastId: broadcast.id, memberId: h.ids.tuan }, data: { status: "SENT", sentAt: START } });
    expect((await hung.get(office("/broadcasts"))).body).toContain("1 đã gửi");
  });

  it("creates an invite whose code redeems, once per click", async () => {
    const before = await changeAudits();
    const token = csrfOf((await hung.get(office("/members"))).body);
    const res = await hung.post(office(`/members/${h.ids.loi}/invite`), { _csrf: token });
    expect(res.status).toBe(200);
    const shownCode = /<p class="code">([A-Z0-9-]+)<\/p>/.exec(res.body)?.[1];
    expect(shownCode).toBeTruthy();
    const code = normalizeInviteCode(shownCode!)!;
    const invite = await h.t.db.inviteCode.findUniqueOrThrow({ where: { codeHash: hashInviteCode(code) } });
    expect(invite.memberId).toBe(h.ids.loi);
    expect(res.body).toContain("Zalo:");
    expect(await changeAudits()).toBe(before + 1);

    const bulk = await hung.post(office("/members/invites"), { _csrf: token });
    expect(bulk.status).toBe(200);
    // Not linked: Mai, Lợi, Bảy (exempt members link too).
    expect(bulk.body.match(/<li class="invite">/g)).toHaveLength(3);
    expect(await changeAudits()).toBe(before + 2);
  });

  it("imports members from CSV and XLSX files: preview, confirm, background job; a bad row refuses the file", async () => {
    const before = await changeAudits();
    const token = csrfOf((await hung.get(office("/members"))).body);
    const body = (name: string, type: string, content: Buffer) =>
      Buffer.concat([
        Buffer.from(
          `--XX\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--XX\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
        ),
        content,
        Buffer.from("\r\n--XX--\r\n"),
      ]);
    const upload = (name: string, type: string, content: Buffer) =>
      hung.request("POST", office("/members/import"), { payload: body(name, type, content), contentType: "multipart/form-data; boundary=XX" });
    const confirmAndWait = async (previewUrl: string) => {
      const preview = await hung.get(previewUrl);
      const done = await hung.post(`${previewUrl}/confirm`, { _csrf: csrfOf(preview.body) });
      expect(done.location).toBe(previewUrl);
      for (let i = 0; i < 300; i++) {
        const page = await hung.get(previewUrl);
        if (page.body.includes("Đã nhập danh sách")) return page;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error("import did not finish");
    };

    // One bad row: the preview names it and offers no confirmation; nothing is written.
    const bad = await upload(
      "ds.csv",
      "text/csv",
      Buffer.from("ho_ten,chuc_vu,vai_tro,so_dien_thoai,trang_thai\nNguyễn Thị Mới,Chuyên viên,dang vien,0912000099,\n,thiếu tên,,,\n"),
    );
    expect(bad.status).toBe(303);
    const badPreview = await hung.get(bad.location);
    expect(badPreview.body).toContain("Dòng 3");
    expect(badPreview.body).not.toContain("Xác nhận nhập");
    expect(await h.t.db.member.count({ where: { unitId: h.officeId, fullName: "Nguyễn Thị Mới" } })).toBe(0);
    expect(await changeAudits()).toBe(before);

    const res = await upload(
      "ds.csv",
      "text/csv",
      Buffer.from("ho_ten,chuc_vu,vai_tro,so_dien_thoai,trang_thai\nNguyễn Thị Mới,Chuyên viên,dang vien,0912000099,\n"),
    );
    expect(res.status).toBe(303);
    expect((await hung.get(res.location)).body).toContain("Xác nhận nhập 1 thay đổi");
    expect(await h.t.db.member.count({ where: { unitId: h.officeId, fullName: "Nguyễn Thị Mới" } })).toBe(0);
    await confirmAndWait(res.location);
    expect(await h.t.db.member.count({ where: { unitId: h.officeId, fullName: "Nguyễn Thị Mới" } })).toBe(1);
    expect(await changeAudits()).toBe(before + 1);
    expect(await audits("members.imported")).toBe(1);

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("DS");
    ws.addRow(["Họ và tên", "Chức vụ", "Vai trò", "Số điện thoại", "Trạng thái"]);
    ws.addRow(["Trần Văn Xlsx", "Văn thư", "", "0912000098", ""]);
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const res2 = await upload("ds.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file);
    expect(res2.status).toBe(303);
    await confirmAndWait(res2.location);
    expect(await h.t.db.member.count({ where: { unitId: h.officeId, fullName: "Trần Văn Xlsx" } })).toBe(1);

    const junk = await upload("x.csv", "text/csv", Buffer.alloc(0));
    expect(junk.status).toBe(303);
    expect(junk.location).toContain("err=import-bad-file");
    expect(await changeAudits()).toBe(before + 2);
  });
});
