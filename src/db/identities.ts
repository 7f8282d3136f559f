// Chat identities (a member's Telegram/Zalo/local account) and linking.
import { Prisma, type Db, type Identity, type Member, type Unit } from "./client.ts";
import type { Platform } from "../channels/types.ts";
import { jsonRow } from "./json-rows.ts";
import { requireKey } from "./guard.ts";

export type IdentityWithMember = Identity & { member: Member & { unit: Unit } };

const identityRow = jsonRow<Identity>()("blockedAt", "linkedAt", "createdAt", "updatedAt");
const memberRow = jsonRow<Member>()("createdAt", "updatedAt");
const unitRow = jsonRow<Unit>()("createdAt", "updatedAt");

/** The identity, its member and unit as JSON columns: revived by identityFromRow. */
export type IdentityColumns = { identity: Record<string, unknown>; member: Record<string, unknown>; unit: Record<string, unknown> };

/** The statement behind findIdentity, to join into another one (src/db/conversations.ts). */
export function identityQuery(platform: Platform, externalUserId: string): Prisma.Sql {
  return identityQueryFor(Prisma.sql`${platform}::"Platform"`, Prisma.sql`${externalUserId}`);
}

/**
 * identityQuery for platform and user given as SQL (columns of a lateral join). The row references
 * are written `alias.*` with aliases no caller uses: a bare `to_jsonb(i)` resolves to a column named
 * `i` of the enclosing query first (the batch's ordinality was one), which made the identity a number.
 */
export function identityQueryFor(platform: Prisma.Sql, externalUserId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT to_jsonb(who_i.*) AS "identity", to_jsonb(who_m.*) AS "member", to_jsonb(who_u.*) AS "unit"
    FROM "Identity" who_i JOIN "Member" who_m ON who_m."id" = who_i."memberId" JOIN "Unit" who_u ON who_u."id" = who_m."unitId"
    WHERE who_i."platform" = ${platform} AND who_i."externalUserId" = ${externalUserId}`;
}

export function identityFromRow(row: IdentityColumns): IdentityWithMember {
  const unit = unitRow(row.unit);
  const member = memberRow(row.member);
  return { ...identityRow(row.identity), member: { ...member, unit } };
}

/**
 * The identity with its member and unit: one statement (Prisma's include would be three).
 */
export async function findIdentity(db: Db, platform: Platform, externalUserId: string): Promise<IdentityWithMember | null> {
  const rows = await db.$queryRaw<IdentityColumns[]>(identityQuery(platform, externalUserId));
  const row = rows[0];
  return row ? identityFromRow(row) : null;
}

export async function markUnreachable(db: Db, platform: Platform, externalUserIdOrChatId: string, at: Date): Promise<number> {
  const id = requireKey("markUnreachable", "externalUserIdOrChatId", externalUserIdOrChatId);
  const result = await db.identity.updateMany({
    where: { platform: requireKey("markUnreachable", "platform", platform), OR: [{ externalUserId: id }, { chatId: id }], reachable: true },
    data: { reachable: false, blockedAt: at },
  });
  return result.count;
}

/** The account refused a message (blocked the bot): not tried again until it writes to the bot. */
export async function markIdentityBlocked(db: Db, identityId: string, at: Date): Promise<void> {
  await db.identity.update({ where: { id: identityId }, data: { reachable: false, blockedAt: at } });
}

export async function markReachable(db: Db, identityId: string): Promise<void> {
  await db.identity.updateMany({
    where: { id: requireKey("markReachable", "identityId", identityId), reachable: false },
    data: { reachable: true, blockedAt: null },
  });
}

/** The Zalo/Telegram platforms a member has linked (the local chat left out). */
export async function linkedPlatforms(db: Db, memberId: string): Promise<Platform[]> {
  const rows = await db.identity.findMany({ where: { memberId }, select: { platform: true } });
  return [...new Set(rows.map((i) => i.platform))].filter((p) => p !== "LOCAL");
}
