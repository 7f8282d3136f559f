// /thongbao <nội dung>: the secretary (or deputy) sends a notice to every member of the cell. A
// preview with Gửi / Hủy first, saying how many the bot can reach and naming those it cannot (never
// "gửi tới N đồng chí" for members it cannot reach); then the broadcast use case writes one Delivery
// per member, and the reply counts those it reached and those it skipped, by the preview's rule,
// without naming them again (the names were shown where they matter: before sending). The sender is not a
// recipient. If the cell changed since the preview, the new preview is shown instead of sending; if
// nobody can be reached, nothing is sent and the reply says why. When every delivery is final, the
// planner sends the author a summary.
import { z } from "zod";
import { defineFlow, type MemberContext, type Outcome } from "../flow.ts";
import type { Input } from "../types.ts";
import { BROADCAST_CHOICES, MAX_BROADCAST_LENGTH, committeeMsg } from "../../messages/committee.ts";
import { broadcast, previewBroadcast, type BroadcastPreview } from "../../usecases/broadcast.ts";
import { deliveryMsg } from "../../messages/delivery.ts";
import { actorOf, readText, reply, useCaseDeps } from "./committee-common.ts";

// v2: the preview's stamp of the recipients, checked at send.
const noticeData = z.object({ text: z.string(), stamp: z.string().optional() });
type Notice = z.infer<typeof noticeData>;
type Result = Outcome<"text" | "confirm", Notice>;

const askText = (): Result => reply(committeeMsg.askBroadcastText(), { step: "text", data: { text: "" } });

function showPreview(text: string, unitName: string, p: BroadcastPreview, lead?: string): Result {
  const shown = committeeMsg.broadcastPreview({ text, unitName, counts: p, missing: p.missing });
  return {
    replies: [{ kind: "choices", text: lead ? `${lead}\n\n${shown}` : shown, choices: BROADCAST_CHOICES }],
    next: { step: "confirm", data: { text, stamp: p.stamp } },
  };
}

async function preview(ctx: MemberContext, raw: string): Promise<Result> {
  const text = readText(raw, MAX_BROADCAST_LENGTH);
  if (!text.ok) return text.reason === "too-long" ? reply(committeeMsg.textTooLong(MAX_BROADCAST_LENGTH), { step: "text", data: { text: "" } }) : askText();
  const { memberId, unitId, unitName } = actorOf(ctx);
  return showPreview(text.text, unitName, await previewBroadcast(useCaseDeps(ctx).notifier, unitId, memberId));
}

async function confirm(ctx: MemberContext, data: Readonly<Notice>, input: Input): Promise<Result> {
  if (input.choice === "cancel") return reply(committeeMsg.broadcastCancelled());
  if (input.choice !== "send") return reply(committeeMsg.pickSend(), { step: "confirm", data });
  if (!data.text) return askText();
  const { memberId: authorId, unitId, unitName } = actorOf(ctx);
  try {
    const result = await broadcast(useCaseDeps(ctx), { unitId, authorId, text: data.text, via: "chat", ...(data.stamp ? { expected: data.stamp } : {}) });
    if (result.kind === "done") {
      // The preview named those out of reach; after the send, only how many got it and how many not.
      const reach = deliveryMsg.manyCounted({ ...result.report, reachable: result.report.reachable.length, unreachable: result.missing });
      return reply(committeeMsg.broadcastSent([reach, ...deliveryMsg.exemptLeftOut(result.exemptNotLinked)].join("\n")));
    }
    // Who receives it changed since the preview: the new preview, to confirm again (nothing sent).
    if (result.code === "audience-changed") return showPreview(data.text, unitName, result.preview, result.reason);
    if (result.code === "nobody-reachable") return reply(committeeMsg.broadcastNobody(result.reason));
    return askText();
  } catch (error) {
    ctx.log.error({ err: error, unitId }, "broadcast failed");
    return reply(committeeMsg.broadcastFailed(), { step: "confirm", data });
  }
}

export const broadcastFlow = defineFlow({
  name: "broadcast",
  access: "secretary",
  version: 2,
  data: noticeData,
  // Stopped at the preview: the notice was not sent (the sender may have thought Gửi was implied).
  stop: (_ctx, data) => Promise.resolve(data.text ? committeeMsg.broadcastNotSent() : null),
  start: (ctx, args) => (args.trim() ? preview(ctx, args) : Promise.resolve(askText())),
  steps: {
    text: (ctx, _data, input) => preview(ctx, input.text),
    confirm,
  },
});
