// Delivery rows: what makes a proactive message go out exactly once, whatever the queue retries.
// Created (with a unique dedupe key) before the job is queued, claimed atomically before sending,
// marked sent with the platform's message id afterwards.
import type { Db } from "./client.ts";
import { hotQuery, Prisma } from "./client.ts";
import { requireKey } from "./guard.ts";
import type { Choice, OutgoingMessage, Platform } from "../channels/types.ts";

export interface DeliveryTarget {
  identityId: string | null;
  platform: Platform | null;
  chatId: string | null;
}

export interface NewDelivery {
  purpose: string;
  dedupeKey: string;
  memberId?: string | null;
  broadcastId?: string | null;
  message: OutgoingMessage;
  notBefore?: Date | null;
  /** For group posts (no member). */
  group?: { platform: Platform; chatId: string };
}

/**
 * The member's preferred reachable identity, else any other reachable one (the fallback), else
 * their terminal chat (LOCAL, `npm run chat`) as the last resort: the row then waits as PENDING on
 * LOCAL until that chat takes it (takeLocalDeliveries), as reach.ts counts it.
 */
export async function resolveTarget(db: Db, memberId: string, exclude: string[] = []): Promise<DeliveryTarget | null> {
  const member = await db.member.findUnique({
    where: { id: memberId },
    select: { preferredPlatform: true, identities: { where: { reachable: true }, orderBy: { linkedAt: "desc" } } },
  });
  if (!member) return null;
  const candidates = member.identities.filter((i) => !exclude.includes(i.id));
  const remote = candidates.filter((i) => i.platform !== "LOCAL");
  const chosen = remote.find((i) => i.platform === member.preferredPlatform) ?? remote[0] ?? candidates[0];
  return chosen ? { identityId: chosen.id, platform: chosen.platform, chatId: chosen.chatId } : null;
}

/**
 * The choices of the last message sent to the member in this chat since `since`, when that message
 * carried any (a reminder's one-tap answer): what a number replied on Zalo refers to.
 */
