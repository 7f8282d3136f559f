// What every dashboard route needs: dependencies, the signed-in member of a request, and the
// scope checks that turn another cell's id into a 404.
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Redis } from "ioredis";
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../log.ts";
import type { NewDelivery } from "../../db/deliveries.ts";
import type { DashboardScope, ScopeUnit } from "../../db/dashboard-data.ts";
import type { QuietHours } from "../../domain/reminders.ts";
import { inZone } from "../../domain/dates.ts";
import { cleanLongText } from "../../domain/text.ts";
import type { Notifier } from "../../usecases/notifier.ts";
import type { UseCaseDeps } from "../../usecases/types.ts";

export type Deliver = (input: NewDelivery) => Promise<{ id: string; created: boolean; status: string }>;

export interface DashboardDeps {
  db: Db;
  redis: Redis;
  log: Logger;
  deliver: Deliver;
  /** Every message a dashboard decision causes goes through this (quiet hours from config). */
  notifier: Notifier;
  now: () => Date;
  /** Cookies get Secure when the public URL is https. */
  secureCookies: boolean;
  /** Key prefix in Redis (the queue prefix): short-lived login state lives under it. */
  redisPrefix: string;
  quietHours: QuietHours;
  /** Dashboard login limits (LOGIN_LIMIT_PER_IP per 15 minutes, LOGIN_LIMIT_GLOBAL per minute). */
  loginLimits: { perIp: number; global: number };
  /** The Telegram bot's @username for invite deep links, when known. */
  telegramBotUsername: () => Promise<string | undefined>;
  /** What the exported documents need from the configuration (DOCUMENT_PLACE, YEAR_END_FORM). */
  documents: { place: string | null; yearEndForm: string };
}

/** The use cases' dependencies for one request, at one moment. */
export function useCaseDeps(deps: DashboardDeps): UseCaseDeps {
  return { db: deps.db, notifier: deps.notifier, now: deps.now() };
}

/** "?ok=key.N.M": a fixed notice with the counts of members reached (N) and not reached (M). */
export function counted(key: string, report: { reachable: unknown[]; unreachable: unknown[] }): string {
  return `${key}.${report.reachable.length}.${report.unreachable.length}`;
}

export interface Signed {
  sessionId: string;
  csrfToken: string;
  scope: DashboardScope;
}

const signedIn = new WeakMap<FastifyRequest, Signed>();

export function setSigned(request: FastifyRequest, signed: Signed): void {
  signedIn.set(request, signed);
}

/** The signed-in member; the auth hook guarantees one on every non-public route. */
export function signed(request: FastifyRequest): Signed {
  const s = signedIn.get(request);
  if (!s) throw new HttpError(404);
  return s;
}

export class HttpError extends Error {
  constructor(
    readonly status: 403 | 404,
    readonly reason?: "csrf" | "secretary-only",
  ) {
    super(`HTTP ${status}${reason ? ` ${reason}` : ""}`);
  }
}

/** A cell the member's chi ủy role covers, else 404 (whether or not the cell exists). */
export function cellOf(request: FastifyRequest, cellId: string): ScopeUnit & { canManage: boolean } {
  const cell = signed(request).scope.cells.find((c) => c.id === cellId);
  if (!cell) throw new HttpError(404);
  return cell;
}

/** Same, for actions only the secretary or deputy may take (403 for the other chi ủy members). */
export function managedCellOf(request: FastifyRequest, cellId: string): ScopeUnit & { canManage: boolean } {
  const cell = cellOf(request, cellId);
  if (!cell.canManage) throw new HttpError(403, "secretary-only");
  return cell;
}

export function committeeOf(request: FastifyRequest, committeeId: string): ScopeUnit {
  const committee = signed(request).scope.committees.find((c) => c.id === committeeId);
  if (!committee) throw new HttpError(404);
  return committee;
}

/**
 * A form that acts (sends a notice, saves a comment, adds a meeting) runs once per rendering: the
 * form's one-time value is claimed in Redis, and the same form sent again (double click, a resend
 * on a slow connection) gets the first result's page instead of a second action. `work` returns
 * where to go; a form without the value (an old page) just runs.
 */
export async function onceOnly(deps: DashboardDeps, request: FastifyRequest, fallback: string, work: () => Promise<string>): Promise<string> {
  const once = field(request.body, "_once");
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(once)) return work();
  const key = `${deps.redisPrefix}:dash-once:${signed(request).sessionId.slice(0, 16)}:${once}`;
  const claimed = await deps.redis.set(key, "", "PX", ONCE_TTL_MS, "NX");
  if (claimed !== "OK") {
    const first = (await deps.redis.get(key)) || fallback;
    return `${first}${first.includes("?") ? "&" : "?"}ok=already-done`;
  }
  let location: string;
  try {
    location = await work();
  } catch (error) {
    await deps.redis.del(key);
    throw error;
  }
  // Remember where the first one went, without its notice and anchor.
  await deps.redis.set(
    key,
    location
      .replace(/#.*$/, "")
      .replace(/([?&])(ok|err)=[^&]*&?/g, "$1")
      .replace(/[?&]$/, ""),
    "PX",
    ONCE_TTL_MS,
  );
  return location;
}

const ONCE_TTL_MS = 24 * 60 * 60_000;

export type Body = Record<string, unknown>;

/**
 * A single text field of a urlencoded form ("" when missing or repeated), tidied (cleanLongText):
 * NFC, no NUL or other control characters but line breaks, nothing invisible (bidi overrides,
 * zero-width characters). Pages tidy short fields further (cleanShortText) and mask personal numbers.
 */
export function field(body: unknown, name: string): string {
  if (!body || typeof body !== "object") return "";
  const value = (body as Body)[name];
  return typeof value === "string" ? cleanLongText(value) : "";
}

export function param(request: FastifyRequest, name: string): string {
  const params = request.params as Record<string, string | undefined>;
  return params[name] ?? "";
}

export function query(request: FastifyRequest, name: string): string {
  const q = request.query as Record<string, unknown>;
  const v = q[name];
  return typeof v === "string" ? v : "";
}

/** ?year=2026 when sensible, else the current year in the zone. */
export function yearOf(request: FastifyRequest, now: Date, zone: string): number {
  const y = Number(query(request, "year"));
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : inZone(now, zone).year;
}

export function sendHtml(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply.status(status).header("cache-control", "no-store").type("text/html; charset=utf-8").send(body);
}

/** A download with a Vietnamese file name (ASCII fallback plus RFC 5987 UTF-8 name). */
export function sendFile(reply: FastifyReply, o: { filename: string; contentType: string; body: Buffer }): FastifyReply {
  const ascii = o.filename
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .replace(/[^A-Za-z0-9._-]+/g, "-");
  return reply
    .header("cache-control", "no-store")
    .header("content-disposition", `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(o.filename)}`)
    .type(o.contentType)
    .send(o.body);
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
