// The secretary (or deputy) registers, changes or deletes the cell's 1–2 collective items; every
// change writes an audit row (in the repository's transaction).
import { deleteCollective, saveCollective, type CollectiveInput } from "../db/registrations.ts";
import { collectiveMsg, regMsg } from "../messages/registration.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

type Deps = Pick<UseCaseDeps, "db">;

export async function saveCollectiveItems(
  deps: Deps,
  input: { unitId: string; year: number; actorId: string; items: ReadonlyArray<{ itemId?: string; item: CollectiveInput }> },
): Promise<{ kind: "done"; positions: number[] } | Refused<"full" | "gone">> {
  const positions: number[] = [];
  for (const { itemId, item } of input.items) {
    const result = await saveCollective(deps.db, { unitId: input.unitId, year: input.year, actorId: input.actorId, ...(itemId ? { itemId } : {}), item });
    if (!result.ok) return result.reason === "FULL" ? refused("full", collectiveMsg.full()) : refused("gone", regMsg.gone());
    positions.push(result.position);
  }
  return { kind: "done", positions };
}

export async function deleteCollectiveItem(
  deps: Deps,
  input: { unitId: string; year: number; actorId: string; itemId: string },
): Promise<{ kind: "done" } | Refused<"gone">> {
  return (await deleteCollective(deps.db, input)) ? { kind: "done" } : refused("gone", regMsg.gone());
}
