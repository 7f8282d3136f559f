// The durable inbox (see src/channels/inbox): store an update once, find a conversation's first
// unfinished update, and move it PENDING → REPLYING → DONE (or FAILED).
//
// Whoever works on a conversation holds the row lock of its first unfinished update (SELECT … FOR
// UPDATE SKIP LOCKED) in the transaction that does the work. Everyone works only on the first
// unfinished update, so that lock orders the conversation across processes, and a crashed process
// releases it with its connection. No dedicated lock connection, no session state.
// The replies are sent after that transaction committed, under a claim instead of the lock: the
// row names its sender (sendClaim) until a time on the database's clock (sendClaimUntil), which
// the sender renews while it sends. A REPLYING row with a live claim of another sender is busy.
import { hotQuery, hotSql, hotSqlUnawaited, Prisma, type Db } from "./client.ts";
import { speakerFromRow, speakerQueryFor, type Speaker, type SpeakerRow } from "./conversations.ts";
import type { InboundEvent, OutgoingMessage, Platform } from "../channels/types.ts";

export type InboxStatus = "PENDING" | "REPLYING";

export interface InboxRow {
  seq: bigint;
  status: InboxStatus;
  event: InboundEvent;
  attempts: number;
  replies: OutgoingMessage[];
  repliesSent: number;
  /** The sender holding a live claim on the replies (none when it lapsed or was never taken). */
  claimedBy: string | null;
  /** Who is talking and their chat's state, read with the lock (lockFirstInboundMany's `speakers`). */
  speaker?: Speaker;
}

/** The database's clock as the columns store it (UTC without a zone); now() would be the transaction's start. */
const CLOCK_SQL = `(clock_timestamp() AT TIME ZONE 'UTC')`;
const CLOCK = Prisma.raw(CLOCK_SQL);
const leaseEnd = (leaseMs: number) => Prisma.sql`${CLOCK} + make_interval(secs => ${leaseMs / 1000})`;

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

/**
 * Stores a polled batch in one statement, in the given order (a conversation's seq is its arrival
 * order); returns the events that were new.
 */
export async function storeInboundMany(db: Db, events: readonly InboundEvent[]): Promise<InboundEvent[]> {
  if (events.length === 0) return [];
  // On pg directly (hotQuery): once per poll, outside any transaction.
  const rows = await hotQuery<{ key: string }>(
    db,
    `INSERT INTO "InboundUpdate" ("platform", "updateId", "conversation", "event")
     SELECT t.platform::"Platform", t.update_id, t.conversation, t.event::jsonb
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS t(platform, update_id, conversation, event, i)
     ORDER BY t.i
     ON CONFLICT ("platform", "updateId") DO NOTHING
     RETURNING "platform"::text || ':' || "updateId" AS "key"`,
    [events.map((e) => e.platform), events.map((e) => e.updateId), events.map(conversationOf), events.map((e) => JSON.stringify(toJson(e)))],
  );
  const stored = new Set(rows.map((r) => r.key));
  return events.filter((e) => stored.has(`${e.platform}:${e.updateId}`));
}

/**
 * The conversation's first unfinished update, without locking it; a PENDING one gets its attempt
 * counted in the same statement (committed before handling, so a crash mid-handling counts too).
 * A crash charges every update in flight, so only an update's first attempt is counted while others
 * may be in flight; one counted before is `suspect` and counted again only with `alone` (the caller
 * handles it with nothing else in flight): an update that was merely in flight when another one
 * killed the process is charged once for it, and cannot be given up without being handled.
 * Not while another process's handling transaction holds that row (SKIP LOCKED on the row itself):
 * a look that finds it busy is no attempt, or a conversation held long enough would use up the
 * update's attempts and have it given up although nothing failed.
 * The count claims the row for `claim.sender` for the lease (the columns the replies' claim uses
 * later). A live process has counted a row it has not locked yet while it waits for a handling
 * slot: another process's sweep that then found it counted took it for a crash leftover and charged
 * it again. A row another sender holds a live claim on is `held` (look again later, like a locked
 * one); one this sender holds is neither suspect nor counted again. A dead sender's claim lapses.
 */
