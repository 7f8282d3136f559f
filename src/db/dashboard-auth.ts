// Dashboard login without passwords: who may log in, one-time 6-digit codes (stored hashed, 10
// minutes, 5 tries) and 8-hour sessions. Codes and session ids are random; only their SHA-256
// hashes are stored, so a copy of the database opens no session.
import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from "node:crypto";
import type { Db } from "./client.ts";
import { fold } from "../domain/text.ts";
import { normalizePhone } from "../domain/member-row.ts";
import type { MemberRole } from "../domain/vocabulary.ts";

export const LOGIN_CODE_TTL_MS = 10 * 60_000;
export const LOGIN_CODE_MAX_TRIES = 5;
/** A second code is not sent within this time (the first may still be on its way). */
export const LOGIN_CODE_RESEND_MS = 60_000;
/**
 * At most this many codes per member per hour, whoever asks: the bot is not a spam cannon. The web
 * layer adds a smaller cap per member and client address, so one visitor cannot use them all up.
 */
export const LOGIN_CODES_PER_HOUR = 10;
export const SESSION_TTL_MS = 8 * 60 * 60_000;

/** Roles of the chi ủy: they may open their cell's pages. */
export const DASHBOARD_ROLES = ["SECRETARY", "DEPUTY_SECRETARY", "COMMITTEE"] as const satisfies readonly MemberRole[];

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export function hashLoginCode(ticket: string, code: string): string {
  return sha256(`chibo-login:${ticket}:${code}`);
}

export function hashSessionId(sessionId: string): string {
  return sha256(`chibo-session:${sessionId}`);
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A random 6-digit code, leading zeros kept ("004217"). */
export function makeLoginCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/**
 * The members a login name or phone number designates who may log in: ACTIVE/EXEMPT members of the
 * chi ủy of a cell, and supervisors (UnitAccess). A phone number matches exactly; a name matches
 * the whole name with or without diacritics ("nguyen van hung"), never a part of it.
 */
export async function findLoginCandidates(db: Db, input: string): Promise<{ id: string; fullName: string }[]> {
  const text = input.trim();
  if (!text || text.length > 120) return [];
  const phone = /^[+\d][\d\s.-]{6,}$/.test(text) ? normalizePhone(text) : null;
  const rows = await db.member.findMany({
    where: { status: { not: "LEFT" }, ...(phone ? { phone } : { searchName: fold(text) }) },
    select: { id: true, fullName: true, role: true, unit: { select: { kind: true } }, _count: { select: { accesses: true } } },
    take: 20,
  });
  return rows
    .filter((m) => m._count.accesses > 0 || (m.unit.kind === "CELL" && (DASHBOARD_ROLES as readonly string[]).includes(m.role)))
    .map((m) => ({ id: m.id, fullName: m.fullName }));
}

export type IssueResult =
  | { kind: "sent"; ticket: string; code: string }
  /** The browser's own ticket for this member, asked again too soon: it keeps it, nothing is sent. */
  | { kind: "kept"; ticket: string }
  /** Too soon after another browser's code, or too many this hour: the caller answers with a decoy. */
  | { kind: "refused"; reason: "TOO_SOON" | "TOO_MANY" };

/**
 * A new code for the member, on a new ticket (the LoginCode id, a random UUID) that only the
 * asking browser receives in a cookie: no other visitor ever gets it, so no one else can spend its
 * tries. `browserTicket` is the ticket the asking browser already holds, if any: within a minute it
 * keeps that one, and a new code ends it. Other browsers' tickets are left alone.
 */
export async function issueLoginCode(db: Db, memberId: string, now: Date, browserTicket?: string): Promise<IssueResult> {
  const recent = await db.loginCode.findMany({
    where: { memberId, createdAt: { gt: new Date(now.getTime() - 60 * 60_000) } },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, usedAt: true, expiresAt: true, tries: true },
  });
  const open = (c: (typeof recent)[number]) => !c.usedAt && c.expiresAt > now && c.tries < LOGIN_CODE_MAX_TRIES;
  const fresh = (c: (typeof recent)[number]) => now.getTime() - c.createdAt.getTime() < LOGIN_CODE_RESEND_MS;
  const own = browserTicket ? recent.find((c) => c.id === browserTicket) : undefined;
  if (own && open(own) && fresh(own)) return { kind: "kept", ticket: own.id };
  const latest = recent[0];
  if (latest && latest !== own && open(latest) && fresh(latest)) return { kind: "refused", reason: "TOO_SOON" };
  if (recent.length >= LOGIN_CODES_PER_HOUR) return { kind: "refused", reason: "TOO_MANY" };
  const ticket = randomUUID();
  const code = makeLoginCode();
  await db.$transaction([
    ...(own ? [db.loginCode.updateMany({ where: { id: own.id, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } })] : []),
    db.loginCode.create({
      data: { id: ticket, memberId, codeHash: hashLoginCode(ticket, code), expiresAt: new Date(now.getTime() + LOGIN_CODE_TTL_MS), createdAt: now },
    }),
  ]);
  return { kind: "sent", ticket, code };
}

