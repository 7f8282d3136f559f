// The member sends their registration to the chi ủy. Accepting the common pledge may come with the
// same decision (one "Đúng, gửi chi ủy" that shows the pledge text), so it is part of this use case.
import { acceptPledge, submitRegistration as submit } from "../db/registrations.ts";
import type { RegistrationProblem } from "../domain/registration-rules.ts";
import { regMsg } from "../messages/registration.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export type SubmitResult = { kind: "done" } | Refused<"not-submittable" | "no-pledge"> | (Refused<"incomplete"> & { problems: RegistrationProblem[] });

export async function submitRegistration(
  deps: Pick<UseCaseDeps, "db" | "now">,
  input: { memberId: string; year: number; acceptPledge: boolean },
): Promise<SubmitResult> {
  if (input.acceptPledge) await acceptPledge(deps.db, input.memberId, input.year);
  const result = await submit(deps.db, { memberId: input.memberId, year: input.year, now: deps.now });
  if (result.ok) return { kind: "done" };
  if (result.problems.some((p) => p.code === "NOT_SUBMITTABLE")) return refused("not-submittable", regMsg.notSubmittable());
  const problems = result.problems.filter((p): p is RegistrationProblem => p.code !== "NO_PLEDGE" && p.code !== "NOT_SUBMITTABLE");
  if (problems.length > 0) return { ...refused("incomplete", regMsg.problems(problems, 0)), problems };
  return refused("no-pledge", regMsg.needPledge());
}