export async function peekInbound(
  db: Db,
  conversation: string,
  alone: boolean,
  claim: { sender: string; leaseMs: number },
): Promise<{ seq: bigint; status: InboxStatus; suspect: boolean; held: boolean } | null> {
  const rows = await db.$queryRaw<{ seq: bigint; status: InboxStatus; suspect: boolean; held: boolean }[]>`
    WITH first AS (
      SELECT "seq", "status", "attempts", COALESCE("sendClaimUntil" > ${CLOCK}, false) AS "claimed", "sendClaim" = ${claim.sender} AS "mine"
      FROM "InboundUpdate"
      WHERE "conversation" = ${conversation} AND "status" IN ('PENDING', 'REPLYING')
      ORDER BY "seq" LIMIT 1
    ), counted AS (
      UPDATE "InboundUpdate" u SET "attempts" = u."attempts" + 1, "sendClaim" = ${claim.sender}, "sendClaimUntil" = ${leaseEnd(claim.leaseMs)}
      FROM first WHERE u."seq" = first."seq" AND u."status" = 'PENDING' AND NOT first."claimed" AND (${alone} OR u."attempts" = 0)
        AND u."seq" IN (SELECT l."seq" FROM "InboundUpdate" l WHERE l."seq" = first."seq" FOR UPDATE SKIP LOCKED)
      RETURNING u."seq"
    )
    SELECT first."seq", first."status"::text AS "status",
      (first."status" = 'PENDING' AND first."attempts" > 0 AND counted."seq" IS NULL AND NOT first."claimed") AS "suspect",
      (first."status" = 'PENDING' AND first."claimed" AND first."mine" IS NOT TRUE) AS "held"
    FROM first LEFT JOIN counted ON counted."seq" = first."seq"`;
  return rows[0] ?? null;
}

type LockedColumns = {
  seq: bigint;
  status: InboxStatus;
  event: unknown;
  attempts: number;
  replies: unknown;
  repliesSent: number;
  claimedBy: string | null;
};

function toRow(row: LockedColumns): InboxRow {
  return {
    seq: row.seq,
    status: row.status,
    attempts: row.attempts,
    event: fromJson(row.event),
    replies: (row.replies as OutgoingMessage[] | null) ?? [],
    repliesSent: row.repliesSent,
    claimedBy: row.claimedBy,
  };
}

/** Takes over the replies of a row locked by `tx` whose claim lapsed (its sender died or stalled). */
export async function claimReplies(tx: Db, seq: bigint, sender: string, leaseMs: number): Promise<void> {
  await tx.$executeRaw`UPDATE "InboundUpdate" SET "sendClaim" = ${sender}, "sendClaimUntil" = ${leaseEnd(leaseMs)} WHERE "seq" = ${seq}`;
}

/**
 * Keeps the sender's claims alive while it works on them: a reply's send (with its retries and 429
 * waits), and an update it counted (peekInbound) and waits to handle for a free handling slot (a
 * backlog can keep it waiting longer than the lease, and another process would take the lapsed
 * claim for a crash leftover and count it again). `counted: false`: the replies' claims only (a
 * stopping process finishes its sends and leaves what it counted to another).
 */
export async function renewClaims(db: Db, sender: string, leaseMs: number, options: { counted?: boolean } = {}): Promise<void> {
  // The replies' rows as before (another process's look at one holds its lock only a moment; a
  // renewal that skipped such rows lost its claim to a process looking every 50 ms). A counted row
  // a handling transaction holds is skipped: the lock keeps others off and the mark claims it anew,
  // while waiting for that transaction would hold up the replies' renewal too.
  await db.$executeRaw`
    UPDATE "InboundUpdate" SET "sendClaimUntil" = ${leaseEnd(leaseMs)}
    WHERE "sendClaim" = ${sender} AND (
      "status" = 'REPLYING' OR ("status" = 'PENDING' AND ${options.counted !== false} AND "seq" IN (
        SELECT "seq" FROM "InboundUpdate" WHERE "sendClaim" = ${sender} AND "status" = 'PENDING' FOR UPDATE SKIP LOCKED)))`;
}

/**
 * Lets go of a stopping sender's claims at once (its work has ended): the updates it counted but
 * did not handle, and the replies it had not finished, go to another process now rather than when
 * the lease lapses (a rolling restart held those conversations up for the lease).
 */
