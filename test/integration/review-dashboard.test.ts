// Review findings on the dashboard: a form sent twice (double click, a resend on a slow phone
// connection) acts once; ID numbers typed into the dashboard are not stored as typed, as in the chat;
// the chi ủy's forms offer what the chat offers (approval with an optional comment, a year-end
// comment with the proposed rating).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csrfOf, openDashboard, type Browser, type DashHarness } from "./dashboard-harness.ts";

let h: DashHarness;
let hung: Browser; // secretary, office cell

beforeAll(async () => {
  ({
    h,
    browsers: [hung],
  } = await openDashboard("hung"));
});
afterAll(() => h?.close());

const office = (rest = "") => `/dashboard/cells/${h.officeId}${rest}`;

/** The hidden fields of the form posting to `action` on the page. */
function formFields(page: string, action: string): Record<string, string> {
  const start = page.indexOf(`action="${action}"`);
  if (start < 0) throw new Error(`no form for ${action}`);
  const form = page.slice(start, page.indexOf("</form>", start));
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) out[m[1]!] = m[2]!;
  return out;
}

describe("a form sent twice", () => {
  it("sends a notice to the cell once", async () => {
    const page = await hung.get(office("/broadcasts"));
    const fields = { ...formFields(page.body, office("/broadcasts")), text: "Chi bộ họp lúc 14:00 Thứ Sáu, 04/12/2026." };
    const first = await hung.post(office("/broadcasts"), fields);
    const second = await hung.post(office("/broadcasts"), fields);
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(await h.t.db.broadcast.count({ where: { unitId: h.officeId } })).toBe(1);
    expect(await h.t.db.auditLog.count({ where: { action: "broadcast.sent" } })).toBe(1);
    const after = await hung.get(second.location);
    expect(after.body).toContain("đã được gửi");
  });

  it("saves a comment on an assessment once", async () => {
    const page = await hung.get(office("/assessments?period=2026-10"));
    const assessment = await h.t.db.assessment.findFirstOrThrow({ where: { memberId: h.ids.nhung, period: "2026-10" } });
    const action = office(`/assessments/${assessment.id}/review`);
    const fields = { ...formFields(page.body, action), text: "Đồng chí cần đẩy nhanh nội dung 2." };
    await hung.post(action, fields);
    await hung.post(action, fields);
    expect(await h.t.db.review.count({ where: { assessmentId: assessment.id } })).toBe(1);
  });

  it("adds a meeting once", async () => {
    const page = await hung.get(office("/meetings"));
    const before = await h.t.db.meeting.count({ where: { unitId: h.officeId } });
    const fields = { ...formFields(page.body, office("/meetings")), date: "18/12/2026", time: "14:00", place: "Hội trường", kind: "THEMATIC" };
    await hung.post(office("/meetings"), fields);
    await hung.post(office("/meetings"), fields);
    expect(await h.t.db.meeting.count({ where: { unitId: h.officeId } })).toBe(before + 1);
  });
});

describe("ID numbers typed on the dashboard", () => {
  it("are masked in a return comment, in the stored review and in the message to the member", async () => {
    const res = await hung.postWithToken(office("/registrations"), office(`/registrations/${h.regs.loi}/return`), {
      comment: "Đồng chí ghi rõ thời hạn; CCCD 079123456789 không cần ghi vào bản đăng ký.",
    });
    expect(res.status).toBe(303);
    const review = await h.t.db.review.findFirstOrThrow({ where: { registrationId: h.regs.loi } });
    expect(review.text).not.toContain("079123456789");
    expect(review.text).toContain("Đồng chí ghi rõ thời hạn");
    const deliveries = await h.t.db.delivery.findMany({ where: { purpose: "registration-returned" } });
    expect(deliveries.length).toBeGreaterThan(0);
    expect(JSON.stringify(deliveries)).not.toContain("079123456789");
  });

  it("are masked in a notice", async () => {
    await hung.postWithToken(office("/broadcasts"), office("/broadcasts"), { text: "Đồng chí nào mất thẻ đảng số 01.234567 báo bí thư." });
    const last = await h.t.db.broadcast.findFirstOrThrow({ where: { unitId: h.officeId }, orderBy: { createdAt: "desc" } });
    expect(last.text).not.toContain("01.234567");
    expect(JSON.stringify(await h.t.db.delivery.findMany({ where: { broadcastId: last.id } }))).not.toContain("01.234567");
  });
});

/** The HTML of the form posting to `action`. */
function form(page: string, action: string): string {
  const start = page.lastIndexOf("<form", page.indexOf(`action="${action}"`));
  if (start < 0 || !page.includes(`action="${action}"`)) throw new Error(`no form for ${action}`);
  return page.slice(start, page.indexOf("</form>", start));
}

