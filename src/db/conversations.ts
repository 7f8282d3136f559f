// Persisted conversation state: a restart in the middle of a flow resumes it.
import type { Platform } from "../channels/types.ts";
import { hotSql, Prisma, type Db } from "./client.ts";
import { requireKey } from "./guard.ts";
import { identityFromRow, identityQueryFor, type IdentityColumns, type IdentityWithMember } from "./identities.ts";

export interface StoredConversation {
  flow: string;
  step: string;
  /** The engine's envelope (flow data, version, offered choices); checked by the engine on load. */
  data: unknown;
  updatedAt: Date;
}

/**
 * Who is talking (their linked identity with member and unit) and the conversation state of this
 * chat: one statement, since every inbound message starts here.
 */
export async function loadSpeaker(
  db: Db,
  key: { platform: Platform; chatId: string; userId: string },
): Promise<{ identity: IdentityWithMember | null; conversation: StoredConversation | null }> {
  const rows = await hotSql<SpeakerRow>(
    db,
    Prisma.sql`SELECT sp.* FROM (SELECT 1) AS one LEFT JOIN LATERAL (${speakerQueryFor(Prisma.sql`${key.platform}`, Prisma.sql`${key.chatId}`, Prisma.sql`${key.userId}`)}) AS sp ON true`,
  );
  return speakerFromRow(rows[0]);
}

/**
 * The speaker's columns for a chat given as SQL (text expressions: a lateral join's columns, or
 * parameters), one row: to join into the statement that reads what comes with it (the inbox's lock
 * reads the speaker of each update it locks, src/db/inbox.ts).
 */
export function speakerQueryFor(platform: Prisma.Sql, chatId: Prisma.Sql, userId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    SELECT who."identity", who."member", who."unit", c."flow", c."step", c."data", to_jsonb(c."updatedAt") AS "updatedAt"
    FROM (SELECT 1) AS sp_one
    LEFT JOIN LATERAL (${identityQueryFor(Prisma.sql`(${platform})::"Platform"`, userId)}) AS who ON true
    LEFT JOIN "ConversationState" c ON c."platform" = (${platform})::"Platform" AND c."chatId" = ${chatId} AND c."userId" = ${userId}`;
}

/**
 * Both reads run on pg directly (hotSql), which would read the timestamp as local time: it comes as
 * the column's JSON text (UTC without a zone).
 */
export type SpeakerRow = Partial<IdentityColumns> & { flow: string | null; step: string | null; data: unknown; updatedAt: string | null };

export function speakerFromRow(row: SpeakerRow | undefined): { identity: IdentityWithMember | null; conversation: StoredConversation | null } {
  const identity = row?.identity && row.member && row.unit ? identityFromRow({ identity: row.identity, member: row.member, unit: row.unit }) : null;
  const conversation =
    row?.flow != null && row.step != null && row.updatedAt != null
      ? { flow: row.flow, step: row.step, data: row.data, updatedAt: new Date(`${row.updatedAt}Z`) }
      : null;
  return { identity, conversation };
}

export type Speaker = Awaited<ReturnType<typeof loadSpeaker>>;

export async function saveConversation(
  db: Db,
  key: { platform: Platform; chatId: string; userId: string },
  state: { flow: string; step: string; data: object },
  now: Date,
): Promise<void> {
  const data = state.data;
  // updatedAt comes from the engine's clock (not the database's), so idle expiry uses one clock.
  await db.conversationState.upsert({
    where: { platform_chatId_userId: key },
    create: { ...key, flow: state.flow, step: state.step, data, updatedAt: now },
    update: { flow: state.flow, step: state.step, data, updatedAt: now },
  });
}

export async function clearConversation(db: Db, key: { platform: Platform; chatId: string; userId: string }): Promise<void> {
  const where = {
    platform: requireKey("clearConversation", "platform", key.platform),
    chatId: requireKey("clearConversation", "chatId", key.chatId),
    userId: requireKey("clearConversation", "userId", key.userId),
  };
  await db.conversationState.deleteMany({ where });
}