export type VerifyResult = { ok: true; memberId: string } | { ok: false; reason: "WRONG" | "EXPIRED" | "LOCKED"; triesLeft: number };

/**
 * Checks a typed code against the ticket. Every attempt uses one of the 5 tries (counted with a
 * conditional update, so parallel guesses cannot exceed them); the right code is used once.
 */
export async function verifyLoginCode(db: Db, ticket: string, input: string, now: Date): Promise<VerifyResult> {
  const row = /^[0-9a-f-]{36}$/.test(ticket) ? await db.loginCode.findUnique({ where: { id: ticket } }) : null;
  if (!row) return { ok: false, reason: "EXPIRED", triesLeft: 0 };
  if (row.usedAt || row.expiresAt <= now) return { ok: false, reason: "EXPIRED", triesLeft: 0 };
  const counted = await db.loginCode.updateMany({
    where: { id: row.id, usedAt: null, expiresAt: { gt: now }, tries: { lt: LOGIN_CODE_MAX_TRIES } },
    data: { tries: { increment: 1 } },
  });
  if (counted.count !== 1) return { ok: false, reason: "LOCKED", triesLeft: 0 };
  const triesLeft = LOGIN_CODE_MAX_TRIES - (row.tries + 1);
  const code = input.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(code) || !sameHash(hashLoginCode(row.id, code), row.codeHash)) {
    return { ok: false, reason: triesLeft <= 0 ? "LOCKED" : "WRONG", triesLeft: Math.max(0, triesLeft) };
  }
  const used = await db.loginCode.updateMany({ where: { id: row.id, usedAt: null }, data: { usedAt: now } });
  if (used.count !== 1) return { ok: false, reason: "EXPIRED", triesLeft: 0 };
  return { ok: true, memberId: row.memberId };
}

export interface SessionRow {
  memberId: string;
  csrfToken: string;
  expiresAt: Date;
}

/** A new session: the cookie value is returned once; the row is keyed by its hash. */
export async function createSession(db: Db, memberId: string, now: Date): Promise<{ sessionId: string; csrfToken: string; expiresAt: Date }> {
  const sessionId = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.webSession.deleteMany({ where: { expiresAt: { lt: now } } });
  await db.webSession.create({ data: { id: hashSessionId(sessionId), memberId, csrfToken, expiresAt, createdAt: now } });
  return { sessionId, csrfToken, expiresAt };
}

export async function loadSession(db: Db, sessionId: string, now: Date): Promise<SessionRow | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(sessionId)) return null;
  const row = await db.webSession.findUnique({ where: { id: hashSessionId(sessionId) } });
  if (!row || row.expiresAt <= now) return null;
  return { memberId: row.memberId, csrfToken: row.csrfToken, expiresAt: row.expiresAt };
}

export async function deleteSession(db: Db, sessionId: string): Promise<void> {
  await db.webSession.deleteMany({ where: { id: hashSessionId(sessionId) } });
}
