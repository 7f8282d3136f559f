// /baocao: the chi ủy's cell digest right now (who has not registered or assessed, who is behind,
// vague items, exemplar suggestions, who cannot be reached). Only the actor's own cell. One reply,
// no conversation: the data schema is empty and there are no steps.
import { z } from "zod";
import { defineFlow } from "../flow.ts";
import { loadCellDigestText } from "../../db/digest-loader.ts";
import { audit } from "../../db/audit.ts";
import { committeeMsg } from "../../messages/committee.ts";
import { actorOf, reply } from "./committee-common.ts";

/** Longest single message: Zalo takes 2000 characters, Telegram 4096 (the adapter splits anyway). */
const LIMITS = { ZALO: 2000, TELEGRAM: 4096, LOCAL: 4096 } as const;

export const digestFlow = defineFlow({
  name: "digest",
  access: "committee",
  version: 1,
  data: z.object({}),
  async start(ctx) {
    const { memberId, unitId } = actorOf(ctx);
    const dashboardUrl = ctx.services.dashboardUrl;
    const text = await loadCellDigestText(ctx.db, unitId, ctx.now, { limit: LIMITS[ctx.event.platform], ...(dashboardUrl ? { dashboardUrl } : {}) });
    if (!text) return reply(committeeMsg.digestUnavailable());
    // Reading the cell's personal data is a chi ủy action too.
    await audit(ctx.db, { actorId: memberId, unitId, action: "digest.viewed", targetType: "Unit", targetId: unitId, detail: { platform: ctx.event.platform } });
    return reply(text);
  },
  steps: {},
});
