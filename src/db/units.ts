// Units (đảng bộ / chi bộ) and their tree.
import { requireKey } from "./guard.ts";
import type { Db } from "./client.ts";
import type { UnitKind } from "../generated/prisma/enums.ts";
import type { Platform } from "../channels/types.ts";
import { matchUnitName, type UnitNameMatch } from "../domain/unit-names.ts";
import { audit } from "./audit.ts";

export async function findUnitByName(db: Db, name: string) {
  return db.unit.findUnique({ where: { name } });
}

type UnitRow = NonNullable<Awaited<ReturnType<typeof findUnitByName>>>;

/** A unit by the name a person typed (see domain/unit-names.ts for what counts as a match). */
export async function resolveUnitByName(db: Db, name: string): Promise<UnitNameMatch<UnitRow>> {
  const exact = await db.unit.findUnique({ where: { name } });
  if (exact) return { kind: "found", unit: exact };
  return matchUnitName(name, await db.unit.findMany());
}

export async function ensureUnit(db: Db, input: { name: string; kind?: UnitKind; parentId?: string | null; timeZone?: string }) {
  return db.unit.upsert({
    where: { name: input.name },
    update: {},
    create: { name: input.name, kind: input.kind ?? "CELL", parentId: input.parentId ?? null, ...(input.timeZone ? { timeZone: input.timeZone } : {}) },
  });
}

/** Ids of a unit and all units below it (a higher committee sees its whole subtree). */
export async function subtreeUnitIds(db: Db, rootId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE tree AS (
      SELECT id FROM "Unit" WHERE id = ${rootId}
      UNION ALL
      SELECT u.id FROM "Unit" u JOIN tree t ON u."parentId" = t.id
    )
    SELECT id FROM tree`;
  return rows.map((r) => r.id);
}

export async function countUnits(db: Db): Promise<number> {
  return db.unit.count();
}

/** A unit's name, its parent's name and its zone: what a document's header shows. */
export async function unitWithParent(db: Db, unitId: string): Promise<{ name: string; parentName: string | null; timeZone: string } | null> {
  const unit = await db.unit.findUnique({ where: { id: unitId }, select: { name: true, timeZone: true, parent: { select: { name: true } } } });
  return unit ? { name: unit.name, parentName: unit.parent?.name ?? null, timeZone: unit.timeZone } : null;
}

/** Links the unit's group chat (replacing any earlier one). */
export async function linkGroupChat(db: Db, unitId: string, group: { platform: Platform; chatId: string }): Promise<void> {
  await db.unit.update({ where: { id: unitId }, data: { groupChatPlatform: group.platform, groupChatId: group.chatId } });
}

/** Unlinks the unit's group chat if it is this one; false when it was not linked. */
export async function unlinkGroupChat(db: Db, unitId: string, group: { platform: Platform; chatId: string }): Promise<boolean> {
  const r = await db.unit.updateMany({
    where: { id: unitId, groupChatPlatform: group.platform, groupChatId: group.chatId },
    data: { groupChatPlatform: null, groupChatId: null },
  });
  return r.count > 0;
}

/**
 * Unlinks every unit whose group chat is this one (the bot was removed from it: nothing sent there
 * arrives any more), with one audit row each. actorId is the member who removed the bot, when the
 * remover is a linked member. The units unlinked, none when the chat was not linked.
 */
export async function unlinkRemovedGroupChat(
  db: Db,
  group: { platform: Platform; chatId: string },
  actorId: string | null,
): Promise<{ id: string; name: string }[]> {
  const where = {
    groupChatPlatform: requireKey("unlinkRemovedGroupChat", "platform", group.platform),
    groupChatId: requireKey("unlinkRemovedGroupChat", "chatId", group.chatId),
  };
  const units = await db.unit.findMany({ where, select: { id: true, name: true } });
  if (units.length === 0) return [];
  await db.unit.updateMany({ where: { ...where, id: { in: units.map((u) => u.id) } }, data: { groupChatPlatform: null, groupChatId: null } });
  for (const unit of units) {
    await audit(db, {
      actorId,
      unitId: unit.id,
      action: "unit.group-unlinked",
      targetType: "Unit",
      targetId: unit.id,
      detail: { platform: group.platform, chatId: group.chatId, reason: "bot-removed" },
    });
  }
  return units;
}
