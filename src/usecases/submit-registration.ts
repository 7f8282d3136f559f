// The member sends their registration to the chi ủy. Accepting the common pledge may come with the
// same decision (one "Đúng, gửi chi ủy" that shows the pledge text), so it is part of this use case,
// recorded with the send itself: a refused send leaves the pledge as it was.
// The cell's secretary and deputies are told through the Notifier, so the registration does not
// wait unseen for /duyet or the digest; when none of them takes messages, the chi ủy members who do.
import { submitRegistration as submit, submitterAndSecretaries } from "../db/registrations.ts";
import type { RegistrationProblem } from "../domain/registration-rules.ts";
import { committeeMsg } from "../messages/committee.ts";
import { regMsg } from "../messages/registration.ts";
import { membersReach } from "../db/reach.ts";
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
  const result = await submit(db, { memberId: input.memberId, year: input.year, now, acceptPledge: input.acceptPledge });
  if (result.ok) {
    const { member, secretaries, committee } = await submitterAndSecretaries(db, input.memberId);
    const notBefore = notifier.notBefore(now, member.unit.timeZone);
    const text = committeeMsg.notifySubmitted({ fullName: member.fullName, year: input.year, afterReturn: result.afterReturn });
    // The member is not asked to review their own registration; whoever pressed "gửi" (the member,
    // or a secretary entering it for them) is the sender, whom the Notifier leaves out.
    const notices = (to: readonly { id: string }[]) =>
      to
        .filter((s) => s.id !== member.id)
        .map((s) => ({
          purpose: "registration-submitted" as const,
          dedupeKey: dedupeKeys.registrationSubmitted(result.registrationId, result.lastReviewId, s.id),
          memberId: s.id,
          message: { kind: "text" as const, text },
          notBefore,
        }));
    let report = await notifier.send(notices(secretaries), input.actorId);
    // Told only when the notice reached someone of the cell's leadership, or when the secretary
    // sent it themself. A deputy who sends is not the secretary: unless the notice reached someone,
    // the member hears that nobody was told.
    const sentBySecretary = secretaries.some((s) => s.id === input.actorId && s.role === "SECRETARY");
    if (report.reachable.length === 0 && !sentBySecretary) {
      // Neither the secretary nor a deputy takes messages from the bot: the chi ủy's other members
      // who do are told instead (they can /duyet too), rather than the registration waiting unseen.
      const reachable = new Set(
        (
          await membersReach(
            db,
            committee.map((c) => c.id),
          )
        )
          .filter((r) => r.unreachable === null)
          .map((r) => r.memberId),
      );
      const more = await notifier.send(notices(committee.filter((c) => reachable.has(c.id))), input.actorId);
      report = {
        ...report,
        reachable: [...report.reachable, ...more.reachable],
        unreachable: [...report.unreachable, ...more.unreachable],
        created: report.created + more.created,
        existing: report.existing + more.existing,
      };
    }
    const secretariesTold = report.reachable.length > 0 || sentBySecretary;
    return { kind: "done", report, secretariesTold };
  }
  if (result.problems.some((p) => p.code === "NOT_SUBMITTABLE")) return refused("not-submittable", regMsg.notSubmittable());
  const problems = result.problems.filter((p): p is RegistrationProblem => p.code !== "NO_PLEDGE" && p.code !== "NOT_SUBMITTABLE");
  if (problems.length > 0) return { ...refused("incomplete", regMsg.problems(problems, 0)), problems };
  return refused("no-pledge", regMsg.needPledge());
}
