// The member sends their registration to the chi ủy. Accepting the common pledge may come with the
// same decision (one "Đúng, gửi chi ủy" that shows the pledge text), so it is part of this use case.
// The cell's secretary and deputies are told through the Notifier, so the registration does not
// wait unseen for /duyet or the digest.
import { acceptPledge, submitRegistration as submit, submitterAndSecretaries } from "../db/registrations.ts";
import type { RegistrationProblem } from "../domain/registration-rules.ts";
import { committeeMsg } from "../messages/committee.ts";
import { regMsg } from "../messages/registration.ts";
import { dedupeKeys, type SendReport } from "./notifier.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export type SubmitResult =
  | { kind: "done"; report: SendReport; secretariesTold: boolean }
  | Refused<"not-submittable" | "no-pledge">
  | (Refused<"incomplete"> & { problems: RegistrationProblem[] });

export async function submitRegistration(
  deps: UseCaseDeps,
  input: { memberId: string; year: number; acceptPledge: boolean; actorId: string },
): Promise<SubmitResult> {
  const { db, notifier, now } = deps;
  if (input.acceptPledge) await acceptPledge(db, input.memberId, input.year);
  const result = await submit(db, { memberId: input.memberId, year: input.year, now });
  if (result.ok) {
    const { member, secretaryIds } = await submitterAndSecretaries(db, input.memberId);
    // Neither the member (a secretary's own registration) nor whoever pressed "gửi" (a secretary
    // entering for a member) needs to be told what they just did.
    const recipients = secretaryIds.filter((id) => id !== member.id && id !== input.actorId);
    const notBefore = notifier.notBefore(now, member.unit.timeZone);
    const text = committeeMsg.notifySubmitted({ fullName: member.fullName, year: input.year, afterReturn: result.afterReturn });
    const report = await notifier.send(
      recipients.map((secretaryId) => ({
        purpose: "registration-submitted" as const,
        dedupeKey: dedupeKeys.registrationSubmitted(result.registrationId, result.lastReviewId, secretaryId),
        memberId: secretaryId,
        message: { kind: "text" as const, text },
        notBefore,
      })),
    );
    // Told: someone of the cell's leadership gets it, or the one submitting is one of them.
    const secretariesTold = report.reachable.length > 0 || secretaryIds.includes(input.actorId) || secretaryIds.includes(member.id);
    return { kind: "done", report, secretariesTold };
  }
  if (result.problems.some((p) => p.code === "NOT_SUBMITTABLE")) return refused("not-submittable", regMsg.notSubmittable());
  const problems = result.problems.filter((p): p is RegistrationProblem => p.code !== "NO_PLEDGE" && p.code !== "NOT_SUBMITTABLE");
  if (problems.length > 0) return { ...refused("incomplete", regMsg.problems(problems, 0)), problems };
  return refused("no-pledge", regMsg.needPledge());
}
