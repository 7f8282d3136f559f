// "Tất cả đúng tiến độ" straight from the monthly reminder: one tap (or one number on Zalo) records
// the month's self-assessment with every item on track, without opening /danhgia. The tap names
// its month, so it is checked against the period open now; a month already recorded records
// nothing again; anything but all on track (a draft with exceptions) goes through /danhgia.
import { findAssessedMember, findAssessment, findAssessmentDraft, findLastMeeting, findNextMeeting, findRegistration } from "../db/assessments.ts";
import { allOnTrack, assessmentWindow, emptyAnswers, isEditable } from "../domain/assessment-rules.ts";
import { monthPeriod } from "../domain/periods.ts";
import { registrationRoute } from "../domain/registration-rules.ts";
import type { MemberRole } from "../domain/vocabulary.ts";
import { assessMsg } from "../messages/assessment.ts";
import { submitAssessment } from "./submit-assessment.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export type AssessOnTrackResult =
  | { kind: "done"; recorded: boolean; label: string; count: number; deadline: Date | null; zone: string }
  | Refused<"not-found" | "closed" | "not-approved" | "draft" | "not-allowed" | "incomplete">;

export async function assessOnTrack(
  deps: Pick<UseCaseDeps, "db" | "now">,
  input: { actor: { memberId: string; unitId: string; role: MemberRole }; period: string; zone: string },
): Promise<AssessOnTrackResult> {
  const { db, now } = deps;
  const [year = 0, month = 0] = input.period.split("-").map(Number);
  const member = await findAssessedMember(db, input.actor.memberId);
  if (!member || month < 1 || month > 12) return refused("not-found", assessMsg.notFound(""));
  // An exempt member who taps an old reminder is told why, not "chọn lại".
  if (member.status === "EXEMPT") return refused("not-allowed", assessMsg.exempt(member.fullName, false));
  if (member.status !== "ACTIVE") return refused("not-found", assessMsg.notFound(""));
  const period = monthPeriod(year, month);
  const zone = member.unit.timeZone || input.zone;

  // Recorded already (a second tap, or /danhgia before it): nothing twice, whatever the period now.
  if (await findAssessment(db, member.id, period.period)) return { kind: "done", recorded: false, label: period.label, count: 0, deadline: null, zone };

  const [nextMeeting, lastMeeting] = await Promise.all([findNextMeeting(db, member.unitId, now), findLastMeeting(db, member.unitId, now)]);
  const window = assessmentWindow({ now, zone, nextMeeting, lastMeeting });
  if (window.period.period !== period.period || !isEditable(now, window.deadline)) return refused("closed", assessMsg.tapClosed(period.label));

  const registration = await findRegistration(db, member.id, year);
  if (!registration || registration.items.length === 0) {
    return refused(
      "not-approved",
      assessMsg.noRegistration({ fullName: member.fullName, year, status: null, onBehalf: false, route: registrationRoute(now, zone, year) }),
    );
  }
  if (registration.status !== "APPROVED") return refused("not-approved", assessMsg.tapNotApproved(year));
  const itemIds = registration.items.map((i) => i.id);

  const draft = await findAssessmentDraft(db, member.id, period.period);
  if (draft && Object.entries(draft.answers.answers).some(([id, a]) => itemIds.includes(id) && a.progress !== "ON_TRACK")) {
    return refused("draft", assessMsg.tapDraft(period.label));
  }

  const answers = { ...emptyAnswers(), answers: allOnTrack(itemIds, {}) };
  const result = await submitAssessment({ db, now }, { actor: input.actor, memberId: member.id, period, itemIds, answers, zone });
  if (result.kind === "refused") return result.code === "closed" ? refused("closed", assessMsg.tapClosed(period.label)) : result;
  return { kind: "done", recorded: true, label: period.label, count: itemIds.length, deadline: result.deadline, zone };
}
