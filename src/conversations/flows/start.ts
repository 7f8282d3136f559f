// /start [code] on Telegram, or a code sent as text (Zalo, local chat): links the account.
import { z } from "zod";
import { defineFlow, end, say } from "../flow.ts";
import type { FlowContext } from "../types.ts";
import { inviteCodeIn, looksLikeInviteCode } from "../../domain/invite-code.ts";
import { linkWithCode } from "../../usecases/link-account.ts";
import { isCommitteeRole, isSecretaryRole } from "../../domain/roles.ts";
import { helpText, linkMsg } from "../../messages/linking.ts";
import { msg } from "../../messages/common.ts";
import { leadingRegistrationYear } from "../../domain/registration-rules.ts";

/** The year the help names for /dangky: the one /dangky registers for first (same zone as /dangky). */
const helpYear = (ctx: FlowContext): number => leadingRegistrationYear(ctx.now, ctx.zone);

async function link(ctx: FlowContext, attempt: string) {
  const { event } = ctx;
  // Ordinary chatter from someone unlinked is not a wrong code: explain instead of counting it.
  // Anything shaped like a code, valid or not, gets the same answer and counts the same.
  const code = inviteCodeIn(attempt);
  if (!code && !looksLikeInviteCode(attempt)) return end(say(msg.notLinked()));

  const result = await linkWithCode(ctx, {
    code,
    platform: event.platform,
    userId: event.userId,
    chatId: event.chatId,
    ...(event.displayName ? { displayName: event.displayName } : {}),
  });
  if (result.kind === "refused") return end(say(result.reason));
  const { member } = result;
  return end(
    say(linkMsg.linked({ fullName: member.fullName, unitName: member.unitName, platform: event.platform })),
    say(helpText({ fullName: member.fullName, isCommittee: isCommitteeRole(member.role), isSecretary: isSecretaryRole(member.role), year: helpYear(ctx) })),
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
      if (!actor) return end(say(msg.notLinked()));
      return end(say(helpText({ fullName: actor.member.fullName, isCommittee: actor.isCommittee, isSecretary: actor.isSecretary, year: helpYear(ctx) })));
    }
    if (actor) return end(say(linkMsg.alreadyLinked(actor.member.fullName)));
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
    return end(say(helpText({ fullName: a.member.fullName, isCommittee: a.isCommittee, isSecretary: a.isSecretary, year: helpYear(ctx) })));
  },
  steps: {},
});
