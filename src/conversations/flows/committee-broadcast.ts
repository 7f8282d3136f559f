// /thongbao <nội dung>: the secretary (or deputy) sends a notice to every member of the cell. A
// preview with Gửi / Hủy first; the notice then goes out through the delivery queue
// (EngineServices.broadcast), one Delivery per member.
import type { Flow, FlowContext, FlowResult } from "../types.ts";
import { activeRecipients } from "../../db/broadcasts.ts";
import { audit } from "../../db/audit.ts";
import { BROADCAST_CHOICES, MAX_BROADCAST_LENGTH, committeeMsg } from "../../messages/committee.ts";
import { actorOf, readText, reply } from "./committee-common.ts";

async function preview(ctx: FlowContext, raw: string): Promise<FlowResult> {
  const text = readText(raw, MAX_BROADCAST_LENGTH);
  if (!text.ok) {
    return reply(text.reason === "too-long" ? committeeMsg.textTooLong(MAX_BROADCAST_LENGTH) : committeeMsg.askBroadcastText(), { step: "text", data: {} });
  }
  const { unitId, unitName } = actorOf(ctx);
  const recipients = (await activeRecipients(ctx.db, unitId)).length;
  return {
    replies: [{ kind: "choices", text: committeeMsg.broadcastPreview({ text: text.text, recipients, unitName }), choices: BROADCAST_CHOICES }],
    next: { step: "confirm", data: { text: text.text } },
  };
}

export const broadcastFlow: Flow = {
  name: "broadcast",
  access: "secretary",
  async start(ctx, args) {
    if (!ctx.services.broadcast) return reply(committeeMsg.broadcastUnavailable());
    if (!args.trim()) return reply(committeeMsg.askBroadcastText(), { step: "text", data: {} });
    return preview(ctx, args);
  },
  async step(ctx, state, input) {
    if (state.step === "text") return preview(ctx, input.text);
    // step "confirm"
    if (input.choice === "cancel") return reply(committeeMsg.broadcastCancelled());
    if (input.choice !== "send") return reply(committeeMsg.pickSend(), state);
    const send = ctx.services.broadcast;
    if (!send) return reply(committeeMsg.broadcastUnavailable());
    const text = typeof state.data.text === "string" ? state.data.text : "";
    if (!text) return reply(committeeMsg.askBroadcastText(), { step: "text", data: {} });
    const { memberId: authorId, unitId } = actorOf(ctx);
    let count: number;
    try {
      count = await send({ unitId, authorId, text });
    } catch (error) {
      ctx.log.error({ err: error, unitId }, "broadcast failed");
      return reply(committeeMsg.broadcastFailed(), state);
    }
    const broadcast = await ctx.db.broadcast.findFirst({ where: { unitId, authorId, text }, orderBy: { createdAt: "desc" }, select: { id: true } });
    await audit(ctx.db, {
      actorId: authorId,
      unitId,
      action: "broadcast.sent",
      targetType: "Broadcast",
      ...(broadcast ? { targetId: broadcast.id } : {}),
      detail: { recipients: count, length: text.length },
    });
    return reply(committeeMsg.broadcastSent(count));
  },
};