export async function lastSentChoices(db: Db, where: { memberId: string; platform: Platform; chatId: string; since: Date }): Promise<Choice[] | null> {
  // Without a member or chat the newest list sent to anyone would be read as this member's.
  const row = await db.delivery.findFirst({
    where: {
      memberId: requireKey("lastSentChoices", "memberId", where.memberId),
      platform: requireKey("lastSentChoices", "platform", where.platform),
      chatId: requireKey("lastSentChoices", "chatId", where.chatId),
      status: "SENT",
      sentAt: { gte: where.since },
    },
    orderBy: { sentAt: "desc" },
    select: { payload: true },
  });
  const payload = row?.payload as OutgoingMessage | null | undefined;
  return payload?.kind === "choices" && Array.isArray(payload.choices) ? payload.choices : null;
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/**
 * Insert the Delivery unless its dedupe key exists. Returns the row and whether it is new.
 * A member with no reachable identity gets a SKIPPED row, which the digest reports.
 */
export async function createDelivery(
  db: Db,
  input: NewDelivery,
): Promise<{ id: string; created: boolean; status: string; platform: Platform | null; notBefore: Date | null }> {
  const existing = await db.delivery.findUnique({ where: { dedupeKey: input.dedupeKey } });
  if (existing) return { id: existing.id, created: false, status: existing.status, platform: existing.platform, notBefore: existing.notBefore };
  const target: DeliveryTarget | null = input.group
    ? { identityId: null, platform: input.group.platform, chatId: input.group.chatId }
    : input.memberId
      ? await resolveTarget(db, input.memberId)
      : null;
  try {
    const row = await db.delivery.create({
      data: {
        purpose: input.purpose,
        dedupeKey: input.dedupeKey,
        memberId: input.memberId ?? null,
        broadcastId: input.broadcastId ?? null,
        identityId: target?.identityId ?? null,
        platform: target?.platform ?? null,
        chatId: target?.chatId ?? null,
        // The rule misjudges this one: Prisma's JSON input type does not take the message union as is.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
        payload: input.message as object,
        notBefore: input.notBefore ?? null,
        status: target ? "PENDING" : "SKIPPED",
        lastError: target ? null : "no reachable account",
      },
    });
    return { id: row.id, created: true, status: row.status, platform: row.platform, notBefore: row.notBefore };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const row = await db.delivery.findUniqueOrThrow({ where: { dedupeKey: input.dedupeKey } });
    return { id: row.id, created: false, status: row.status, platform: row.platform, notBefore: row.notBefore };
  }
}

/**
 * Claim a delivery for sending. Succeeds for PENDING rows, and for SENDING rows whose claim is older
 * than staleMs (the worker that claimed it died mid-send: the message may have gone out, which is the
 * only case a duplicate is possible).
 */
export async function claimDelivery(db: Db, id: string, now: Date, staleMs: number): Promise<boolean> {
  const staleBefore = new Date(now.getTime() - staleMs);
  const count = await db.$executeRaw`
    UPDATE "Delivery" SET status = 'SENDING', "claimedAt" = ${now}, attempts = attempts + 1, "updatedAt" = ${now}
    WHERE id = ${id} AND (status = 'PENDING' OR (status = 'SENDING' AND "claimedAt" < ${staleBefore}))`;
  return count === 1;
}

/** What the sender needs of a row it has just claimed. */
export interface ClaimedDelivery {
  id: string;
  memberId: string | null;
  identityId: string | null;
  platform: Platform;
  chatId: string;
  payload: OutgoingMessage;
  lastError: string | null;
  /** The claim's time, as written (releaseDelivery hands back only this claim). */
  claimedAt: Date;
}

/**
 * claimDelivery and the read the sender needs in one statement (the hot path of every message):
 * claims the row for sending on `platform` if it is PENDING (or SENDING under a stale claim), due
 * (notBefore passed) and has a chat. Null when any of that does not hold; the caller then reads the
 * row to find out why.
 */
export async function claimForSending(db: Db, id: string, platform: Platform, now: Date, staleMs: number): Promise<ClaimedDelivery | null> {
  const staleBefore = new Date(now.getTime() - staleMs);
  const rows = await hotQuery<Omit<ClaimedDelivery, "claimedAt">>(
    db,
    `UPDATE "Delivery" SET status = 'SENDING', "claimedAt" = $1::timestamp(3), attempts = attempts + 1, "updatedAt" = $1::timestamp(3)
     WHERE id = $2 AND platform = $3::"Platform" AND "chatId" IS NOT NULL
       AND ("notBefore" IS NULL OR "notBefore" <= $1::timestamp(3))
       AND (status = 'PENDING' OR (status = 'SENDING' AND "claimedAt" < $4::timestamp(3)))
     RETURNING id, "memberId", "identityId", platform::text AS platform, "chatId", payload, "lastError"`,
    [now.toISOString(), id, platform, staleBefore.toISOString()],
  );
  const row = rows[0];
  return row ? { ...row, claimedAt: now } : null;
}

export async function markSent(db: Db, id: string, messageId: string, now: Date): Promise<void> {
  // A dashboard login code is a secret: once it is out, the record keeps that it was sent, not the code.
  await hotQuery(
    db,
    `UPDATE "Delivery" SET status = 'SENT', "sentAt" = $1::timestamp(3), "platformMessageId" = $2, "lastError" = NULL, "updatedAt" = $1::timestamp(3),
       payload = CASE WHEN purpose = 'login-code' THEN '{"kind":"text","text":"[mã đăng nhập đã gửi]"}'::jsonb ELSE payload END
     WHERE id = $3`,
    [now.toISOString(), messageId, id],
  );
}

/**
 * Back to PENDING (rate limit, transient error, busy chat): the next attempt may claim it. Only a row
 * still SENDING (under the given claim, when claimedAt is passed) is released: a claim that was taken
 * over, or a row another run already marked SENT, is left alone.
 */
export async function releaseDelivery(db: Db, id: string, error: string | null, options: { refundAttempt?: boolean; claimedAt?: Date } = {}): Promise<boolean> {
  const result = await db.delivery.updateMany({
    where: { id, status: "SENDING", ...(options.claimedAt ? { claimedAt: options.claimedAt } : {}) },
    data: { status: "PENDING", claimedAt: null, lastError: error, ...(options.refundAttempt ? { attempts: { decrement: 1 } } : {}) },
  });
  return result.count === 1;
}

export async function markFailed(db: Db, id: string, error: string): Promise<void> {
  await db.delivery.updateMany({ where: { id, status: { not: "SENT" } }, data: { status: "FAILED", lastError: error, claimedAt: null } });
}

export async function retarget(db: Db, id: string, target: DeliveryTarget): Promise<void> {
  await db.delivery.update({ where: { id }, data: { ...target, status: "PENDING", claimedAt: null } });
}

export async function getDelivery(db: Db, id: string) {
  return db.delivery.findUnique({ where: { id } });
}

/** PENDING rows that are due: the planner re-queues them, so a lost Redis loses no message. */
export async function duePendingDeliveries(db: Db, now: Date, limit = 5000) {
  return db.delivery.findMany({
    where: { status: { in: ["PENDING", "SENDING"] }, OR: [{ notBefore: null }, { notBefore: { lte: now } }] },
    select: { id: true, platform: true, status: true, claimedAt: true },
    orderBy: { createdAt: "asc" },
    take: limit,
  });
}

/**
 * The messages waiting for a terminal chat (`npm run chat`, platform LOCAL): those of a member whose
 * only account is that chat (notices, dashboard login codes). Taken once it is due (claimed, then
 * marked SENT, which scrubs a login code from the row), oldest first; the caller shows the texts.
 */
export async function takeLocalMessages(db: Db, chatId: string, now: Date): Promise<OutgoingMessage[]> {
  return (await takeLocalDeliveries(db, chatId, now)).map((d) => d.message);
}

/** takeLocalMessages with each row's id and time, for a chat that also lists rows it has shown. */
export async function takeLocalDeliveries(db: Db, chatId: string, now: Date): Promise<Array<{ id: string; createdAt: Date; message: OutgoingMessage }>> {
  const rows = await db.$queryRaw<Array<{ id: string; createdAt: Date; payload: OutgoingMessage }>>`
    UPDATE "Delivery" SET status = 'SENDING', "claimedAt" = ${now}, attempts = attempts + 1, "updatedAt" = ${now}
    WHERE platform = 'LOCAL'::"Platform" AND "chatId" = ${chatId} AND status = 'PENDING' AND ("notBefore" IS NULL OR "notBefore" <= ${now})
    RETURNING id, "createdAt", payload`;
  rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const row of rows) await markSent(db, row.id, `local-${row.id}`, now);
  return rows.map((r) => ({ id: r.id, createdAt: r.createdAt, message: r.payload }));
}
