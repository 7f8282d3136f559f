// The monthly reminder's "Tất cả đúng tiến độ" (a button on Telegram, a number on Zalo): one answer,
// no step stored. The engine routes the choice here with its month, open conversation or not
// (standingChoice in commands.ts); the decision is assessOnTrack's.
import { z } from "zod";
import { defineFlow } from "../flow.ts";
import { assessOnTrack } from "../../usecases/assess-on-track.ts";
import { assessMsg } from "../../messages/assessment.ts";

export const onTrackFlow = defineFlow({
  name: "ontrack",
  access: "member",
  version: 1,
  data: z.object({}),
  steps: {},
  async start(ctx, period) {
    const { member } = ctx.actor;
    const result = await assessOnTrack(
      { db: ctx.db, now: ctx.now },
      { actor: { memberId: member.id, unitId: member.unitId, role: member.role }, period, zone: ctx.zone },
    );
    const text =
      result.kind === "refused"
        ? result.reason
        : result.recorded
          ? assessMsg.tapSaved({ label: result.label, count: result.count, deadline: result.deadline, zone: result.zone })
          : assessMsg.tapAlready(result.label);
    return { replies: [{ kind: "text", text }] };
  },
});
