// What a hostile visitor could do to the dashboard login on the reviewed main, and can no longer,
// over fastify inject against the real web server (PostgreSQL, Redis, delivery queues), each
// browser with its own cookies and client address:
// - asking for a member's code within a minute handed out the member's own ticket, so a stranger
//   could spend its tries and lock the member out; now every request gets a fresh ticket that only
//   the asking browser holds, and "too soon" / "too many" look exactly like an unknown name;
// - no limit per address or overall (300 of 300 accepted); now 429 with a Vietnamese page;
// - a session survived a demotion and worked again after re-promotion.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, csrfOf, latestLoginCode, login, NAMES, START, startDashboard, type DashHarness } from "./dashboard-harness.ts";
import { dashboardMsg } from "../../src/messages/dashboard.ts";
import { escapeHtml } from "../../src/web/dashboard/html.ts";
import { LOGIN_ANSWER_FLOOR_MS } from "../../src/web/dashboard/login-limits.ts";

let h: DashHarness;

beforeAll(async () => {
  h = await startDashboard();
});

afterAll(async () => {
  await h?.close();
});

interface Asked {
  b: Browser;
  status: number;
  location: string;
  /** Set-Cookie headers without their values. */
  cookieShapes: string[];
  page: string;
  ms: number;
}

async function ask(input: string, b = new Browser(h.app)): Promise<Asked> {
  const form = await b.get("/dashboard/login");
  const started = performance.now();
  const sent = await b.post("/dashboard/login", { _csrf: csrfOf(form.body), who: input });
  const ms = performance.now() - started;
  const page = await b.get("/dashboard/login/code");
  return {
    b,
    status: sent.status,
    location: sent.location,
    cookieShapes: sent.setCookies.map((c) => c.replace(/=[^;]*/, "=…")),
    page: page.body.replace(/value="[^"]+"/g, ""),
    ms,
  };
}

const codeDeliveries = (who: keyof typeof NAMES) => h.t.db.delivery.count({ where: { purpose: "login-code", memberId: h.ids[who] } });
const tryCode = async (b: Browser, code: string) => {
  const page = await b.get("/dashboard/login/code");
  return b.post("/dashboard/login/code", { _csrf: csrfOf(page.body), code });
};

