// The chi ủy's decisions on registrations (/duyet): the cell's pending list, one registration for
// review, approve, return with a comment. Every query is limited to the actor's own unit, and each
// decision writes its audit row in the same transaction.
import type { Db } from "./client.ts";
import { audit } from "./audit.ts";
import { sortByVietnameseName } from "../domain/text.ts";
import { comparePeriods } from "../domain/periods.ts";

/** SUBMITTED registrations of the unit's current members with their year, in Vietnamese name order. */
export async function pendingRegistrations(db: Db, unitId: string): Promise<Array<{ id: string; year: number }>> {
  const rows = await db.registration.findMany({
    where: { status: "SUBMITTED", member: { unitId, status: { not: "LEFT" } } },
    select: { id: true, year: true, member: { select: { fullName: true } } },
  });
  const byYear = [...rows].sort((a, b) => a.year - b.year);
  return sortByVietnameseName(byYear, (r) => r.member.fullName).map((r) => ({ id: r.id, year: r.year }));
}

/** A SUBMITTED registration of the unit with its items and earlier comments; null otherwise. */
export async function loadPendingRegistration(db: Db, registrationId: string, unitId: string) {
  return db.registration.findFirst({
    where: { id: registrationId, status: "SUBMITTED", member: { unitId, status: { not: "LEFT" } } },
    include: {
      member: { select: { id: true, fullName: true, position: true } },
      items: { orderBy: { position: "asc" } },
      reviews: { orderBy: { createdAt: "desc" }, take: 1 },
    },
  });
}

export type PendingRegistration = NonNullable<Awaited<ReturnType<typeof loadPendingRegistration>>>;

/**
 * For each registration, the periods the member already self-assessed (submitted) on its items,
 * oldest first; a registration without any is absent. On a pending registration each was made
 * before the chi ủy approved it, which the chi ủy should know when deciding (/duyet, the dashboard).
 */
export async function assessedPeriods(db: Db, registrationIds: readonly string[]): Promise<Map<string, string[]>> {
  const rows =
    registrationIds.length === 0
      ? []
      : await db.assessmentItem.findMany({
          where: { item: { registrationId: { in: [...registrationIds] } }, assessment: { submittedAt: { not: null } } },
          select: { item: { select: { registrationId: true } }, assessment: { select: { period: true } } },
        });
  const byRegistration = new Map<string, Set<string>>();
  for (const row of rows) {
    const periods = byRegistration.get(row.item.registrationId) ?? new Set<string>();
    byRegistration.set(row.item.registrationId, periods.add(row.assessment.period));
  }
  return new Map([...byRegistration].map(([id, periods]) => [id, [...periods].sort(comparePeriods)]));
}

interface Decision {
  registrationId: string;
  unitId: string;
  actorId: string;
  now: Date;
}

/**
 * SUBMITTED → APPROVED, with the chi ủy's optional comment as a Review. Null when it is no longer
 * pending (another chi ủy member was faster).
 */
export async function approveRegistration(db: Db, d: Decision & { comment?: string | null }): Promise<{ reviewId: string | null } | null> {
  return db.$transaction(async (tx) => {
    const updated = await tx.registration.updateMany({
      where: { id: d.registrationId, status: "SUBMITTED", member: { unitId: d.unitId } },
      data: { status: "APPROVED", decidedAt: d.now, decidedById: d.actorId },
    });
    if (updated.count !== 1) return null;
    const review = d.comment
      ? await tx.review.create({ data: { authorId: d.actorId, registrationId: d.registrationId, text: d.comment, createdAt: d.now } })
      : null;
    await audit(tx, {
      actorId: d.actorId,
      unitId: d.unitId,
      action: "registration.approved",
      targetType: "Registration",
      targetId: d.registrationId,
      ...(review ? { detail: { reviewId: review.id } } : {}),
    });
    return { reviewId: review?.id ?? null };
  });
}

/** SUBMITTED → RETURNED with the chi ủy's comment (a Review). Null when it is no longer pending. */
export async function returnRegistration(db: Db, d: Decision & { comment: string }): Promise<{ reviewId: string } | null> {
  return db.$transaction(async (tx) => {
    const updated = await tx.registration.updateMany({
      where: { id: d.registrationId, status: "SUBMITTED", member: { unitId: d.unitId } },
      data: { status: "RETURNED", decidedAt: d.now, decidedById: d.actorId },
    });
    if (updated.count !== 1) return null;
    const review = await tx.review.create({ data: { authorId: d.actorId, registrationId: d.registrationId, text: d.comment, createdAt: d.now } });
    await audit(tx, {
      actorId: d.actorId,
      unitId: d.unitId,
      action: "registration.returned",
      targetType: "Registration",
      targetId: d.registrationId,
      detail: { reviewId: review.id },
    });
    return { reviewId: review.id };
  });
}
