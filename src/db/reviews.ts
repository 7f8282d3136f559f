// Nhận xét của chi ủy on self-assessments (/nhanxet): whose latest assessment still waits for a
// comment, the latest assessment of a member, and saving a comment. Limited to the actor's unit.
import type { Db } from "./client.ts";
import { audit } from "./audit.ts";
import { sortByVietnameseName } from "../domain/text.ts";
import type { SelfRating } from "../domain/vocabulary.ts";

export interface AwaitingReview {
  memberId: string;
  fullName: string;
  assessmentId: string;
  period: string;
}

/** Current members of the unit whose latest submitted assessment has no Review yet (Vietnamese order). */
export async function membersAwaitingReview(db: Db, unitId: string): Promise<AwaitingReview[]> {
  const rows = await db.assessment.findMany({
    where: { submittedAt: { not: null }, member: { unitId, status: { not: "LEFT" } } },
    orderBy: [{ submittedAt: "desc" }, { createdAt: "desc" }],
    select: { id: true, memberId: true, period: true, member: { select: { fullName: true } }, _count: { select: { reviews: true } } },
  });
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) if (!latest.has(row.memberId)) latest.set(row.memberId, row);
  const waiting = [...latest.values()]
    .filter((r) => r._count.reviews === 0)
    .map((r) => ({ memberId: r.memberId, fullName: r.member.fullName, assessmentId: r.id, period: r.period }));
  return sortByVietnameseName(waiting, (w) => w.fullName);
}

/** The member's latest submitted assessment, with items; null when the member is not in the unit or has none. */
export async function latestAssessment(db: Db, memberId: string, unitId: string) {
  return db.assessment.findFirst({
    where: { memberId, submittedAt: { not: null }, member: { unitId } },
    orderBy: [{ submittedAt: "desc" }, { createdAt: "desc" }],
    include: {
      member: { select: { id: true, fullName: true } },
      items: { include: { item: { select: { category: true, text: true, position: true } } } },
      reviews: { where: { proposedRating: { not: null } }, orderBy: { createdAt: "desc" }, take: 1, select: { proposedRating: true } },
      _count: { select: { reviews: true } },
    },
  });
}

/**
 * Saves the comment on an assessment of the unit (and its audit row), with the chi ủy's proposed
 * rating when the assessment is a year-end one (ignored on others). Null when the assessment is not in the unit.
 */
export async function createAssessmentReview(
  db: Db,
  input: { assessmentId: string; unitId: string; actorId: string; text: string; now: Date; proposedRating?: SelfRating | null },
): Promise<{ reviewId: string; memberId: string; period: string; proposedRating: SelfRating | null } | null> {
  return db.$transaction(async (tx) => {
    const assessment = await tx.assessment.findFirst({
      where: { id: input.assessmentId, member: { unitId: input.unitId, status: { not: "LEFT" } } },
      select: { id: true, memberId: true, period: true, kind: true },
    });
    if (!assessment) return null;
    const proposedRating = assessment.kind === "YEARLY" ? (input.proposedRating ?? null) : null;
    const review = await tx.review.create({
      data: { authorId: input.actorId, assessmentId: assessment.id, text: input.text, proposedRating, createdAt: input.now },
    });
    await audit(tx, {
      actorId: input.actorId,
      unitId: input.unitId,
      action: "review.created",
      targetType: "Assessment",
      targetId: assessment.id,
      detail: { reviewId: review.id, memberId: assessment.memberId, ...(proposedRating ? { proposedRating } : {}) },
    });
    return { reviewId: review.id, memberId: assessment.memberId, period: assessment.period, proposedRating };
  });
}
