// (system) The meeting rules' occurrences become Meeting rows for the horizon ahead. The planner
// runs it for every unit on each run; listing a cell's calendar (CLI `meetings`, chat /lich) and
// opening a self-assessment (/danhgia, whose period is the next meeting's) run it for that cell
// first, so a rule saved a moment ago already counts. Running it again adds nothing.
import { materializeMeetings, type MaterializeSummary } from "../db/meetings.ts";
import type { UseCaseDeps } from "./types.ts";

export type PlanRuleMeetingsResult = { kind: "done" } & MaterializeSummary;

export async function planRuleMeetings(
  deps: Pick<UseCaseDeps, "db" | "now">,
  input: { horizonDays?: number; unitIds?: string[] },
): Promise<PlanRuleMeetingsResult> {
  const summary = await materializeMeetings(deps.db, {
    now: deps.now,
    ...(input.horizonDays !== undefined ? { horizonDays: input.horizonDays } : {}),
    ...(input.unitIds ? { unitIds: input.unitIds } : {}),
  });
  return { kind: "done", ...summary };
}
