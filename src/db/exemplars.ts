// Điển hình (/dienhinh): the chi ủy nominates a member of its own cell, once per member and year.
import type { Db } from "./client.ts";
import { audit } from "./audit.ts";
import type { RegistrationStatusValue } from "../domain/owed.ts";

export async function findExemplar(db: Db, memberId: string, year: number) {
  return db.exemplar.findFirst({ where: { memberId, year }, orderBy: { createdAt: "asc" } });
}

/** The status of the member's registration of the year ("NONE" when there is none): a nominee is normally approved. */
export async function registrationStatusOf(db: Db, memberId: string, year: number): Promise<RegistrationStatusValue> {
  const registration = await db.registration.findUnique({ where: { memberId_year: { memberId, year } }, select: { status: true } });
  return registration?.status ?? "NONE";
}

export type NominationResult = { status: "created"; exemplarId: string } | { status: "exists"; reason: string } | { status: "not-in-unit" };

/** One Exemplar row per member and year (even under concurrent nominations); the audit row is written in the same transaction. */
export async function nominateExemplar(
  db: Db,
  input: { memberId: string; unitId: string; actorId: string; year: number; reason: string; now: Date },
): Promise<NominationResult> {
  return db.$transaction(async (tx) => {
    // Locks the member's row: two chi ủy members confirming at the same moment are serialized, so
    // the second one sees the first one's nomination instead of adding another.
    const [member] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id FROM "Member" WHERE id = ${input.memberId} AND "unitId" = ${input.unitId} AND status <> 'LEFT' FOR UPDATE`;
    if (!member) return { status: "not-in-unit" };
    const existing = await tx.exemplar.findFirst({ where: { memberId: member.id, year: input.year } });
    if (existing) return { status: "exists", reason: existing.reason };
    const exemplar = await tx.exemplar.create({
      data: { memberId: member.id, nominatedById: input.actorId, year: input.year, reason: input.reason, createdAt: input.now },
    });
    await audit(tx, {
      actorId: input.actorId,
      unitId: input.unitId,
      action: "exemplar.nominated",
      targetType: "Exemplar",
      targetId: exemplar.id,
      detail: { memberId: member.id, year: input.year },
    });
    return { status: "created", exemplarId: exemplar.id };
  });
}
