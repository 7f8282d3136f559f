// /start [code] on Telegram, or a code sent as text (Zalo, local chat): links the account.
import type { Flow, FlowContext, FlowResult } from "../types.ts";
import { looksLikeInviteCode, normalizeInviteCode } from "../../domain/invite-code.ts";
import { redeemInvite } from "../../db/invites.ts";
import { findIdentity } from "../../db/identities.ts";
import { isCommitteeRole, isSecretaryRole } from "../../domain/roles.ts";
import { helpText, linkMsg } from "../../messages/linking.ts";
import { msg } from "../../messages/common.ts";
import { audit } from "../../db/audit.ts";

const reply = (text: string): FlowResult => ({ replies: [{ kind: "text", text }] });

export const startFlow: Flow = {
  name: "start",
  access: "anyone",
  async start(ctx: FlowContext, args: string): Promise<FlowResult> {
    const { actor, event } = ctx;
    const attempt = args.trim();
    if (!attempt) {
      if (!actor) return reply(msg.notLinked());
      return reply(helpText({ fullName: actor.member.fullName, isCommittee: actor.isCommittee, isSecretary: actor.isSecretary }));
    }
    if (actor) return reply(linkMsg.alreadyLinked(actor.member.fullName));
    // Ordinary chatter from someone unlinked is not a wrong code: explain instead of counting it.
    const code = normalizeInviteCode(attempt);
    if (!code && !looksLikeInviteCode(attempt)) return reply(msg.notLinked());

    const result = await redeemInvite(ctx.db, {
      code,
      platform: event.platform,
      userId: event.userId,
      chatId: event.chatId,
      ...(event.displayName ? { displayName: event.displayName } : {}),
      now: ctx.now,
    });
    if (!result.ok) {
      const text = { INVALID: linkMsg.invalid, USED: linkMsg.used, EXPIRED: linkMsg.expired, LOCKED: linkMsg.locked, OTHER_MEMBER: linkMsg.otherMember }[result.reason]();
      return reply(text);
    }
    const identity = await findIdentity(ctx.db, event.platform, event.userId);
    const member = identity!.member;
    await audit(ctx.db, { actorId: member.id, unitId: member.unitId, action: "identity.linked", targetType: "Identity", targetId: result.identityId, detail: { platform: event.platform } });
    return {
      replies: [
        { kind: "text", text: linkMsg.linked({ fullName: member.fullName, unitName: member.unit.name, platform: event.platform }) },
        { kind: "text", text: helpText({ fullName: member.fullName, isCommittee: isCommitteeRole(member.role), isSecretary: isSecretaryRole(member.role) }) },
      ],
    };
  },
};

export const helpFlow: Flow = {
  name: "help",
  access: "member",
  async start(ctx) {
    const a = ctx.actor!;
    return reply(helpText({ fullName: a.member.fullName, isCommittee: a.isCommittee, isSecretary: a.isSecretary }));
  },
};
