// Dashboard login without passwords, sessions and CSRF, over fastify inject against the real web
// server (PostgreSQL, Redis, delivery queues): the code arrives as a Delivery the bot sends, works
// once, for 10 minutes and 5 tries; plain members and strangers get the same answer as everyone
// and no code; every POST needs its token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, csrfOf, latestLoginCode, login, NAMES, START, startDashboard, type DashHarness } from "./dashboard-harness.ts";
import { dashboardMsg } from "../../src/messages/dashboard.ts";
import { escapeHtml } from "../../src/web/dashboard/html.ts";

let h: DashHarness;

beforeAll(async () => {
  h = await startDashboard();
});

afterAll(async () => {
  await h?.close();
});

const shown = (text: string) => escapeHtml(text);

async function requestCode(input: string): Promise<{ b: Browser; page: string }> {
  const b = new Browser(h.app);
  const form = await b.get("/dashboard/login");
  expect(form.status).toBe(200);
  const sent = await b.post("/dashboard/login", { _csrf: csrfOf(form.body), who: input });
  expect(sent.status).toBe(303);
  expect(sent.location).toBe("/dashboard/login/code");
  const page = await b.get("/dashboard/login/code");
  expect(page.status).toBe(200);
  return { b, page: page.body };
}

async function loginCodes(who: keyof typeof NAMES) {
  return h.t.db.delivery.count({ where: { purpose: "login-code", memberId: h.ids[who] } });
}

describe("login with a code sent by the bot", () => {
  it("sends a 6-digit code through the delivery queue and opens an 8-hour httpOnly session", async () => {
    h.clock.now = new Date(START);
    const { b, page } = await requestCode("nguyen van hung");
    expect(page).toContain(shown(dashboardMsg.codeSent()));

    const delivery = await h.t.db.delivery.findFirstOrThrow({ where: { purpose: "login-code", memberId: h.ids.hung } });
    expect(delivery.status).toBe("PENDING");
    expect(delivery.platform).toBe("TELEGRAM");
    expect(delivery.dedupeKey).toMatch(/^login-code:/);
    const text = (delivery.payload as { text: string }).text;
    expect(text).toMatch(/^Đồng chí Hùng: mã đăng nhập trang quản lý chi bộ là \d{6}/);
    expect(await h.jobs.deliveryQueues.TELEGRAM.getJob(delivery.id)).toBeTruthy();

    const code = await latestLoginCode(h, "hung");
    const stored = await h.t.db.loginCode.findFirstOrThrow({ where: { memberId: h.ids.hung } });
    expect(stored.codeHash).not.toContain(code);
    expect(stored.expiresAt.getTime() - START.getTime()).toBe(10 * 60_000);

    const done = await b.post("/dashboard/login/code", { _csrf: csrfOf(page), code });
    expect(done.status).toBe(303);
    expect(done.location).toBe("/dashboard?ok=logged-in");
    const sid = done.setCookies.find((c) => c.startsWith("chibo_sid="))!;
    expect(sid).toMatch(/HttpOnly/i);
    expect(sid).toMatch(/SameSite=Lax/i);
    expect(sid).toMatch(/Max-Age=28800/);
    expect(sid).toMatch(/Path=\/dashboard/);
    expect(sid).not.toMatch(/Secure/);
    const cookieValue = b.cookies.get("chibo_sid")!;
    expect(Buffer.from(cookieValue, "base64url")).toHaveLength(32);
    const session = await h.t.db.webSession.findFirstOrThrow({ where: { memberId: h.ids.hung } });
    expect(session.id).not.toBe(cookieValue);
    expect(session.expiresAt.getTime() - START.getTime()).toBe(8 * 3600_000);

    const home = await b.get("/dashboard");
    expect(home.status).toBe(303);
    expect(home.location).toBe(`/dashboard/cells/${h.officeId}`);
    const overview = await b.get(home.location);
    expect(overview.status).toBe(200);
    expect(overview.body).toContain("Chi bộ Văn phòng UBND phường (demo)");
    expect(overview.body).toContain("Nguyễn Văn Hùng");
    expect(overview.headers["content-security-policy"]).toContain("frame-ancestors 'none'");

    // The code works once.
    const again = await b.post("/dashboard/login/code", { _csrf: csrfOf(page), code });
    expect(again.status).not.toBe(200);
    expect(await h.t.db.auditLog.count({ where: { action: "dashboard.login", actorId: h.ids.hung } })).toBe(1);
    expect(await h.t.db.auditLog.count({ where: { action: "dashboard.login-code", targetId: h.ids.hung, actorId: null } })).toBe(1);
  });

  it("logs in by phone number, written any usual way", async () => {
    h.clock.now = new Date(START.getTime() + 3600_000);
    const b = await login(h, "hoa", "0913 000 001");
    const home = await b.get("/dashboard");
    expect(home.location).toBe(`/dashboard/cells/${h.residentialId}`);
  });

  it("refuses after 5 wrong codes, even the right one", async () => {
    h.clock.now = new Date(START.getTime() + 2 * 3600_000);
    const { b, page } = await requestCode(NAMES.vinh);
    const code = await latestLoginCode(h, "vinh");
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 1; i <= 4; i++) {
      const res = await b.post("/dashboard/login/code", { _csrf: csrfOf(page), code: wrong });
      expect(res.status).toBe(401);
      expect(res.body).toContain(shown(dashboardMsg.codeWrong(5 - i)));
    }
    const fifth = await b.post("/dashboard/login/code", { _csrf: csrfOf(page), code: wrong });
    expect(fifth.status).toBe(401);
    expect(fifth.body).toContain(shown(dashboardMsg.codeLocked()));
    expect((await h.t.db.loginCode.findFirstOrThrow({ where: { memberId: h.ids.vinh }, orderBy: { createdAt: "desc" } })).tries).toBe(5);

    // The ticket cookie is gone; with it put back, the right code is still refused.
    const ticket = (await h.t.db.loginCode.findFirstOrThrow({ where: { memberId: h.ids.vinh }, orderBy: { createdAt: "desc" } })).id;
    expect(b.cookies.has("chibo_login")).toBe(false);
    b.cookies.set("chibo_login", ticket);
    const right = await b.post("/dashboard/login/code", { _csrf: csrfOf(page), code });
    expect(right.status).toBe(401);
    expect(b.cookies.has("chibo_sid")).toBe(false);
    expect(await h.t.db.webSession.count({ where: { memberId: h.ids.vinh } })).toBe(0);
  });

  it("refuses a code after its 10 minutes", async () => {
    h.clock.now = new Date(START.getTime() + 3 * 3600_000);
    const { b, page } = await requestCode(NAMES.khanh);
    const code = await latestLoginCode(h, "khanh");
    h.clock.now = new Date(h.clock.now.getTime() + 10 * 60_000 + 1000);
    const res = await b.post("/dashboard/login/code", { _csrf: csrfOf(page), code });
    expect(res.status).toBe(401);
    expect(res.body).toContain(shown(dashboardMsg.codeExpired()));
    expect(b.cookies.has("chibo_sid")).toBe(false);
  });

  it("sends no second code within a minute, and a new code replaces the old one", async () => {
    h.clock.now = new Date(START.getTime() + 4 * 3600_000);
    const before = await loginCodes("tuan");
    expect(before).toBe(0);
    await requestCode(NAMES.khanh);
    const first = await latestLoginCode(h, "khanh");
    const count = await loginCodes("khanh");
    await requestCode(NAMES.khanh);
    expect(await loginCodes("khanh")).toBe(count);
    h.clock.now = new Date(h.clock.now.getTime() + 61_000);
    const { b, page } = await requestCode(NAMES.khanh);
    expect(await loginCodes("khanh")).toBe(count + 1);
    const second = await latestLoginCode(h, "khanh");
    if (first !== second) {
      const old = await b.post("/dashboard/login/code", { _csrf: csrfOf(page), code: first });
      expect(old.status).toBe(401);
    }
    const ok = await b.post("/dashboard/login/code", { _csrf: csrfOf(page), code: second });
    expect(ok.status).toBe(303);
  });
});

