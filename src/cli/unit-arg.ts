// The --unit option of every command: the unit a person typed, or a refusal naming the closest units.
import type { Db } from "../db/client.ts";
import { resolveUnitByName } from "../db/units.ts";
import { describeUnitMismatch } from "../domain/unit-names.ts";
import type { CliContext } from "./context.ts";

/** The unit, or undefined after telling the person (one line) which names come closest. */
export async function unitFromArg(db: Db, typed: string, ctx: Pick<CliContext, "err">) {
  const match = await resolveUnitByName(db, typed);
  if (match.kind === "found") return match.unit;
  ctx.err(describeUnitMismatch(typed, match));
  return undefined;
}
