// Submitting a self-assessment: the member's own, or one the secretary enters for a member of the
// cell without a phone. One row per member × period, replaced while the period is open (until the
// meeting that evaluates it starts); the draft in progress is dropped with it.
import { audit } from "../db/audit.ts";
import { findAssessedMember, findAssessment, findLastMeeting, findNextMeeting, saveAssessment } from "../db/assessments.ts";
import { assessmentWindow, isEditable, type AssessmentAnswers } from "../domain/assessment-rules.ts";
import type { PeriodKind } from "../domain/periods.ts";
import { isSecretaryRole } from "../domain/roles.ts";
import type { MemberRole } from "../domain/vocabulary.ts";
import { assessMsg } from "../messages/assessment.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export interface SubmitAssessmentInput {
  actor: { memberId: string; unitId: string; role: MemberRole };
  memberId: string;
  period: { period: string; kind: PeriodKind; year: number; label: string };
  /** The registration's items being assessed, in order. */
  itemIds: readonly string[];
  answers: AssessmentAnswers;
  zone: string;
}

export type SubmitAssessmentResult =
  | { kind: "done"; assessmentId: string; updated: boolean; deadline: Date | null; onBehalf: boolean }
  | Refused<"not-found" | "closed" | "not-allowed" | "incomplete">;

export async function submitAssessment(deps: Pick<UseCaseDeps, "db" | "now">, input: SubmitAssessmentInput): Promise<SubmitAssessmentResult> {
  const { db, now } = deps;
  const member = await findAssessedMember(db, input.memberId);
  if (!member) return refused("not-found", assessMsg.notFound(""));
  // The meeting may have started while the member was answering; and without a meeting the month
  // may have turned. Either way this period is no longer the open one.
  const [nextMeeting, lastMeeting] = await Promise.all([findNextMeeting(db, member.unitId, now), findLastMeeting(db, member.unitId, now)]);
  const window = assessmentWindow({ now, zone: input.zone, nextMeeting, lastMeeting });
  if (window.period.period !== input.period.period || !isEditable(now, window.deadline)) {
    return refused("closed", assessMsg.closedWhileAnswering(input.period.label));
  }
  const onBehalf = member.id !== input.actor.memberId;
  // Entering for someone else: still the secretary of the same cell, for an active member.
  if (onBehalf && (!isSecretaryRole(input.actor.role) || member.unitId !== input.actor.unitId || member.status !== "ACTIVE")) {
    return refused("not-allowed", assessMsg.notAllowedAnymore());
  }
  const yearly = input.period.kind === "YEARLY";
  const { answers } = input;
  const complete = input.itemIds.every((id) => answers.answers[id]) && (!yearly || (answers.overallNote && answers.selfRating && answers.shortcomings));
  if (!complete) return refused("incomplete", assessMsg.incomplete());

  const existed = (await findAssessment(db, member.id, input.period.period)) !== null;
  const id = await saveAssessment(db, {
    memberId: member.id,
    kind: input.period.kind,
    period: input.period.period,
    year: input.period.year,
    overallNote: answers.overallNote,
    selfRating: yearly ? answers.selfRating : null,
    shortcomingsNextYear: yearly ? answers.shortcomings : null,
    enteredById: onBehalf ? input.actor.memberId : null,
    items: input.itemIds.flatMap((itemId) => {
      const a = answers.answers[itemId];
      return a ? [{ itemId, progress: a.progress, note: a.note, evidence: a.evidence }] : [];
    }),
    now,
  });
  await audit(db, {
    actorId: input.actor.memberId,
    unitId: member.unitId,
    action: onBehalf ? "assessment.entered_for_member" : "assessment.submitted",
    targetType: "Assessment",
    targetId: id,
    detail: { period: input.period.period, memberId: member.id, updated: existed },
  });
  return { kind: "done", assessmentId: id, updated: existed, deadline: window.deadline, onBehalf };
}
