// The web dashboard (trang quản lý) of the web role: server-rendered Vietnamese pages under
// /dashboard for the chi ủy of each cell and for supervisors of a party committee.
//
// Scope: a chi ủy member (SECRETARY, DEPUTY_SECRETARY, COMMITTEE of a CELL) sees their own cell,
// names included; a supervisor (UnitAccess) sees the roll-up of the committees in their subtree —
// numbers per cell, never member names — and no cell pages (those answer 404, like any unit
// outside the session's scope). Only the secretary and deputy add/move/cancel meetings, send
// notices, create invites and import members, as in the chat.
import { readFileSync } from "node:fs";
import cookie from "@fastify/cookie";
import formbody from "@fastify/formbody";
import multipart from "@fastify/multipart";
import type { FastifyError, FastifyInstance } from "fastify";
import type { WebDeps } from "../server.ts";
import { html } from "./html.ts";
import { BASE, page } from "./layout.ts";
import { HttpError, sendHtml, type DashboardDeps } from "./context.ts";
import { registerAuth } from "./auth.ts";
import { registerLoginLimits } from "./login-limits.ts";
import { registerHome } from "./pages/home.ts";
import { registerOverview } from "./pages/overview.ts";
import { registerMembers } from "./pages/members.ts";
import { registerRegistrations } from "./pages/registrations.ts";
import { registerAssessments } from "./pages/assessments.ts";
import { registerMeetings } from "./pages/meetings.ts";
import { registerMeetingRule } from "./pages/meeting-rule.ts";
import { registerDigests } from "./pages/digests.ts";
import { registerBroadcasts } from "./pages/broadcasts.ts";
import { registerRollup } from "./pages/rollup.ts";
import { registerExportRoutes } from "./export-routes.ts";
import { dashboardMsg } from "../../messages/dashboard.ts";
import { createNotifier } from "../../usecases/notifier.ts";

const STYLE = readFileSync(new URL("./static/style.css", import.meta.url), "utf8");
const SCRIPT = readFileSync(new URL("./static/app.js", import.meta.url), "utf8");

const SECURITY_HEADERS: Record<string, string> = {
  "content-security-policy":
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'",
  "x-frame-options": "DENY",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
};

function errorPage(title: string, text: string): string {
  return page({ title, body: html`<section class="card"><p>${text}</p><p><a class="button" href="${BASE}">Về trang chính</a></p></section>` });
}

/** Registers the dashboard on the web server; off (with a log line) when the app gives no delivery path. */
export function registerDashboard(app: FastifyInstance, web: WebDeps): void {
  if (!web.deliver || !web.config) {
    web.log.info("dashboard not registered: no delivery queue or configuration given to the web server");
    return;
  }
  const quietHours = { start: web.config.quietHoursStart, end: web.config.quietHoursEnd };
  const deps: DashboardDeps = {
    db: web.db,
    redis: web.redis,
    log: web.log,
    deliver: web.deliver,
    notifier: createNotifier({ db: web.db, log: web.log, quietHours, port: { deliver: web.deliver } }),
    now: web.now ?? (() => new Date()),
    secureCookies: web.config.PUBLIC_URL.startsWith("https://"),
    redisPrefix: web.config.QUEUE_PREFIX,
    quietHours,
    loginLimits: { perIp: web.config.LOGIN_LIMIT_PER_IP, global: web.config.LOGIN_LIMIT_GLOBAL },
    telegramBotUsername: telegramUsername(web),
    documents: { place: web.config.DOCUMENT_PLACE ?? null, yearEndForm: web.config.YEAR_END_FORM },
  };

  // The public URL (what the digests link to) opens the dashboard.
  app.get("/", async (_request, reply) => reply.redirect(BASE, 302));

  app.register(
    async (instance) => {
      await instance.register(cookie);
      await instance.register(formbody, { bodyLimit: 64 * 1024 });
      await instance.register(multipart, { limits: { fileSize: 2 * 1024 * 1024, files: 1, fields: 5 } });

      instance.addHook("onSend", async (_request, reply, payload) => {
        // A route may be stricter (the chat login link page sends no referrer at all).
        for (const [k, v] of Object.entries(SECURITY_HEADERS)) if (!reply.hasHeader(k)) reply.header(k, v);
        return payload;
      });

      instance.get("/static/style.css", async (_request, reply) =>
        reply.type("text/css; charset=utf-8").header("cache-control", "public, max-age=3600").send(STYLE),
      );
      instance.get("/static/app.js", async (_request, reply) =>
        reply.type("text/javascript; charset=utf-8").header("cache-control", "public, max-age=3600").send(SCRIPT),
      );

      registerAuth(instance, deps, await registerLoginLimits(instance, deps));
      registerHome(instance);
      registerOverview(instance, deps);
      registerMembers(instance, deps);
      registerRegistrations(instance, deps);
      registerAssessments(instance, deps);
      registerMeetings(instance, deps);
      registerMeetingRule(instance, deps);
      registerDigests(instance, deps);
      registerBroadcasts(instance, deps);
      registerRollup(instance, deps);
      registerExportRoutes(instance, deps);

      instance.setNotFoundHandler(async (_request, reply) => sendHtml(reply, errorPage("Không tìm thấy", dashboardMsg.notFound()), 404));
      instance.setErrorHandler(async (error: FastifyError | HttpError, request, reply) => {
        if (error instanceof HttpError) {
          if (error.status === 404) return sendHtml(reply, errorPage("Không tìm thấy", dashboardMsg.notFound()), 404);
          const text = error.reason === "csrf" ? dashboardMsg.csrf() : dashboardMsg.secretaryOnly();
          return sendHtml(reply, errorPage("Không thực hiện được", text), 403);
        }
        const status = typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
        if (status === 500) request.log.error({ err: error }, "dashboard error");
        else request.log.info({ err: error.message, status }, "dashboard request refused");
        const text = status === 413 ? "Tệp hoặc nội dung quá lớn (tối đa 2 MB)." : status === 500 ? dashboardMsg.error() : dashboardMsg.csrf();
        return sendHtml(reply, errorPage("Không thực hiện được", text), status);
      });
    },
    { prefix: BASE },
  );
}

/** The bot's @username for invite links: configured, else asked from the Telegram adapter (once, 2 s at most). */
function telegramUsername(web: WebDeps): () => Promise<string | undefined> {
  let cached: Promise<string | undefined> | undefined;
  return () => {
    if (web.config?.TELEGRAM_BOT_USERNAME) return Promise.resolve(web.config.TELEGRAM_BOT_USERNAME);
    const adapter = web.adapters.find((a) => a.platform === "TELEGRAM") as { botUsername?: () => Promise<string> } | undefined;
    if (!adapter?.botUsername) return Promise.resolve(undefined);
    cached ??= Promise.race([
      adapter.botUsername().catch(() => undefined),
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 2000).unref()),
    ]);
    return cached;
  };
}
