// /moi <name>: the secretary creates a one-time invite code for a member of the cell.
import type { Flow, FlowContext, FlowResult } from "../types.ts";
import { cellMembersByName } from "../../db/reach.ts";
import { linkMsg, telegramDeepLink } from "../../messages/linking.ts";
import { inviteMember } from "../../usecases/invite-member.ts";
import { linkedPlatforms } from "../../db/identities.ts";
import { setPreferredPlatform } from "../../db/members.ts";

async function issue(ctx: FlowContext, memberId: string): Promise<FlowResult> {
  const actor = ctx.actor!;
  const result = await inviteMember({ db: ctx.db, now: ctx.now }, { unitId: actor.member.unitId, actorId: actor.member.id, memberId, via: "chat" });
  if (result.kind === "refused") return { replies: [{ kind: "text", text: linkMsg.noSuchMember("") }], next: { step: "name", data: {} } };
  const { code, expiresAt, member } = result;
  const bot = await ctx.services.telegramBotUsername?.();
  return {
    replies: [
      {
        kind: "text",
        text: linkMsg.inviteCreated({ fullName: member.fullName, code, expiresAt, zone: ctx.zone, ...(bot ? { telegramLink: telegramDeepLink(bot, code) } : {}) }),
      },
    ],
  };
}

export const inviteFlow: Flow = {
  name: "invite",
  access: "secretary",
  async start(ctx, args) {
    if (!args.trim()) return { replies: [{ kind: "text", text: linkMsg.whoToInvite() }], next: { step: "name", data: {} } };
    return this.step!(ctx, { step: "name", data: {} }, { text: args, event: ctx.event });
  },
  async step(ctx, state, input) {
    const actor = ctx.actor!;
    if (state.step === "pick") {
      const ids = state.data.ids as string[];
      const id = input.choice !== undefined ? ids[Number(input.choice)] : undefined;
      if (!id) return { replies: [{ kind: "text", text: linkMsg.pickMember() }], next: state };
      return issue(ctx, id);
    }
    const name = input.text.trim();
    // Only this cell's members: a secretary cannot invite into another cell.
    const found = await cellMembersByName(ctx.db, actor.member.unitId, name);
    if (found.length === 0) return { replies: [{ kind: "text", text: linkMsg.noSuchMember(name) }], next: state };
    if (found.length === 1) return issue(ctx, found[0]!.id);
    return {
      replies: [{ kind: "choices", text: linkMsg.pickMember(), choices: found.map((m, i) => ({ value: String(i), label: `${m.fullName}${m.position ? ` (${m.position})` : ""}` })) }],
      next: { step: "pick", data: { ids: found.map((m) => m.id) } },
    };
  },
};

export const channelFlow: Flow = {
  name: "channel",
  access: "member",
  async start(ctx) {
    const member = ctx.actor!.member;
    const platforms = await linkedPlatforms(ctx.db, member.id);
    if (platforms.length < 2) return { replies: [{ kind: "text", text: linkMsg.channelOnlyOne(platforms[0] ?? ctx.event.platform) }] };
    return {
      replies: [{ kind: "choices", text: linkMsg.channelAsk(), choices: platforms.map((p) => ({ value: p, label: p === "TELEGRAM" ? "Telegram" : "Zalo" })) }],
      next: { step: "pick", data: {} },
    };
  },
  async step(ctx, state, input) {
    const platform = input.choice as "TELEGRAM" | "ZALO" | undefined;
    if (!platform) return { replies: [{ kind: "text", text: linkMsg.channelAsk() }], next: state };
    await setPreferredPlatform(ctx.db, ctx.actor!.member.id, platform);
    return { replies: [{ kind: "text", text: linkMsg.channelSet(platform) }] };
  },
};
