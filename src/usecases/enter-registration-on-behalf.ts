// The secretary (or deputy) enters the registration of a member of their own cell who has no phone.
// Who may be entered for is checked here at every step (a demoted or moved secretary cannot go on);
// the registration is marked as entered by the secretary, and the start is audited.
import { audit } from "../db/audit.ts";
import type { Member, Unit } from "../db/client.ts";
import { cellMember } from "../db/reach.ts";
import { markEnteredBy } from "../db/registrations.ts";
import { regMsg } from "../messages/registration.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

type Deps = Pick<UseCaseDeps, "db">;
/** Whom a secretary may enter a registration for: a member of their cell who has not LEFT, with the unit. */
export type Subject = Member & { unit: Unit };
export interface Secretary {
  memberId: string;
  unitId: string;
  isSecretary: boolean;
}

/** The member the secretary acts for, if the secretary still may. */
export async function onBehalfSubject(
  deps: Deps,
  secretary: Secretary,
  subjectId: string,
): Promise<{ kind: "done"; subject: Subject } | Refused<"not-allowed">> {
  const subject = secretary.isSecretary ? await cellMember(deps.db, secretary.unitId, subjectId, "with-unit") : null;
  return subject ? { kind: "done", subject } : refused("not-allowed", regMsg.onBehalfSecretaryOnly());
}

export async function startOnBehalf(deps: Deps, secretary: Secretary, subjectId: string): Promise<{ kind: "done"; subject: Subject } | Refused<"not-allowed">> {
  const found = await onBehalfSubject(deps, secretary, subjectId);
  if (found.kind === "done") {
    await audit(deps.db, {
      actorId: secretary.memberId,
      unitId: secretary.unitId,
      action: "registration.entered_on_behalf",
      targetType: "Member",
      targetId: subjectId,
    });
  }
  return found;
}

/** After each step: the registration (once it exists) records who entered it. */
export async function markEnteredOnBehalf(deps: Deps, input: { secretaryId: string; subjectId: string; year: number }): Promise<void> {
  await markEnteredBy(deps.db, { memberId: input.subjectId, year: input.year, enteredById: input.secretaryId });
}
