// Self-assessments (tự đánh giá): meetings that open and close a period, the registration being
// assessed, reading and saving one assessment per member × period, and the year-end draft's data.
import type { Db } from "./client.ts";
import type { AssessmentKind, ItemProgress, SelfRating } from "./client.ts";
import { monthsOfYear } from "../domain/periods.ts";

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
    return assessment.id;
  });
}

/** What the year-end draft is made of: the year's monthly assessments and the chi ủy's comments. */
export async function loadYearEndSources(db: Db, memberId: string, year: number) {
  const months = await db.assessment.findMany({
    where: { memberId, year, kind: "MONTHLY", period: { in: monthsOfYear(year) } },
    include: { items: true },
    orderBy: { period: "asc" },
  });
  const reviews = await db.review.findMany({
    where: {
      OR: [{ assessment: { memberId, year } }, { registration: { memberId, year } }],
    },
    orderBy: { createdAt: "asc" },
  });
  return {
    months: months.map((a) => ({
      period: a.period,
      overallNote: a.overallNote,
      items: a.items.map((i) => ({ itemId: i.itemId, progress: i.progress, note: i.note })),
    })),
    reviews: reviews.map((r) => ({ text: r.text, at: r.createdAt })),
  };
}
