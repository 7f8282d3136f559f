// The way into the dashboard that no anonymous visitor can block: strangers with four addresses can
// use up a member's ten login codes for the hour, but the member then asks the bot for a link in the
// private chat (/dangnhap) and is logged in. End to end through the real engine (the chat), the
// real web server (fastify inject, each browser with its own cookies and address), PostgreSQL and
// Redis; and the link's security: one use, five minutes, stored hashed, written nowhere else, no
// use on a GET (link previews), only for the chi ủy and supervisors, only the asking member.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Browser, csrfOf, NAMES, START, startDashboard, type DashHarness, type Who } from "./dashboard-harness.ts";
import { createEngine } from "../../src/conversations/create-engine.ts";
import type { ConversationEngine } from "../../src/conversations/engine.ts";
import { silentLogger } from "../../src/log.ts";
import { dashboardMsg } from "../../src/messages/dashboard.ts";
import { escapeHtml } from "../../src/web/dashboard/html.ts";
import { hashLoginLinkToken, LOGIN_LINKS_PER_HOUR } from "../../src/db/login-links.ts";
import { LOGIN_CODES_PER_HOUR } from "../../src/db/dashboard-auth.ts";

let h: DashHarness;
let engine: ConversationEngine;

beforeAll(async () => {
  h = await startDashboard();
  engine = createEngine({ db: h.t.db, log: silentLogger, zone: "Asia/Ho_Chi_Minh", services: { dashboardUrl: h.config.dashboardUrl }, now: () => h.clock.now });
});

afterAll(async () => {
  await h?.close();
});

/** What the bot answers to a line in the member's private Telegram chat (identities tg-<who>). */
async function chat(who: Who, text: string, chatType: "private" | "group" = "private"): Promise<string[]> {
  const chatId = chatType === "group" ? "group-1" : `tg-${who}`;
  const replies = await engine.handle({
    platform: "TELEGRAM",
    updateId: randomUUID(),
    kind: "message",
    userId: `tg-${who}`,
    chatId,
    chatType,
    text,
    at: h.clock.now,
  });
  return replies.map((r) => ("text" in r ? r.text : ""));
}

/** The link in the bot's answer to /dangnhap. */
async function askLink(who: Who): Promise<{ url: string; path: string; token: string; reply: string }> {
  const [reply] = await chat(who, "/dangnhap");
  const url = /https?:\/\/\S+/.exec(reply ?? "")?.[0];
  if (!url) throw new Error(`no link in: ${reply}`);
  const parsed = new URL(url);
  return { url, path: `${parsed.pathname}${parsed.search}`, token: parsed.searchParams.get("t")!, reply: reply! };
}

/** Opens the link in a browser and presses the button. */
async function useLink(b: Browser, path: string, token = new URL(path, "http://x").searchParams.get("t")!) {
  const shown = await b.get(path);
  // A refused link shows no form: the press then carries the login page's form token.
  const form = shown.status === 200 ? shown : await b.get("/dashboard/login");
  return { shown, done: await b.post("/dashboard/login/link", { _csrf: csrfOf(form.body), t: token }) };
}

/** The page the dashboard's home leads to (it sends a one-cell member to the cell's page). */
async function landing(b: Browser) {
  let res = await b.get("/dashboard?ok=logged-in");
  for (let i = 0; i < 3 && res.status === 303 && res.location.startsWith("/dashboard/cells/"); i++) res = await b.get(res.location);
  return res;
}

const codeDeliveries = (who: Who) => h.t.db.delivery.count({ where: { purpose: "login-code", memberId: h.ids[who] } });

async function askCode(who: Who, b: Browser) {
  const form = await b.get("/dashboard/login");
  return b.post("/dashboard/login", { _csrf: csrfOf(form.body), who: NAMES[who] });
}

