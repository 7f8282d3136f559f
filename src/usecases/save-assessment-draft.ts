// Keeping a self-assessment in progress: saved after every answer so that leaving in the middle
// ("hủy", a closed app) loses nothing, and /danhgia resumes it; or dropped on request.
import { deleteAssessmentDraft, saveAssessmentDraft } from "../db/assessments.ts";
import type { AssessmentAnswers } from "../domain/assessment-rules.ts";
import type { UseCaseDeps } from "./types.ts";

export async function saveDraft(
  deps: Pick<UseCaseDeps, "db" | "now">,
  input: { memberId: string; period: string; authorId: string; answers: AssessmentAnswers },
): Promise<{ kind: "done" }> {
  await saveAssessmentDraft(deps.db, { ...input, now: deps.now });
  return { kind: "done" };
}

export async function discardDraft(deps: Pick<UseCaseDeps, "db">, input: { memberId: string; period: string }): Promise<{ kind: "done" }> {
  await deleteAssessmentDraft(deps.db, input.memberId, input.period);
  return { kind: "done" };
}
