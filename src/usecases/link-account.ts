// A person links a chat account to their member record. Two ways in:
//  - linkWithCode: a one-time invite code sent on Telegram (/start <code>), Zalo or the local chat
//    (a code typed as text); the chat start flow calls it for every platform.
//  - linkLocally: `npm run chat -- --member "<name>"`, no code: whoever can open the database is
//    trusted on this machine, so the CLI names the member directly.
// Both write through repositories and audit the link; neither sends anything to anyone else.
import { audit } from "../db/audit.ts";
import { findIdentity } from "../db/identities.ts";
import { redeemInvite, type RedeemResult } from "../db/invites.ts";
import { linkLocalIdentity } from "../db/local-chat.ts";
import { findMembersByName } from "../db/members.ts";
import type { Platform } from "../channels/types.ts";
import type { MemberRole } from "../domain/vocabulary.ts";
import { linkMsg } from "../messages/linking.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export interface LinkedMember {
  id: string;
  fullName: string;
  role: MemberRole;
  unitId: string;
  unitName: string;
}

type RedeemFailure = Extract<RedeemResult, { ok: false }>["reason"];
export type LinkRefusal = "invalid" | "used" | "expired" | "locked" | "other-member";

export type LinkWithCodeResult = { kind: "done"; member: LinkedMember; identityId: string; alreadyLinked: boolean } | Refused<LinkRefusal>;

const REFUSALS: Record<RedeemFailure, [LinkRefusal, () => string]> = {
  INVALID: ["invalid", linkMsg.invalid],
  USED: ["used", linkMsg.used],
  EXPIRED: ["expired", linkMsg.expired],
  LOCKED: ["locked", linkMsg.locked],
  OTHER_MEMBER: ["other-member", linkMsg.otherMember],
};

/**
 * Redeems an invite code for the account (platform, userId). A null code counts as a wrong one
 * (the person typed something shaped like a code that is not one). Wrong codes are counted per
 * chat; after too many the account is locked out for a while.
 */
export async function linkWithCode(
  deps: Pick<UseCaseDeps, "db" | "now">,
  input: { code: string | null; platform: Platform; userId: string; chatId: string; displayName?: string },
): Promise<LinkWithCodeResult> {
  const result = await redeemInvite(deps.db, {
    code: input.code,
    platform: input.platform,
    userId: input.userId,
    chatId: input.chatId,
    ...(input.displayName ? { displayName: input.displayName } : {}),
    now: deps.now,
  });
  if (!result.ok) {
    const [code, text] = REFUSALS[result.reason];
    return refused(code, text());
  }
  const identity = await findIdentity(deps.db, input.platform, input.userId);
  if (!identity) throw new Error(`identity ${result.identityId} vanished right after linking`);
  const m = identity.member;
  await audit(deps.db, {
    actorId: m.id,
    unitId: m.unitId,
    action: "identity.linked",
    targetType: "Identity",
    targetId: result.identityId,
    detail: { platform: input.platform },
  });
  return {
    kind: "done",
    member: { id: m.id, fullName: m.fullName, role: m.role, unitId: m.unitId, unitName: m.unit.name },
    identityId: result.identityId,
    alreadyLinked: result.alreadyLinked,
  };
}

export type LinkLocallyResult = { kind: "done"; member: LinkedMember; userId: string } | Refused<"not-found" | "ambiguous">;

/**
 * Links a local chat user to the one member (not LEFT) with this name. Without a user name the
 * member's own one is used (`local:<member id>`), so the same member always gets the same chat.
 */
export async function linkLocally(deps: Pick<UseCaseDeps, "db" | "now">, input: { userId?: string; memberName: string }): Promise<LinkLocallyResult> {
  const found = await findMembersByName(deps.db, input.memberName);
  const [member, ...others] = found;
  if (!member) return refused("not-found", linkMsg.localNoSuchMember(input.memberName));
  if (others.length > 0) return refused("ambiguous", linkMsg.localSameName(found.map((m) => ({ fullName: m.fullName, unitName: m.unit.name }))));
  const userId = input.userId ?? `local:${member.id}`;
  await linkLocalIdentity(deps.db, userId, member, deps.now);
  return { kind: "done", userId, member: { id: member.id, fullName: member.fullName, role: member.role, unitId: member.unitId, unitName: member.unit.name } };
}