describe("who may not log in, and what they see", () => {
  it("a plain member, a stranger and an unlinked deputy get the same page, no code, and a clear hint", async () => {
    h.clock.now = new Date(START.getTime() + 5 * 3600_000);
    const codesBefore = await h.t.db.loginCode.count();
    const deliveriesBefore = await h.t.db.delivery.count({ where: { purpose: "login-code" } });
    const pages: string[] = [];
    for (const input of [NAMES.nhung, "Người Không Có", NAMES.mai, NAMES.son]) {
      const { b, page } = await requestCode(input);
      pages.push(page.replace(/value="[^"]+"/g, ""));
      expect(page).toContain(shown(dashboardMsg.codeSent()));
      expect(page).toContain("chưa liên kết Zalo/Telegram với bot");
      // A decoy ticket answers wrong codes exactly like a real one.
      const res = await b.post("/dashboard/login/code", { _csrf: csrfOf(page), code: "123456" });
      expect(res.status).toBe(401);
      expect(res.body).toContain(shown(dashboardMsg.codeWrong(4)));
    }
    expect(new Set(pages).size).toBe(1);
    expect(await h.t.db.loginCode.count()).toBe(codesBefore);
    expect(await h.t.db.delivery.count({ where: { purpose: "login-code" } })).toBe(deliveriesBefore);
  });

  it("an eligible member's page looks the same as the others'", async () => {
    h.clock.now = new Date(START.getTime() + 6 * 3600_000);
    const real = await requestCode(NAMES.hoa);
    const decoy = await requestCode("Người Không Có");
    expect(real.page.replace(/value="[^"]+"/g, "")).toBe(decoy.page.replace(/value="[^"]+"/g, ""));
  });
});

describe("sessions and CSRF", () => {
  it("sends visitors without a session to the login page", async () => {
    const b = new Browser(h.app);
    for (const url of [
      "/dashboard",
      `/dashboard/cells/${h.officeId}`,
      `/dashboard/cells/${h.officeId}/export/registrations.xlsx`,
      `/dashboard/committees/${h.committeeId}`,
    ]) {
      const res = await b.get(url);
      expect(res.status).toBe(303);
      expect(res.location).toBe("/dashboard/login");
    }
    const post = await b.post(`/dashboard/cells/${h.officeId}/registrations/${h.regs.loi}/approve`, {});
    expect(post.status).toBe(303);
    expect(post.location).toBe("/dashboard/login");
    b.cookies.set("chibo_sid", "A".repeat(43));
    expect((await b.get("/dashboard")).location).toBe("/dashboard/login?m=session-expired");
  });

  it("refuses the login forms without their token", async () => {
    const b = new Browser(h.app);
    await b.get("/dashboard/login");
    const res = await b.post("/dashboard/login", { who: NAMES.hung });
    expect(res.status).toBe(403);
    const forged = await b.post("/dashboard/login", { who: NAMES.hung, _csrf: "x".repeat(43) });
    expect(forged.status).toBe(403);
  });

  it("refuses a POST without the session's token, and changes nothing", async () => {
    h.clock.now = new Date(START.getTime() + 7 * 3600_000);
    const b = await login(h, "hung");
    const other = await login(h, "hoa");
    const otherToken = csrfOf((await other.get(`/dashboard/cells/${h.residentialId}`)).body);
    const auditsBefore = await h.t.db.auditLog.count();
    const url = `/dashboard/cells/${h.officeId}/registrations/${h.regs.loi}/approve`;
    expect((await b.post(url, {})).status).toBe(403);
    const res = await b.post(url, { _csrf: otherToken });
    expect(res.status).toBe(403);
    expect(res.body).toContain(shown(dashboardMsg.csrf()));
    const multipart = await b.request("POST", `/dashboard/cells/${h.officeId}/members/import`, {
      payload: Buffer.from(
        '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nho_ten\r\nNguyễn Văn Mới\r\n--XX--\r\n',
      ),
      contentType: "multipart/form-data; boundary=XX",
    });
    expect(multipart.status).toBe(403);
    const multipartToApprove = await b.request("POST", url, {
      payload: Buffer.from('--XX\r\nContent-Disposition: form-data; name="x"\r\n\r\n1\r\n--XX--\r\n'),
      contentType: "multipart/form-data; boundary=XX",
    });
    expect(multipartToApprove.status).toBe(403);
    expect((await h.t.db.registration.findUniqueOrThrow({ where: { id: h.regs.loi } })).status).toBe("SUBMITTED");
    expect(await h.t.db.member.count({ where: { fullName: "Nguyễn Văn Mới" } })).toBe(0);
    expect(await h.t.db.auditLog.count()).toBe(auditsBefore);
  });

  it("ends the session on logout and after 8 hours", async () => {
    h.clock.now = new Date(START.getTime() + 8 * 3600_000);
    const b = await login(h, "vinh");
    const page = await b.get(`/dashboard/cells/${h.officeId}`);
    expect(page.status).toBe(200);
    const sid = b.cookies.get("chibo_sid")!;
    const out = await b.post("/dashboard/logout", { _csrf: csrfOf(page.body) });
    expect(out.status).toBe(303);
    expect(out.location).toBe("/dashboard/login?m=logged-out");
    expect(await h.t.db.auditLog.count({ where: { action: "dashboard.logout", actorId: h.ids.vinh } })).toBe(1);
    b.cookies.set("chibo_sid", sid);
    expect((await b.get(`/dashboard/cells/${h.officeId}`)).status).toBe(303);

    const c = await login(h, "vinh");
    h.clock.now = new Date(h.clock.now.getTime() + 8 * 3600_000 + 1000);
    const late = await c.get(`/dashboard/cells/${h.officeId}`);
    expect(late.status).toBe(303);
    expect(late.location).toBe("/dashboard/login?m=session-expired");
  });

  it("closes the session of a member who is no longer in the chi ủy", async () => {
    h.clock.now = new Date(START.getTime() + 20 * 3600_000);
    const b = await login(h, "vinh");
    await h.t.db.member.update({ where: { id: h.ids.vinh }, data: { role: "MEMBER" } });
    try {
      const res = await b.get(`/dashboard/cells/${h.officeId}`);
      expect(res.status).toBe(303);
      expect(res.location).toContain("/dashboard/login");
    } finally {
      await h.t.db.member.update({ where: { id: h.ids.vinh }, data: { role: "COMMITTEE" } });
    }
  });
});
