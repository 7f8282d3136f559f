// Login without passwords, sessions and CSRF.
//
// - The visitor types a name or phone number. Whatever was typed, the answer is the same page
//   ("if you may log in, a code was sent"), after the same minimum time, so an anonymous visitor
//   cannot tell whether a name exists, may log in, is linked, or asked too soon or too often. The
//   page says plainly what to do when no code arrives (link Zalo/Telegram through the secretary).
// - Every request gets a new ticket (a random id in a cookie) that only the asking browser holds:
//   a real one when a code was sent for it, else a decoy in Redis with its own 5 tries for 10
//   minutes, so even wrong codes answer alike. Nobody can spend the tries of another's code.
// - A real code is 6 random digits, stored hashed in LoginCode (10 minutes, 5 tries), sent by the
//   bot through the delivery queue (purpose "login-code"); the web role never calls a platform.
// - Both login endpoints are rate-limited per client address and overall (login-limits.ts); codes
//   sent per member are capped per client address too. Strangers with many addresses can still use
//   up a member's codes for the hour, so the pages point to the way no visitor can block: /dangnhap
//   in the member's own chat with the bot gives a one-time link (usecases/login-link.ts). The link
//   opens a page with one button (a link preview that fetches the page logs nobody in); the press
//   uses the token, once, and logs that member in, whatever was typed on the login page.
// - The session cookie holds 32 random bytes; WebSession stores only their hash, with a CSRF
//   token checked on every POST (synchronizer token in a hidden field). The login forms, which
//   have no session yet, use a double-submit token in a separate cookie. A change of the member's
//   role, status or cell ends the member's sessions (a database trigger, whoever makes the change).
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { audit } from "../../db/audit.ts";
import { resolveTarget } from "../../db/deliveries.ts";
import {
  createSession,
  deleteSession,
  findLoginCandidates,
  issueLoginCode,
  loadSession,
  LOGIN_CODE_MAX_TRIES,
  LOGIN_CODE_TTL_MS,
  SESSION_TTL_MS,
  verifyLoginCode,
  type VerifyResult,
} from "../../db/dashboard-auth.ts";
import { loadScope, type DashboardScope } from "../../db/dashboard-data.ts";
import { dashboardMsg } from "../../messages/dashboard.ts";
import { html } from "./html.ts";
import { BASE, page } from "./layout.ts";
import { HttpError, field, query, sendHtml, setSigned, signed, type DashboardDeps } from "./context.ts";
import { answerNoSoonerThan, type LoginLimits } from "./login-limits.ts";
import { cleanShortText } from "../../domain/text.ts";
import { consumeLoginLink, peekLoginLink } from "../../db/login-links.ts";
import { LOGIN_LINK_PATH } from "../../usecases/login-link.ts";

export const SESSION_COOKIE = "chibo_sid";
export const PRE_COOKIE = "chibo_pre";
export const TICKET_COOKIE = "chibo_login";
const LOGIN_PATH = `${BASE}/login`;

/** Routes that read a multipart form and check its _csrf field themselves (after reading it). */
export const MULTIPART_ROUTES = new Set([`${BASE}/cells/:cellId/members/import`]);

/** Routes anyone may open. */
export const PUBLIC_ROUTES = new Set([LOGIN_PATH, `${LOGIN_PATH}/code`, LOGIN_LINK_PATH, `${BASE}/static/style.css`, `${BASE}/static/app.js`]);

export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

function cookieBase(deps: DashboardDeps, path: string) {
  return { path, httpOnly: true, sameSite: "lax" as const, secure: deps.secureCookies };
}

const cookie = (request: FastifyRequest, name: string): string => request.cookies[name] ?? "";

