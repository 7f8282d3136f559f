// The durable inbox (see src/channels/inbox): store an update once, read a conversation's pending
// updates in arrival order, record attempts and outcomes. Every write is a conditional update on
// a PENDING row, so a second handler of the same row (after a crash) changes nothing.
import type { Db } from "./client.ts";
import type { InboundEvent, Platform } from "../channels/types.ts";

export interface InboxRow {
  seq: bigint;
  event: InboundEvent;
  attempts: number;
}

export function conversationOf(event: Pick<InboundEvent, "platform" | "chatId" | "userId">): string {
  return `${event.platform}:${event.chatId}:${event.userId}`;
}

function toJson(event: InboundEvent): object {
  return { ...event, at: event.at.toISOString() };
}

function fromJson(value: unknown): InboundEvent {
  const stored = value as InboundEvent & { at: string };
  return { ...stored, at: new Date(stored.at) };
}

/** Stores the update; false when it was already stored (a webhook retry, an overlapping poll). */
export async function storeInbound(db: Db, event: InboundEvent): Promise<boolean> {
  // One statement (createMany with skipDuplicates costs several round trips through the engine).
  const count = await db.$executeRaw`
    INSERT INTO "InboundUpdate" ("platform", "updateId", "conversation", "event")
    VALUES (${event.platform}::"Platform", ${event.updateId}, ${conversationOf(event)}, ${JSON.stringify(toJson(event))}::jsonb)
    ON CONFLICT ("platform", "updateId") DO NOTHING`;
  return count === 1;
}

/** Pending updates of one conversation, oldest first. */
export async function pendingOf(db: Db, conversation: string, limit = 20): Promise<InboxRow[]> {
  const rows = await db.inboundUpdate.findMany({
    where: { conversation, status: "PENDING" },
    orderBy: { seq: "asc" },
    take: limit,
    select: { seq: true, event: true, attempts: true },
  });
  return rows.map((r) => ({ seq: r.seq, attempts: r.attempts, event: fromJson(r.event) }));
}

/** Conversations with pending updates (the sweep after a crash, or rows another process stored). */
export async function pendingConversations(db: Db, platforms: readonly Platform[], limit: number): Promise<string[]> {
  if (platforms.length === 0) return [];
  const rows = await db.inboundUpdate.findMany({
    where: { status: "PENDING", platform: { in: [...platforms] } },
    distinct: ["conversation"],
    select: { conversation: true },
    orderBy: [{ conversation: "asc" }],
    take: limit,
  });
  return rows.map((r) => r.conversation);
}

/** Counts an attempt before handling starts; false if the row is no longer pending. */
export async function startAttempt(db: Db, seq: bigint): Promise<boolean> {
  const { count } = await db.inboundUpdate.updateMany({ where: { seq, status: "PENDING" }, data: { attempts: { increment: 1 } } });
  return count === 1;
}

export async function finishInbound(db: Db, seq: bigint, outcome: { status: "DONE" } | { status: "FAILED"; error: string }, at: Date): Promise<boolean> {
  const { count } = await db.inboundUpdate.updateMany({
    where: { seq, status: "PENDING" },
    data: { status: outcome.status, handledAt: at, ...(outcome.status === "FAILED" ? { lastError: outcome.error.slice(0, 2000) } : {}) },
  });
  return count === 1;
}

export async function recordInboundError(db: Db, seq: bigint, error: string): Promise<void> {
  await db.inboundUpdate.updateMany({ where: { seq, status: "PENDING" }, data: { lastError: error.slice(0, 2000) } });
}

export async function inboxCounts(db: Db, platform?: Platform): Promise<Record<"PENDING" | "DONE" | "FAILED", number>> {
  const groups = await db.inboundUpdate.groupBy({ by: ["status"], _count: { _all: true }, ...(platform ? { where: { platform } } : {}) });
  const out = { PENDING: 0, DONE: 0, FAILED: 0 };
  for (const g of groups) out[g.status] = g._count._all;
  return out;
}
