// /baocao: the chi ủy's cell digest right now (who has not registered or assessed, who is behind,
// vague items, exemplar suggestions, who cannot be reached), through the view-digest use case (which
// writes the audit row). Only the actor's own cell. One reply, no conversation: the data schema is
// empty and there are no steps.
import { z } from "zod";
import { defineFlow } from "../flow.ts";
import { viewCellDigest } from "../../usecases/view-cell-digest.ts";
import { actorOf, reply } from "./committee-common.ts";

/** Longest single message: Zalo takes 2000 characters, Telegram 4096 (the adapter splits anyway). */
const LIMITS = { ZALO: 2000, TELEGRAM: 4096, LOCAL: 4096 } as const;

export const digestFlow = defineFlow({
  name: "digest",
  access: "committee",
  version: 1,
  data: z.object({}),
  async start(ctx) {
    const { memberId: actorId, unitId } = actorOf(ctx);
    const { platform } = ctx.event;
    const dashboardUrl = ctx.services.dashboardUrl;
    const result = await viewCellDigest(ctx, { unitId, actorId, platform, limit: LIMITS[platform], ...(dashboardUrl ? { dashboardUrl } : {}) });
    return reply(result.kind === "done" ? result.text : result.reason);
  },
  steps: {},
});
