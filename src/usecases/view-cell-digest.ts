// The chi ủy reads its cell's digest now (/baocao): the text, sized for the platform, and the audit
// row, since reading the cell's personal data is a chi ủy action too.
import { audit } from "../db/audit.ts";
import { loadCellDigestText } from "../db/digest-loader.ts";
import { committeeMsg } from "../messages/committee.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

export type ViewDigestResult = { kind: "done"; text: string } | Refused<"unavailable">;

export async function viewCellDigest(
  deps: Pick<UseCaseDeps, "db" | "now">,
  input: { unitId: string; actorId: string; platform: string; limit: number; dashboardUrl?: string },
): Promise<ViewDigestResult> {
  const text = await loadCellDigestText(deps.db, input.unitId, deps.now, {
    limit: input.limit,
    ...(input.dashboardUrl ? { dashboardUrl: input.dashboardUrl } : {}),
  });
  if (!text) return refused("unavailable", committeeMsg.digestUnavailable());
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