describe("a member whose codes strangers used up logs in through the chat", () => {
  it("four addresses spend the hour's ten codes; /dangnhap in the chat still logs the member in", async () => {
    h.clock.now = new Date(START);
    const addresses = ["127.20.0.1", "127.20.0.2", "127.20.0.3", "127.20.0.4"];
    for (let i = 0; i < 12; i++) {
      h.clock.now = new Date(h.clock.now.getTime() + 61_000);
      await askCode("hung", new Browser(h.app, addresses[i % addresses.length]));
    }
    expect(await codeDeliveries("hung")).toBe(LOGIN_CODES_PER_HOUR);
    // The member's own browser gets no code now (the answer looks like any other) …
    h.clock.now = new Date(h.clock.now.getTime() + 61_000);
    const own = new Browser(h.app, "127.20.9.9");
    expect((await askCode("hung", own)).status).toBe(303);
    expect(await codeDeliveries("hung")).toBe(LOGIN_CODES_PER_HOUR);
    const codePage = await own.get("/dashboard/login/code");
    expect(codePage.body).toContain(escapeHtml(dashboardMsg.loginFromChat()));
    // … and nothing the strangers did touched the chat path.
    expect(await h.t.db.loginLink.count()).toBe(0);

    const link = await askLink("hung");
    expect(link.reply).toContain("Đồng chí Hùng");
    expect(link.url.startsWith(`${h.config.PUBLIC_URL}/dashboard/login/link?t=`)).toBe(true);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const { shown, done } = await useLink(own, link.path);
    expect(shown.status).toBe(200);
    expect(shown.body).toContain(escapeHtml(dashboardMsg.linkConfirm(NAMES.hung)));
    expect(shown.headers["referrer-policy"]).toBe("no-referrer");
    expect(done.status).toBe(303);
    expect(done.location).toBe("/dashboard?ok=logged-in");
    const home = await landing(own);
    expect(home.status).toBe(200);
    expect(home.body).toContain(NAMES.hung);
    const session = await h.t.db.webSession.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
    expect(session.memberId).toBe(h.ids.hung);
    const login = await h.t.db.auditLog.findFirstOrThrow({ where: { action: "dashboard.login", actorId: h.ids.hung }, orderBy: { createdAt: "desc" } });
    expect(login.detail).toEqual({ via: "chat-link" });
  });

  it("the token is stored only as its hash and written nowhere else", async () => {
    h.clock.now = new Date(START.getTime() + 3600_000);
    const { token } = await askLink("vinh");
    expect(await h.t.db.loginLink.count({ where: { id: hashLoginLinkToken(token) } })).toBe(1);
    const everything = JSON.stringify(
      await Promise.all([
        h.t.db.loginLink.findMany(),
        h.t.db.auditLog.findMany(),
        h.t.db.conversationState.findMany(),
        h.t.db.delivery.findMany(),
        h.t.db.inboundUpdate.findMany(),
      ]),
    );
    expect(everything).not.toContain(token);
  });
});

