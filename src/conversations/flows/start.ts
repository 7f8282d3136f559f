// /start [code] on Telegram, or a code sent as text (Zalo, local chat): links the account.
import { z } from "zod";
import { defineFlow, end } from "../flow.ts";
import type { FlowContext } from "../types.ts";
import { inviteCodeIn, looksLikeInviteCode } from "../../domain/invite-code.ts";
import { redeemInvite } from "../../db/invites.ts";
import { findIdentity } from "../../db/identities.ts";
import { isCommitteeRole, isSecretaryRole } from "../../domain/roles.ts";
import { helpText, linkMsg } from "../../messages/linking.ts";
import { msg } from "../../messages/common.ts";
import { audit } from "../../db/audit.ts";

const text = (t: string) => ({ kind: "text" as const, text: t });

async function link(ctx: FlowContext, attempt: string) {
  const { event } = ctx;
  // Ordinary chatter from someone unlinked is not a wrong code: explain instead of counting it.
  // Anything shaped like a code, valid or not, gets the same answer and counts the same.
  const code = inviteCodeIn(attempt);
  if (!code && !looksLikeInviteCode(attempt)) return end(text(msg.notLinked()));

  const result = await redeemInvite(ctx.db, {
    code,
    platform: event.platform,
    userId: event.userId,
    chatId: event.chatId,
    ...(event.displayName ? { displayName: event.displayName } : {}),
    now: ctx.now,
  });
  if (!result.ok) {
    const reply = { INVALID: linkMsg.invalid, USED: linkMsg.used, EXPIRED: linkMsg.expired, LOCKED: linkMsg.locked, OTHER_MEMBER: linkMsg.otherMember }[result.reason]();
    return end(text(reply));
  }
  const identity = await findIdentity(ctx.db, event.platform, event.userId);
  if (!identity) throw new Error(`identity ${result.identityId} vanished right after linking`);
  const member = identity.member;
  await audit(ctx.db, { actorId: member.id, unitId: member.unitId, action: "identity.linked", targetType: "Identity", targetId: result.identityId, detail: { platform: event.platform } });
  return end(
    text(linkMsg.linked({ fullName: member.fullName, unitName: member.unit.name, platform: event.platform })),
    text(helpText({ fullName: member.fullName, isCommittee: isCommitteeRole(member.role), isSecretary: isSecretaryRole(member.role) })),
  );
}

export const startFlow = defineFlow({
  name: "start",
  access: "anyone",
  version: 1,
  data: z.object({}),
  async start(ctx, args) {
    const { actor } = ctx;
    const attempt = args.trim();
    if (!attempt) {
      if (!actor) return end(text(msg.notLinked()));
      return end(text(helpText({ fullName: actor.member.fullName, isCommittee: actor.isCommittee, isSecretary: actor.isSecretary })));
    }
    if (actor) return end(text(linkMsg.alreadyLinked(actor.member.fullName)));
    return link(ctx, attempt);
  },
  steps: {},
});

export const helpFlow = defineFlow({
  name: "help",
  access: "member",
  version: 1,
  data: z.object({}),
  async start(ctx) {
    const a = ctx.actor;
    return end(text(helpText({ fullName: a.member.fullName, isCommittee: a.isCommittee, isSecretary: a.isSecretary })));
  },
  steps: {},
});
