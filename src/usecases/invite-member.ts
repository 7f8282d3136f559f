// The secretary creates a one-time invite code with which a member links a Zalo or Telegram
// account. Chat (/moi), the dashboard and the CLI call this; each shows the code its own way.
import { audit } from "../db/audit.ts";
import { createInvite } from "../db/invites.ts";
import { cellMember } from "../db/reach.ts";
import { cellMembers } from "../db/dashboard-data.ts";
import { usecaseMsg } from "../messages/usecases.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export type InviteResult = { kind: "done"; code: string; expiresAt: Date; member: { id: string; fullName: string } } | Refused<"member-gone">;

export async function inviteMember(
  deps: Pick<UseCaseDeps, "db" | "now">,
  input: { unitId: string; actorId: string | null; memberId: string; via: "chat" | "dashboard" | "cli" },
): Promise<InviteResult> {
  const member = await cellMember(deps.db, input.unitId, input.memberId);
  if (!member) return refused("member-gone", usecaseMsg.memberGone());
  const { code, expiresAt } = await createInvite(deps.db, member.id, input.actorId, deps.now);
  await audit(deps.db, {
    actorId: input.actorId,
    unitId: input.unitId,
    action: input.via === "cli" ? "invite.created.cli" : "invite.created",
    targetType: "Member",
    targetId: member.id,
    ...(input.via === "dashboard" ? { detail: { via: "dashboard" } } : {}),
  });
  return { kind: "done", code, expiresAt, member: { id: member.id, fullName: member.fullName } };
}

export interface CreatedInvite {
  memberId: string;
  fullName: string;
  code: string;
  expiresAt: Date;
}

/**
 * Codes for every member of the cell (not LEFT) who has no Zalo or Telegram account yet, to print
 * (the dashboard's "Mã mời để in"). One audit row for the batch.
 */
export async function inviteUnlinkedMembers(
  deps: Pick<UseCaseDeps, "db" | "now">,
  input: { unitId: string; actorId: string; via: "dashboard" },
): Promise<{ kind: "done"; invites: CreatedInvite[] }> {
  const members = (await cellMembers(deps.db, input.unitId, deps.now)).filter((m) => m.status !== "LEFT" && m.identities.length === 0);
  const invites: CreatedInvite[] = [];
  for (const m of members) {
    const { code, expiresAt } = await createInvite(deps.db, m.id, input.actorId, deps.now);
    invites.push({ memberId: m.id, fullName: m.fullName, code, expiresAt });
  }
  await audit(deps.db, {
    actorId: input.actorId,
    unitId: input.unitId,
    action: "invite.created.bulk",
    targetType: "Unit",
    targetId: input.unitId,
    detail: { via: input.via, count: invites.length, memberIds: members.map((m) => m.id) },
  });
  return { kind: "done", invites };
}
