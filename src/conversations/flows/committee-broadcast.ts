// /thongbao <nội dung>: the secretary (or deputy) sends a notice to every member of the cell. A
// preview with Gửi / Hủy first, saying how many the bot can reach and naming those it cannot (never
// "gửi tới N đồng chí" for members it cannot reach); then the broadcast use case writes one Delivery
// per member, and the reply names those it cannot reach. When every delivery is final, the planner
// sends the author a summary.
import { z } from "zod";
import { defineFlow, type MemberContext, type Outcome } from "../flow.ts";
import type { Input } from "../types.ts";
import { BROADCAST_CHOICES, MAX_BROADCAST_LENGTH, committeeMsg } from "../../messages/committee.ts";
import { broadcast, previewBroadcast } from "../../usecases/broadcast.ts";
import { actorOf, reachLines, readText, reply, useCaseDeps } from "./committee-common.ts";

const noticeData = z.object({ text: z.string() });
type Notice = z.infer<typeof noticeData>;
type Result = Outcome<"text" | "confirm", Notice>;

const askText = (): Result => reply(committeeMsg.askBroadcastText(), { step: "text", data: { text: "" } });

async function preview(ctx: MemberContext, raw: string): Promise<Result> {
  const text = readText(raw, MAX_BROADCAST_LENGTH);
  if (!text.ok) return text.reason === "too-long" ? reply(committeeMsg.textTooLong(MAX_BROADCAST_LENGTH), { step: "text", data: { text: "" } }) : askText();
  const { unitId, unitName } = actorOf(ctx);
  const p = await previewBroadcast(useCaseDeps(ctx).notifier, unitId);
  // Exempt members without an account are not counted missing, so they are not named either.
  const missing = p.unreachable.flatMap((m) => (m.unreachable && m.status !== "EXEMPT" ? [{ fullName: m.fullName, reason: m.unreachable }] : []));
  const shown = committeeMsg.broadcastPreview({ text: text.text, unitName, counts: p, missing });
  return { replies: [{ kind: "choices", text: shown, choices: BROADCAST_CHOICES }], next: { step: "confirm", data: { text: text.text } } };
}

async function confirm(ctx: MemberContext, data: Readonly<Notice>, input: Input): Promise<Result> {
  if (input.choice === "cancel") return reply(committeeMsg.broadcastCancelled());
  if (input.choice !== "send") return reply(committeeMsg.pickSend(), { step: "confirm", data });
  if (!data.text) return askText();
  const { memberId: authorId, unitId } = actorOf(ctx);
  try {
    const result = await broadcast(useCaseDeps(ctx), { unitId, authorId, text: data.text, via: "chat" });
    if (result.kind === "refused") return askText();
    return reply(committeeMsg.broadcastSent(reachLines(result.report)));
  } catch (error) {
    ctx.log.error({ err: error, unitId }, "broadcast failed");
    return reply(committeeMsg.broadcastFailed(), { step: "confirm", data });
  }
}

export const broadcastFlow = defineFlow({
  name: "broadcast",
  access: "secretary",
  version: 1,
  data: noticeData,
  start: (ctx, args) => (args.trim() ? preview(ctx, args) : Promise.resolve(askText())),
  steps: {
    text: (ctx, _data, input) => preview(ctx, input.text),
    confirm,
  },
});
