// One-time dashboard login links asked for in the chat (/dangnhap). The token is 32 random bytes in
// the link; only its SHA-256 is stored, so a copy of the database opens nothing. A link works once,
// for a few minutes, and only for the member whose chat asked for it.
import { createHash, randomBytes } from "node:crypto";
import type { Db } from "./client.ts";

export const LOGIN_LINK_TTL_MS = 5 * 60_000;
/** Links a member may ask for in an hour: only the member's own chat can ask, so no one else uses them up. */
export const LOGIN_LINKS_PER_HOUR = 5;

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function hashLoginLinkToken(token: string): string {
  return createHash("sha256").update(`chibo-login-link:${token}`).digest("hex");
}

/** The member's links of the last hour, newest first. */
export async function recentLoginLinks(db: Db, memberId: string, now: Date): Promise<Date[]> {
  const rows = await db.loginLink.findMany({
    where: { memberId, createdAt: { gt: new Date(now.getTime() - 60 * 60_000) } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  return rows.map((r) => r.createdAt);
}

/** A new link token for the member; the member's earlier unused links end with it. */
export async function createLoginLink(db: Db, memberId: string, now: Date): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + LOGIN_LINK_TTL_MS);
  await db.$transaction([
    db.loginLink.updateMany({ where: { memberId, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } }),
    db.loginLink.create({ data: { id: hashLoginLinkToken(token), memberId, expiresAt, createdAt: now } }),
  ]);
  return { token, expiresAt };
}

/** The member a live, unused token belongs to (for the confirmation page; the token stays unused). */
export async function peekLoginLink(db: Db, token: string, now: Date): Promise<{ memberId: string; fullName: string } | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const row = await db.loginLink.findUnique({ where: { id: hashLoginLinkToken(token) } });
  if (!row || row.usedAt || row.expiresAt <= now) return null;
  const member = await db.member.findUnique({ where: { id: row.memberId }, select: { id: true, fullName: true } });
  return member ? { memberId: member.id, fullName: member.fullName } : null;
}

/** Uses the token: the member it belongs to, once (a conditional update, so two requests cannot both win). */
export async function consumeLoginLink(db: Db, token: string, now: Date): Promise<string | null> {
  if (!TOKEN_SHAPE.test(token)) return null;
  const id = hashLoginLinkToken(token);
  const used = await db.loginLink.updateMany({ where: { id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
  if (used.count !== 1) return null;
  return (await db.loginLink.findUnique({ where: { id }, select: { memberId: true } }))?.memberId ?? null;
}