describe("a fresh ticket for every request, bound to the asking browser", () => {
  it("answers 'too soon' exactly like an unknown name, and a stranger cannot spend the member's tries", async () => {
    h.clock.now = new Date(START);
    const member = await ask(NAMES.hung);
    const code = await latestLoginCode(h, "hung");
    const sent = await codeDeliveries("hung");
    const memberTicket = member.b.cookies.get("chibo_login")!;

    const stranger = await ask(NAMES.hung);
    const unknown = await ask("Người Không Có Tên");
    expect(await codeDeliveries("hung")).toBe(sent);
    for (const a of [member, stranger]) {
      expect({ status: a.status, location: a.location, cookies: a.cookieShapes, page: a.page }).toEqual({
        status: unknown.status,
        location: unknown.location,
        cookies: unknown.cookieShapes,
        page: unknown.page,
      });
    }
    const strangerTicket = stranger.b.cookies.get("chibo_login")!;
    expect(strangerTicket).not.toBe(memberTicket);
    expect(strangerTicket).toMatch(/^[0-9a-f-]{36}$/);

    // The stranger uses up five tries on their own ticket; the member's code is untouched.
    for (let i = 0; i < 5; i++) expect((await tryCode(stranger.b, code === "000000" ? "111111" : "000000")).status).toBe(401);
    // Its ticket is spent; put back by hand, even the right code does nothing for it.
    stranger.b.cookies.set("chibo_login", strangerTicket);
    expect((await tryCode(stranger.b, code)).status).toBe(401);
    expect((await h.t.db.loginCode.findUniqueOrThrow({ where: { id: memberTicket } })).tries).toBe(0);
    const done = await tryCode(member.b, code);
    expect(done.status).toBe(303);
    expect(member.b.cookies.has("chibo_sid")).toBe(true);
  });

  it("answers 'too many this hour' exactly like an unknown name, with no code sent", async () => {
    h.clock.now = new Date(START.getTime() + 3600_000);
    // Ten codes were sent to Vinh in the last hour (the member-wide cap).
    for (let i = 0; i < 10; i++) {
      await h.t.db.loginCode.create({
        data: {
          memberId: h.ids.vinh,
          codeHash: "x",
          expiresAt: new Date(h.clock.now.getTime() - 1),
          createdAt: new Date(h.clock.now.getTime() - (50 - i) * 60_000),
        },
      });
    }
    const before = await codeDeliveries("vinh");
    const many = await ask(NAMES.vinh);
    const unknown = await ask("Người Không Có Tên");
    expect({ status: many.status, location: many.location, cookies: many.cookieShapes, page: many.page }).toEqual({
      status: unknown.status,
      location: unknown.location,
      cookies: unknown.cookieShapes,
      page: unknown.page,
    });
    expect(await codeDeliveries("vinh")).toBe(before);
    const wrong = await tryCode(many.b, "123456");
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain(escapeHtml(dashboardMsg.codeWrong(4)));
  });

  it("takes no less than the same minimum time whatever happened", async () => {
    h.clock.now = new Date(START.getTime() + 2 * 3600_000);
    const answers = [await ask(NAMES.hoa), await ask(NAMES.hoa), await ask("Người Không Có Tên"), await ask(NAMES.nhung)];
    for (const a of answers) expect(a.ms).toBeGreaterThanOrEqual(LOGIN_ANSWER_FLOOR_MS - 5);
  });

  it("keeps the asking browser's own ticket when it asks again within a minute", async () => {
    h.clock.now = new Date(START.getTime() + 3 * 3600_000);
    const first = await ask(NAMES.khanh);
    const ticket = first.b.cookies.get("chibo_login");
    const count = await codeDeliveries("khanh");
    await ask(NAMES.khanh, first.b);
    expect(first.b.cookies.get("chibo_login")).toBe(ticket);
    expect(await codeDeliveries("khanh")).toBe(count);
    expect((await tryCode(first.b, await latestLoginCode(h, "khanh"))).status).toBe(303);
  });
});

describe("no anonymous way to lock a member out", () => {
  it("one address gets at most 3 of a member's codes an hour; the member still gets one from elsewhere", async () => {
    h.clock.now = new Date(START.getTime() + 4 * 3600_000);
    const attackerIp = "127.9.9.9";
    const before = await codeDeliveries("tuan");
    expect(before).toBe(0);
    // Tuấn may not log in; Hoa may. The attacker asks for Hoa's code every 61 s.
    const hoaBefore = await codeDeliveries("hoa");
    for (let i = 0; i < 6; i++) {
      h.clock.now = new Date(h.clock.now.getTime() + 61_000);
      const a = await ask(NAMES.hoa, new Browser(h.app, attackerIp));
      for (let t = 0; t < 5; t++) await tryCode(a.b, "000000");
    }
    expect(await codeDeliveries("hoa")).toBe(hoaBefore + 3);
    h.clock.now = new Date(h.clock.now.getTime() + 61_000);
    const b = await login(h, "hoa");
    expect((await b.get("/dashboard")).status).toBe(303);
    expect(b.cookies.has("chibo_sid")).toBe(true);
  });
});

describe("a member logging in again and again from one address", () => {
  it("is not held back by the per-address share: a login proves it was the member asking", async () => {
    for (let i = 0; i < 5; i++) {
      h.clock.now = new Date(START.getTime() + 5 * 3600_000 + i * 61_000);
      const b = new Browser(h.app, "127.7.7.7");
      const a = await ask(NAMES.khanh, b);
      expect((await tryCode(a.b, await latestLoginCode(h, "khanh"))).status).toBe(303);
    }
  });
});

