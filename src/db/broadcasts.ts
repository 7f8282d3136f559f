// Broadcasts (thông báo): one Delivery per recipient, all created in one transaction. Who the
// recipients are is decided by broadcastAudience (reach.ts); this only writes what it was given.
import { randomBytes } from "node:crypto";
import type { Db } from "./client.ts";
import type { OutgoingMessage } from "../channels/types.ts";

/** A cuid-shaped id ("c" + 24 characters), made where Prisma's own default cannot run (raw SQL). */
function newId(): string {
  return `c${randomBytes(12).toString("hex")}`;
}

/**
 * The broadcast row and one Delivery per recipient (the given members, as long as they are still in
 * the unit and have not LEFT) in one transaction. Each delivery goes to the member's preferred
 * reachable account, else their most recently linked reachable one, else their terminal chat (as
 * resolveTarget chooses); a member with none gets a SKIPPED row, which the digest reports. One INSERT … SELECT does the choosing and the inserting, so a
 * 10,000-member committee costs one round trip instead of a read and a 10,000-row createMany.
 */
export async function createBroadcast(
  db: Db,
  input: { unitId: string; authorId: string; recipientIds: string[]; text: string; message: OutgoingMessage; now?: Date },
): Promise<{ broadcastId: string; deliveries: { id: string; memberId: string; dedupeKey: string; platform: string | null; status: string }[] }> {
  const broadcastId = newId();
  const payload = JSON.stringify(input.message);
  const [, deliveries] = await db.$transaction([
    db.broadcast.create({
      data: { id: broadcastId, unitId: input.unitId, authorId: input.authorId, text: input.text, ...(input.now ? { createdAt: input.now } : {}) },
    }),
    db.$queryRaw<{ id: string; memberId: string; dedupeKey: string; platform: string | null; status: string }[]>`
      INSERT INTO "Delivery" (id, purpose, "dedupeKey", "memberId", "broadcastId", "identityId", platform, "chatId", payload, status, "lastError", "updatedAt")
      SELECT 'c' || substr(md5(${broadcastId} || m.id), 1, 24), 'broadcast', 'broadcast:' || ${broadcastId} || ':' || m.id, m.id, ${broadcastId},
             t.id, t.platform, t."chatId", ${payload}::jsonb,
             (CASE WHEN t.id IS NULL THEN 'SKIPPED' ELSE 'PENDING' END)::"DeliveryStatus",
             CASE WHEN t.id IS NULL THEN 'no reachable account' END,
             now()
      FROM "Member" m
      LEFT JOIN LATERAL (
        SELECT i.id, i.platform, i."chatId" FROM "Identity" i
        WHERE i."memberId" = m.id AND i.reachable
        ORDER BY (CASE WHEN i.platform = 'LOCAL' THEN 1 ELSE 0 END), (CASE WHEN i.platform = m."preferredPlatform" THEN 0 ELSE 1 END), i."linkedAt" DESC
        LIMIT 1
      ) t ON true
      WHERE m.id = ANY(${input.recipientIds}::text[]) AND m."unitId" = ${input.unitId} AND m.status <> 'LEFT'
      ORDER BY m.id
      RETURNING id, "memberId", "dedupeKey", platform::text AS platform, status::text AS status`,
  ]);
  return { broadcastId, deliveries };
}