describe("approve on the dashboard", () => {
  it("offers an optional comment in the approve form, and the member receives it", async () => {
    const action = office(`/registrations/${h.regs.nhung}/approve`);
    const page = await hung.get(office("/registrations"));
    const approveForm = form(page.body, action);
    expect(approveForm).toMatch(/<textarea[^>]*name="comment"/);
    expect(approveForm).not.toMatch(/<textarea[^>]*name="comment"[^>]*required/);
    expect(approveForm).toContain("không bắt buộc");
    // She already self-assessed on it, before approval: one line on her card, as in /duyet.
    const card = page.body.slice(page.body.indexOf(`id="r-${h.regs.nhung}"`), page.body.indexOf(action));
    expect(card).toMatch(/<p class="flag">Đã tự đánh giá [^<]*tháng 10\/2026[^<]* trên bản chưa duyệt này\.<\/p>/);

    const comment = "Nội dung rõ ràng; đề nghị giữ tiến độ hằng tháng.";
    const res = await hung.post(action, { _csrf: csrfOf(page.body), comment });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/ok=approved-comment\.\d\.\d/);
    expect((await hung.get(res.location)).body).toContain("Đã duyệt bản đăng ký kèm nhận xét");
    const reg = await h.t.db.registration.findUniqueOrThrow({ where: { id: h.regs.nhung }, include: { reviews: true } });
    expect(reg.status).toBe("APPROVED");
    expect(reg.reviews.map((r) => r.text)).toEqual([comment]);
    const notice = await h.t.db.delivery.findFirstOrThrow({ where: { purpose: "registration-approved", memberId: h.ids.nhung } });
    expect((notice.payload as { text: string }).text).toContain(`Nhận xét của chi ủy: “${comment}”`);
  });
});

describe("year-end comment on the dashboard", () => {
  it("asks the chi ủy's proposed rating with the comment, stores it, shows it and tells the member", async () => {
    const yearly = await h.t.db.assessment.create({
      data: { memberId: h.ids.nhung, kind: "YEARLY", period: "2026", year: 2026, selfRating: "GOOD", submittedAt: new Date("2026-11-19T03:00:00Z") },
    });
    const action = office(`/assessments/${yearly.id}/review`);
    const page = await hung.get(office("/assessments?period=2026"));
    const reviewForm = form(page.body, action);
    expect(reviewForm).toMatch(/<select[^>]*name="rating"[^>]*required/);
    for (const label of ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ"])
      expect(reviewForm).toContain(label);
    const token = csrfOf(page.body);

    // A year-end comment without a rating is refused, and nothing is saved.
    const missing = await hung.post(action, { _csrf: token, text: "Đồng chí hoàn thành tốt." });
    expect(missing.location).toContain("err=rating-required");
    expect(await h.t.db.review.count({ where: { assessmentId: yearly.id } })).toBe(0);

    const res = await hung.post(action, { _csrf: token, text: "Đồng chí hoàn thành tốt.", rating: "GOOD" });
    expect(res.location).toMatch(/ok=review-saved\.1\.0/);
    const [review] = await h.t.db.review.findMany({ where: { assessmentId: yearly.id } });
    expect(review).toMatchObject({ text: "Đồng chí hoàn thành tốt.", proposedRating: "GOOD", authorId: h.ids.hung });
    expect((await hung.get(office("/assessments?period=2026"))).body).toContain("Đề xuất xếp loại: <b>Hoàn thành tốt nhiệm vụ</b>");
    const notice = await h.t.db.delivery.findUniqueOrThrow({ where: { dedupeKey: `assessment-reviewed:${yearly.id}:${review!.id}` } });
    expect((notice.payload as { text: string }).text).toContain("Chi ủy đề xuất xếp loại: Hoàn thành tốt nhiệm vụ.");
  });

  it("offers no rating on a monthly assessment, and keeps none sent with it", async () => {
    const monthly = await h.t.db.assessment.findFirstOrThrow({ where: { memberId: h.ids.nhung, period: "2026-10" } });
    const action = office(`/assessments/${monthly.id}/review`);
    const page = await hung.get(office("/assessments?period=2026-10"));
    expect(form(page.body, action)).not.toContain('name="rating"');
    await hung.post(action, { _csrf: csrfOf(page.body), text: "Giữ tiến độ.", rating: "EXCELLENT" });
    const review = await h.t.db.review.findFirstOrThrow({ where: { assessmentId: monthly.id, text: "Giữ tiến độ." } });
    expect(review.proposedRating).toBeNull();
  });
});