export async function releaseClaims(db: Db, sender: string): Promise<number> {
  const rows = await hotQuery<{ seq: string }>(
    db,
    `UPDATE "InboundUpdate" SET "sendClaimUntil" = ${CLOCK_SQL}
     WHERE "sendClaim" = $1 AND "status" IN ('PENDING', 'REPLYING') AND "sendClaimUntil" > ${CLOCK_SQL}
     RETURNING "seq"`,
    [sender],
  );
  return rows.length;
}

/** Given up (repeated crashes or failures): FAILED, unless someone finished it meanwhile. */
export async function failInbound(db: Db, seq: bigint, error: string, at: Date): Promise<boolean> {
  const { count } = await db.inboundUpdate.updateMany({
    where: { seq, status: { in: ["PENDING", "REPLYING"] } },
    data: { status: "FAILED", handledAt: at, lastError: error.slice(0, 2000) },
  });
  return count === 1;
}

/**
 * Conversations with unfinished updates (the sweep after a crash, or rows another process stored),
 * those waiting longest first: after an outage each sweep takes the oldest `limit`, not the same
 * first ones by name. In SQL with its LIMIT: Prisma applies `distinct` in memory, so every sweep
 * (every 2 s in every process) read every unfinished row, 50,000 after an outage.
 */
export async function pendingConversations(db: Db, platforms: readonly Platform[], limit: number): Promise<string[]> {
  if (platforms.length === 0) return [];
  const rows = await db.$queryRaw<{ conversation: string }[]>`
    SELECT "conversation" FROM "InboundUpdate"
    WHERE "status" IN ('PENDING', 'REPLYING') AND "platform" = ANY(${[...platforms]}::"Platform"[])
    GROUP BY "conversation" ORDER BY min("seq") LIMIT ${limit}`;
  return rows.map((r) => r.conversation);
}

/** The first unfinished update of the row `first`, locked unless another transaction holds it. */
const lockedRow = Prisma.sql`
  SELECT * FROM "InboundUpdate" u WHERE u."seq" = first."seq" AND u."status" IN ('PENDING', 'REPLYING') FOR UPDATE SKIP LOCKED`;

/**
 * Locks each conversation's first unfinished update for this transaction and returns it as now
 * committed, in one statement: "busy" when another transaction holds it (or finished it a moment
 * ago: look again), absent when none is left. The row is chosen in the statement's snapshot and
 * locked after; FOR UPDATE re-reads the locked row's latest version and re-checks it is unfinished,
 * so an update another process finished in between is never worked on again.
 * With `speakers`, each locked update comes with who is talking and their chat's state
 * (loadSpeaker's read, joined): every handling starts with that read, and one statement fewer per
 * handling transaction is one wake-up fewer of the server, which shares this machine's cores.
 */
export async function lockFirstInboundMany(
  tx: Db,
  conversations: readonly string[],
  options: { speakers?: boolean } = {},
): Promise<Map<string, InboxRow | "busy">> {
  const speakers = options.speakers
    ? Prisma.sql`, sp.* FROM first LEFT JOIN LATERAL (${lockedRow}) l ON true
      LEFT JOIN LATERAL (${speakerQueryFor(Prisma.sql`l."event"->>'platform'`, Prisma.sql`l."event"->>'chatId'`, Prisma.sql`l."event"->>'userId'`)}) sp ON l."seq" IS NOT NULL`
    : Prisma.sql` FROM first LEFT JOIN LATERAL (${lockedRow}) l ON true`;
  // On the transaction's pg connection (hotSql), which reads the bigint seq as text.
  const rows = await hotSql<Partial<Omit<LockedColumns, "seq">> & Partial<SpeakerRow> & { seq?: string | null; conversation: string; first: string | null }>(
    tx,
    Prisma.sql`
    WITH first AS (
      SELECT c."conversation",
        (SELECT min(u."seq") FROM "InboundUpdate" u WHERE u."conversation" = c."conversation" AND u."status" IN ('PENDING', 'REPLYING')) AS "seq"
      FROM unnest(${[...conversations]}::text[]) AS c("conversation")
    )
    SELECT first."conversation", first."seq" AS "first", l."seq", l."status"::text AS "status", l."event", l."attempts", l."replies", l."repliesSent",
      CASE WHEN l."sendClaimUntil" > ${CLOCK} THEN l."sendClaim" END AS "claimedBy"${speakers}
    WHERE first."seq" IS NOT NULL`,
  );
  const found = new Map<string, InboxRow | "busy">();
  for (const { seq, ...row } of rows) {
    if (seq === undefined || seq === null) {
      found.set(row.conversation, "busy");
      continue;
    }
    const locked = toRow({ ...(row as Omit<LockedColumns, "seq">), seq: BigInt(seq) });
    found.set(row.conversation, options.speakers ? { ...locked, speaker: speakerFromRow(row as SpeakerRow) } : locked);
  }
  return found;
}

