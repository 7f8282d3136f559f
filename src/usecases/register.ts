// A member (or the secretary for them) writes their registration's items: adds the items read from
// one message, changes one, or deletes one. Chat and any other entry point call these; the status
// rules (no change once approved, a change to a sent registration takes it back to the draft) are
// enforced in the repository inside one transaction.
import { addItems, deleteItem, updateItem, type ItemInput, type Mutation } from "../db/registrations.ts";
import { regMsg } from "../messages/registration.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

type Deps = Pick<UseCaseDeps, "db">;
export type ItemRefusal = Refused<"approved" | "full" | "gone">;

function refusal(result: Exclude<Mutation, { ok: true }>, year: number): ItemRefusal {
  if (result.reason === "NOT_EDITABLE") return refused("approved", regMsg.approvedLocked(year));
  if (result.reason === "FULL") return refused("full", regMsg.tooMany());
  return refused("gone", regMsg.gone());
}

export async function registerItems(
  deps: Deps,
  input: { memberId: string; year: number; items: readonly ItemInput[] },
): Promise<{ kind: "done"; positions: number[]; reopened: boolean } | ItemRefusal> {
  const result = await addItems(deps.db, input);
  return result.ok ? { kind: "done", positions: result.positions, reopened: result.reopened } : refusal(result, input.year);
}

export async function changeRegistrationItem(
  deps: Deps,
  input: { memberId: string; year: number; itemId: string; item: ItemInput },
): Promise<{ kind: "done"; reopened: boolean } | ItemRefusal> {
  const result = await updateItem(deps.db, input);
  return result.ok ? { kind: "done", reopened: result.reopened } : refusal(result, input.year);
}

export async function deleteRegistrationItem(
  deps: Deps,
  input: { memberId: string; year: number; itemId: string },
): Promise<{ kind: "done"; reopened: boolean } | ItemRefusal> {
  const result = await deleteItem(deps.db, input);
  return result.ok ? { kind: "done", reopened: result.reopened } : refusal(result, input.year);
}