/** The login forms' token: the cookie's value, created on first visit. */
function preToken(deps: DashboardDeps, request: FastifyRequest, reply: FastifyReply): string {
  const existing = cookie(request, PRE_COOKIE);
  if (/^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString("base64url");
  reply.setCookie(PRE_COOKIE, token, { ...cookieBase(deps, LOGIN_PATH), maxAge: 24 * 3600 });
  return token;
}

function checkPreToken(request: FastifyRequest): void {
  if (!sameToken(field(request.body, "_csrf"), cookie(request, PRE_COOKIE))) throw new HttpError(403, "csrf");
}

const LOGIN_NOTICES: Record<string, string> = {
  "logged-out": dashboardMsg.loggedOut(),
  "session-expired": dashboardMsg.sessionExpired(),
  "no-ticket": dashboardMsg.codeNoTicket(),
};

function loginPage(o: { token: string; value?: string; notice?: string | undefined; error?: string }): string {
  return page({
    title: "Đăng nhập",
    body: html`
<section class="card narrow">
  ${o.notice ? html`<p class="flash ok" role="status">${o.notice}</p>` : ""}
  ${o.error ? html`<p class="flash error" role="alert">${o.error}</p>` : ""}
  <p>${dashboardMsg.loginIntro()}</p>
  <form method="post" action="${LOGIN_PATH}" class="stack">
    <input type="hidden" name="_csrf" value="${o.token}">
    <label for="who">Họ tên hoặc số điện thoại</label>
    <input id="who" name="who" type="text" autocomplete="username" required maxlength="120" value="${o.value ?? ""}" placeholder="Nguyễn Văn Hùng hoặc 0912…">
    <button type="submit" class="primary">Nhận mã qua bot</button>
  </form>
  <p class="muted">${dashboardMsg.loginWhoMay()}</p>
</section>`,
  });
}

function codePage(o: { token: string; error?: string; ended?: boolean }): string {
  return page({
    title: "Nhập mã đăng nhập",
    body: html`
<section class="card narrow">
  ${o.error ? html`<p class="flash error" role="alert">${o.error}</p>` : html`<p class="flash ok" role="status">${dashboardMsg.codeSent()}</p>`}
  ${
    o.ended
      ? html`<p><a class="button primary" href="${LOGIN_PATH}">Xin mã mới</a></p>`
      : html`<form method="post" action="${LOGIN_PATH}/code" class="stack">
    <input type="hidden" name="_csrf" value="${o.token}">
    <label for="code">Mã 6 số bot vừa gửi</label>
    <input id="code" name="code" class="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" maxlength="7" required autofocus>
    <button type="submit" class="primary">Đăng nhập</button>
  </form>`
  }
  <p class="muted">${dashboardMsg.codeNotArriving()}</p>
  <p class="muted">${dashboardMsg.loginFromChat()}</p>
  <p><a href="${LOGIN_PATH}">← Gõ lại họ tên hoặc số điện thoại</a></p>
</section>`,
  });
}

function tooManyPage(minutes: number): string {
  return page({
    title: "Đăng nhập",
    body: html`
<section class="card narrow">
  <p class="flash error" role="alert">${dashboardMsg.loginTooMany(minutes)}</p>
  <p>${dashboardMsg.loginFromChat()}</p>
  <p><a class="button" href="${LOGIN_PATH}">Về trang đăng nhập</a></p>
</section>`,
  });
}

function linkPage(o: { token: string; link?: string; fullName?: string }): string {
  return page({
    title: "Đăng nhập",
    body: html`
<section class="card narrow">
  ${
    o.fullName !== undefined && o.link !== undefined
      ? html`<p>${dashboardMsg.linkConfirm(o.fullName)}</p>
  <form method="post" action="${LOGIN_LINK_PATH}" class="stack">
    <input type="hidden" name="_csrf" value="${o.token}">
    <input type="hidden" name="t" value="${o.link}">
    <button type="submit" class="primary">Đăng nhập</button>
  </form>`
      : html`<p class="flash error" role="alert">${dashboardMsg.linkUsed()}</p>
  <p><a class="button" href="${LOGIN_PATH}">Về trang đăng nhập</a></p>`
  }
</section>`,
  });
}

export function registerAuth(app: FastifyInstance, deps: DashboardDeps, limits: LoginLimits): void {
  const { db } = deps;
  const decoyKey = (ticket: string) => `${deps.redisPrefix}:dash-login:${ticket}`;

  // Every non-public route: a live session whose member still may use the dashboard.
  app.addHook("onRequest", async (request, reply) => {
    const route = request.routeOptions.url;
    if (route === undefined || PUBLIC_ROUTES.has(route)) return;
    const sessionId = cookie(request, SESSION_COOKIE);
    const session = sessionId ? await loadSession(db, sessionId, deps.now()) : null;
    const scope = session ? await loadScope(db, session.memberId) : null;
    if (!session || !scope) {
      if (sessionId) reply.clearCookie(SESSION_COOKIE, cookieBase(deps, BASE));
      return reply.redirect(`${LOGIN_PATH}${sessionId ? "?m=session-expired" : ""}`, 303);
    }
    setSigned(request, { sessionId, csrfToken: session.csrfToken, scope });
  });

  // Every POST with a session: the hidden _csrf field must be the session's token. Multipart
  // uploads check it themselves once the form is read (the field precedes the file).
  app.addHook("preHandler", async (request) => {
    if (request.method !== "POST") return;
    const route = request.routeOptions.url;
    if (route === undefined || PUBLIC_ROUTES.has(route) || MULTIPART_ROUTES.has(route)) return;
    checkCsrf(request);
  });

  /** Logged in: a new session for the scope's member, audited; the browser's code ticket is over. */
  const startSession = async (reply: FastifyReply, scope: DashboardScope, now: Date, detail?: Record<string, unknown>) => {
    const memberId = scope.member.id;
    const session = await createSession(db, memberId, now);
    await audit(db, {
      actorId: memberId,
      unitId: scope.cells[0]?.id ?? scope.committees[0]?.id ?? null,
      action: "dashboard.login",
      targetType: "Member",
      targetId: memberId,
      ...(detail ? { detail } : {}),
    });
    reply.clearCookie(TICKET_COOKIE, cookieBase(deps, LOGIN_PATH));
    reply.setCookie(SESSION_COOKIE, session.sessionId, { ...cookieBase(deps, BASE), maxAge: SESSION_TTL_MS / 1000 });
    return reply.redirect(`${BASE}?ok=logged-in`, 303);
  };

  app.get("/login", async (request, reply) => {
    const token = preToken(deps, request, reply);
    return sendHtml(reply, loginPage({ token, notice: LOGIN_NOTICES[query(request, "m")] }));
  });

  /** True when a limit is reached and the 429 page was sent. (A reply is thenable: not returned through an await.) */
  const limited = async (check: LoginLimits["login"], request: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    const result = await check(request);
    if (!result.limited) return false;
    reply.header("retry-after", String(result.retryAfterSeconds));
    sendHtml(reply, tooManyPage(Math.max(1, Math.ceil(result.retryAfterSeconds / 60))), 429);
    return true;
  };

  app.post("/login", async (request, reply) => {
    const startedAt = performance.now();
    if (await limited(limits.login, request, reply)) return reply;
    checkPreToken(request);
    const token = cookie(request, PRE_COOKIE);
    const who = cleanShortText(field(request.body, "who"));
    if (!who) return sendHtml(reply, loginPage({ token, error: dashboardMsg.loginEmpty() }), 400);
    const now = deps.now();
    let ticket: string | null = null;
    const candidates = await findLoginCandidates(db, who);
    const member = candidates.length === 1 ? candidates[0]! : undefined;
    if (member && (await resolveTarget(db, member.id))) {
      const issued = (await limits.clientMayAsk(member.id, request))
        ? await issueLoginCode(db, member.id, now, cookie(request, TICKET_COOKIE) || undefined)
        : ({ kind: "refused", reason: "CLIENT_SHARE" } as const);
      if (issued.kind === "kept") {
        ticket = issued.ticket;
      } else if (issued.kind === "sent") {
        ticket = issued.ticket;
        await limits.countClientCode(member.id, request);
        const delivery = await deps.deliver({
          purpose: "login-code",
          dedupeKey: `login-code:${issued.ticket}`,
          memberId: member.id,
          message: { kind: "text", text: dashboardMsg.loginCode({ fullName: member.fullName, code: issued.code }) },
        });
        // The visitor is anonymous until the code is typed: the row names the member as target only.
        await audit(db, {
          actorId: null,
          unitId: null,
          action: "dashboard.login-code",
          targetType: "Member",
          targetId: member.id,
          detail: { loginCodeId: issued.ticket, deliveryId: delivery.id, status: delivery.status },
        });
      } else {
        // Too soon after another browser's code, too many this hour, or this client's share of
        // the member's codes used up: a decoy, exactly as for an unknown name.
        request.log.info({ reason: issued.reason }, "login code not sent");
      }
    } else {
      request.log.info({ candidates: candidates.length, linked: member ? false : undefined }, "login code not sent");
    }
    if (!ticket) {
      ticket = randomUUID();
      await deps.redis.set(decoyKey(ticket), "0", "PX", LOGIN_CODE_TTL_MS);
    }
    reply.setCookie(TICKET_COOKIE, ticket, { ...cookieBase(deps, LOGIN_PATH), maxAge: LOGIN_CODE_TTL_MS / 1000 });
    await answerNoSoonerThan(startedAt);
    return reply.redirect(`${LOGIN_PATH}/code`, 303);
  });

  app.get("/login/code", async (request, reply) => {
    const token = preToken(deps, request, reply);
    if (!cookie(request, TICKET_COOKIE)) return reply.redirect(`${LOGIN_PATH}?m=no-ticket`, 303);
    return sendHtml(reply, codePage({ token }));
  });

  app.post("/login/code", async (request, reply) => {
    if (await limited(limits.code, request, reply)) return reply;
    checkPreToken(request);
    const token = cookie(request, PRE_COOKIE);
    const ticket = cookie(request, TICKET_COOKIE);
    if (!ticket) return reply.redirect(`${LOGIN_PATH}?m=no-ticket`, 303);
    const now = deps.now();
    const code = field(request.body, "code");
    let result: VerifyResult;
    const decoy = await deps.redis.get(decoyKey(ticket));
    if (decoy !== null) {
      const tries = await deps.redis.incr(decoyKey(ticket));
      const left = LOGIN_CODE_MAX_TRIES - tries;
      result =
        tries > LOGIN_CODE_MAX_TRIES
          ? { ok: false, reason: "LOCKED", triesLeft: 0 }
          : { ok: false, reason: left <= 0 ? "LOCKED" : "WRONG", triesLeft: Math.max(0, left) };
    } else {
      result = await verifyLoginCode(db, ticket, code, now);
    }
    if (!result.ok) {
      const ended = result.reason !== "WRONG";
      if (ended) reply.clearCookie(TICKET_COOKIE, cookieBase(deps, LOGIN_PATH));
      const error =
        result.reason === "WRONG"
          ? dashboardMsg.codeWrong(result.triesLeft)
          : result.reason === "LOCKED"
            ? dashboardMsg.codeLocked()
            : dashboardMsg.codeExpired();
      return sendHtml(reply, codePage({ token, error, ended }), 401);
    }
    const scope = await loadScope(db, result.memberId);
    if (!scope) {
      reply.clearCookie(TICKET_COOKIE, cookieBase(deps, LOGIN_PATH));
      return sendHtml(reply, codePage({ token, error: dashboardMsg.codeExpired(), ended: true }), 401);
    }
    await limits.clearClientCodes(result.memberId, request);
    return startSession(reply, scope, now);
  });

  // The chat's one-time link. GET only shows whose link it is and a button: a link preview or a
  // prefetch uses nothing. A valid token is never rate-limited (it cannot be guessed, and a limit
  // would let strangers on the member's network block it); an invalid one counts per address.
  const linkRefused = async (request: FastifyRequest, reply: FastifyReply, token: string): Promise<FastifyReply> => {
    if (await limited(limits.link, request, reply)) return reply;
    return sendHtml(reply, linkPage({ token }), 401);
  };

  app.get("/login/link", async (request, reply) => {
    const token = preToken(deps, request, reply);
    reply.header("referrer-policy", "no-referrer");
    const link = query(request, "t");
    const owner = await peekLoginLink(db, link, deps.now());
    if (!owner || !(await loadScope(db, owner.memberId))) return linkRefused(request, reply, token);
    return sendHtml(reply, linkPage({ token, link, fullName: owner.fullName }));
  });

  app.post("/login/link", async (request, reply) => {
    checkPreToken(request);
    const token = cookie(request, PRE_COOKIE);
    reply.header("referrer-policy", "no-referrer");
    const now = deps.now();
    const memberId = await consumeLoginLink(db, field(request.body, "t"), now);
    // Still allowed now (a demotion since the link was given ends it too).
    const scope = memberId ? await loadScope(db, memberId) : null;
    if (!memberId || !scope) return linkRefused(request, reply, token);
    return startSession(reply, scope, now, { via: "chat-link" });
  });

  app.post("/logout", async (request, reply) => {
    const sessionId = cookie(request, SESSION_COOKIE);
    const { scope } = signed(request);
    await deleteSession(db, sessionId);
    await audit(db, { actorId: scope.member.id, unitId: null, action: "dashboard.logout", targetType: "Member", targetId: scope.member.id });
    reply.clearCookie(SESSION_COOKIE, cookieBase(deps, BASE));
    return reply.redirect(`${LOGIN_PATH}?m=logged-out`, 303);
  });
}

/** The synchronizer token check of a session POST (also called by multipart routes). */
export function checkCsrf(request: FastifyRequest, token?: string): void {
  if (!sameToken(token ?? field(request.body, "_csrf"), signed(request).csrfToken)) throw new HttpError(403, "csrf");
}
