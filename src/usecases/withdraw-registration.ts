// The member takes a sent registration back to the draft before the chi ủy decides, or deletes a
// draft altogether.
import { deleteDraft, withdrawRegistration as withdraw } from "../db/registrations.ts";
import { regMsg } from "../messages/registration.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

type Deps = Pick<UseCaseDeps, "db">;

export async function withdrawRegistration(deps: Deps, input: { memberId: string; year: number }): Promise<{ kind: "done" } | Refused<"not-submitted">> {
  return (await withdraw(deps.db, input.memberId, input.year)) ? { kind: "done" } : refused("not-submitted", regMsg.notWithdrawable());
}

export async function deleteRegistrationDraft(deps: Deps, input: { memberId: string; year: number }): Promise<{ kind: "done" } | Refused<"not-draft">> {
  return (await deleteDraft(deps.db, input.memberId, input.year)) ? { kind: "done" } : refused("not-draft", regMsg.notDeletable());
}
