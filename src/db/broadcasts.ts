// Broadcasts (thông báo): one Delivery per recipient. Who the recipients are is decided by
// broadcastAudience (reach.ts); this only writes what it was given. The broadcast row (with its
// recipients' ids) is written first, then the Delivery rows in chunks, each committed on its own so
// its messages can be queued while the next is written; the planner completes a broadcast whose
// writer died between chunks (completeUnwrittenBroadcasts), from the ids kept on the row.
import { randomBytes } from "node:crypto";
import { hotQuery, type Db } from "./client.ts";
import type { OutgoingMessage } from "../channels/types.ts";

/** A cuid-shaped id ("c" + 24 characters), made where Prisma's own default cannot run (raw SQL). */
function newId(): string {
  return `c${randomBytes(12).toString("hex")}`;
}

export interface BroadcastDelivery {
  id: string;
  memberId: string;
  dedupeKey: string;
  platform: string | null;
  status: string;
}

/** The broadcast row, with who it is for; no Delivery row yet (writeBroadcastDeliveries writes them). */
export async function startBroadcast(
  db: Db,
  input: { unitId: string; authorId: string; recipientIds: string[]; text: string; message: OutgoingMessage; now?: Date },
): Promise<string> {
  const id = newId();
  await db.$executeRaw`
    INSERT INTO "Broadcast" (id, "unitId", "authorId", text, message, "createdAt", "recipientIds")
    VALUES (${id}, ${input.unitId}, ${input.authorId}, ${input.text}, ${JSON.stringify(input.message)}::jsonb, ${input.now ?? new Date()}, ${input.recipientIds}::text[])`;
  return id;
}

/**
 * The Delivery rows of these recipients of the broadcast (those still in its unit who have not LEFT;
 * rows already written are left as they are), in one statement. Each goes to the member's preferred
 * reachable account, else their most recently linked reachable one, else their terminal chat (as
 * resolveTarget chooses); a member with none gets a SKIPPED row, which the digest reports. The
 * ids are derived from the broadcast's and the member's, so writing a chunk again changes nothing.
 * Returns the rows written now.
 */
export async function writeBroadcastDeliveries(db: Db, broadcastId: string, recipientIds: string[]): Promise<BroadcastDelivery[]> {
  if (recipientIds.length === 0) return [];
  // On the pg pool (hotQuery): Prisma's reading of thousands of returned rows cost ~0.1 s of CPU.
  return hotQuery<BroadcastDelivery>(
    db,
    `
    INSERT INTO "Delivery" (id, purpose, "dedupeKey", "memberId", "broadcastId", "identityId", platform, "chatId", payload, status, "lastError", "updatedAt")
    SELECT 'c' || substr(md5(b.id || m.id), 1, 24), 'broadcast', 'broadcast:' || b.id || ':' || m.id, m.id, b.id,
           t.id, t.platform, t."chatId", COALESCE(b.message, jsonb_build_object('kind', 'text', 'text', b.text)),
           (CASE WHEN t.id IS NULL THEN 'SKIPPED' ELSE 'PENDING' END)::"DeliveryStatus",
           CASE WHEN t.id IS NULL THEN 'no reachable account' END,
           now()
    FROM "Broadcast" b
    JOIN "Member" m ON m."unitId" = b."unitId" AND m.status <> 'LEFT'
    LEFT JOIN LATERAL (
      SELECT i.id, i.platform, i."chatId" FROM "Identity" i
      WHERE i."memberId" = m.id AND i.reachable
      ORDER BY (CASE WHEN i.platform = 'LOCAL' THEN 1 ELSE 0 END), (CASE WHEN i.platform = m."preferredPlatform" THEN 0 ELSE 1 END), i."linkedAt" DESC
      LIMIT 1
    ) t ON true
    WHERE b.id = $1 AND m.id = ANY($2::text[])
    ORDER BY m.id
    ON CONFLICT ("dedupeKey") DO NOTHING
    RETURNING id, "memberId", "dedupeKey", platform::text AS platform, status::text AS status`,
    [broadcastId, recipientIds],
  );
}

/** Every Delivery row of the broadcast is written: from now on its rows alone say how it went. */
export async function markBroadcastWritten(db: Db, broadcastId: string, now: Date): Promise<void> {
  await db.$executeRaw`UPDATE "Broadcast" SET "rowsWrittenAt" = ${now} WHERE id = ${broadcastId} AND "rowsWrittenAt" IS NULL`;
}

/**
 * Broadcasts whose rows were still being written `graceMs` ago (their writer died, or lost the
 * database, between two chunks): writes the missing rows and marks them written. A live writer
 * takes a second or two, well within the grace; were it slower, writing the same rows twice still
 * writes each once. Returns how many broadcasts were completed (one that failed is passed to
 * `onError` and tried again next time); the caller queues the new rows
 * (they are due PENDING rows, like any whose job was lost).
 */
export async function completeUnwrittenBroadcasts(
  db: Db,
  now: Date,
  graceMs: number,
  onError: (broadcastId: string, error: unknown) => void = () => {},
): Promise<number> {
  const unwritten = await db.$queryRaw<Array<{ id: string; recipientIds: string[] }>>`
    SELECT id, "recipientIds" FROM "Broadcast"
    WHERE "rowsWrittenAt" IS NULL AND "createdAt" < ${new Date(now.getTime() - graceMs)}
    ORDER BY "createdAt" LIMIT 100`;
  let completed = 0;
  for (const b of unwritten) {
    // One that fails every time must not stop the others (nor the planner's later steps).
    try {
      await writeBroadcastDeliveries(db, b.id, b.recipientIds);
      await markBroadcastWritten(db, b.id, now);
      completed += 1;
    } catch (error) {
      onError(b.id, error);
    }
  }
  return completed;
}
