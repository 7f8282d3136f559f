// /moi <name>: the secretary creates a one-time invite code for a member of the cell.
// /kenh: a member linked on both Telegram and Zalo picks where proactive messages go.
import { z } from "zod";
import { defineFlow, end, say, type MemberContext, type Outcome } from "../flow.ts";
import { cellMembersByName } from "../../db/reach.ts";
import { linkMsg, telegramDeepLink } from "../../messages/linking.ts";
import { inviteMember } from "../../usecases/invite-member.ts";
import { linkedPlatforms } from "../../db/identities.ts";
import { setPreferredPlatform } from "../../db/members.ts";
import { allSameName } from "../../domain/name-search.ts";
import { MESSENGER_PLATFORMS } from "../../domain/vocabulary.ts";
import { memberChoices, pickedId } from "../choices.ts";

const inviteData = z.object({ ids: z.array(z.string()).default([]) });
type InviteData = z.infer<typeof inviteData>;
type InviteStep = "name" | "pick";

async function issue(ctx: MemberContext, memberId: string): Promise<Outcome<InviteStep, InviteData>> {
  const actor = ctx.actor;
  const result = await inviteMember({ db: ctx.db, now: ctx.now }, { unitId: actor.member.unitId, actorId: actor.member.id, memberId, via: "chat" });
  if (result.kind === "refused") return { replies: [say(linkMsg.noSuchMember(""))], next: { step: "name", data: { ids: [] } } };
  const { code, expiresAt, member } = result;
  const bot = await ctx.services.telegramBotUsername?.();
  return end(
    say(linkMsg.inviteCreated({ fullName: member.fullName, code, expiresAt, zone: ctx.zone, ...(bot ? { telegramLink: telegramDeepLink(bot, code) } : {}) })),
  );
}

async function byName(ctx: MemberContext, typed: string): Promise<Outcome<InviteStep, InviteData>> {
  const name = typed.trim();
  // Only this cell's members: a secretary cannot invite into another cell.
  const found = await cellMembersByName(ctx.db, ctx.actor.member.unitId, name);
  const [first, ...others] = found;
  if (!first) return { replies: [say(linkMsg.noSuchMember(name))], next: { step: "name", data: { ids: [] } } };
  if (others.length === 0) return issue(ctx, first.id);
  return {
    replies: [
      {
        kind: "choices",
        text: linkMsg.pickMember(allSameName(found.map((m) => m.fullName))),
        choices: memberChoices(found),
      },
    ],
    next: { step: "pick", data: { ids: found.map((m) => m.id) } },
  };
}

export const inviteFlow = defineFlow({
  name: "invite",
  access: "secretary",
  version: 1,
  data: inviteData,
  async start(ctx, args) {
    if (!args.trim()) return { replies: [say(linkMsg.whoToInvite())], next: { step: "name", data: { ids: [] } } };
    return byName(ctx, args);
  },
  steps: {
    name: (ctx, _data, input) => byName(ctx, input.text),
    async pick(ctx, data, input) {
      const id = pickedId(data.ids, input.choice);
      if (!id) return { replies: [say(linkMsg.pickAgain())], next: { step: "pick", data } };
      return issue(ctx, id);
    },
  },
});

const platformChoice = z.enum(MESSENGER_PLATFORMS);

export const channelFlow = defineFlow({
  name: "channel",
  access: "member",
  version: 1,
  data: z.object({}),
  async start(ctx) {
    const platforms = await linkedPlatforms(ctx.db, ctx.actor.member.id);
    if (platforms.length < 2) return end(say(linkMsg.channelOnlyOne(platforms[0] ?? ctx.event.platform)));
    return {
      replies: [{ kind: "choices", text: linkMsg.channelAsk(), choices: platforms.map((p) => ({ value: p, label: p === "TELEGRAM" ? "Telegram" : "Zalo" })) }],
      next: { step: "pick", data: {} },
    };
  },
  steps: {
    async pick(ctx, data, input) {
      const platform = platformChoice.safeParse(input.choice);
      if (!platform.success) return { replies: [say(linkMsg.channelAsk())], next: { step: "pick", data } };
      await setPreferredPlatform(ctx.db, ctx.actor.member.id, platform.data);
      return end(say(linkMsg.channelSet(platform.data)));
    },
  },
});
