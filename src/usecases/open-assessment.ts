// Opening a self-assessment (/danhgia): whose, which period is open, what is already on record
// (the submitted answers, a draft left in the middle) and whether the member may assess at all.
// A read with rules, shared by every entry point that shows the assessment to fill in.
import { findAssessedMember, findAssessment, findAssessmentDraft, findLastMeeting, findNextMeeting, findRegistration } from "../db/assessments.ts";
import { assessmentWindow, type AssessmentAnswers } from "../domain/assessment-rules.ts";
import type { AssessmentPeriod } from "../domain/periods.ts";
import type { Category } from "../domain/vocabulary.ts";
import { registrationRoute } from "../domain/registration-rules.ts";
import { assessMsg } from "../messages/assessment.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";
import { planRuleMeetings } from "./plan-rule-meetings.ts";

export interface OpenAssessment {
  kind: "done";
  member: { id: string; fullName: string; unitId: string };
  zone: string;
  period: AssessmentPeriod;
  /** Editable until then (the meeting that evaluates the period); null without a planned meeting. */
  deadline: Date | null;
  /** Said first when the period the member may have meant was closed by a recent meeting. */
  closedNotice: string | null;
  /** The registration is submitted but not approved yet (said, not refused). */
  notApproved: boolean;
  items: Array<{ id: string; category: Category; categories: Category[]; text: string }>;
  /** What was submitted for this period, limited to the registration's current items. */
  submitted: (AssessmentAnswers & { enteredBySecretary: boolean }) | null;
  /** Answers given before the member left in the middle. */
  draft: { answers: AssessmentAnswers; savedAt: Date } | null;
}

export type OpenAssessmentResult = OpenAssessment | Refused<"not-found" | "exempt" | "no-registration">;

export async function openAssessment(
  deps: Pick<UseCaseDeps, "db" | "now">,
  input: { memberId: string; onBehalf: boolean; zone: string },
): Promise<OpenAssessmentResult> {
  const { db, now } = deps;
  const member = await findAssessedMember(db, input.memberId);
  if (!member) return refused("not-found", assessMsg.notFound(""));
  if (member.status === "EXEMPT") return refused("exempt", assessMsg.exempt(member.fullName, input.onBehalf));

  const zone = member.unit.timeZone || input.zone;
  // The period is the one the next meeting reviews: the rule's meetings are planned first (as /lich
  // does), so December's year-end meeting makes /danhgia the year-end one before the planner's first run.
  await planRuleMeetings({ db, now }, { unitIds: [member.unitId] });
  const [nextMeeting, lastMeeting] = await Promise.all([findNextMeeting(db, member.unitId, now), findLastMeeting(db, member.unitId, now)]);
  const window = assessmentWindow({ now, zone, nextMeeting, lastMeeting });
  const { period } = window;

  const registration = await findRegistration(db, member.id, period.year);
  const usable = registration !== null && (registration.status === "SUBMITTED" || registration.status === "APPROVED") && registration.items.length > 0;
  if (!registration || !usable) {
    const status = registration?.status === "DRAFT" || registration?.status === "RETURNED" ? registration.status : null;
    // From November /dangky offers next year first, so where next year's stands is said too.
    const nextYear = registration ? null : await findRegistration(db, member.id, period.year + 1);
    return refused(
      "no-registration",
      assessMsg.noRegistration({
        fullName: member.fullName,
        year: period.year,
        status,
        onBehalf: input.onBehalf,
        nextYear: nextYear && nextYear.items.length > 0 ? nextYear.status : null,
        route: registrationRoute(now, zone, period.year),
      }),
    );
  }
  const items = registration.items.map((i) => ({ id: i.id, category: i.category, categories: i.categories, text: i.text }));
  const own = new Set(items.map((i) => i.id));

  const [existing, draft] = await Promise.all([findAssessment(db, member.id, period.period), findAssessmentDraft(db, member.id, period.period)]);
  const closedNotice =
    window.closed && !existing && lastMeeting
      ? assessMsg.closed({ closedLabel: window.closed.label, meetingAt: lastMeeting.startsAt, zone, openLabel: period.label })
      : null;
  let submitted: OpenAssessment["submitted"] = null;
  if (existing) {
    const answers: AssessmentAnswers["answers"] = {};
    for (const row of existing.items) if (own.has(row.itemId)) answers[row.itemId] = { progress: row.progress, note: row.note, evidence: row.evidence };
    submitted = {
      answers,
      overallNote: existing.overallNote,
      selfRating: existing.selfRating,
      shortcomings: existing.shortcomingsNextYear,
      enteredBySecretary: existing.enteredById !== null,
    };
  }
  const draftAnswers = draft ? { ...draft.answers, answers: Object.fromEntries(Object.entries(draft.answers.answers).filter(([id]) => own.has(id))) } : null;
  return {
    kind: "done",
    member: { id: member.id, fullName: member.fullName, unitId: member.unitId },
    zone,
    period,
    deadline: window.deadline,
    closedNotice,
    notApproved: registration.status === "SUBMITTED",
    items,
    submitted,
    draft: draft && draftAnswers ? { answers: draftAnswers, savedAt: draft.updatedAt } : null,
  };
}