describe("the link's rules", () => {
  it("works once: a second press, from any browser, logs nobody in", async () => {
    h.clock.now = new Date(START.getTime() + 2 * 3600_000);
    const link = await askLink("vinh");
    expect((await useLink(new Browser(h.app), link.path)).done.status).toBe(303);
    const again = new Browser(h.app);
    const { shown, done } = await useLink(again, link.path.replace(/t=.*/, "t=x"), link.token);
    expect(shown.status).toBe(401);
    expect(done.status).toBe(401);
    expect(done.body).toContain(escapeHtml(dashboardMsg.linkUsed()));
    expect(again.cookies.has("chibo_sid")).toBe(false);
  });

  it("opening the page uses nothing (a link preview logs nobody in), and the link ends after 5 minutes", async () => {
    h.clock.now = new Date(START.getTime() + 3 * 3600_000);
    const link = await askLink("khanh");
    const preview = new Browser(h.app);
    for (let i = 0; i < 3; i++) expect((await preview.get(link.path)).status).toBe(200);
    expect(preview.cookies.has("chibo_sid")).toBe(false);
    h.clock.now = new Date(h.clock.now.getTime() + 4 * 60_000);
    const b = new Browser(h.app);
    expect((await useLink(b, link.path)).done.status).toBe(303);
    expect((await b.get(`/dashboard/committees/${h.committeeId}`)).status).toBe(200);

    const late = await askLink("khanh");
    h.clock.now = new Date(h.clock.now.getTime() + 5 * 60_000 + 1000);
    const c = new Browser(h.app);
    expect((await c.get(late.path)).status).toBe(401);
    const shown = await c.get("/dashboard/login");
    expect((await c.post("/dashboard/login/link", { _csrf: csrfOf(shown.body), t: late.token })).status).toBe(401);
  });

  it("a newer link ends the older one, and a forged or altered token does nothing", async () => {
    h.clock.now = new Date(START.getTime() + 4 * 3600_000);
    const first = await askLink("hoa");
    const second = await askLink("hoa");
    expect((await useLink(new Browser(h.app), first.path)).done.status).toBe(401);
    const altered = `${second.token.slice(0, -1)}${second.token.endsWith("A") ? "B" : "A"}`;
    expect((await useLink(new Browser(h.app), second.path, altered)).done.status).toBe(401);
    expect((await useLink(new Browser(h.app), second.path)).done.status).toBe(303);
  });

  it("needs the login form's token: another site cannot post a link to log a visitor in", async () => {
    h.clock.now = new Date(START.getTime() + 5 * 3600_000);
    const link = await askLink("hung");
    const b = new Browser(h.app);
    expect((await b.post("/dashboard/login/link", { t: link.token })).status).toBe(403);
    expect((await useLink(b, link.path)).done.status).toBe(303);
  });

  it("is refused to a plain member and said nothing of in a group; a demotion ends a given link", async () => {
    h.clock.now = new Date(START.getTime() + 6 * 3600_000);
    expect(await chat("nhung", "/dangnhap")).toEqual([dashboardMsg.linkNotAllowed()]);
    expect(await chat("tuan", "đăng nhập")).toEqual([dashboardMsg.linkNotAllowed()]);
    expect(await chat("hung", "/dangnhap", "group")).toEqual([]);
    expect(await h.t.db.loginLink.count({ where: { memberId: { in: [h.ids.nhung, h.ids.tuan] } } })).toBe(0);

    const link = await askLink("vinh");
    await h.t.db.member.update({ where: { id: h.ids.vinh }, data: { role: "MEMBER" } });
    expect((await useLink(new Browser(h.app), link.path)).shown.status).toBe(401);
    await h.t.db.member.update({ where: { id: h.ids.vinh }, data: { role: "COMMITTEE" } });
  });

  it("logs in the member whose chat asked, whatever the browser typed before", async () => {
    h.clock.now = new Date(START.getTime() + 7 * 3600_000);
    const b = new Browser(h.app);
    await askCode("hoa", b);
    const link = await askLink("vinh");
    expect((await useLink(b, link.path)).done.status).toBe(303);
    expect(b.cookies.has("chibo_login")).toBe(false);
    const home = await landing(b);
    expect(home.status).toBe(200);
    expect(home.body).toContain(NAMES.vinh);
    expect((await b.get(`/dashboard/cells/${h.residentialId}`)).status).not.toBe(200);
  });

  it("five links an hour per member, counted per member: the sixth is refused with the minutes to wait", async () => {
    h.clock.now = new Date(START.getTime() + 8 * 3600_000);
    for (let i = 0; i < LOGIN_LINKS_PER_HOUR; i++) {
      await askLink("khanh");
      h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    }
    expect(await chat("khanh", "/dangnhap")).toEqual([dashboardMsg.linkTooMany(55)]);
    // Another member's links are their own.
    await askLink("hung");
  });

  it("wrong tokens are limited per address, but never a valid link, even from that address", async () => {
    h.clock.now = new Date(START.getTime() + 9 * 3600_000);
    const shared = "127.30.0.1";
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await new Browser(h.app, shared).get(`/dashboard/login/link?t=${"x".repeat(43)}`)).status);
    expect(statuses.at(-1)).toBe(429);
    const limited = await new Browser(h.app, shared).get("/dashboard/login/link?t=nope");
    expect(limited.body).toContain("Có quá nhiều lượt đăng nhập");
    const link = await askLink("hung");
    expect((await useLink(new Browser(h.app, shared), link.path)).done.status).toBe(303);
  });

  it("the 429 page of the login form points to /dangnhap", async () => {
    const small = await startDashboard({ env: { LOGIN_LIMIT_PER_IP: "1", LOGIN_LIMIT_GLOBAL: "100" } });
    try {
      const b = new Browser(small.app);
      const form = await b.get("/dashboard/login");
      await b.post("/dashboard/login", { _csrf: csrfOf(form.body), who: "Người Lạ" });
      const limited = await b.post("/dashboard/login", { _csrf: csrfOf(form.body), who: "Người Lạ" });
      expect(limited.status).toBe(429);
      expect(limited.body).toContain(escapeHtml(dashboardMsg.loginFromChat()));
    } finally {
      await small.close();
    }
  });
});
