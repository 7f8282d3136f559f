// Broadcasts (thông báo): one Delivery per recipient, all created in one transaction.
import type { Db } from "./client.ts";
import type { OutgoingMessage } from "../channels/types.ts";

export async function activeRecipients(db: Db, unitId: string) {
  // Exempt members still receive notices (they are members); only LEFT members do not.
  return db.member.findMany({ where: { unitId, status: { not: "LEFT" } }, select: { id: true } });
}

export async function createBroadcast(
  db: Db,
  input: { unitId: string; authorId: string; text: string; message: OutgoingMessage },
): Promise<{ broadcastId: string; deliveries: { id: string; platform: string | null; status: string }[] }> {
  return db.$transaction(async (tx) => {
    const broadcast = await tx.broadcast.create({ data: { unitId: input.unitId, authorId: input.authorId, text: input.text } });
    const members = await tx.member.findMany({
      where: { unitId: input.unitId, status: { not: "LEFT" } },
      select: { id: true, preferredPlatform: true, identities: { where: { reachable: true, platform: { not: "LOCAL" } }, orderBy: { linkedAt: "desc" } } },
    });
    const rows = members.map((m) => {
      const target = m.identities.find((i) => i.platform === m.preferredPlatform) ?? m.identities[0];
      return {
        purpose: "broadcast",
        dedupeKey: `broadcast:${broadcast.id}:${m.id}`,
        memberId: m.id,
        broadcastId: broadcast.id,
        identityId: target?.id ?? null,
        platform: target?.platform ?? null,
        chatId: target?.chatId ?? null,
        payload: input.message as object,
        status: target ? ("PENDING" as const) : ("SKIPPED" as const),
        lastError: target ? null : "no reachable account",
      };
    });
    await tx.delivery.createMany({ data: rows });
    const created = await tx.delivery.findMany({ where: { broadcastId: broadcast.id }, select: { id: true, platform: true, status: true } });
    return { broadcastId: broadcast.id, deliveries: created };
  }, { timeout: 60_000 });
}
