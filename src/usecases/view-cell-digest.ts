// The chi ủy reads its cell's digest now (/baocao): the text, sized for the platform, and the audit
// row, since reading the cell's personal data is a chi ủy action too.
import { audit } from "../db/audit.ts";
import { loadCellDigest } from "../db/digest-loader.ts";
import { renderCellDigest } from "../messages/digest.ts";
import { committeeMsg } from "../messages/committee.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export type ViewDigestResult = { kind: "done"; text: string } | Refused<"unavailable">;

export async function viewCellDigest(
  deps: Pick<UseCaseDeps, "db" | "now">,
  input: { unitId: string; actorId: string; platform: string; limit: number; dashboardUrl?: string },
): Promise<ViewDigestResult> {
  const digest = await loadCellDigest(deps.db, input.unitId, deps.now);
  if (!digest) return refused("unavailable", committeeMsg.digestUnavailable());
  const text = renderCellDigest(digest, { limit: input.limit, ...(input.dashboardUrl ? { dashboardUrl: input.dashboardUrl } : {}) });
  await audit(deps.db, {
    actorId: input.actorId,
    unitId: input.unitId,
    action: "digest.viewed",
    targetType: "Unit",
    targetId: input.unitId,
    detail: { platform: input.platform },
  });
  return { kind: "done", text };
}
