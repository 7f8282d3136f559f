// A cell of many members for the broadcast tests: each with one Telegram account (its chat id a
// number from `firstChat` on), member ids that sort in creation order (a broadcast writes its rows
// in id order), and a secretary apart from them: the sender, no recipient of their own notice.
import type { Db } from "../../src/db/client.ts";

export interface BroadcastCell {
  unitId: string;
  authorId: string;
  /** Each member's Telegram chat id. */
  chatOfMember: Map<string, string>;
}

export async function telegramCell(
  db: Db,
  o: { unit: string; size: number; idPrefix: string; name: string; searchName: string; firstChat: number; secretary: string; secretarySearch: string },
): Promise<BroadcastCell> {
  const unitId = (await db.unit.create({ data: { name: o.unit, kind: "CELL" } })).id;
  const members = Array.from({ length: o.size }, (_, i) => ({
    id: `${o.idPrefix}${String(i).padStart(4, "0")}`,
    unitId,
    fullName: `${o.name} ${i}`,
    searchName: `${o.searchName} ${i}`,
    role: "MEMBER" as const,
    preferredPlatform: "TELEGRAM" as const,
  }));
  await db.member.createMany({ data: members });
  const chat = (i: number) => String(o.firstChat + i);
  await db.identity.createMany({
    data: members.map((m, i) => ({ platform: "TELEGRAM" as const, externalUserId: chat(i), chatId: chat(i), memberId: m.id })),
  });
  const chatOfMember = new Map(members.map((m, i) => [m.id, chat(i)]));
  const authorId = (await db.member.create({ data: { unitId, fullName: o.secretary, searchName: o.secretarySearch, role: "SECRETARY" } })).id;
  return { unitId, authorId, chatOfMember };
}
