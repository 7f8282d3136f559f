// Chat identities (a member's Telegram/Zalo/local account) and linking.
import type { Db } from "./client.ts";
import type { Platform } from "../channels/types.ts";

export async function findIdentity(db: Db, platform: Platform, externalUserId: string) {
  return db.identity.findUnique({
    where: { platform_externalUserId: { platform, externalUserId } },
    include: { member: { include: { unit: true } } },
  });
}

export type IdentityWithMember = NonNullable<Awaited<ReturnType<typeof findIdentity>>>;

export async function markUnreachable(db: Db, platform: Platform, externalUserIdOrChatId: string, at: Date): Promise<number> {
  const result = await db.identity.updateMany({
    where: { platform, OR: [{ externalUserId: externalUserIdOrChatId }, { chatId: externalUserIdOrChatId }], reachable: true },
    data: { reachable: false, blockedAt: at },
  });
  return result.count;
}

/** The account refused a message (blocked the bot): not tried again until it writes to the bot. */
export async function markIdentityBlocked(db: Db, identityId: string, at: Date): Promise<void> {
  await db.identity.update({ where: { id: identityId }, data: { reachable: false, blockedAt: at } });
}

export async function markReachable(db: Db, identityId: string): Promise<void> {
  await db.identity.updateMany({ where: { id: identityId, reachable: false }, data: { reachable: true, blockedAt: null } });
}

/** The Zalo/Telegram platforms a member has linked (the local chat left out). */
export async function linkedPlatforms(db: Db, memberId: string): Promise<Platform[]> {
  const rows = await db.identity.findMany({ where: { memberId }, select: { platform: true } });
  return [...new Set(rows.map((i) => i.platform))].filter((p) => p !== "LOCAL");
}
