// Invite codes (stored hashed) and the wrong-code lockout.
import { randomBytes } from "node:crypto";
import type { Db } from "./client.ts";
import type { Platform } from "../channels/types.ts";
import { CODE_TTL_DAYS, hashInviteCode, LOCKOUT_ATTEMPTS, LOCKOUT_WINDOW_MS, makeInviteCode } from "../domain/invite-code.ts";

export { LOCKOUT_ATTEMPTS, LOCKOUT_WINDOW_MS };

/**
 * A new code for the member; the member's older unused codes stop working at once, so only the
 * code the secretary handed out last can link (a code sent to the wrong person is undone by
 * making a new one). Revoked codes end as expired: the member is told to use the newest code.
 */
export async function createInvite(db: Db, memberId: string, createdById: string | null, now: Date): Promise<{ code: string; expiresAt: Date }> {
  const code = makeInviteCode(randomBytes(16));
  const expiresAt = new Date(now.getTime() + CODE_TTL_DAYS * 86_400_000);
  await db.$transaction([revokeQuery(db, memberId, now), db.inviteCode.create({ data: { codeHash: hashInviteCode(code), memberId, createdById, expiresAt } })]);
  return { code, expiresAt };
}

const revokeQuery = (db: Pick<Db, "inviteCode">, memberId: string, now: Date) =>
  db.inviteCode.updateMany({ where: { memberId, usedAt: null, expiresAt: { gt: now } }, data: { expiresAt: now } });

export type RedeemResult =
  | { ok: true; memberId: string; identityId: string; alreadyLinked: boolean }
  | { ok: false; reason: "INVALID" | "USED" | "EXPIRED" | "LOCKED" | "OTHER_MEMBER" };

export async function isLockedOut(db: Db, platform: Platform, chatId: string, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - LOCKOUT_WINDOW_MS);
  const failures = await db.linkAttempt.count({ where: { platform, chatId, createdAt: { gte: since } } });
  return failures >= LOCKOUT_ATTEMPTS;
}

async function recordFailure(db: Db, platform: Platform, chatId: string, now: Date): Promise<void> {
  await db.linkAttempt.create({ data: { platform, chatId, createdAt: now } });
}

/**
 * Redeem a code for a chat account. The code is claimed with a conditional update, so two
 * concurrent redemptions of one code cannot both succeed.
 */
export async function redeemInvite(
  db: Db,
  input: { code: string | null; platform: Platform; userId: string; chatId: string; displayName?: string; now: Date },
): Promise<RedeemResult> {
  const { platform, chatId, now } = input;
  if (await isLockedOut(db, platform, chatId, now)) return { ok: false, reason: "LOCKED" };
  const invite = input.code ? await db.inviteCode.findUnique({ where: { codeHash: hashInviteCode(input.code) } }) : null;
  const failure = !invite ? "INVALID" : invite.usedAt ? "USED" : invite.expiresAt <= now ? "EXPIRED" : null;
  if (!invite || failure) {
    // Every kind of failure counts the same; the one that reaches the limit says so.
    await recordFailure(db, platform, chatId, now);
    return { ok: false, reason: (await isLockedOut(db, platform, chatId, now)) ? "LOCKED" : (failure ?? "INVALID") };
  }
  return db.$transaction(async (tx) => {
    const existing = await tx.identity.findUnique({ where: { platform_externalUserId: { platform, externalUserId: input.userId } } });
    if (existing && existing.memberId !== invite.memberId) return { ok: false as const, reason: "OTHER_MEMBER" as const };
    const claimed = await tx.inviteCode.updateMany({ where: { id: invite.id, usedAt: null }, data: { usedAt: now } });
    if (claimed.count === 0) return { ok: false as const, reason: "USED" as const };
    const identity = existing
      ? await tx.identity.update({ where: { id: existing.id }, data: { chatId, reachable: true, blockedAt: null, displayName: input.displayName ?? null } })
      : await tx.identity.create({
          data: { platform, externalUserId: input.userId, chatId, memberId: invite.memberId, displayName: input.displayName ?? null, linkedAt: now },
        });
    await tx.inviteCode.update({ where: { id: invite.id }, data: { usedByIdentityId: identity.id } });
    // Linked: the member's other codes (another channel's, an older one) have done their job.
    await revokeQuery(tx, invite.memberId, now);
    return { ok: true as const, memberId: invite.memberId, identityId: identity.id, alreadyLinked: Boolean(existing) };
  });
}
