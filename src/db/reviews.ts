// Nhận xét của chi ủy on self-assessments (/nhanxet): whose latest assessment still waits for a
// comment, the latest assessment of a member, and saving a comment. Limited to the actor's unit.
import type { Db, Prisma } from "./client.ts";
import { audit } from "./audit.ts";
import { sortByVietnameseName } from "../domain/text.ts";
import { compareByPeriod } from "../domain/digest/history.ts";
import type { SelfRating } from "../domain/vocabulary.ts";

export interface AwaitingReview {
  memberId: string;
  fullName: string;
  assessmentId: string;
  period: string;
}

/**
 * The unit's self-assessments waiting for the chi ủy's comment, by the digest's rule (/baocao's
 * "Tự đánh giá chờ chi ủy nhận xét"): every submitted one with no comment yet, of a member taking
 * part (not exempt, not left), in Vietnamese name order, then by period. Every one, not only each
 * member's latest: a year-end assessment sent before the month's was hidden behind the month's
 * comment, so /nhanxet said nothing waited while the digest listed it.
 */
export async function assessmentsAwaitingReview(db: Db, unitId: string): Promise<AwaitingReview[]> {
  const rows = await db.assessment.findMany({
    where: { submittedAt: { not: null }, reviews: { none: {} }, member: { unitId, status: "ACTIVE" } },
    select: { id: true, memberId: true, period: true, member: { select: { fullName: true } } },
  });
  const waiting = rows
    .map((r) => ({ memberId: r.memberId, fullName: r.member.fullName, assessmentId: r.id, period: r.period }))
    .sort((x, y) => compareByPeriod(x.period, y.period));
  return sortByVietnameseName(waiting, (w) => w.fullName);
}

/**
 * The assessment /nhanxet opens for a member: the one asked for, else the latest still waiting for a
 * comment, else the latest submitted (to comment again). With items; null when the member is not in
 * the unit or has none.
 */
export async function assessmentToReview(db: Db, memberId: string, unitId: string, assessmentId?: string) {
  const find = (where: Prisma.AssessmentWhereInput) =>
    db.assessment.findFirst({
      where: { memberId, submittedAt: { not: null }, member: { unitId }, ...where },
      orderBy: [{ submittedAt: "desc" }, { createdAt: "desc" }],
      include: {
        member: { select: { id: true, fullName: true } },
        items: { include: { item: { select: { category: true, text: true, position: true } } } },
        reviews: { where: { proposedRating: { not: null } }, orderBy: { createdAt: "desc" }, take: 1, select: { proposedRating: true } },
        _count: { select: { reviews: true } },
      },
    });
  if (assessmentId) return find({ id: assessmentId });
  return (await find({ reviews: { none: {} } })) ?? (await find({}));
}

/** The member's latest submitted assessment, with items; null when the member is not in the unit or has none. */
export async function latestAssessment(db: Db, memberId: string, unitId: string) {
  return db.assessment.findFirst({
    where: { memberId, submittedAt: { not: null }, member: { unitId } },
    orderBy: [{ submittedAt: "desc" }, { createdAt: "desc" }],
    select: { id: true },
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
