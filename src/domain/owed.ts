// What a member still owes before a meeting: the basis of nudges and of the digest's "not yet"
// lists.
import type { MemberStatus, RegistrationStatus } from "./vocabulary.ts";

export type MemberStatusValue = MemberStatus;
/** NONE = no Registration row for the year. */
export type RegistrationStatusValue = "NONE" | RegistrationStatus;
export type OwedItem = "REGISTRATION" | "REGISTRATION_RETURNED" | "ASSESSMENT";

export interface OwedInput {
  status: MemberStatusValue;
  registrationStatus: RegistrationStatusValue;
  /** Whether the assessment of the open period has been submitted. */
  assessmentSubmitted: boolean;
  /** False when no assessment period is open for this meeting; defaults to true. */
  assessmentOpen?: boolean;
}

export interface OwedResult {
  /**
   * True for members outside the cell's obligations: EXEMPT (miễn sinh hoạt) and LEFT. They owe
   * nothing, get no reminders or nudges, and are not counted as missing (docs/domain.md).
   */
  exempt: boolean;
  /** In the order the member should act: registration first, then the assessment. */
  owes: OwedItem[];
}

export function memberOwes(input: OwedInput): OwedResult {
  if (input.status !== "ACTIVE") return { exempt: true, owes: [] };
  const owes: OwedItem[] = [];
  // A draft is not yet in front of the chi ủy, so it still counts as not registered.
  if (input.registrationStatus === "NONE" || input.registrationStatus === "DRAFT") owes.push("REGISTRATION");
  // Returned by the chi ủy: the member must revise and resubmit; the nudge says so specifically.
  if (input.registrationStatus === "RETURNED") owes.push("REGISTRATION_RETURNED");
  if ((input.assessmentOpen ?? true) && !input.assessmentSubmitted) owes.push("ASSESSMENT");
  return { exempt: false, owes };
}
