// The dashboard's forms for the chi ủy's decisions offer what the chat offers: approval with an
// optional comment the member receives, and at year end a comment with the chi ủy's proposed rating.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { csrfOf, login, startDashboard, type Browser, type DashHarness } from "./dashboard-harness.ts";

let h: DashHarness;
let hung: Browser;

beforeAll(async () => {
  h = await startDashboard();
  hung = await login(h, "hung");
});

afterAll(async () => {
  await h?.close();
});

const office = (rest = "") => `/dashboard/cells/${h.officeId}${rest}`;

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
    for (const label of ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ"]) expect(reviewForm).toContain(label);
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
    const [review] = await h.t.db.review.findMany({ where: { assessmentId: monthly.id }, orderBy: { createdAt: "desc" }, take: 1 });
    expect(review).toMatchObject({ text: "Giữ tiến độ.", proposedRating: null });
  });
});
