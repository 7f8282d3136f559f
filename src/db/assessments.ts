// Self-assessments (tự đánh giá): meetings that open and close a period, the registration being
// assessed, reading and saving one assessment per member × period, and the year-end draft's data.
import type { Db } from "./client.ts";
import type { AssessmentKind, ItemProgress, SelfRating } from "./client.ts";
import { monthsOfYear, quarterPeriod } from "../domain/periods.ts";
import { assessmentAnswersSchema, type AssessmentAnswers } from "../domain/assessment-rules.ts";

/** The member an assessment is for, with the cell's time zone. */
export async function findAssessedMember(db: Db, memberId: string) {
  return db.member.findUnique({
    where: { id: memberId },
    select: { id: true, fullName: true, status: true, unitId: true, unit: { select: { timeZone: true } } },
  });
}

/** The first meeting still to come (scheduled or moved), the one that evaluates the open period. */
export async function findNextMeeting(db: Db, unitId: string, now: Date) {
  return db.meeting.findFirst({
    where: { unitId, status: { in: ["SCHEDULED", "MOVED"] }, startsAt: { gt: now } },
    orderBy: { startsAt: "asc" },
  });
}

/** The latest meeting that has started (not cancelled): it closed its period. */
export async function findLastMeeting(db: Db, unitId: string, now: Date) {
  return db.meeting.findFirst({
    where: { unitId, status: { not: "CANCELLED" }, startsAt: { lte: now } },
    orderBy: { startsAt: "desc" },
  });
}

/** The member's registration of the year with its items, whatever its status. */
export async function findRegistration(db: Db, memberId: string, year: number) {
  return db.registration.findUnique({
    where: { memberId_year: { memberId, year } },
    include: { items: { orderBy: { position: "asc" } } },
  });
}

export async function findAssessment(db: Db, memberId: string, period: string) {
  return db.assessment.findUnique({
    where: { memberId_period: { memberId, period } },
    include: { items: true },
  });
}

export interface AssessmentItemInput {
  itemId: string;
  progress: ItemProgress;
  note: string | null;
  evidence: string | null;
}

export interface SaveAssessmentInput {
  memberId: string;
  kind: AssessmentKind;
  period: string;
  year: number;
  overallNote: string | null;
  selfRating: SelfRating | null;
  shortcomingsNextYear: string | null;
  /** The secretary who entered it for the member; null when the member did it. */
  enteredById: string | null;
  items: AssessmentItemInput[];
  now: Date;
}

/**
 * One row per member × period: creates it or replaces the answers of the existing one (the same
 * row, so the chi ủy's comments on it stay attached). Only items of the member's own registration
 * of that year are kept. Returns the assessment id.
 */
export async function saveAssessment(db: Db, input: SaveAssessmentInput): Promise<string> {
  return db.$transaction(async (tx) => {
    const own = await tx.commitmentItem.findMany({
      where: { id: { in: input.items.map((i) => i.itemId) }, registration: { memberId: input.memberId, year: input.year } },
      select: { id: true },
    });
    const ownIds = new Set(own.map((i) => i.id));
    const items = input.items.filter((i) => ownIds.has(i.itemId));
    const fields = {
      kind: input.kind,
      year: input.year,
      overallNote: input.overallNote,
      selfRating: input.selfRating,
      shortcomingsNextYear: input.shortcomingsNextYear,
      enteredById: input.enteredById,
      submittedAt: input.now,
    };
    const assessment = await tx.assessment.upsert({
      where: { memberId_period: { memberId: input.memberId, period: input.period } },
      create: { memberId: input.memberId, period: input.period, ...fields },
      update: fields,
    });
    await tx.assessmentItem.deleteMany({ where: { assessmentId: assessment.id, itemId: { notIn: items.map((i) => i.itemId) } } });
    for (const item of items) {
      const data = { progress: item.progress, note: item.note, evidence: item.evidence };
      await tx.assessmentItem.upsert({
        where: { assessmentId_itemId: { assessmentId: assessment.id, itemId: item.itemId } },
        create: { assessmentId: assessment.id, itemId: item.itemId, ...data },
        update: data,
      });
    }
    // Submitted: the answers in progress are no longer a draft.
    await tx.assessmentDraft.deleteMany({ where: { memberId: input.memberId, period: input.period } });
    return assessment.id;
  });
}

export interface StoredDraft {
  answers: AssessmentAnswers;
  authorId: string;
  updatedAt: Date;
}

/** The answers in progress for this member and period; a draft that no longer decodes counts as none. */
export async function findAssessmentDraft(db: Db, memberId: string, period: string): Promise<StoredDraft | null> {
  const row = await db.assessmentDraft.findUnique({ where: { memberId_period: { memberId, period } } });
  if (!row) return null;
  const parsed = assessmentAnswersSchema.safeParse(row.data);
  return parsed.success ? { answers: parsed.data, authorId: row.authorId, updatedAt: row.updatedAt } : null;
}

export async function saveAssessmentDraft(
  db: Db,
  input: { memberId: string; period: string; authorId: string; answers: AssessmentAnswers; now: Date },
): Promise<void> {
  const fields = { data: input.answers, authorId: input.authorId, updatedAt: input.now };
  await db.$transaction([
    // Only the open period's draft can be resumed: those of earlier periods are dead weight.
    db.assessmentDraft.deleteMany({ where: { memberId: input.memberId, period: { not: input.period } } }),
    db.assessmentDraft.upsert({
      where: { memberId_period: { memberId: input.memberId, period: input.period } },
      create: { memberId: input.memberId, period: input.period, ...fields },
      update: fields,
    }),
  ]);
}

export async function deleteAssessmentDraft(db: Db, memberId: string, period: string): Promise<void> {
  await db.assessmentDraft.deleteMany({ where: { memberId, period } });
}

/**
 * What the year-end draft is made of: the year's monthly and quarterly assessments and the chi ủy's
 * comments on them. Not the comments on the registration: they are about its wording (why it was
 * returned: "cần cụ thể hơn, có con số"), not the year's work, and read as such in the draft.
 */
export async function loadYearEndSources(db: Db, memberId: string, year: number) {
  const quarters = [1, 2, 3, 4].map((q) => quarterPeriod(year, q).period);
  const months = await db.assessment.findMany({
    where: { memberId, year, kind: { in: ["MONTHLY", "QUARTERLY"] }, period: { in: [...monthsOfYear(year), ...quarters] }, submittedAt: { not: null } },
    include: { items: true },
    orderBy: { period: "asc" },
  });
  const reviews = await db.review.findMany({ where: { assessment: { memberId, year } }, orderBy: { createdAt: "asc" } });
  return {
    months: months.map((a) => ({
      period: a.period,
      overallNote: a.overallNote,
      items: a.items.map((i) => ({ itemId: i.itemId, progress: i.progress, note: i.note })),
    })),
    reviews: reviews.map((r) => ({ text: r.text, at: r.createdAt })),
  };
}
