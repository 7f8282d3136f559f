// Who may do what, from the member's role in the cell.
export type RoleName = "MEMBER" | "COMMITTEE" | "DEPUTY_SECRETARY" | "SECRETARY";

export const isCommitteeRole = (role: RoleName) => role !== "MEMBER";
export const isSecretaryRole = (role: RoleName) => role === "SECRETARY" || role === "DEPUTY_SECRETARY";
