// What the terminal chat (`npm run chat`) keeps in the database: its LOCAL identity, when each
// session ended (an audit row), and the proactive messages addressed to its member since then.
import type { Db } from "./client.ts";
import type { OutgoingMessage } from "../channels/types.ts";
import { audit } from "./audit.ts";
import { findIdentity } from "./identities.ts";

const SESSION_CLOSED = "chat.local.session-closed";

/** Links userId to the member without a code: whoever can open the database is trusted locally. */
export async function linkLocalIdentity(db: Db, userId: string, member: { id: string; unitId: string }, now: Date): Promise<void> {
  const existing = await findIdentity(db, "LOCAL", userId);
  if (existing?.memberId === member.id) return;
  if (existing) {
    await db.identity.update({ where: { id: existing.id }, data: { memberId: member.id, linkedAt: now } });
  } else {
    await db.identity.create({ data: { platform: "LOCAL", externalUserId: userId, chatId: userId, memberId: member.id, linkedAt: now } });
  }
  await audit(db, { actorId: member.id, unitId: member.unitId, action: "identity.linked.local" });
}

/** The member behind a local chat user, if linked. */
export async function localChatMember(db: Db, userId: string): Promise<{ identityId: string; memberId: string; unitId: string } | null> {
  const identity = await findIdentity(db, "LOCAL", userId);
  return identity ? { identityId: identity.id, memberId: identity.memberId, unitId: identity.member.unitId } : null;
}

/** When the last session of this local chat user ended (null: never). */
export async function lastLocalSessionEnd(db: Db, identityId: string): Promise<Date | null> {
  const row = await db.auditLog.findFirst({ where: { action: SESSION_CLOSED, targetType: "Identity", targetId: identityId }, orderBy: { createdAt: "desc" } });
  return row?.createdAt ?? null;
}

export async function recordLocalSessionEnd(db: Db, who: { identityId: string; memberId: string; unitId: string }): Promise<void> {
  await audit(db, { actorId: who.memberId, unitId: who.unitId, action: SESSION_CLOSED, targetType: "Identity", targetId: who.identityId });
}

export interface ProactiveMessage {
  id: string;
  createdAt: Date;
  purpose: string;
  status: string;
  message: OutgoingMessage;
}

/**
 * Proactive messages (Delivery rows) addressed to the member from `since` on, oldest first, whatever
 * platform they went to and whether they could be sent: the local chat shows the member what the
 * bot has said to them. Rows still waiting for a terminal chat (LOCAL, not yet taken) are left out:
 * the chat shows them when it takes them (takeLocalDeliveries), once they are due.
 */
export async function proactiveMessagesSince(db: Db, memberId: string, since: Date, limit = 50): Promise<ProactiveMessage[]> {
  const rows = await db.delivery.findMany({
    where: { memberId, createdAt: { gte: since }, NOT: { platform: "LOCAL", status: { in: ["PENDING", "SENDING"] } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit,
    select: { id: true, createdAt: true, purpose: true, status: true, payload: true },
  });
  return rows.map((r) => ({ id: r.id, createdAt: r.createdAt, purpose: r.purpose, status: r.status, message: r.payload as unknown as OutgoingMessage }));
}
