// /thongbao <nội dung>: the secretary (or deputy) sends a notice to every member of the cell. A
// preview with Gửi / Hủy first, saying how many the bot can reach; then the broadcast use case
// writes one Delivery per member, and the reply names those it cannot reach. When every delivery
// is final, the planner sends the author a summary.
import type { Flow, FlowContext, FlowResult } from "../types.ts";
import { BROADCAST_CHOICES, MAX_BROADCAST_LENGTH, committeeMsg } from "../../messages/committee.ts";
import { deliveryMsg } from "../../messages/delivery.ts";
import { broadcast, previewBroadcast } from "../../usecases/broadcast.ts";
import { actorOf, reachLines, readText, reply, useCaseDeps } from "./committee-common.ts";

async function preview(ctx: FlowContext, raw: string): Promise<FlowResult> {
  const text = readText(raw, MAX_BROADCAST_LENGTH);
  if (!text.ok) {
    return reply(text.reason === "too-long" ? committeeMsg.textTooLong(MAX_BROADCAST_LENGTH) : committeeMsg.askBroadcastText(), { step: "text", data: {} });
  }
  const { unitId, unitName } = actorOf(ctx);
  const p = await previewBroadcast(useCaseDeps(ctx).notifier, unitId);
  return {
    replies: [{ kind: "choices", text: committeeMsg.broadcastPreview({ text: text.text, recipients: p.recipients, unitName, reach: deliveryMsg.preview(p) }), choices: BROADCAST_CHOICES }],
    next: { step: "confirm", data: { text: text.text } },
  };
}

export const broadcastFlow: Flow = {
  name: "broadcast",
  access: "secretary",
  async start(ctx, args) {
    if (!args.trim()) return reply(committeeMsg.askBroadcastText(), { step: "text", data: {} });
    return preview(ctx, args);
  },
  async step(ctx, state, input) {
    if (state.step === "text") return preview(ctx, input.text);
    // step "confirm"
    if (input.choice === "cancel") return reply(committeeMsg.broadcastCancelled());
    if (input.choice !== "send") return reply(committeeMsg.pickSend(), state);
    const text = typeof state.data.text === "string" ? state.data.text : "";
    if (!text) return reply(committeeMsg.askBroadcastText(), { step: "text", data: {} });
    const { memberId: authorId, unitId } = actorOf(ctx);
    let result: Awaited<ReturnType<typeof broadcast>>;
    try {
      result = await broadcast(useCaseDeps(ctx), { unitId, authorId, text, via: "chat" });
    } catch (error) {
      ctx.log.error({ err: error, unitId }, "broadcast failed");
      return reply(committeeMsg.broadcastFailed(), state);
    }
    if (result.kind === "refused") return reply(committeeMsg.askBroadcastText(), { step: "text", data: {} });
    return reply(committeeMsg.broadcastSent(reachLines(result.report)));
  },
};
