// A chi ủy member asks the bot, in a private chat, for a one-time link that logs the browser it is
// opened in into the dashboard. The chat identity proves who asks, so this path has its own cap
// per member that no anonymous visitor of the login page can spend: however many codes strangers
// ask for in the member's name, the member can still get in this way.
import { createLoginLink, LOGIN_LINK_TTL_MS, LOGIN_LINKS_PER_HOUR, recentLoginLinks } from "../db/login-links.ts";
import { loadScope } from "../db/dashboard-data.ts";
import { audit } from "../db/audit.ts";
import { dashboardMsg } from "../messages/dashboard.ts";
import { refused, type Refused, type UseCaseDeps } from "./types.ts";

/** Where the link lands: the dashboard's page that asks for one press before logging in. */
export const LOGIN_LINK_PATH = "/dashboard/login/link";

export type LoginLinkResult =
  { kind: "done"; url: string; expiresAt: Date; minutes: number; fullName: string } | Refused<"not-allowed" | "too-many" | "no-dashboard">;

export async function requestLoginLink(
  deps: Pick<UseCaseDeps, "db" | "now">,
  input: { memberId: string; dashboardUrl: string | undefined; via: "chat" },
): Promise<LoginLinkResult> {
  const { db, now } = deps;
  // The same test as every dashboard request: chi ủy of a cell, or supervisor of units.
  const scope = await loadScope(db, input.memberId);
  if (!scope) return refused("not-allowed", dashboardMsg.linkNotAllowed());
  if (!input.dashboardUrl) return refused("no-dashboard", dashboardMsg.linkNoDashboard());
  const recent = await recentLoginLinks(db, input.memberId, now);
  if (recent.length >= LOGIN_LINKS_PER_HOUR) {
    const oldest = recent[recent.length - 1]!;
    const minutes = Math.max(1, Math.ceil((oldest.getTime() + 60 * 60_000 - now.getTime()) / 60_000));
    return refused("too-many", dashboardMsg.linkTooMany(minutes));
  }
  const { token, expiresAt } = await createLoginLink(db, input.memberId, now);
  await audit(db, {
    actorId: input.memberId,
    unitId: scope.cells[0]?.id ?? scope.committees[0]?.id ?? null,
    action: "dashboard.login-link",
    targetType: "Member",
    targetId: input.memberId,
    detail: { via: input.via },
  });
  // dashboardUrl ends with the dashboard's own path (PUBLIC_URL + /dashboard), as in the digest's link.
  const url = `${input.dashboardUrl.replace(/\/$/, "")}${LOGIN_LINK_PATH.replace(/^\/dashboard/, "")}?t=${token}`;
  return { kind: "done", url, expiresAt, minutes: LOGIN_LINK_TTL_MS / 60_000, fullName: scope.member.fullName };
}
