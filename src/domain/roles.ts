// Who may do what, from the member's role in the cell.
import type { MemberRole } from "./vocabulary.ts";

export const isCommitteeRole = (role: MemberRole) => role !== "MEMBER";
export const isSecretaryRole = (role: MemberRole) => role === "SECRETARY" || role === "DEPUTY_SECRETARY";
