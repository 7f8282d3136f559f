// /start [code] on Telegram, or a code sent as text (Zalo, local chat): links the account.
import type { Flow, FlowContext, FlowResult } from "../types.ts";
import { looksLikeInviteCode, normalizeInviteCode } from "../../domain/invite-code.ts";
import { linkWithCode } from "../../usecases/link-account.ts";
import { isCommitteeRole, isSecretaryRole } from "../../domain/roles.ts";
import { helpText, linkMsg } from "../../messages/linking.ts";
import { msg } from "../../messages/common.ts";

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

    const result = await linkWithCode(ctx, { code, platform: event.platform, userId: event.userId, chatId: event.chatId, ...(event.displayName ? { displayName: event.displayName } : {}) });
    if (result.kind === "refused") return reply(result.reason);
    const { member } = result;
    return {
      replies: [
        { kind: "text", text: linkMsg.linked({ fullName: member.fullName, unitName: member.unitName, platform: event.platform }) },
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