describe("sessions end when the member's role or status changes", () => {
  it("a demotion ends the session, and a re-promotion does not bring it back", async () => {
    h.clock.now = new Date(START.getTime() + 6 * 3600_000);
    const b = await login(h, "vinh");
    expect((await b.get(`/dashboard/cells/${h.officeId}`)).status).toBe(200);
    await h.t.db.member.update({ where: { id: h.ids.vinh }, data: { role: "MEMBER" } });
    await h.t.db.member.update({ where: { id: h.ids.vinh }, data: { role: "COMMITTEE" } });
    const res = await b.get(`/dashboard/cells/${h.officeId}`);
    expect(res.status).toBe(303);
    expect(res.location).toBe("/dashboard/login?m=session-expired");
    expect(await h.t.db.webSession.count({ where: { memberId: h.ids.vinh } })).toBe(0);
  });

  it("a change of status ends it too, and other members' sessions are untouched", async () => {
    h.clock.now = new Date(START.getTime() + 7 * 3600_000);
    const hung = await login(h, "hung");
    const vinh = await login(h, "vinh");
    await h.t.db.member.update({ where: { id: h.ids.vinh }, data: { status: "EXEMPT" } });
    await h.t.db.member.update({ where: { id: h.ids.vinh }, data: { status: "ACTIVE" } });
    expect((await vinh.get(`/dashboard/cells/${h.officeId}`)).status).toBe(303);
    expect((await hung.get(`/dashboard/cells/${h.officeId}`)).status).toBe(200);
  });

  it("a supervisor's access taken away and given back ends the session", async () => {
    h.clock.now = new Date(START.getTime() + 8 * 3600_000);
    const b = await login(h, "khanh");
    expect((await b.get(`/dashboard/committees/${h.committeeId}`)).status).toBe(200);
    const access = await h.t.db.unitAccess.findFirstOrThrow({ where: { memberId: h.ids.khanh } });
    await h.t.db.unitAccess.delete({ where: { id: access.id } });
    await h.t.db.unitAccess.create({ data: { memberId: h.ids.khanh, unitId: access.unitId, role: access.role } });
    expect((await b.get(`/dashboard/committees/${h.committeeId}`)).status).toBe(303);
  });
});

describe("rate limits on the login endpoints", () => {
  let small: DashHarness;
  beforeAll(async () => {
    small = await startDashboard({ env: { LOGIN_LIMIT_PER_IP: "3", LOGIN_LIMIT_GLOBAL: "5" } });
  });
  afterAll(async () => {
    await small?.close();
  });

  async function post(b: Browser, url: string, form: Record<string, string>) {
    const page = await b.get("/dashboard/login");
    return b.post(url, { _csrf: csrfOf(page.body), ...form });
  }

  it("answers 429 with a Vietnamese page past the per-address limit, and past the overall one", async () => {
    const a = new Browser(small.app);
    for (let i = 0; i < 3; i++) expect((await post(a, "/dashboard/login", { who: `Người Lạ ${i}` })).status).toBe(303);
    const limited = await post(a, "/dashboard/login", { who: "Người Lạ" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(limited.body).toContain("Có quá nhiều lượt đăng nhập");
    expect(limited.body).toContain('lang="vi"');
    expect(limited.body).not.toMatch(/FST_|Too Many Requests|Rate limit/);

    // Another address still gets in, until everyone together reaches the overall limit.
    const b = new Browser(small.app);
    expect((await post(b, "/dashboard/login", { who: "Người Lạ" })).status).toBe(303);
    expect((await post(b, "/dashboard/login", { who: "Người Lạ" })).status).toBe(303);
    const c = new Browser(small.app);
    const overall = await post(c, "/dashboard/login", { who: "Người Lạ" });
    expect(overall.status).toBe(429);
    expect(overall.body).toContain("Có quá nhiều lượt đăng nhập");
  });

  it("limits typed codes per address too", async () => {
    const b = new Browser(small.app, "127.8.8.8");
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await post(b, "/dashboard/login/code", { code: "123456" })).status);
    expect(statuses.slice(0, 9).every((s) => s !== 429)).toBe(true);
    expect(statuses[9]).toBe(429);
  });
});
