// Chat identities (a member's Telegram/Zalo/local account) and linking.
import { Prisma, type Db, type Identity, type Member, type Unit } from "./client.ts";
import type { Platform } from "../channels/types.ts";

export type IdentityWithMember = Identity & { member: Member & { unit: Unit } };

/** The keys of T that hold dates: to_jsonb gives them as text, revived below. */
type DateKeys<T> = { [K in keyof T]-?: NonNullable<T[K]> extends Date ? K : never }[keyof T];
const IDENTITY_DATES = ["blockedAt", "linkedAt", "createdAt", "updatedAt"] as const satisfies readonly DateKeys<Identity>[];
const MEMBER_DATES = ["createdAt", "updatedAt"] as const satisfies readonly DateKeys<Member>[];
const UNIT_DATES = ["createdAt", "updatedAt"] as const satisfies readonly DateKeys<Unit>[];
// A DateTime column added to one of these models fails the type check here until it is listed.
type Unlisted<T, Listed extends readonly string[]> = Exclude<DateKeys<T>, Listed[number]>;
type AllListed<T, Listed extends readonly string[]> = [Unlisted<T, Listed>] extends [never] ? true : Unlisted<T, Listed>;
const allDatesListed: [AllListed<Identity, typeof IDENTITY_DATES>, AllListed<Member, typeof MEMBER_DATES>, AllListed<Unit, typeof UNIT_DATES>] = [
  true,
  true,
  true,
];
void allDatesListed;

function revive<T>(row: Record<string, unknown>, keys: readonly string[]): T {
  // timestamp(3) columns hold UTC without a zone.
  for (const key of keys) if (typeof row[key] === "string") row[key] = new Date(`${row[key]}Z`);
  return row as T;
}

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
  const unit = revive<Unit>(row.unit, UNIT_DATES);
  const member = revive<Member>(row.member, MEMBER_DATES);
  return { ...revive<Identity>(row.identity, IDENTITY_DATES), member: { ...member, unit } };
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