/**
 * Handled, for updates locked by `tx`, in one statement: the replies are stored with the effects,
 * claimed by `sender` for `leaseMs`; DONE at once when there is nothing to send. `error`: why the
 * handling failed (its replies then say so).
 */
export async function markHandledMany(
  tx: Db,
  handled: ReadonlyArray<{ seq: bigint; replies: OutgoingMessage[]; at: Date; error?: string }>,
  claim: { sender: string; leaseMs: number },
): Promise<void> {
  if (handled.length === 0) return;
  // On the transaction's pg connection, and in a pipelined transaction (the inbox's) sent with its
  // COMMIT, which fails if this failed: the last statement before it, whose answer nothing reads.
  await hotSqlUnawaited(
    tx,
    Prisma.sql`
    UPDATE "InboundUpdate" u
    SET "status" = (CASE WHEN t."count" > 0 THEN 'REPLYING' ELSE 'DONE' END)::"InboundStatus", "replies" = t."replies"::jsonb,
        "repliesSent" = 0, "handledAt" = (t."at"::timestamptz AT TIME ZONE 'UTC'), "lastError" = COALESCE(t."error", u."lastError"),
        "sendClaim" = CASE WHEN t."count" > 0 THEN ${claim.sender} END,
        "sendClaimUntil" = CASE WHEN t."count" > 0 THEN ${leaseEnd(claim.leaseMs)} END
    FROM unnest(${handled.map((h) => String(h.seq))}::bigint[], ${handled.map((h) => JSON.stringify(h.replies))}::text[],
                ${handled.map((h) => h.replies.length)}::int[], ${handled.map((h) => h.at.toISOString())}::text[],
                ${handled.map((h) => h.error?.slice(0, 2000) ?? null)}::text[])
      AS t("seq", "replies", "count", "at", "error")
    WHERE u."seq" = t."seq"`,
  );
}

/**
 * Records that replies up to `sent` went out (DONE when all did) and renews the claim, for several
 * updates in one statement. Each is conditional on the sender's claim and the count it sent from:
 * missing from the returned seqs when another sender took the replies over meanwhile (this one's
 * claim had lapsed), and then this one sends no more of them.
 */
export async function markRepliesSentMany(
  db: Db,
  progress: ReadonlyArray<{ seq: bigint; from: number; sent: number; total: number }>,
  claim: { sender: string; leaseMs: number },
): Promise<Set<bigint>> {
  if (progress.length === 0) return new Set();
  // On pg directly (hotQuery): after every reply window, outside any transaction. pg returns int8 as text.
  const rows = await hotQuery<{ seq: string }>(
    db,
    `UPDATE "InboundUpdate" u
     SET "repliesSent" = t."sent", "status" = (CASE WHEN t."sent" >= t."total" THEN 'DONE' ELSE 'REPLYING' END)::"InboundStatus",
         "sendClaimUntil" = CASE WHEN t."sent" >= t."total" THEN NULL ELSE ${CLOCK_SQL} + make_interval(secs => $5::float8) END,
         "sendClaim" = CASE WHEN t."sent" >= t."total" THEN NULL ELSE $6 END
     FROM unnest($1::bigint[], $2::int[], $3::int[], $4::int[]) AS t("seq", "from", "sent", "total")
     WHERE u."seq" = t."seq" AND u."status" = 'REPLYING' AND u."repliesSent" = t."from" AND u."sendClaim" = $6
     RETURNING u."seq"::text AS "seq"`,
    [
      progress.map((p) => p.seq.toString()),
      progress.map((p) => p.from),
      progress.map((p) => p.sent),
      progress.map((p) => p.total),
      claim.leaseMs / 1000,
      claim.sender,
    ],
  );
  return new Set(rows.map((r) => BigInt(r.seq)));
}
